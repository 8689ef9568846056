// Forces are −∇E, the virial is −∂E/∂ε, and energies are invariant under translation and rotation,
// for every pair model, the three Coulomb methods and the three-body terms.
#include <Eigen/Geometry>
#include <gtest/gtest.h>

#include <cmath>

#include "ionglass/potential/classical_potential_file.hpp"
#include "small_systems.hpp"

namespace ionglass {
namespace {

const char* pair_block = R"(
charges: {Na: 0.6, Fe: 1.2, P: 3.0, O: -1.2}
short_range:
  cutoff: 5.5
  tabulate: TABULATE
  pairs:
    - {pair: [O, O],  model: teter, A: 2029.2204, rho: 0.343640, C: 192.580, B: 46.462, n: 3.430, D: -0.32605, r0: 1.906}
    - {pair: [Na, O], model: born_mayer_huggins, A: 0.2, rho: 0.3, sigma: 2.4, C: 2.0, D: 1.0}
    - {pair: [P, O],  model: morse, D0: 0.831326, alpha: 2.585833, r0: 1.790790, C0: 1.0, shift: true}
    - {pair: [Fe, O], model: buckingham, A: 11777.0703, rho: 0.207132, C: 21.642}
    - {pair: [P, P],  model: lennard_jones, epsilon: 0.01, sigma: 2.5, cutoff: 5.0}
    - {pair: [Na, Na], model: zbl}
    - {pair: [Fe, Fe], model: tabulated, r: [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], energy: [2.0, 0.8, 0.3, 0.1, 0.02, 0.0]}
    - {pair: [Na, [Fe, P]], model: none}
    - {pair: [Fe, P], model: none}
)";

std::string potential_text(const std::string& coulomb, bool tabulate, const std::string& extra = "") {
  std::string text = pair_block;
  text.replace(text.find("TABULATE"), 8, tabulate ? "true" : "false");
  return text + coulomb + extra;
}

const std::string ewald = "coulomb: {method: ewald, cutoff: 6.0, accuracy: 1.0e-8}\n";
const std::string pppm = "coulomb: {method: pppm, cutoff: 6.0, accuracy: 1.0e-6, order: 5}\n";
const std::string dsf = "coulomb: {method: dsf, cutoff: 7.0, alpha: 0.2}\n";
const std::string three_body =
    "three_body:\n"
    "  - {center: O, ends: [P, P], form: harmonic, K: 4.0, theta0_deg: 109.47, cutoff: 2.0}\n"
    "  - {center: O, ends: [P, P], form: screened_harmonic, K: 65.0, theta0_deg: 109.47, cutoff: 2.0, rho: 1.0}\n";

double energy_of(Potential& p, const System& s) {
  PotentialResult r;
  r.reset(s.size(), {false, false, false});
  p.compute(s, {false, false, false}, r);
  return r.energy;
}

// Central differences of the energy against the forces on a few atoms (all components).
void check_forces(const std::string& text, double tolerance) {
  System s = test::small_glass_cell();
  auto p = parse_classical_potential(text, "test");
  p->bind(s);
  PotentialResult r;
  r.reset(s.size(), {});
  p->compute(s, {}, r);
  const double h = 1e-5;
  for (std::size_t i : {0, 1, 2, 5, 14, 17, 19}) {
    for (int a = 0; a < 3; ++a) {
      System plus = s, minus = s;
      plus.positions[i][a] += h;
      minus.positions[i][a] -= h;
      const double numeric = -(energy_of(*p, plus) - energy_of(*p, minus)) / (2 * h);
      EXPECT_NEAR(r.forces[i][a], numeric, tolerance) << "atom " << i << " axis " << a;
    }
  }
  // Newton's third law: forces sum to zero (PPPM only approximately).
  Vec3 total = Vec3::Zero();
  for (const auto& f : r.forces) total += f;
  EXPECT_LT(total.norm(), 10 * tolerance);
}

// Virial W_ab = −∂E/∂ε_ab under homogeneous (symmetric) strain of cell and atoms.
void check_virial(const std::string& text, double tolerance) {
  System s = test::small_glass_cell();
  auto p = parse_classical_potential(text, "test");
  p->bind(s);
  PotentialResult r;
  r.reset(s.size(), {});
  p->compute(s, {}, r);
  const double h = 1e-6;
  for (int a = 0; a < 3; ++a)
    for (int b = a; b < 3; ++b) {
      auto strained = [&](double e) {
        Mat3 strain = Mat3::Zero();
        strain(a, b) += e;
        if (a != b) strain(b, a) += e;
        const Mat3 f = Mat3::Identity() + strain;
        System t = s;
        t.cell = s.cell.deformed(f);
        for (auto& x : t.positions) x = (x.transpose() * f).transpose();
        return energy_of(*p, t);
      };
      double numeric = -(strained(h) - strained(-h)) / (2 * h);
      if (a != b) numeric /= 2;
      EXPECT_NEAR(r.virial(a, b), numeric, tolerance) << "virial " << a << b;
      EXPECT_NEAR(r.virial(a, b), r.virial(b, a), 1e-9);
    }
}

TEST(ForceFieldDerivatives, AnalyticPairsWithEwald) { check_forces(potential_text(ewald, false), 2e-5); }
TEST(ForceFieldDerivatives, TabulatedPairsWithEwald) { check_forces(potential_text(ewald, true), 2e-5); }
TEST(ForceFieldDerivatives, DampedShiftedForce) { check_forces(potential_text(dsf, true), 2e-5); }
TEST(ForceFieldDerivatives, ThreeBodyTerms) {
  // The test cell has one P–O–P angle (about 140°) within the 2 Å bond cutoff: both terms are active.
  auto p = parse_classical_potential(potential_text(dsf, false, three_body), "test");
  const System s = test::small_glass_cell();
  const PotentialResult r = evaluate(*p, s);
  const Vec3 a = s.positions[1] - s.positions[0], b = s.positions[2] - s.positions[0];
  const double d = std::acos(a.dot(b) / (a.norm() * b.norm())) - 109.47 * 3.14159265358979323846 / 180.0;
  const double expected = 0.5 * 4.0 * d * d + 0.5 * 65.0 * d * d * std::exp(-3.2);
  EXPECT_NEAR(r.component("three_body"), expected, 1e-3);
  check_forces(potential_text(dsf, false, three_body), 2e-5);
}
// PPPM forces (ik differentiation) are not the exact gradient of the PPPM energy; they agree to
// the method's accuracy.
TEST(ForceFieldDerivatives, Pppm) { check_forces(potential_text(pppm, false), 5e-4); }

TEST(ForceFieldVirial, EwaldTriclinic) { check_virial(potential_text(ewald, false), 2e-4); }
TEST(ForceFieldVirial, TabulatedEwaldTriclinic) { check_virial(potential_text(ewald, true), 2e-4); }
TEST(ForceFieldVirial, DsfAndThreeBody) { check_virial(potential_text(dsf, true, three_body), 2e-4); }
TEST(ForceFieldVirial, PppmApproximately) { check_virial(potential_text(pppm, false), 5e-3); }

TEST(ForceFieldInvariance, TranslationAndRotation) {
  for (const std::string& coulomb : {ewald, pppm, dsf}) {
    const std::string text = potential_text(coulomb, true, three_body);
    System s = test::small_glass_cell();
    auto p = parse_classical_potential(text, "test");
    const PotentialResult base = evaluate(*p, s);

    System shifted = s;
    for (auto& x : shifted.positions) x += Vec3(0.37, -1.21, 2.9);
    const PotentialResult moved = evaluate(*p, shifted);
    const double tol = coulomb == pppm ? 2e-4 : 1e-8;
    EXPECT_NEAR(moved.energy, base.energy, tol * std::fabs(base.energy) + 1e-8);

    // Rotate cell and atoms together.
    const Mat3 rot = Eigen::AngleAxisd(0.7, Vec3(1, 2, -0.5).normalized()).toRotationMatrix();
    System rotated = s;
    rotated.cell = Cell(s.cell.matrix() * rot.transpose());
    for (auto& x : rotated.positions) x = rot * x;
    const PotentialResult turned = evaluate(*p, rotated);
    EXPECT_NEAR(turned.energy, base.energy, tol * std::fabs(base.energy) + 1e-8);
    double max_df = 0;
    for (std::size_t i = 0; i < s.size(); ++i) max_df = std::max(max_df, (turned.forces[i] - rot * base.forces[i]).norm());
    EXPECT_LT(max_df, coulomb == pppm ? 5e-3 : 1e-7);
  }
}

TEST(ForceFieldPerAtom, PerAtomEnergiesSumToTotal) {
  for (const std::string& coulomb : {ewald, pppm, dsf}) {
    System s = test::small_glass_cell();
    auto p = parse_classical_potential(potential_text(coulomb, true, three_body), "test");
    const PotentialResult r = evaluate(*p, s, {true, true, true});
    double sum = 0;
    for (double e : r.per_atom_energy) sum += e;
    EXPECT_NEAR(sum, r.energy, 1e-8 * std::fabs(r.energy) + 1e-9);
  }
}

TEST(ForceFieldCoulomb, EwaldEnergyDoesNotDependOnSplitting) {
  // Also for a charged system with the neutralising background.
  for (bool charged : {false, true}) {
    System s = test::small_glass_cell();
    const std::string charges = charged ? "charges: {Na: 0.6, Fe: 1.2, P: 3.0, O: -1.1}\n" : "charges: {Na: 0.6, Fe: 1.2, P: 3.0, O: -1.2}\n";
    double reference = 0;
    for (double alpha : {0.65, 0.75, 0.85}) {
      const std::string text = charges + "short_range: {pairs: [{pair: ['*', '*'], model: none}]}\n" +
                               "coulomb: {method: ewald, cutoff: 6.0, accuracy: 1.0e-12, alpha: " + std::to_string(alpha) +
                               ", allow_non_neutral: true}\n";
      auto p = parse_classical_potential(text, "test");
      const double e = evaluate(*p, s).energy;
      if (alpha == 0.65) reference = e;
      else EXPECT_NEAR(e, reference, 2e-5) << "alpha " << alpha << (charged ? " charged" : "");
    }
  }
}

TEST(ForceFieldCoulomb, DsfEnergyAndForceVanishAtCutoff) {
  // Two opposite charges in a large box: the DSF pair energy and force go continuously to zero at R.
  System s;
  s.cell = Cell(Mat3::Identity() * 40.0);
  const int na = s.type_for_element(11), o = s.type_for_element(8);
  s.add_atom(1, na, Vec3(5, 5, 5));
  s.add_atom(2, o, Vec3(5, 5, 5));
  auto p = parse_classical_potential("charges: {Na: 1.0, O: -1.0}\nshort_range: {pairs: [{pair: ['*', '*'], model: none}]}\n"
                                     "coulomb: {method: dsf, cutoff: 9.0, alpha: 0.2}\n",
                                     "dsf");
  auto pair_energy = [&](double r) {
    s.positions[1] = Vec3(5 + r, 5, 5);
    PotentialResult res = evaluate(*p, s);
    return std::make_pair(res.energy, res.forces[0][0]);
  };
  const auto far = pair_energy(9.5);  // beyond the cutoff: self terms only
  const auto near = pair_energy(9.0 - 1e-6);
  EXPECT_NEAR(near.first, far.first, 1e-9);
  EXPECT_NEAR(near.second, 0.0, 1e-6);
  EXPECT_LT(pair_energy(3.0).first, far.first - 1.0);  // attractive at shorter range
}

}  // namespace
}  // namespace ionglass
