// PPPM against the Ewald reference on the Teter glass, and LAMMPS' parameter choice.
#include <gtest/gtest.h>

#include <cmath>

#include "ionglass/io/structure_io.hpp"
#include "ionglass/potential/classical_potential_file.hpp"
#include "ionglass/potential/pppm.hpp"
#include "test_paths.hpp"

namespace ionglass {
namespace {

std::string coulomb_only(const std::string& coulomb) {
  return "charges: {Na: 0.6, Fe: 1.2, P: 3.0, O: -1.2}\nshort_range: {pairs: [{pair: ['*', '*'], model: none}]}\n" + coulomb;
}

TEST(PppmAccuracy, MatchesEwaldOnTeterGlass) {
  const System s = read_structure(test::glass("Teter", 1));
  auto ewald = parse_classical_potential(coulomb_only("coulomb: {method: ewald, cutoff: 10.0, accuracy: 1.0e-10}\n"), "ewald");
  auto pppm = parse_classical_potential(coulomb_only("coulomb: {method: pppm, cutoff: 10.0, accuracy: 1.0e-5}\n"), "pppm");
  const PotentialResult e = evaluate(*ewald, s), p = evaluate(*pppm, s);
  // LAMMPS 29 Aug 2024 (kspace_style pppm 1.0e-5, same file and cutoff): G vector 0.33440384,
  // grid 45 45 45, order 5.
  const auto* solver = dynamic_cast<const Pppm*>(pppm->reciprocal_solver());
  ASSERT_NE(solver, nullptr);
  EXPECT_NEAR(solver->alpha(), 0.33440384, 1e-7);
  EXPECT_EQ(solver->mesh()[0], 45);
  EXPECT_EQ(solver->mesh()[1], 45);
  EXPECT_EQ(solver->mesh()[2], 45);
  double sum = 0;
  for (std::size_t i = 0; i < s.size(); ++i) sum += (p.forces[i] - e.forces[i]).squaredNorm();
  const double rms = std::sqrt(sum / s.size());
  std::cout << "PPPM 1e-5 vs Ewald 1e-10: RMS force error " << rms << " eV/Å (per component "
            << rms / std::sqrt(3.0) << "), energy difference " << p.energy - e.energy << " eV\n";
  EXPECT_LE(rms, 1.5e-4);
  EXPECT_NEAR(p.energy, e.energy, 0.05);
  EXPECT_NEAR(p.virial.trace(), e.virial.trace(), 0.5);
}

TEST(PppmAccuracy, TabulatedRealSpaceAgreesWithAnalytic) {
  const System s = read_structure(test::glass("Teter", 1));
  const std::string base = test::source_dir() + "/potentials/teter.yaml";
  auto tabulated = load_classical_potential(base);
  auto analytic = load_classical_potential(base);
  analytic->set_tabulation(false);
  const PotentialResult a = evaluate(*analytic, s), t = evaluate(*tabulated, s);
  EXPECT_NEAR(t.energy, a.energy, 1e-5);
  double worst = 0;
  for (std::size_t i = 0; i < s.size(); ++i) worst = std::max(worst, (t.forces[i] - a.forces[i]).cwiseAbs().maxCoeff());
  EXPECT_LT(worst, 1e-5);  // interpolation error, far below the PPPM error
}

}  // namespace
}  // namespace ionglass
