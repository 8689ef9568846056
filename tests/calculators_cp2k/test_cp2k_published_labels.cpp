// CP2K against the published VASP labels (issue 22's main check): dev structures 128 and 277
// (100 atoms, Fe16Na8O60P16, the same 8.89 Å cube) and 178 (100 atoms, Na20O60P20, no Fe, 8.60 Å
// cube) labelled with the cp2k defaults without DFT+U (PBE, 600 Ry, Γ, Fermi smearing 580 K) but
// EPS_SCF 2e-4: at 1e-6 the Broyden SCF of the Fe cells stalls near 1e-4. Forces compared with
// `dft_forces`: RMS difference, slope and correlation, and the Fe forces on their own; the energy
// difference 277 − 128 of the two cells of one composition is printed beside VASP's. About
// 1.5 h on 2 cores: label `long` (IONGLASS_LONG_TESTS=1). The tolerances are set from the measured runs
// (docs/calculators.md, "CP2K against the published labels").
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>

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

struct PublishedStructure {
  const char* file;
  double max_rms_difference, min_correlation, slope_tolerance, max_iron_rms_difference;  // eV/Å; Fe: 0 = none
};

}  // namespace

TEST(Cp2kPublishedLabels, ForcesOfThreeDevStructuresAgreeWithTheVaspLabels) {
  if (find_executable("cp2k").empty()) GTEST_SKIP() << "cp2k is not installed";
  const PublishedStructure structures[] = {{"dft_dev_128.extxyz", 0.9, 0.97, 0.08, 1.1},
                                           {"dft_dev_277.extxyz", 0.85, 0.96, 0.10, 1.1},
                                           {"dft_dev_178.extxyz", 0.40, 0.99, 0.07, 0}};
  Cp2kSettings settings;
  settings.cores = 2;
  settings.eps_scf = 2e-4;
  const Cp2kCalculator calculator(settings);
  const ExecutionContext two_threads{2, "", false};
  std::map<std::string, double> cp2k_energy, vasp_energy;  // eV
  for (const PublishedStructure& p : structures) {
    SCOPED_TRACE(p.file);
    auto reader = open_trajectory(std::string(IONGLASS_TEST_DATA) + "/calculators/cp2k/" + p.file);
    System structure;
    ASSERT_TRUE(reader->next(structure));
    const std::vector<double> reference = structure.properties.at("dft_forces").values;
    const auto result = calculate(calculator, structure, {},
                                  test::scratch_folder(std::string("cp2k_published_") + p.file).string(), two_threads);
    ASSERT_TRUE(result.ok()) << result.message;
    cp2k_energy[p.file] = result.energy_eV;
    vasp_energy[p.file] = std::get<double>(structure.info.at("dft_energy"));
    const ForceComparison all = compare(result.forces_eV_per_A, reference, {});
    std::cout << p.file << ": all atoms: RMS difference " << all.rms_difference << " eV/Å (labels " << all.reference_rms
              << "), slope " << all.slope << ", correlation " << all.correlation << ", wall time "
              << result.wall_seconds << " s\n";
    EXPECT_LT(all.rms_difference, p.max_rms_difference);
    EXPECT_GT(all.correlation, p.min_correlation);
    EXPECT_NEAR(all.slope, 1.0, p.slope_tolerance);
    if (p.max_iron_rms_difference > 0) {
      std::vector<bool> iron(structure.size());
      for (std::size_t i = 0; i < structure.size(); ++i) iron[i] = std::string(structure.symbol(i)) == "Fe";
      const ForceComparison fe = compare(result.forces_eV_per_A, reference, iron);
      std::cout << "  Fe: RMS difference " << fe.rms_difference << " eV/Å (labels " << fe.reference_rms << ")\n";
      EXPECT_LT(fe.rms_difference, p.max_iron_rms_difference);
    }
  }
  // Same composition and cell: the energy difference is comparable (the absolute energies are not,
  // GTH valence against PAW). Printed, not checked: no measured CP2K value for 128 to set a tolerance.
  std::cout << "E(277) - E(128): CP2K " << cp2k_energy["dft_dev_277.extxyz"] - cp2k_energy["dft_dev_128.extxyz"]
            << " eV, VASP " << vasp_energy["dft_dev_277.extxyz"] - vasp_energy["dft_dev_128.extxyz"] << " eV\n";
}
