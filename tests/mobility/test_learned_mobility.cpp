// Learned mobility: descriptors against hand-computed values, and recovery of planted mobility.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "ionglass/analysis/dynamics/learned_mobility.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"

using namespace ionglass;

namespace {

struct Frames {
  Cell cell;
  std::vector<int> types;  // 1 Na, 2 O, 3 P
  std::vector<std::vector<Vec3>> positions;
};

UnwrappedTrajectory unwrap(const Frames& frames, double dt) {
  UnwrapOptions options;
  options.frame_interval_ps = dt;
  options.remove_drift = false;
  TrajectoryUnwrapper unwrapper(options);
  for (const auto& r : frames.positions) {
    System s;
    s.cell = frames.cell;
    s.atom_types = {{11, 22.98976928, "Na"}, {8, 15.999, "O"}, {15, 30.973762, "P"}};
    for (std::size_t i = 0; i < r.size(); ++i) s.add_atom(static_cast<long long>(i + 1), frames.types[i], r[i]);
    unwrapper.add(s);
  }
  return unwrapper.finish();
}

double fc(double r, double rc) {
  return r < rc ? 0.5 * (std::cos(std::numbers::pi * r / rc) + 1) : 0;
}

LearnedMobilitySettings base_settings() {
  LearnedMobilitySettings s;
  s.species = "Na";
  s.anions = {"O"};
  s.formers = {"P"};
  return s;
}

}  // namespace

// Na at the centre, O at +2 Å x and +2 Å y, P bonded to the first O, a second Na 4 Å away in z.
TEST(LearnedMobility, DescriptorsMatchHandValues) {
  Frames f;
  f.cell = Cell(Mat3::Identity() * 20.0);
  f.types = {1, 2, 2, 3, 1};
  const Vec3 c(10, 10, 10);
  const std::vector<Vec3> r = {c, c + Vec3(2, 0, 0), c + Vec3(0, 2, 0), c + Vec3(3.5, 0, 0), c + Vec3(0, 0, 4)};
  f.positions = {r, r};
  const auto t = unwrap(f, 0.1);
  auto s = base_settings();
  s.radial_widths_per_A2 = {1.0};
  s.angular_zetas = {1};
  s.nearest_mobile = 1;
  const auto names = mobility_descriptor_names(t, s);
  const Eigen::MatrixXd d = mobility_descriptors_at(t, 0, s);
  ASSERT_EQ(d.rows(), 2);
  auto value = [&](const std::string& name) {
    const auto it = std::find(names.begin(), names.end(), name);
    EXPECT_NE(it, names.end()) << name;
    return d(0, it - names.begin());
  };
  const double rc = s.symmetry_cutoff_A;
  EXPECT_EQ(value("n_O"), 2);
  EXPECT_EQ(value("n_P"), 0);  // 3.5 Å > 3.3 Å
  EXPECT_EQ(value("n_Na"), 0);
  EXPECT_EQ(value("bridging_anions"), 0);
  EXPECT_EQ(value("non_bridging_anions"), 1);  // the O at 2 Å has one P within 2.3 Å
  EXPECT_NEAR(value("nearest_Na_1_A"), 4, 1e-12);
  EXPECT_NEAR(value("void_A"),
              2 - elements::by_symbol("P").covalent_radius_A * 0 - elements::by_symbol("O").covalent_radius_A, 1e-12);
  EXPECT_NEAR(value("G2_O_eta1"), 2 * std::exp(-4.0) * fc(2, rc), 1e-12);
  EXPECT_NEAR(value("G2_P_eta1"), std::exp(-3.5 * 3.5) * fc(3.5, rc), 1e-12);
  // G4 over all neighbour pairs within R_c: (O₁,O₂) 90°, (O₁,P) 0°, (O₂,P) 90°, (Na,·) 90°.
  const double eta = s.angular_width_per_A2;
  auto term = [&](const Vec3& a, const Vec3& b, int lambda) {
    const double ra = a.norm(), rb = b.norm(), rab = (a - b).norm();
    return (1 + lambda * a.dot(b) / (ra * rb)) * std::exp(-eta * (ra * ra + rb * rb + rab * rab)) * fc(ra, rc) *
           fc(rb, rc) * fc(rab, rc);
  };
  std::vector<Vec3> offsets = {Vec3(2, 0, 0), Vec3(0, 2, 0), Vec3(3.5, 0, 0), Vec3(0, 0, 4)};
  for (int lambda : {1, -1}) {
    double g4 = 0;
    for (std::size_t a = 0; a < offsets.size(); ++a)
      for (std::size_t b = a + 1; b < offsets.size(); ++b) g4 += term(offsets[a], offsets[b], lambda);
    EXPECT_NEAR(value(std::string("G4_zeta1_lambda") + (lambda > 0 ? "+1" : "-1")), g4, 1e-12);
  }
}

