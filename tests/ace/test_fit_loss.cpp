// The fit loss and its analytic gradient: central finite differences for every kind of parameter
// (function coefficients per density, radial coefficients c_nlk) on small multi-element bases of
// rank 1–4, with and without forces, for both Finnis–Sinclair embeddings; the zero-iteration
// model equals the evaluator's (AcePotential) on DFT structures; exact labels give a loss of pure
// regularisation; the parameter layout round-trips and masks; bad input is refused.
#include <gtest/gtest.h>

#include <random>

#include "ace_test_support.hpp"
#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/ace/fit_loss.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

using namespace ionglass;
using namespace ionglass::ace;

namespace {

const BBasisPotential& shipped() {
  static const BBasisPotential p = read_b_basis(test::data_dir() + "/potential/NaFePO4.yaml");
  return p;
}

/// A small basis cut from the shipped one: per element the first `per_rank` functions of each
/// rank ≤ max_rank, `ndensity` densities of embedding `npoti`, and perturbed coefficients.
BBasisPotential small_basis(int max_rank, int per_rank, int ndensity, const std::string& npoti, unsigned seed) {
  BBasisPotential p = shipped();
  p.delta_spline_bins = 0.01;  // coarser tables: quicker to build, the same maths
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  for (std::size_t mu = 0; mu < p.elements.size(); ++mu) {
    std::vector<BBasisFunction> kept;
    std::vector<int> taken(max_rank + 1, 0);
    for (const auto& f : p.functions[mu])
      if (f.rank <= max_rank && taken[f.rank] < per_rank) {
        ++taken[f.rank];
        kept.push_back(f);
        kept.back().coefficients.resize(ndensity);
        for (double& c : kept.back().coefficients) c = 0.5 * u(rng);
      }
    p.functions[mu] = kept;
    auto& e = p.embeddings[mu];
    e.ndensity = ndensity;
    e.npoti = npoti;
    e.fs_parameters.clear();
    for (int q = 0; q < ndensity; ++q) {
      e.fs_parameters.push_back(1.0 / (q + 1));
      e.fs_parameters.push_back(q == 0 ? 1.0 : 0.5 + 0.2 * q);
    }
  }
  for (auto& row : p.bonds)
    for (auto& b : row)
      for (auto& per_n : b.radcoefficients)
        for (auto& per_l : per_n)
          for (double& c : per_l) c += 0.1 * u(rng);
  return p;
}

/// `count` random structures of `atoms` atoms of all four elements in a cubic box, no pair closer
/// than 1.7 Å, labelled with random energies and forces (so that every residual is non-zero).
std::vector<FitStructure> random_structures(int count, int atoms, double box, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<FitStructure> out;
  const std::vector<std::string> symbols = shipped().elements;
  for (int s = 0; s < count; ++s) {
    FitStructure fs;
    fs.system.cell = Cell(Mat3::Identity() * box);
    for (const auto& sym : symbols) fs.system.type_for_element(elements::by_symbol(sym).atomic_number);
    while (static_cast<int>(fs.system.size()) < atoms) {
      const Vec3 x(box * u(rng), box * u(rng), box * u(rng));
      bool ok = true;
      for (const auto& y : fs.system.positions) {
        Vec3 d = x - y;
        for (int a = 0; a < 3; ++a) d[a] -= box * std::round(d[a] / box);
        ok = ok && d.norm() > 1.7;
      }
      if (ok)
        fs.system.add_atom(static_cast<long long>(fs.system.size()) + 1, 1 + static_cast<int>(fs.system.size()) % 4, x);
    }
    fs.energy_eV = 3 * (u(rng) - 0.5);
    fs.energy_weight = 0.5 + u(rng);
    for (int i = 0; i < atoms; ++i) {
      fs.forces_eV_A.emplace_back(u(rng) - 0.5, u(rng) - 0.5, u(rng) - 0.5);
      fs.force_weights.push_back(0.5 + u(rng));
    }
    fs.source = "random";
    fs.line = s + 1;
    out.push_back(std::move(fs));
  }
  return out;
}

/// Compares the analytic gradient with central differences (h relative to the parameter) on
/// every function coefficient and on `radial_samples` radial coefficients spread over the list.
void check_gradient(const FitLoss& loss, const Eigen::VectorXd& x, int radial_samples, double tolerance = 1e-6) {
  Eigen::VectorXd g;
  loss.evaluate(x, g, 2);
  ASSERT_EQ(g.size(), x.size());
  const FitParameterLayout& layout = loss.layout();
  std::vector<std::size_t> full;
  // Every function coefficient of small bases, an even spread of 48 of larger ones.
  const std::size_t nf = layout.function_coefficient_count();
  const std::size_t stride = std::max<std::size_t>(1, nf / 48);
  for (std::size_t i = 0; layout.functions_trainable() && i < nf; i += stride) full.push_back(i);
  const std::size_t nr = layout.radial_coefficient_count();
  for (int q = 0; layout.radial_trainable() && q < radial_samples; ++q)
    full.push_back(layout.function_coefficient_count() + (static_cast<std::size_t>(q) * 7919) % nr);
  const double scale = g.cwiseAbs().maxCoeff();
  ASSERT_GT(scale, 0);
  int radial_nonzero = 0;
  for (std::size_t f : full) {
    const std::ptrdiff_t i = layout.trainable_index(f);
    ASSERT_GE(i, 0);
    // Central differences at h and h/2, Richardson-extrapolated: O(h⁴) truncation, so that the
    // steep |ρ|^m embeddings do not blur the comparison.
    const auto central = [&](double h) {
      Eigen::VectorXd xp = x, xm = x;
      xp[i] += h;
      xm[i] -= h;
      return (loss.evaluate(xp, nullptr, 1) - loss.evaluate(xm, nullptr, 1)) / (2 * h);
    };
    const double h = 2e-4 * std::max(1.0, std::abs(x[i]));
    const double fd = (4 * central(h / 2) - central(h)) / 3;
    // Relative to the component, with a floor of 1e−3 of the largest component (tiny entries
    // cancel in both numbers).
    EXPECT_NEAR(g[i], fd, tolerance * std::max(std::abs(fd), 1e-3 * scale)) << layout.describe(f);
    if (f >= layout.function_coefficient_count() && std::abs(g[i]) > 1e-6 * scale) ++radial_nonzero;
  }
  if (layout.radial_trainable()) {
    EXPECT_GT(radial_nonzero, radial_samples / 3);  // the radial check was not vacuous
  }
}

LossSettings settings(double kappa) {
  LossSettings s;
  s.kappa = kappa;
  s.L1 = 1e-3;
  s.L2 = 2e-3;
  s.w0_rad = 1e-3;
  s.w1_rad = 1e-4;
  s.w2_rad = 1e-5;
  return s;
}

}  // namespace

