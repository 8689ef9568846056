// Physics of the ACE evaluator: forces are minus the finite-difference gradient (bundled potential
// and synthetic potentials covering every radial basis, embedding and inner-core type), the virial
// is the strain derivative, the energy is invariant under translation, rotation and permutation,
// and unevaluable input gives clear errors.
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <cmath>
#include <random>

#include "ace_test_support.hpp"
#include "ionglass/ace/spherical_harmonics.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"

using namespace ionglass;
using namespace ionglass::ace;

namespace {

/// A small periodic structure from the development set (first frame, ~110 atoms).
const System& dev_frame() {
  static const System frame = [] {
    auto reader = open_extended_xyz(test::reference_dir() + "/ace/ace_reference_dev.extxyz");
    System s;
    reader->next(s);
    return s;
  }();
  return frame;
}

/// Central-difference check of the forces of `atoms` (h = 1e−5 Å).
void check_forces_by_finite_differences(Potential& potential, System s, const std::vector<std::size_t>& atoms, double tolerance) {
  potential.bind(s);
  PotentialResult r;
  EvaluationRequest request;
  r.reset(s.size(), request);
  potential.compute(s, request, r);
  const double h = 1e-5;
  for (std::size_t i : atoms)
    for (int a = 0; a < 3; ++a) {
      const double x0 = s.positions[i][a];
      s.positions[i][a] = x0 + h;
      const double ep = test::energy_of(potential, s);
      s.positions[i][a] = x0 - h;
      const double em = test::energy_of(potential, s);
      s.positions[i][a] = x0;
      const double fd = -(ep - em) / (2 * h);
      EXPECT_NEAR(r.forces[i][a], fd, tolerance * std::max(1.0, std::abs(fd))) << "atom " << i << " component " << a;
    }
}

/// Applies x → (I + ε) x to the cell rows and positions.
System strained(const System& s, const Mat3& strain) {
  System out = s;
  const Mat3 deformation = Mat3::Identity() + strain;
  out.cell = Cell(s.cell.matrix() * deformation.transpose(), s.cell.origin(), s.cell.periodic());
  for (auto& p : out.positions) p = deformation * p;
  return out;
}

System cluster(const std::vector<std::pair<std::string, Vec3>>& atoms, double box = 30) {
  System s;
  s.cell = Cell(Mat3::Identity() * box);
  long long id = 1;
  for (const auto& [el, x] : atoms) s.add_atom(id++, s.type_for_element(elements::by_symbol(el).atomic_number), x);
  return s;
}

std::string synthetic_yace(const std::string& radbase, const std::string& inner, const std::string& npoti) {
  return R"(elements: [Si]
E0: [0.25]
deltaSplineBins: 0.001
embeddings:
  0: {ndensity: 2, FS_parameters: [1, 1, 0.7, 0.5], npoti: )" +
         npoti + R"(, rho_core_cutoff: 0.3, drho_core_cutoff: 0.25}
bonds:
  [0, 0]: {nradmax: 2, lmax: 2, nradbasemax: 3, radbasename: )" +
         radbase + R"(, radparameters: [2.5], radcoefficients: [[[1, 0.2, 0.1], [0.5, 0.3, -0.2], [0.1, 0.2, 0.3]], [[0.3, -0.5, 0.2], [0.2, 0.1, 0.4], [0.2, -0.1, 0.1]]], prehc: 0.8, lambdahc: 0.5, rcut: 5.0, dcut: 0.2, rcut_in: 1.8, dcut_in: 0.3, inner_cutoff_type: )" +
         inner + R"(}
functions:
  0:
    - {mu0: 0, rank: 1, ndensity: 2, num_ms_combs: 1, mus: [0], ns: [1], ls: [0], ms_combs: [0], ctildes: [1.0, 0.5]}
    - {mu0: 0, rank: 1, ndensity: 2, num_ms_combs: 1, mus: [0], ns: [3], ls: [0], ms_combs: [0], ctildes: [-0.3, 0.2]}
    - {mu0: 0, rank: 2, ndensity: 2, num_ms_combs: 2, mus: [0, 0], ns: [1, 2], ls: [1, 1], ms_combs: [0, 0, 1, -1], ctildes: [0.3, 0.1, -0.6, -0.2]}
    - {mu0: 0, rank: 3, ndensity: 2, num_ms_combs: 2, mus: [0, 0, 0], ns: [1, 1, 2], ls: [0, 2, 2], ms_combs: [0, 0, 0, 0, 2, -2], ctildes: [0.2, -0.1, 0.4, 0.3]}
    - {mu0: 0, rank: 4, ndensity: 2, num_ms_combs: 1, mus: [0, 0, 0, 0], ns: [1, 1, 1, 2], ls: [0, 0, 0, 0], ms_combs: [0, 0, 0, 0], ctildes: [0.05, 0.02]}
)";
}

}  // namespace