// Na ions with few O in their shell hop (2.5 Å jump) within the next horizon, the others only
// vibrate; 3 % of the labels are flipped. The model must find n_O as the largest weight (negative),
// cross-validated AUC > 0.85, and the shuffled baseline at 0.5 within its interval.
TEST(LearnedMobility, PlantedMobilityIsRecovered) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::normal_distribution<double> jitter(0, 0.08);
  const double length = 16;
  Frames f;
  f.cell = Cell(Mat3::Identity() * length);
  const std::size_t na = 48, o = 160, p = 12;
  std::vector<Vec3> r;
  for (std::size_t i = 0; i < na + o + p; ++i) {
    f.types.push_back(i < na ? 1 : i < na + o ? 2 : 3);
    r.emplace_back(uniform(rng) * length, uniform(rng) * length, uniform(rng) * length);
  }
  const std::size_t block = 10, blocks = 30;
  auto oxygen_count = [&](const Vec3& x) {
    int count = 0;
    for (std::size_t j = na; j < na + o; ++j)
      if (f.cell.minimum_image(r[j] - x).norm() < 3.3) ++count;
    return count;
  };
  // Threshold: the median initial O count.
  std::vector<int> initial;
  for (std::size_t i = 0; i < na; ++i) initial.push_back(oxygen_count(r[i]));
  std::nth_element(initial.begin(), initial.begin() + na / 2, initial.end());
  const int threshold = initial[na / 2];
  for (std::size_t b = 0; b < blocks; ++b) {
    std::vector<char> hops(na);
    std::vector<Vec3> jump(na);
    for (std::size_t i = 0; i < na; ++i) {
      hops[i] = (oxygen_count(r[i]) <= threshold) != (uniform(rng) < 0.03);
      Vec3 u(jitter(rng), jitter(rng), jitter(rng));
      jump[i] = 2.5 * u.normalized();
    }
    for (std::size_t k = 0; k < block; ++k) {
      if (k == block / 2)
        for (std::size_t i = 0; i < na; ++i)
          if (hops[i]) r[i] += jump[i];
      std::vector<Vec3> frame = r;
      for (std::size_t i = 0; i < na; ++i) frame[i] += Vec3(jitter(rng), jitter(rng), jitter(rng));
      f.positions.push_back(frame);
    }
  }
  const auto t = unwrap(f, 0.1);
  auto s = base_settings();
  s.radial_widths_per_A2.clear();
  s.angular_zetas.clear();
  s.horizon_ps = 1.0;
  s.bootstrap.resamples = 300;
  s.weight_resamples = 40;
  const auto result = learn_mobility({&t}, s);
  EXPECT_GT(result.hop_fraction, 0.05);
  EXPECT_LT(result.hop_fraction, 0.8);
  EXPECT_GT(result.auc.estimate, 0.85);
  EXPECT_GT(result.auc.low, 0.75);
  EXPECT_LT(result.shuffled_auc.low, 0.5);
  EXPECT_GT(result.shuffled_auc.high, 0.5);
  Eigen::Index top = 0;
  result.model.weights.cwiseAbs().maxCoeff(&top);
  EXPECT_EQ(result.descriptor_names[static_cast<std::size_t>(top)], "n_O");
  EXPECT_LT(result.weights[static_cast<std::size_t>(top)].high, 0);  // fewer O → softer, CI excludes 0
  EXPECT_LT(result.hop_minus_stay[static_cast<std::size_t>(top)].high, 0);
  // Softness: hopping samples are softer on average.
  double soft_hop = 0, soft_stay = 0, n_hop = 0;
  for (const auto& sample : result.samples)
    (sample.label ? soft_hop : soft_stay) += sample.softness, n_hop += sample.label;
  EXPECT_GT(soft_hop / n_hop, soft_stay / (static_cast<double>(result.samples.size()) - n_hop));

  // The softness of the sampled ions goes out as a per-atom column of extxyz and LAMMPS dumps.
  const System annotated = softness_frame(t, result, 0, 0);
  ASSERT_EQ(annotated.properties.count("softness"), 1u);
  for (const std::string extension : {".extxyz", ".dump"}) {
    const std::string path = testing::TempDir() + "softness_frame" + extension;
    write_structure(path, annotated);
    const System back = read_frames(path).front();
    ASSERT_EQ(back.properties.count("softness"), 1u) << extension;
    for (std::size_t i = 0; i < na; ++i)
      EXPECT_NEAR(back.properties.at("softness").values[i], result.samples[i].softness, 1e-8) << extension;
  }
  EXPECT_THROW(softness_frame(t, result, 0, 1), InputError);  // frame 1 was not sampled

  // Two replicas (the same one twice) pool: twice the samples and ions.
  const auto pooled = learn_mobility({&t, &t}, s);
  EXPECT_EQ(pooled.samples.size(), 2 * result.samples.size());
  EXPECT_EQ(pooled.ions, 2 * result.ions);
}

TEST(LearnedMobility, BadInputIsInputError) {
  Frames f;
  f.cell = Cell(Mat3::Identity() * 10.0);
  f.types = {1, 2};
  f.positions = {{Vec3(1, 1, 1), Vec3(3, 1, 1)}, {Vec3(1, 1, 1), Vec3(3, 1, 1)}};
  const auto t = unwrap(f, 0.1);
  auto s = base_settings();
  EXPECT_THROW(learn_mobility({&t}, s), InputError);  // P not present
  s.formers = {};
  EXPECT_THROW(learn_mobility({&t}, s), InputError);  // R_c 6 Å ≥ half of 10 Å
  s.symmetry_cutoff_A = 4;
  EXPECT_THROW(learn_mobility({&t}, s), InputError);  // horizon 1 ps ≥ 2 frames
  s.horizon_ps = 0.1;
  EXPECT_THROW(learn_mobility({&t}, s), InputError);  // one label only
  s.species = "";
  EXPECT_THROW(learn_mobility({&t}, s), InputError);
  EXPECT_THROW(learn_mobility({}, base_settings()), InputError);
}
