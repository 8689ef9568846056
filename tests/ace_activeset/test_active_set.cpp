// MaxVol, the .npz (.asi) format, active sets and extrapolation grades.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "ionglass/ace/active_set.hpp"
#include "ionglass/ace/extrapolation_monitor.hpp"
#include "ionglass/ace/maxvol.hpp"
#include "ionglass/ace/npz.hpp"
#include "ionglass/ace/structure_grades.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/extended_xyz.hpp"
#include "test_paths.hpp"

using namespace ionglass;
using namespace ionglass::ace;

namespace {

std::vector<System> read_extxyz(const std::string& path, std::size_t max_frames) {
  std::vector<System> frames;
  auto reader = open_extended_xyz(path);
  for (System frame; frames.size() < max_frames && reader->next(frame);) frames.push_back(frame);
  return frames;
}

StructureStream stream_of(const std::vector<System>& frames) {
  return [&frames](const std::function<void(const System&, std::size_t)>& visit) {
    for (std::size_t i = 0; i < frames.size(); ++i) visit(frames[i], i);
  };
}

}  // namespace

class ActiveSetOnDftData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    potential_ = new BBasisPotential(read_b_basis(test::data_dir() + "/potential/NaFePO4.yaml"));
    projector_ = new BProjector(*potential_);
    frames_ = new std::vector<System>(read_extxyz(test::data_dir() + "/dft/dft_dev.extxyz", 40));
    ActiveSetOptions options;
    options.batch_size = 3000;
    active_set_ = new ActiveSet(build_active_set(*projector_, stream_of(*frames_), options, &report_));
  }
  static void TearDownTestSuite() {
    delete active_set_;
    delete frames_;
    delete projector_;
    delete potential_;
  }
  static BBasisPotential* potential_;
  static BProjector* projector_;
  static std::vector<System>* frames_;
  static ActiveSet* active_set_;
  static std::vector<ActiveSetElementReport> report_;
};
BBasisPotential* ActiveSetOnDftData::potential_ = nullptr;
BProjector* ActiveSetOnDftData::projector_ = nullptr;
std::vector<System>* ActiveSetOnDftData::frames_ = nullptr;
ActiveSet* ActiveSetOnDftData::active_set_ = nullptr;
std::vector<ActiveSetElementReport> ActiveSetOnDftData::report_;

TEST_F(ActiveSetOnDftData, EveryTrainingEnvironmentInterpolates) {
  double worst = 0;
  for (const auto& f : *frames_) {
    const auto g = extrapolation_grades(projector_->compute(f), *active_set_);
    for (double v : g) worst = std::max(worst, v);
  }
  EXPECT_LE(worst, 1.01 * (1 + 1e-9));
  for (const auto& r : report_) {
    EXPECT_EQ(r.active_ids.size(), r.functions);
    EXPECT_LE(r.max_training_gamma, 1.01 * (1 + 1e-9)) << r.element;
  }
}

TEST_F(ActiveSetOnDftData, ActiveRowsHaveUnitGrade) {
  // The environments in the active set are unit vectors of the basis: γ = 1 exactly.
  const auto& r = report_[2];  // O
  const std::size_t structure = static_cast<std::size_t>(r.active_ids[0] >> 32);
  const std::size_t atom = static_cast<std::size_t>(r.active_ids[0] & 0xffffffff);
  const auto g = extrapolation_grades(projector_->compute((*frames_)[structure]), *active_set_);
  EXPECT_NEAR(g[atom], 1.0, 1e-8);
}

TEST_F(ActiveSetOnDftData, FarOutsideTheDataExtrapolates) {
  System compressed = (*frames_)[0];
  const Mat3 h = compressed.cell.matrix() * 0.8;
  for (auto& x : compressed.positions) x *= 0.8;
  compressed.cell = Cell(h);
  double g_max = 0;
  for (double v : extrapolation_grades(projector_->compute(compressed), *active_set_)) g_max = std::max(g_max, v);
  EXPECT_GT(g_max, 1.0);

  System dimer;
  dimer.cell = Cell(Mat3::Identity() * 30.0);
  const int fe = dimer.type_for_element(26);
  const int o = dimer.type_for_element(8);
  dimer.add_atom(1, fe, Vec3(10, 10, 10));
  dimer.add_atom(2, o, Vec3(11.2, 10, 10));
  const auto g = extrapolation_grades(projector_->compute(dimer), *active_set_);
  EXPECT_GT(std::max(g[0], g[1]), 1.0);
  std::cout << "max gamma: compressed cell " << g_max << ", Fe-O dimer at 1.2 A " << std::max(g[0], g[1]) << "\n";
}