TEST(AcePhysics, ForcesAreMinusGradientOnDevStructure) {
  auto potential = test::bundled_potential();
  check_forces_by_finite_differences(*potential, dev_frame(), {0, 17, 42, 77, dev_frame().size() - 1}, 2e-6);
}

TEST(AcePhysics, ForcesAreMinusGradientInZblBlend) {
  // P with one O inside the O–P blend region (0.868–0.968 Å) and further neighbours.
  auto potential = test::bundled_potential();
  const System s = cluster({{"P", {10, 10, 10}}, {"O", {10.92, 10.05, 10.0}}, {"O", {9.2, 11.1, 10.3}}, {"Na", {12.0, 8.6, 10.8}},
                            {"Fe", {8.1, 8.9, 11.2}}});
  check_forces_by_finite_differences(*potential, s, {0, 1, 2, 3, 4}, 1e-6);
}

TEST(AcePhysics, SyntheticPotentialsAllBasesEmbeddingsAndCoreTypes) {
  const System s = cluster({{"Si", {10, 10, 10}}, {"Si", {11.9, 10.3, 10.1}}, {"Si", {9.0, 11.6, 10.4}}, {"Si", {10.4, 8.2, 11.5}},
                            {"Si", {12.1, 12.0, 11.0}}, {"Si", {10.0, 10.0, 8.35}}});
  for (const std::string radbase : {"SBessel", "ChebExpCos", "ChebPow", "ChebLinear"})
    for (const std::string inner : {"density", "distance", "zbl"})
      for (const std::string npoti : {"FinnisSinclairShiftedScaled", "FinnisSinclair"}) {
        SCOPED_TRACE(radbase + " " + inner + " " + npoti);
        AcePotential potential(parse_yace(synthetic_yace(radbase, inner, npoti), "synthetic.yace"), "synthetic");
        check_forces_by_finite_differences(potential, s, {0, 1, 2, 3, 4, 5}, 2e-6);
        // An isolated atom has E0 only.
        const System single = cluster({{"Si", {1, 1, 1}}});
        EXPECT_NEAR(evaluate(potential, single).energy, 0.25, 1e-14);
      }
}

TEST(AcePhysics, VirialIsTheStrainDerivative) {
  auto potential = test::bundled_potential();
  const System& s = dev_frame();
  const PotentialResult r = evaluate(*potential, s);
  const double h = 1e-6;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      Mat3 e = Mat3::Zero();
      e(a, b) = h;
      const System plus = strained(s, e), minus = strained(s, -e);
      potential->bind(plus);
      const double ep = test::energy_of(*potential, plus);
      potential->bind(minus);
      const double em = test::energy_of(*potential, minus);
      // dE/dε_ab = −W_ba.
      EXPECT_NEAR(-(ep - em) / (2 * h), r.virial(b, a), 2e-5 * std::max(1.0, std::abs(r.virial(b, a)))) << a << b;
    }
}