class FitLossGradient : public ::testing::TestWithParam<std::tuple<int, double, std::string>> {};

TEST_P(FitLossGradient, MatchesCentralDifferences) {
  const auto [rank, kappa, npoti] = GetParam();
  const BBasisPotential p = small_basis(rank, 2, 2, npoti, 7u + rank);
  const auto data = random_structures(2, 10, 8.0, 11u + rank);
  FitLoss loss(p, FitParameterLayout(p), data, settings(kappa));
  const Eigen::VectorXd x = loss.layout().pack(p);
  check_gradient(loss, x, 24);
}

INSTANTIATE_TEST_SUITE_P(RanksForcesEmbeddings, FitLossGradient,
                         ::testing::Combine(::testing::Values(1, 2, 3, 4), ::testing::Values(0.0, 0.4),
                                            ::testing::Values(std::string("FinnisSinclair"),
                                                              std::string("FinnisSinclairShiftedScaled"))));

TEST(FitLoss, MasksGiveTheSlicesOfTheFullGradient) {
  const BBasisPotential p = small_basis(3, 2, 2, "FinnisSinclairShiftedScaled", 3);
  const auto data = random_structures(2, 10, 8.0, 5);
  FitLoss all(p, FitParameterLayout(p, TrainableParameters::All), data, settings(0.3));
  FitLoss functions(p, FitParameterLayout(p, TrainableParameters::Functions), data, settings(0.3));
  FitLoss radial(p, FitParameterLayout(p, TrainableParameters::Radial), data, settings(0.3));
  Eigen::VectorXd ga, gf, gr;
  const double la = all.evaluate(all.layout().pack(p), ga, 1);
  const double lf = functions.evaluate(functions.layout().pack(p), gf, 2);
  const double lr = radial.evaluate(radial.layout().pack(p), gr, 1);
  EXPECT_NEAR(la, lf, 1e-12 * la);
  EXPECT_NEAR(la, lr, 1e-12 * la);
  const Eigen::Index nf = static_cast<Eigen::Index>(all.layout().function_coefficient_count());
  ASSERT_EQ(gf.size(), nf);
  ASSERT_EQ(gr.size(), ga.size() - nf);
  EXPECT_LT((gf - ga.head(nf)).cwiseAbs().maxCoeff(), 1e-10 * ga.cwiseAbs().maxCoeff());
  EXPECT_LT((gr - ga.tail(ga.size() - nf)).cwiseAbs().maxCoeff(), 1e-10 * ga.cwiseAbs().maxCoeff());
  // Threads change nothing but the order of the sums.
  Eigen::VectorXd g2;
  EXPECT_NEAR(all.evaluate(all.layout().pack(p), g2, 2), la, 1e-12 * la);
  EXPECT_LT((g2 - ga).cwiseAbs().maxCoeff(), 1e-10 * ga.cwiseAbs().maxCoeff());
}

