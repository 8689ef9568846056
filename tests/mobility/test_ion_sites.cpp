// Sites and hops on a synthetic lattice-hopping trajectory with known sites and hop rate.
#include <gtest/gtest.h>

#include <random>

#include "ionglass/analysis/dynamics/ion_sites.hpp"
#include "ionglass/core/error.hpp"

using namespace ionglass;

namespace {

// A simple-cubic lattice of n³ sites, spacing a (Å); one ion starts on each site and hops to a
// random one of its 6 neighbours with total escape rate k (1/ps) (a Poisson process sampled per
// frame), with Gaussian thermal jitter σ (Å) per axis around the site.
struct LatticeHopping {
  UnwrappedTrajectory trajectory;
  std::vector<Vec3> sites;
};

LatticeHopping lattice_hopping(int n, double a, double k, double dt, std::size_t frames, double sigma, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> jitter(0, sigma);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::uniform_int_distribution<int> direction(0, 5);
  LatticeHopping result;
  const double length = n * a;
  const Cell cell(Mat3::Identity() * length);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int l = 0; l < n; ++l) result.sites.emplace_back((i + 0.5) * a, (j + 0.5) * a, (l + 0.5) * a);
  std::vector<Vec3> lattice_point = result.sites;  // unwrapped site of each ion
  UnwrapOptions options;
  options.frame_interval_ps = dt;
  options.remove_drift = false;
  TrajectoryUnwrapper unwrapper(options);
  for (std::size_t f = 0; f < frames; ++f) {
    System s;
    s.cell = cell;
    s.atom_types = {{11, 22.98976928, "Na"}};
    for (std::size_t i = 0; i < lattice_point.size(); ++i) {
      if (f > 0 && uniform(rng) < k * dt) {
        Vec3 step = Vec3::Zero();
        const int d = direction(rng);
        step[d / 2] = d % 2 ? a : -a;
        lattice_point[i] += step;
      }
      s.add_atom(static_cast<long long>(i + 1), 1, lattice_point[i] + Vec3(jitter(rng), jitter(rng), jitter(rng)));
    }
    unwrapper.add(s);
  }
  result.trajectory = unwrapper.finish();
  return result;
}

}  // namespace

TEST(IonSites, LatticeHoppingRecoversSitesAndRate) {
  const double k = 0.5, a = 3.0;
  const auto lattice = lattice_hopping(4, a, k, 0.01, 2000, 0.15, 7);
  SiteSettings settings;
  settings.species = "Na";
  settings.bootstrap.resamples = 400;
  const auto result = analyse_site_hops({&lattice.trajectory}, settings);
  ASSERT_EQ(result.replicas.size(), 1u);
  const auto& r = result.replicas[0];
  ASSERT_EQ(r.site_centres_A.size(), lattice.sites.size());
  const Cell& cell = lattice.trajectory.cell(0);
  for (const auto& site : lattice.sites) {
    double best = 1e9;
    for (const auto& c : r.site_centres_A) best = std::min(best, cell.minimum_image(c - site).norm());
    EXPECT_LT(best, 0.1);
  }
  // Pooled escape rate: the planted k lies in the 95 % interval, which is narrow (~10 %).
  EXPECT_LT(result.hop_rate_per_ion_per_ps.low, k);
  EXPECT_GT(result.hop_rate_per_ion_per_ps.high, k);
  EXPECT_LT(result.hop_rate_per_ion_per_ps.high - result.hop_rate_per_ion_per_ps.low, 0.25 * k);
  // Exponential stays: mean completed residence ≈ 1/k.
  EXPECT_LT(result.mean_residence_ps.low, 1 / k * 1.05);
  EXPECT_GT(result.mean_residence_ps.high, 1 / k * 0.95);
  // Hops only between neighbouring sites (distance a), in each direction about k/6.
  std::size_t neighbour_hops = 0;
  for (const auto& h : r.hops) {
    const double d = cell.minimum_image(r.site_centres_A[h.to_site] - r.site_centres_A[h.from_site]).norm();
    if (std::abs(d - a) < 0.2) ++neighbour_hops;
  }
  EXPECT_EQ(neighbour_hops, r.hops.size());
  std::size_t covered = 0;
  for (std::size_t c = 0; c < r.escape_rate_per_ps.size(); ++c)
    if (r.escape_rate_per_ps[c].low <= k && k <= r.escape_rate_per_ps[c].high) ++covered;
  EXPECT_GT(static_cast<double>(covered), 0.85 * static_cast<double>(r.escape_rate_per_ps.size()));
}

// Two replicas pool into one rate estimate with a narrower interval than one alone.
TEST(IonSites, ReplicasPool) {
  const auto one = lattice_hopping(3, 3.0, 0.5, 0.01, 1000, 0.15, 1);
  const auto two = lattice_hopping(3, 3.0, 0.5, 0.01, 1000, 0.15, 2);
  SiteSettings settings;
  settings.species = "Na";
  settings.bootstrap.resamples = 300;
  const auto single = analyse_site_hops({&one.trajectory}, settings);
  const auto pooled = analyse_site_hops({&one.trajectory, &two.trajectory}, settings);
  EXPECT_EQ(pooled.replicas.size(), 2u);
  EXPECT_EQ(pooled.ions, 54u);
  EXPECT_EQ(pooled.hops, pooled.replicas[0].hops.size() + pooled.replicas[1].hops.size());
  EXPECT_LT(pooled.hop_rate_per_ion_per_ps.high - pooled.hop_rate_per_ion_per_ps.low,
            single.hop_rate_per_ion_per_ps.high - single.hop_rate_per_ion_per_ps.low);
}

TEST(IonSites, BadInputIsInputError) {
  const auto lattice = lattice_hopping(2, 3.0, 0.5, 0.01, 50, 0.1, 3);
  SiteSettings settings;
  EXPECT_THROW(analyse_site_hops({&lattice.trajectory}, settings), InputError);  // species not set
  settings.species = "Li";
  EXPECT_THROW(analyse_site_hops({&lattice.trajectory}, settings), InputError);  // none present
  settings.species = "Na";
  settings.core_radius_A = -1;
  EXPECT_THROW(analyse_site_hops({&lattice.trajectory}, settings), InputError);
  EXPECT_THROW(analyse_site_hops({}, SiteSettings{}), InputError);
}