TEST_F(ActiveSetOnDftData, AsiLoadsWithNumPy) {
  const std::string path = ::testing::TempDir() + "/NaFePO4.asi";
  write_active_set(path, *active_set_);
  const ActiveSet back = read_active_set(path, *potential_);
  for (std::size_t mu = 0; mu < 4; ++mu) EXPECT_EQ(back.inverse[mu], active_set_->inverse[mu]);
  // NumPy reads the file: keys, shapes, and the values of two entries.
  const auto& fe = active_set_->inverse[0];
  const std::string script = ::testing::TempDir() + "/check_asi.py";
  std::ofstream(script) << "import numpy, sys\n"
                        << "d = numpy.load(sys.argv[1])\n"
                        << "assert sorted(d.keys()) == ['Fe', 'Na', 'O', 'P'], d.keys()\n"
                        << "for k in d.keys(): assert d[k].shape == (248, 248) and d[k].dtype == numpy.float64\n"
                        << "assert d['Fe'][0, 0] == float(sys.argv[2]) and d['Fe'][3, 17] == float(sys.argv[3])\n";
  char a[64], b[64];
  std::snprintf(a, sizeof a, "%.17g", fe(0, 0));
  std::snprintf(b, sizeof b, "%.17g", fe(3, 17));
  // Debian's interpreter has python3-numpy; a python3 first on PATH (e.g. pyenv) may not.
  const std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const std::string command = python + " " + script + " " + path + " " + a + " " + b;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

TEST_F(ActiveSetOnDftData, SelectionPrefersNewEnvironments) {
  // Candidates: a training structure (nothing new) and the compressed one (new environments).
  std::vector<System> candidates{(*frames_)[1], (*frames_)[0]};
  for (auto& x : candidates[1].positions) x *= 0.85;
  candidates[1].cell = Cell(candidates[1].cell.matrix() * 0.85);
  ActiveSetOptions options;
  const auto selected = select_structures(*projector_, stream_of(candidates), active_set_, 5, options);
  ASSERT_FALSE(selected.empty());
  EXPECT_EQ(selected[0].index, 1u);
  EXPECT_GT(selected[0].new_rows, 0u);
  EXPECT_GT(selected[0].max_gamma, 1.0);
  // Rows of the training structure can still enter (the set changes when the new rows come in),
  // but fewer than those of the compressed structure.
  for (std::size_t k = 1; k < selected.size(); ++k) EXPECT_LT(selected[k].new_rows, selected[0].new_rows);
  // The frames written by `ace select`: in rank order, with γ and the number of new environments.
  const auto chosen = selected_structures_with_grades(*projector_, *active_set_, stream_of(candidates), selected, {});
  ASSERT_EQ(chosen.size(), selected.size());
  for (std::size_t k = 0; k < selected.size(); ++k) {
    EXPECT_EQ(chosen[k].size(), candidates[selected[k].index].size());
    EXPECT_EQ(std::get<long long>(chosen[k].info.at("selected_environments")),
              static_cast<long long>(selected[k].new_rows));
    EXPECT_DOUBLE_EQ(std::get<double>(chosen[k].info.at("max_gamma")), selected[k].max_gamma);
  }
}

TEST_F(ActiveSetOnDftData, MonitorThresholdsTriggerAtTheRightSteps) {
  // A constructed "trajectory": the first training structure compressed a little more at every
  // step, s(step) = 1 − 0.002·step. γ grows with the compression; the thresholds are placed
  // between the grades of known check steps, so the expected record and stop steps are known.
  auto at_step = [&](long long step) {
    System s = (*frames_)[0];
    const double f = 1.0 - 0.002 * static_cast<double>(step);
    for (auto& x : s.positions) x *= f;
    s.cell = Cell(s.cell.matrix() * f);
    return s;
  };
  auto max_gamma = [&](long long step) {
    double g = 0;
    for (double v : extrapolation_grades(projector_->compute(at_step(step)), *active_set_)) g = std::max(g, v);
    return g;
  };
  std::vector<double> g(11);
  for (int k = 0; k <= 10; ++k) g[k] = max_gamma(10 * k);
  for (int k = 3; k <= 7; ++k) ASSERT_GT(g[k], g[k - 1]) << "grade not increasing at step " << 10 * k;
  ExtrapolationSettings settings;
  settings.every = 10;
  settings.lower = 0.5 * (g[2] + g[3]);  // first record at step 30
  settings.upper = 0.5 * (g[6] + g[7]);  // stop at step 70
  const ExtrapolationMonitor monitor(*potential_, *active_set_, settings);
  std::vector<long long> recorded;
  long long stopped = -1;
  for (long long step = 1; step <= 100; ++step) {
    if (!monitor.due(step)) continue;
    const ExtrapolationCheck c = monitor.check(at_step(step), step);
    EXPECT_NEAR(c.max_gamma, g[step / 10], 1e-12 * g[step / 10]);
    if (c.action == ExtrapolationAction::Record) recorded.push_back(step);
    if (c.action == ExtrapolationAction::Stop) {
      stopped = step;
      const System annotated = ExtrapolationMonitor::annotated(at_step(step), c);
      EXPECT_EQ(annotated.properties.at("gamma").values.size(), annotated.size());
      break;
    }
  }
  EXPECT_EQ(recorded, (std::vector<long long>{30, 40, 50, 60}));
  EXPECT_EQ(stopped, 70);
}

TEST_F(ActiveSetOnDftData, GradeStructuresSummarisesEveryStructure) {
  // Training structures plus a compressed copy of the first: the library workflow of `ace gamma`.
  std::vector<System> frames(frames_->begin(), frames_->begin() + 5);
  System compressed = frames.front();
  for (auto& x : compressed.positions) x *= 0.8;
  compressed.cell = Cell(compressed.cell.matrix() * 0.8);
  frames.push_back(compressed);
  ExecutionContext context;
  context.threads = 2;
  std::size_t visited = 0;
  const auto grades = grade_structures(*projector_, *active_set_, stream_of(frames), context,
                                       [&](const System& s, std::size_t index, const std::vector<double>& gamma) {
                                         EXPECT_EQ(gamma.size(), s.size());
                                         EXPECT_EQ(index, visited++);
                                         const System annotated = with_extrapolation_grades(s, gamma);
                                         EXPECT_EQ(annotated.properties.at("gamma").values, gamma);
                                       });
  ASSERT_EQ(grades.size(), frames.size());
  EXPECT_EQ(visited, frames.size());
  for (std::size_t k = 0; k < frames.size(); ++k) {
    const auto gamma = extrapolation_grades(projector_->compute(frames[k]), *active_set_);
    const auto& g = grades[k];
    EXPECT_EQ(g.index, k);
    EXPECT_EQ(g.atoms, frames[k].size());
    EXPECT_EQ(g.max_gamma, *std::max_element(gamma.begin(), gamma.end()));
    EXPECT_EQ(gamma[g.max_gamma_atom], g.max_gamma);
    EXPECT_EQ(g.extrapolating_atoms,
              static_cast<std::size_t>(std::count_if(gamma.begin(), gamma.end(), [](double v) { return v > 1.0; })));
    double largest_by_element = 0;
    for (const auto& [element, value] : g.max_gamma_by_element)
      largest_by_element = std::max(largest_by_element, value);
    EXPECT_EQ(largest_by_element, g.max_gamma);
  }
  // Training data interpolate (γ ≤ tolerance); the compressed cell extrapolates.
  EXPECT_LE(grades.front().max_gamma, 1.01 * (1 + 1e-9));
  EXPECT_GT(grades.back().max_gamma, 1.0);
  EXPECT_GT(grades.back().extrapolating_atoms, 0u);
}

TEST(ActiveSetOptionsCheck, RejectsImpossibleOptions) {
  EXPECT_NO_THROW(check_active_set_options({}));
  ActiveSetOptions o;
  o.tolerance = 1.0;
  EXPECT_THROW(check_active_set_options(o), InputError);
  o = {};
  o.max_iterations = 0;
  EXPECT_THROW(check_active_set_options(o), InputError);
  o = {};
  o.batch_size = 0;
  EXPECT_THROW(check_active_set_options(o), InputError);
}
