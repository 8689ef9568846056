// Extrapolation monitoring in MD runs (protocol section `extrapolation:`): on a hot NaFePO4 cell
// started from a training structure, frames with max γ > lower go to the extrapolative trajectory
// at exactly the predicted check steps, the run stops (checkpoint kept, ComputationError naming the
// step and γ) at the first check above upper, and --resume cuts frames written after the checkpoint.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ionglass/ace/active_set.hpp"
#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/projections.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/extended_xyz.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/md/checkpoint.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/md/protocol_runner.hpp"
#include "test_paths.hpp"

using namespace ionglass;

namespace {

constexpr long long every = 10;
constexpr long long steps = 120;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Recorded {
  std::vector<long long> steps;
  std::vector<double> max_gamma;
};

// Reads the extrapolative trajectory and checks each frame's annotations.
Recorded read_recorded(const std::string& path, std::size_t atoms) {
  Recorded r;
  auto reader = open_extended_xyz(path);
  for (System f; reader->next(f);) {
    EXPECT_EQ(f.size(), atoms);
    const auto it = f.properties.find("gamma");
    EXPECT_NE(it, f.properties.end());
    if (it == f.properties.end()) continue;
    const double column_max = *std::max_element(it->second.values.begin(), it->second.values.end());
    const double info_max = std::get<double>(f.info.at("max_gamma"));
    EXPECT_NEAR(info_max, column_max, 1e-6 * column_max);
    r.steps.push_back(f.timestep);
    r.max_gamma.push_back(info_max);
  }
  return r;
}

}  // namespace

class ExtrapolationRun : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    dir_ = test::binary_dir() + "/tests/md/extrapolation";
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    // Active set from 40 DFT structures; the first one is the starting structure (γ ≤ 1.01 there).
    const ace::BBasisPotential potential = ace::read_b_basis(test::data_dir() + "/potential/NaFePO4.yaml");
    const ace::BProjector projector(potential);
    std::vector<System> frames;
    auto reader = open_extended_xyz(test::data_dir() + "/dft/dft_dev.extxyz");
    for (System f; frames.size() < 40 && reader->next(f);) frames.push_back(f);
    ace::ActiveSetOptions options;
    options.batch_size = 3000;
    const ace::ActiveSet active = ace::build_active_set(projector, [&frames](const std::function<void(const System&, std::size_t)>& visit) {
      for (std::size_t i = 0; i < frames.size(); ++i) visit(frames[i], i);
    }, options);
    ace::write_active_set(dir_ + "/NaFePO4.asi", active);
    System start = frames.front();
    start.properties.clear();
    start.info.clear();
    atoms_ = start.size();
    write_structure(dir_ + "/start.extxyz", start);
  }

  // Writes a protocol into its own directory: NVT at 4000 K, γ checked every 10 steps. The
  // B-basis defaults to the MD potential; the active set is given relative to the protocol file.
  static std::string protocol(const std::string& name, double lower, double upper) {
    const std::string sub = dir_ + "/" + name;
    std::filesystem::create_directories(sub);
    std::ofstream p(sub + "/protocol.yaml");
    p << "structure: {file: ../start.extxyz}\n"
      << "potential: " << test::data_dir() << "/potential/NaFePO4.yaml\n"
      << "seed: 7\ninitial_temperature_K: 4000\n"
      << "stages:\n  - {ensemble: nvt, steps: " << steps << ", timestep_ps: 0.002, temperature_K: 4000, damping_ps: 0.02}\n"
      << "outputs: {thermo_every: 20, console: false}\n"
      << "extrapolation:\n  active_set: ../NaFePO4.asi\n  every: " << every << "\n"
      << fmt::format("  lower: {:.17g}\n  upper: {:.17g}\n", lower, upper)
      << "  file: extrapolative.extxyz\n";
    return sub + "/protocol.yaml";
  }

  static RunOptions options(const std::string& protocol_path, bool resume = false) {
    RunOptions o;
    o.output_dir = std::filesystem::path(protocol_path).parent_path().string() + "/out";
    o.progress = false;
    o.resume = resume;
    return o;
  }

  static std::string dir_;
  static std::size_t atoms_;
};
std::string ExtrapolationRun::dir_;
std::size_t ExtrapolationRun::atoms_ = 0;