TEST(AcePhysics, InvariantUnderTranslationRotationPermutation) {
  auto potential = test::bundled_potential();
  const System& s = dev_frame();
  const PotentialResult r = evaluate(*potential, s);

  System shifted = s;
  for (auto& p : shifted.positions) p += Vec3(3.1, -7.7, 0.45);
  const PotentialResult rt = evaluate(*potential, shifted);
  EXPECT_NEAR(rt.energy, r.energy, 1e-9);
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_LT((rt.forces[i] - r.forces[i]).norm(), 1e-9);

  const Mat3 rotation = Eigen::AngleAxisd(0.83, Vec3(0.3, -0.5, 0.8).normalized()).toRotationMatrix();
  System rotated = s;
  rotated.cell = Cell(s.cell.matrix() * rotation.transpose(), s.cell.origin(), s.cell.periodic());
  for (auto& p : rotated.positions) p = rotation * p;
  const PotentialResult rr = evaluate(*potential, rotated);
  EXPECT_NEAR(rr.energy, r.energy, 1e-9);
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_LT((rr.forces[i] - rotation * r.forces[i]).norm(), 1e-8);
  EXPECT_LT((rr.virial - rotation * r.virial * rotation.transpose()).norm(), 1e-7);

  std::vector<std::size_t> order(s.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = order.size() - 1 - i;
  std::mt19937 rng(7);
  std::shuffle(order.begin(), order.end(), rng);
  System permuted = s;
  permuted.ids.clear();
  permuted.types.clear();
  permuted.positions.clear();
  permuted.properties.clear();
  for (std::size_t k = 0; k < order.size(); ++k) permuted.add_atom(static_cast<long long>(k + 1), s.types[order[k]], s.positions[order[k]]);
  const PotentialResult rp = evaluate(*potential, permuted);
  EXPECT_NEAR(rp.energy, r.energy, 1e-9);
  for (std::size_t k = 0; k < order.size(); ++k) EXPECT_LT((rp.forces[k] - r.forces[order[k]]).norm(), 1e-9);
}

TEST(AcePhysics, PerAtomEnergiesSumToTotalAndNeighbourListIsReused) {
  auto potential = test::bundled_potential();
  System s = dev_frame();
  EvaluationRequest request;
  request.per_atom_energy = true;
  const PotentialResult r = evaluate(*potential, s, request);
  double sum = 0;
  for (double e : r.per_atom_energy) sum += e;
  EXPECT_NEAR(sum, r.energy, 1e-9);
  const long builds = potential->neighbor_list_builds();
  s.positions[3] += Vec3(0.05, 0, 0);  // less than skin/2: no rebuild
  PotentialResult r2;
  r2.reset(s.size(), request);
  potential->compute(s, request, r2);
  EXPECT_EQ(potential->neighbor_list_builds(), builds);
  s.positions[3] += Vec3(0.5, 0, 0);  // more than skin/2: rebuild, and the result is that of a fresh list
  r2.reset(s.size(), request);
  potential->compute(s, request, r2);
  EXPECT_EQ(potential->neighbor_list_builds(), builds + 1);
  auto fresh = test::bundled_potential();
  EXPECT_NEAR(evaluate(*fresh, s).energy, r2.energy, 1e-10);
}

TEST(AcePhysics, SumsWithOtherPotentialsAndEmptyNeighbourhoods) {
  PotentialSum sum;
  sum.add(test::bundled_potential());
  sum.add(test::bundled_potential());
  const System& s = dev_frame();
  auto single = test::bundled_potential();
  EXPECT_NEAR(evaluate(sum, s).energy, 2 * evaluate(*single, s).energy, 1e-8);
  // Isolated atoms: E0 = 0 and no force.
  const System far = cluster({{"Fe", {1, 1, 1}}, {"O", {20, 20, 20}}}, 40);
  const PotentialResult r = evaluate(*single, far);
  EXPECT_NEAR(r.energy, 0.0, 1e-14);
  EXPECT_EQ(r.forces[0].norm(), 0.0);
}

TEST(AcePhysics, ElementThePotentialLacksIsAClearError) {
  auto potential = test::bundled_potential();
  const System s = cluster({{"Fe", {1, 1, 1}}, {"Si", {3, 1, 1}}});
  try {
    potential->bind(s);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("Si"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Fe, Na, O, P"), std::string::npos) << e.what();
  }
}

TEST(AcePhysics, AtomsCloserThanTheFirstSplineNodeAreAClearError) {
  auto potential = test::bundled_potential();
  System s = cluster({{"Fe", {1, 1, 1}}, {"O", {1.0004, 1, 1}}, {"Na", {4, 1, 1}}});
  s.ids = {11, 12, 13};
  try {
    evaluate(*potential, s);
    FAIL() << "expected a ComputationError";
  } catch (const ComputationError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("11"), std::string::npos) << what;
    EXPECT_NE(what.find("12"), std::string::npos) << what;
    EXPECT_NE(what.find("0.0004"), std::string::npos) << what;
  }
  // Two atoms at the same place, too.
  System same = cluster({{"O", {2, 2, 2}}, {"O", {2, 2, 2}}});
  EXPECT_THROW(evaluate(*potential, same), ComputationError);
}

TEST(AcePhysics, SphericalHarmonicsNormalisationAndGradient) {
  ace::SphericalHarmonics sh(4);
  const Vec3 u = Vec3(0.3, -0.4, 0.7).normalized();
  ace::Complex y[15], dy[45];
  sh.evaluate(4, u.x(), u.y(), u.z(), y, dy);
  EXPECT_NEAR(y[0].re, 1.0, 1e-15);
  // Y_10 = √3 z, Y_11 = −√(3/2)(x + i y), Y_20 = √5 (3z² − 1)/2 (ACE normalisation, √(4π) × orthonormal).
  EXPECT_NEAR(y[ace::half_index(1, 0)].re, std::sqrt(3.0) * u.z(), 1e-14);
  EXPECT_NEAR(y[ace::half_index(1, 1)].re, -std::sqrt(1.5) * u.x(), 1e-14);
  EXPECT_NEAR(y[ace::half_index(1, 1)].im, -std::sqrt(1.5) * u.y(), 1e-14);
  EXPECT_NEAR(y[ace::half_index(2, 0)].re, std::sqrt(5.0) * (3 * u.z() * u.z() - 1) / 2, 1e-14);
  // Addition theorem: Σ_m |Y_lm|² = 2l + 1.
  for (int l = 0; l <= 4; ++l) {
    double s = 0;
    for (int m = -l; m <= l; ++m) {
      const auto v = y[ace::half_index(l, std::abs(m))];
      s += v.re * v.re + v.im * v.im;
    }
    EXPECT_NEAR(s, 2 * l + 1, 1e-12) << l;
  }
  // Tangential gradient against finite differences of Y(r/|r|) (∇_r Y = gradient/|r| at |r| = 1).
  const double h = 1e-6;
  for (int a = 0; a < 3; ++a) {
    Vec3 p = u, m = u;
    p[a] += h;
    m[a] -= h;
    p.normalize();
    m.normalize();
    ace::Complex yp[15], ym[15];
    sh.evaluate(4, p.x(), p.y(), p.z(), yp, nullptr);
    sh.evaluate(4, m.x(), m.y(), m.z(), ym, nullptr);
    for (int k = 0; k < 15; ++k) {
      EXPECT_NEAR(dy[3 * k + a].re, (yp[k].re - ym[k].re) / (2 * h), 1e-7);
      EXPECT_NEAR(dy[3 * k + a].im, (yp[k].im - ym[k].im) / (2 * h), 1e-7);
    }
  }
}
