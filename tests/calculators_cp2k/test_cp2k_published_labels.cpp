// CP2K against the published VASP labels (issue 22's main check): dev structure 128 (100 atoms,
// Fe16Na8O60P16) labelled with the cp2k defaults without DFT+U (PBE, 600 Ry, Γ, Fermi smearing
// 580 K) but EPS_SCF 2e-4: at 1e-6 the Broyden SCF of this cell stalls near 1.3e-4 after 47
// steps. Forces compared with `dft_forces`: RMS difference, slope and correlation, and the Fe
// forces on their own. About 30 min on 2 cores: label `long` (IONGLASS_LONG_TESTS=1). The
// tolerances are set from the measured run (docs/calculators.md, "CP2K against the published
// labels": RMS 0.807 eV/Å, correlation 0.976, slope 0.952, Fe 0.970 eV/Å).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "ionglass/calculators/cp2k_calculator.hpp"
#include "ionglass/core/child_process.hpp"
#include "ionglass/io/structure_io.hpp"
#include "scratch_folder.hpp"
#include "test_paths.hpp"

using namespace ionglass;
using namespace ionglass::calculators;

namespace {

struct ForceComparison {
  double rms_difference = 0, reference_rms = 0, slope = 0, correlation = 0;
};

// Over the force components of the atoms `selected` (all when empty): slope of the least-squares
// line through the origin of `computed` against `reference`, and Pearson's correlation.
ForceComparison compare(const std::vector<Vec3>& computed, const std::vector<double>& reference,
                        const std::vector<bool>& selected) {
  double sxx = 0, sxy = 0, syy = 0, sx = 0, sy = 0, sdd = 0;
  long long n = 0;
  for (std::size_t i = 0; i < computed.size(); ++i) {
    if (!selected.empty() && !selected[i]) continue;
    for (int k = 0; k < 3; ++k) {
      const double x = reference[3 * i + k], y = computed[i][k];
      sxx += x * x, sxy += x * y, syy += y * y, sx += x, sy += y, sdd += (y - x) * (y - x);
      ++n;
    }
  }
  ForceComparison c;
  c.rms_difference = std::sqrt(sdd / n);
  c.reference_rms = std::sqrt(sxx / n);
  c.slope = sxy / sxx;
  c.correlation = (n * sxy - sx * sy) / std::sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
  return c;
}

}  // namespace

TEST(Cp2kPublishedLabels, ForcesOfDevStructure128AgreeWithTheVaspLabels) {
  if (find_executable("cp2k").empty()) GTEST_SKIP() << "cp2k is not installed";
  auto reader = open_trajectory(std::string(IONGLASS_TEST_DATA) + "/calculators/cp2k/dft_dev_128.extxyz");
  System structure;
  ASSERT_TRUE(reader->next(structure));
  const std::vector<double> reference = structure.properties.at("dft_forces").values;
  Cp2kSettings settings;
  settings.cores = 2;
  settings.eps_scf = 2e-4;
  const Cp2kCalculator calculator(settings);
  const ExecutionContext two_threads{2, "", false};
  const auto result =
      calculate(calculator, structure, {}, test::scratch_folder("cp2k_published_128").string(), two_threads);
  ASSERT_TRUE(result.ok()) << result.message;
  const ForceComparison all = compare(result.forces_eV_per_A, reference, {});
  std::vector<bool> iron(structure.size());
  for (std::size_t i = 0; i < structure.size(); ++i) iron[i] = std::string(structure.symbol(i)) == "Fe";
  const ForceComparison fe = compare(result.forces_eV_per_A, reference, iron);
  std::cout << "all atoms: RMS difference " << all.rms_difference << " eV/Å (labels " << all.reference_rms
            << "), slope " << all.slope << ", correlation " << all.correlation << "\nFe: RMS difference "
            << fe.rms_difference << " eV/Å (labels " << fe.reference_rms << "), slope " << fe.slope << ", correlation "
            << fe.correlation << "\nwall time " << result.wall_seconds << " s\n";
  EXPECT_LT(all.rms_difference, 0.9);
  EXPECT_GT(all.correlation, 0.97);
  EXPECT_NEAR(all.slope, 1.0, 0.08);
  EXPECT_LT(fe.rms_difference, 1.1);
}