TEST_F(ExtrapolationRun, ThresholdsTriggerAtTheRightSteps) {
  // 1. Every check recorded (lower tiny, upper never reached): γ at steps 0, 10, ..., 120.
  const std::string all_path = protocol("all", 1e-9, 1e9);
  const Protocol all = read_protocol(all_path);
  ASSERT_TRUE(all.extrapolation);
  EXPECT_EQ(all.extrapolation->potential, all.potential.file);
  run_protocol(all, options(all_path));
  const Recorded reference = read_recorded(options(all_path).output_dir + "/extrapolative.extxyz", atoms_);
  ASSERT_EQ(reference.steps.size(), static_cast<std::size_t>(steps / every + 1));
  for (std::size_t i = 0; i < reference.steps.size(); ++i) EXPECT_EQ(reference.steps[i], static_cast<long long>(i) * every);
  EXPECT_LE(reference.max_gamma[0], 1.01 + 1e-9) << "the starting structure is training data";

  // 2. Thresholds from that series: the run must stop at check j, the last new running maximum
  // before the end, and record exactly the earlier checks above `lower` (plus j itself).
  const auto& g = reference.max_gamma;
  std::size_t stop = 0;
  for (std::size_t j = 2; j + 1 < g.size(); ++j)
    if (g[j] > *std::max_element(g.begin(), g.begin() + static_cast<long>(j))) stop = j;
  ASSERT_GE(stop, 2u) << "γ never reached a new maximum: heat the cell more";
  const double before_max = *std::max_element(g.begin(), g.begin() + static_cast<long>(stop));
  const double upper = 0.5 * (g[stop] + before_max);
  std::vector<double> before(g.begin(), g.begin() + static_cast<long>(stop));
  std::sort(before.begin(), before.end());
  const double lower = 0.5 * (before[before.size() / 2 - 1] + before[before.size() / 2]);
  ASSERT_LT(before[before.size() / 2 - 1], before[before.size() / 2]);
  std::vector<long long> expected;
  for (std::size_t i = 0; i < stop; ++i)
    if (g[i] > lower) expected.push_back(reference.steps[i]);
  expected.push_back(reference.steps[stop]);
  ASSERT_GT(expected.size(), 1u);
  ASSERT_LT(expected.size(), stop + 1) << "some checks must stay below lower";

  const std::string stop_path = protocol("stop", lower, upper);
  const Protocol stopping = read_protocol(stop_path);
  const std::string out = options(stop_path).output_dir;
  const long long stop_step = reference.steps[stop];
  try {
    run_protocol(stopping, options(stop_path));
    ADD_FAILURE() << "the run did not stop at step " << stop_step;
  } catch (const ComputationError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("at step " + std::to_string(stop_step) + ";"), std::string::npos) << message;
    EXPECT_NE(message.find("max gamma " + fmt::format("{:.6g}", g[stop])), std::string::npos) << message;
  }
  const Recorded recorded = read_recorded(out + "/extrapolative.extxyz", atoms_);
  EXPECT_EQ(recorded.steps, expected);
  for (std::size_t i = 0; i < recorded.steps.size(); ++i) {
    const std::size_t k = static_cast<std::size_t>(recorded.steps[i] / every);
    EXPECT_NEAR(recorded.max_gamma[i], g[k], 1e-6 * g[k]) << "same dynamics, same γ";
  }
  const Checkpoint checkpoint = read_checkpoint(out + "/checkpoint.bin");
  EXPECT_EQ(checkpoint.step, stop_step);
  EXPECT_EQ(checkpoint.stage_index, 0u);
  EXPECT_EQ(checkpoint.stage_step, stop_step);
  EXPECT_FALSE(std::filesystem::exists(out + "/final.data"));

  // 3. --resume cuts a frame written after the checkpoint (as by a run killed later) and appends
  // only frames after the stop step.
  const std::string kept = read_text(out + "/extrapolative.extxyz");
  {
    System late = read_structure(out + "/extrapolative.extxyz");
    late.timestep = stop_step + every;
    late.info["step"] = stop_step + every;
    std::string text;
    format_extended_xyz_frame(text, late);
    std::ofstream append(out + "/extrapolative.extxyz", std::ios::app | std::ios::binary);
    append << text << "1\n";  // plus the start of a cut-off frame
  }
  try {
    run_protocol(stopping, options(stop_path, true));
  } catch (const ComputationError&) {
    // May stop again at a later check; the file must still be consistent.
  }
  const std::string resumed_text = read_text(out + "/extrapolative.extxyz");
  ASSERT_GE(resumed_text.size(), kept.size());
  EXPECT_EQ(resumed_text.substr(0, kept.size()), kept);
  const Recorded resumed = read_recorded(out + "/extrapolative.extxyz", atoms_);
  ASSERT_GE(resumed.steps.size(), expected.size());
  for (std::size_t i = 1; i < resumed.steps.size(); ++i) EXPECT_GT(resumed.steps[i], resumed.steps[i - 1]);
  for (std::size_t i = expected.size(); i < resumed.steps.size(); ++i) {
    EXPECT_GT(resumed.max_gamma[i], lower);
    EXPECT_EQ(resumed.steps[i] % every, 0);
  }
}

