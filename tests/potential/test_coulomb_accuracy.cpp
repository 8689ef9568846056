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
  return "charges: {Na: 0.6, Fe: 1.2, P: 3.0, O: -1.2}\nshort_range: {pairs: [{pair: ['*', '*'], model: none}]}\n" +
         coulomb;
}

TEST(PppmAccuracy, MatchesEwaldOnTeterGlass) {
  const System s = read_structure(test::glass("Teter", 1));
  auto ewald =
      parse_classical_potential(coulomb_only("coulomb: {method: ewald, cutoff: 10.0, accuracy: 1.0e-10}\n"), "ewald");
  auto pppm =
      parse_classical_potential(coulomb_only("coulomb: {method: pppm, cutoff: 10.0, accuracy: 1.0e-5}\n"), "pppm");
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
  std::cout << "PPPM 1e-5 vs Ewald 1e-10: RMS force error " << rms << " eV/Å (per component " << rms / std::sqrt(3.0)
            << "), energy difference " << p.energy - e.energy << " eV\n";
  EXPECT_LE(rms, 1.5e-4);
  EXPECT_NEAR(p.energy, e.energy, 0.05);
  EXPECT_NEAR(p.virial.trace(), e.virial.trace(), 0.5);
}

TEST(PppmAccuracy, TabulatedRealSpaceAgreesWithAnalytic) {
  // Every variant of the tabulated loop (forces only, with virial, with per-atom energies) against
  // the analytic functions, with the short-range and Coulomb components separately.
  const System s = read_structure(test::glass("Teter", 1));
  const std::string base = test::source_dir() + "/potentials/teter.yaml";
  auto tabulated = load_classical_potential(base);
  auto analytic = load_classical_potential(base);
  analytic->set_tabulation(false);
  const EvaluationRequest everything{true, true, true};
  const PotentialResult a = evaluate(*analytic, s, everything);
  for (const EvaluationRequest request : {EvaluationRequest{true, false, false}, EvaluationRequest{true, true, false},
                                          EvaluationRequest{true, false, true}, everything}) {
    SCOPED_TRACE(::testing::Message() << "virial " << request.virial << ", per-atom energy "
                                      << request.per_atom_energy);
    const PotentialResult t = evaluate(*tabulated, s, request);
    EXPECT_NEAR(t.energy, a.energy, 1e-5);
    EXPECT_NEAR(t.component("short_range"), a.component("short_range"), 1e-5);
    EXPECT_NEAR(t.component("coulomb_real_space"), a.component("coulomb_real_space"), 1e-5);
    double worst = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
      worst = std::max(worst, (t.forces[i] - a.forces[i]).cwiseAbs().maxCoeff());
    EXPECT_LT(worst, 1e-5);  // interpolation error, far below the PPPM error
    if (request.virial) {
      EXPECT_LT((t.virial - a.virial).cwiseAbs().maxCoeff(), 1e-4);
    }
    if (request.per_atom_energy) {
      double worst_atom = 0, sum = 0;
      for (std::size_t i = 0; i < s.size(); ++i) {
        worst_atom = std::max(worst_atom, std::fabs(t.per_atom_energy[i] - a.per_atom_energy[i]));
        sum += t.per_atom_energy[i];
      }
      EXPECT_LT(worst_atom, 1e-6);
      EXPECT_NEAR(sum, t.energy, 1e-6);
    }
  }
}

}  // namespace
}  // namespace ionglass