TEST(FitParameterLayout, PackUnpackRoundTripAndDescribe) {
  const BBasisPotential& p = shipped();
  const FitParameterLayout layout(p);
  EXPECT_EQ(layout.function_coefficient_count(), 4u * 248u * 8u);
  const Eigen::VectorXd x = layout.pack(p);
  EXPECT_EQ(static_cast<std::size_t>(x.size()), layout.size());
  BBasisPotential q = p;
  layout.unpack(Eigen::VectorXd::Constant(x.size(), 0.25), q);
  EXPECT_EQ(q.functions[1][3].coefficients[2], 0.25);
  EXPECT_EQ(q.bonds[2][3].radcoefficients[1][1][2], 0.25);
  layout.unpack(x, q);
  EXPECT_EQ(layout.pack(q), x);
  const std::size_t at = layout.function_coefficient_index(1, 3, 2);
  EXPECT_EQ(x[static_cast<Eigen::Index>(at)], p.functions[1][3].coefficients[2]);
  const std::size_t r = layout.radial_coefficient_index(2, 3, 1, 1, 2);
  EXPECT_EQ(x[static_cast<Eigen::Index>(r)], p.bonds[2][3].radcoefficients[1][1][2]);
  EXPECT_EQ(layout.describe(r), "O-P radial n=2 l=1 k=3");
  EXPECT_EQ(layout.describe(at).rfind("Na function 3", 0), 0u);
  const FitParameterLayout radial(p, TrainableParameters::Radial);
  EXPECT_EQ(radial.trainable_index(at), -1);
  EXPECT_EQ(radial.trainable_index(r), static_cast<std::ptrdiff_t>(r - layout.function_coefficient_count()));
  EXPECT_THROW(layout.unpack(Eigen::VectorXd::Zero(3), q), InputError);
  Eigen::VectorXd bad = x;
  bad[5] = std::nan("");
  EXPECT_THROW(layout.unpack(bad, q), InputError);
  EXPECT_THROW(parse_trainable_parameters("radials", "input.yaml", 12), InputError);
  EXPECT_EQ(parse_trainable_parameters("func", "input.yaml", 12), TrainableParameters::Functions);
}

namespace {

/// The first three structures of dft_dev as fit data (labels from the file, weights 1).
std::vector<FitStructure> dft_structures() {
  auto out = read_fit_structures(std::string(IONGLASS_TEST_DATA) + "/ace_fit/dft_dev_first3.extxyz", "dft_energy",
                                 "dft_forces");
  for (auto& fs : out) {
    fs.energy_weight = 1;
    fs.force_weights.assign(fs.system.size(), 1.0);
  }
  return out;
}

}  // namespace