TEST(ExtrapolationProtocol, ParsesPathsAndReportsErrorsWithLines) {
  const std::string head =
      "structure: {file: s.data}\npotential: pot/NaFePO4.yaml\nstages:\n  - {ensemble: nve, steps: 10}\n";
  const Protocol p = parse_protocol(head + "extrapolation:\n  active_set: a.asi\n  every: 5\n", "/runs/x/protocol.yaml");
  ASSERT_TRUE(p.extrapolation);
  EXPECT_EQ(p.extrapolation->potential, "/runs/x/pot/NaFePO4.yaml");
  EXPECT_EQ(p.extrapolation->active_set, "/runs/x/a.asi");
  EXPECT_EQ(p.extrapolation->every, 5);
  EXPECT_EQ(p.extrapolation->file, "extrapolative.extxyz");
  EXPECT_FALSE(parse_protocol(head, "/runs/x/protocol.yaml").extrapolation);

  auto error_line = [&](const std::string& text) {
    try {
      parse_protocol(text, "/runs/x/protocol.yaml");
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), "/runs/x/protocol.yaml");
      return e.line();
    }
    ADD_FAILURE() << "no error for:\n" << text;
    return 0L;
  };
  EXPECT_EQ(error_line(head + "extrapolation:\n  active_set: a.asi\n  gamma_max: 3\n"), 7);
  EXPECT_EQ(error_line(head + "extrapolation:\n  active_set: a.asi\n  every: 0\n"), 7);
  EXPECT_EQ(error_line(head + "extrapolation:\n  active_set: a.asi\n  file: g.dump\n"), 7);
  EXPECT_GT(error_line(head + "extrapolation:\n  every: 5\n"), 0);
  EXPECT_GT(error_line(head + "extrapolation:\n  active_set: a.asi\n  lower: 30\n  upper: 5\n"), 0);
  // A .yace MD potential needs the B-basis named explicitly.
  const std::string yace = "structure: {file: s.data}\npotential: NaFePO4.yace\nstages:\n  - {ensemble: nve, steps: 10}\n";
  EXPECT_EQ(error_line(yace + "extrapolation:\n  active_set: a.asi\n"), 6);
  EXPECT_EQ(parse_protocol(yace + "extrapolation:\n  potential: b.yaml\n  active_set: a.asi\n", "/runs/x/protocol.yaml")
                .extrapolation->potential,
            "/runs/x/b.yaml");
}