TEST(FitLoss, ZeroIterationModelIsTheEvaluators) {
  const BBasisPotential& p = shipped();
  const auto data = dft_structures();
  ASSERT_EQ(data.size(), 3u);
  FitLoss loss(p, FitParameterLayout(p), data, settings(0.3));
  const FitMetrics m = loss.metrics(loss.layout().pack(p), 2);
  AcePotential reference(convert_to_ctilde(p), "NaFePO4.yaml");
  for (std::size_t s = 0; s < data.size(); ++s) {
    const System& system = data[s].system;
    reference.bind(system);
    PotentialResult r;
    EvaluationRequest request;
    r.reset(system.size(), request);
    reference.compute(system, request, r);
    const StructurePrediction& pred = m.predictions[s];
    EXPECT_NEAR(pred.energy_eV, r.energy, 1e-10 * std::abs(r.energy)) << "structure " << s;
    double fmax = 0;
    for (const auto& f : r.forces) fmax = std::max(fmax, f.cwiseAbs().maxCoeff());
    for (std::size_t i = 0; i < system.size(); ++i)
      for (int a = 0; a < 3; ++a)
        EXPECT_NEAR(pred.forces_eV_A[i][a], r.forces[i][a], 1e-10 * fmax) << "structure " << s << " atom " << i;
  }
  // The metrics are the RMSEs of those predictions against the DFT labels.
  double se = 0;
  for (std::size_t s = 0; s < data.size(); ++s) {
    const double de = (m.predictions[s].energy_eV - data[s].energy_eV) / static_cast<double>(data[s].system.size());
    se += de * de;
  }
  EXPECT_NEAR(m.energy_rmse_meV_per_atom, 1000 * std::sqrt(se / 3), 1e-9);
  EXPECT_GT(m.force_rmse_meV_per_A, 0);
}

TEST(FitLoss, ExactLabelsLeaveOnlyTheRegularisation) {
  const BBasisPotential p = small_basis(4, 3, 2, "FinnisSinclairShiftedScaled", 21);
  auto data = random_structures(3, 12, 8.5, 23);
  LossSettings s = settings(0.5);
  {
    FitLoss teacher(p, FitParameterLayout(p), data, s);
    const FitMetrics m = teacher.metrics(teacher.layout().pack(p), 1);
    for (std::size_t i = 0; i < data.size(); ++i) {
      data[i].energy_eV = m.predictions[i].energy_eV;
      data[i].forces_eV_A = m.predictions[i].forces_eV_A;
    }
  }
  FitLoss student(p, FitParameterLayout(p), data, s);
  const Eigen::VectorXd x = student.layout().pack(p);
  Eigen::VectorXd g;
  const double value = student.evaluate(x, g, 2);
  const LossComponents parts = student.last_components();
  EXPECT_LT(parts.energy, 1e-24);
  EXPECT_LT(parts.force, 1e-24);
  EXPECT_NEAR(value, parts.l1 + parts.l2 + parts.radial_smoothness, 1e-14);
  EXPECT_GT(parts.l1, 0);
  EXPECT_GT(parts.radial_smoothness, 0);
  // The data part of the gradient vanishes: what is left is the regularisation's gradient.
  LossSettings none;
  none.kappa = 0.5;
  FitLoss plain(p, FitParameterLayout(p), data, none);
  Eigen::VectorXd g0;
  EXPECT_LT(plain.evaluate(x, g0, 1), 1e-24);
  EXPECT_LT(g0.cwiseAbs().maxCoeff(), 1e-10);
}

TEST(FitLoss, BadInputIsRefused) {
  const BBasisPotential p = small_basis(2, 2, 2, "FinnisSinclair", 1);
  auto data = random_structures(1, 8, 8.0, 2);
  FitLoss loss(p, FitParameterLayout(p), data, settings(0.2));
  Eigen::VectorXd g;
  EXPECT_THROW(loss.evaluate(Eigen::VectorXd::Zero(4), g), InputError);
  auto no_forces = data;
  no_forces[0].forces_eV_A.clear();
  EXPECT_THROW(FitLoss(p, FitParameterLayout(p), no_forces, settings(0.2)), InputError);
  EXPECT_NO_THROW(FitLoss(p, FitParameterLayout(p), no_forces, settings(0.0)));
  auto alien = data;
  alien[0].system.atom_types[0].atomic_number = elements::by_symbol("Cu").atomic_number;
  EXPECT_THROW(FitLoss(p, FitParameterLayout(p), alien, settings(0.2)), InputError);
  auto close = data;
  close[0].system.positions[1] = close[0].system.positions[0] + Vec3(1e-4, 0, 0);
  EXPECT_THROW(FitLoss(p, FitParameterLayout(p), close, settings(0.2)), InputError);
  LossSettings wrong = settings(1.5);
  EXPECT_THROW(FitLoss(p, FitParameterLayout(p), data, wrong), InputError);
}
