// Labelling as a library call: skip by structure hash, bounded retries, final statuses, the force
// filter, per-structure failures, the local pool's core budget.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ionglass/calculators/job_database.hpp"
#include "ionglass/calculators/labelling.hpp"
#include "ionglass/calculators/local_backend.hpp"
#include "ionglass/calculators/structure_hash.hpp"
#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/read_file.hpp"
#include "ionglass/io/extended_xyz_frame_bounds.hpp"
#include "ionglass/io/structure_io.hpp"
#include "toy_calculators.hpp"

using namespace ionglass;
using namespace ionglass::calculators;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path path;
  explicit Folder(const std::string& name) : path(fs::temp_directory_path() / ("ionglass_label_" + name)) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string write_inputs(const Folder& dir, const std::vector<System>& structures,
                         const std::string& name = "in.extxyz") {
  auto writer = create_trajectory_writer(dir / name);
  for (const auto& s : structures) writer->write(s);
  writer->close();
  return dir / name;
}

ExecutionContext quiet_context() {
  ExecutionContext context;
  context.threads = 2;
  context.show_progress = false;
  return context;
}

LabelSettings settings_for(const Folder& dir, int retries = 2) {
  LabelSettings settings;
  settings.database_path = dir / "db.extxyz";
  settings.runner.retries = retries;
  settings.runner.poll_interval_s = 0.01;
  return settings;
}

std::vector<System> database_frames(const std::string& path) {
  return read_frames(path);
}

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST(Label, StoresContractKeysAndTheHarmonicNumbers) {
  Folder dir("keys");
  const auto structures = test::toy_structures(4);
  const std::string input = write_inputs(dir, structures);
  test::InProcessHarmonic calculator(2.0);
  LocalBackend backend(2);
  const LabelSummary summary = label_structures({input}, calculator, backend, settings_for(dir), quiet_context());
  EXPECT_EQ(summary.structures, 4);
  EXPECT_EQ(summary.frames_stored, 4);
  EXPECT_EQ(summary.status_counts.at("ok"), 4);
  const auto frames = database_frames(dir / "db.extxyz");
  ASSERT_EQ(frames.size(), 4u);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const System& f = frames[i];
    EXPECT_DOUBLE_EQ(std::get<double>(f.info.at("energy_eV")), test::harmonic_energy(structures[i], 2.0));
    EXPECT_EQ(std::get<std::string>(f.info.at("structure_hash")), structure_hash(structures[i]));
    EXPECT_EQ(std::get<std::string>(f.info.at("label_settings_hash")), calculator.settings_hash());
    EXPECT_EQ(std::get<std::string>(f.info.at("label_status")), "ok");
    EXPECT_EQ(std::get<long long>(f.info.at("source_frame")), static_cast<long long>(i));
    const auto& forces = f.properties.at("forces_eV_per_A").values;
    ASSERT_EQ(forces.size(), 9u);
    for (int a = 0; a < 3; ++a)
      for (int k = 0; k < 3; ++k) EXPECT_DOUBLE_EQ(forces[3 * a + k], -2.0 * structures[i].positions[a][k]);
  }
  const auto summary_file = nlohmann::json::parse(read_file(dir / "db.extxyz.summary.json"));
  EXPECT_EQ(summary_file.at("status_counts").at("ok"), 4);
  EXPECT_TRUE(summary_file.contains("wall_time_s"));
}

TEST(Label, StructureHashSeesEveryBit) {
  auto structures = test::toy_structures(1);
  const std::string before = structure_hash(structures[0]);
  structures[0].positions[2][1] = std::nextafter(structures[0].positions[2][1], 100.0);
  EXPECT_NE(structure_hash(structures[0]), before);
}

TEST(Label, SkipsWhatIsLabelledWithTheSameSettingsAndRelabelsWithOthers) {
  Folder dir("skip");
  const std::string input = write_inputs(dir, test::toy_structures(5));
  LocalBackend backend(2);
  test::InProcessHarmonic first(1.0), second(3.0);
  label_structures({input}, first, backend, settings_for(dir), quiet_context());
  const LabelSummary again = label_structures({input}, first, backend, settings_for(dir), quiet_context());
  EXPECT_EQ(again.already_labelled, 5);
  EXPECT_EQ(again.frames_stored, 0);
  EXPECT_EQ(database_frames(dir / "db.extxyz").size(), 5u);
  const LabelSummary other = label_structures({input}, second, backend, settings_for(dir), quiet_context());
  EXPECT_EQ(other.already_labelled, 0);
  EXPECT_EQ(other.frames_stored, 5);
  EXPECT_EQ(database_frames(dir / "db.extxyz").size(), 10u);
}

TEST(Label, RetriesAreBoundedAndEndInAFailureRecord) {
  Folder dir("retries");
  const std::string input = write_inputs(dir, test::toy_structures(1));
  test::ShellHarmonic calculator(1.0, "crash", dir / "runs.log");
  LocalBackend backend(2);
  const LabelSummary summary = label_structures({input}, calculator, backend, settings_for(dir, 2), quiet_context());
  EXPECT_EQ(lines_of(dir / "runs.log").size(), 3u);  // 1 + retries
  EXPECT_EQ(summary.status_counts.at("crashed"), 1);
  EXPECT_EQ(summary.failures, 1);
  const auto failures = lines_of(dir / "db.extxyz.failures.csv");
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_NE(failures[1].find(",crashed,3,"), std::string::npos) << failures[1];
  EXPECT_TRUE(fs::is_directory(dir / "db.extxyz.jobs/job_000000/attempt_3"));
  EXPECT_EQ(fs::file_size(dir / "db.extxyz"), 0u);
}

TEST(Label, NotConvergedIsFinal) {
  Folder dir("not_converged");
  const std::string input = write_inputs(dir, test::toy_structures(2));
  test::ShellHarmonic calculator(1.0, "not_converged", dir / "runs.log");
  LocalBackend backend(2);
  const LabelSummary summary = label_structures({input}, calculator, backend, settings_for(dir, 3), quiet_context());
  EXPECT_EQ(lines_of(dir / "runs.log").size(), 2u);
  EXPECT_EQ(summary.status_counts.at("not_converged"), 2);
  EXPECT_EQ(summary.failures, 2);
}

TEST(Label, TimedOutJobsAreRetriedThenRecorded) {
  Folder dir("timeout");
  const std::string input = write_inputs(dir, test::toy_structures(1));
  test::ShellHarmonic calculator(1.0, "hang", dir / "runs.log");
  LocalBackend backend(2, 0.3);
  const LabelSummary summary = label_structures({input}, calculator, backend, settings_for(dir, 1), quiet_context());
  EXPECT_EQ(summary.status_counts.at("timed_out"), 1);
  EXPECT_TRUE(fs::is_directory(dir / "db.extxyz.jobs/job_000000/attempt_2"));
  EXPECT_FALSE(fs::exists(dir / "db.extxyz.jobs/job_000000/attempt_3"));
}

TEST(Label, ForceFilterSendsFramesToTheFailuresFile) {
  Folder dir("filter");
  // k = 1 eV/Å²: |F| = |r|; structures scaled ×1 have |r| ≤ ~7.2 Å, ×3 more than 15 Å.
  std::vector<System> structures = test::toy_structures(2);
  for (auto& s : test::toy_structures(2, 3.0)) structures.push_back(s);
  const std::string input = write_inputs(dir, structures);
  test::InProcessHarmonic calculator(1.0);
  LocalBackend backend(2);
  LabelSettings settings = settings_for(dir);
  settings.max_force_eV_per_A = 8.0;
  const LabelSummary summary = label_structures({input}, calculator, backend, settings, quiet_context());
  EXPECT_EQ(summary.filtered, 2);
  EXPECT_EQ(summary.frames_stored, 2);
  EXPECT_EQ(database_frames(dir / "db.extxyz").size(), 2u);
  const auto failures = lines_of(dir / "db.extxyz.failures.csv");
  ASSERT_EQ(failures.size(), 3u);
  EXPECT_NE(failures[1].find(",filtered,"), std::string::npos);
}

TEST(Label, MissingExecutableAndBadFileAreFailuresAndTheBatchGoesOn) {
  Folder dir("missing");
  const std::string good = write_inputs(dir, test::toy_structures(3));
  std::ofstream(dir / "bad.extxyz") << "2\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3\nNa 0 0\n";
  {
    test::InProcessHarmonic calculator(1.0);
    LocalBackend backend(2);
    const LabelSummary summary =
        label_structures({dir / "bad.extxyz", good}, calculator, backend, settings_for(dir), quiet_context());
    EXPECT_EQ(summary.frames_stored, 3);
    EXPECT_EQ(summary.failures, 1);
    const auto failures = lines_of(dir / "db.extxyz.failures.csv");
    ASSERT_EQ(failures.size(), 2u);
    EXPECT_NE(failures[1].find("bad.extxyz"), std::string::npos);
    EXPECT_NE(failures[1].find("input_error"), std::string::npos);
  }
  {
    Folder other("missing_program");
    test::ShellHarmonic calculator(1.0, "missing", other / "runs.log");
    LocalBackend backend(2);
    const LabelSummary summary = label_structures({good}, calculator, backend, settings_for(other), quiet_context());
    EXPECT_EQ(summary.status_counts.at("missing_executable"), 3);  // final, not retried
    EXPECT_FALSE(fs::exists(other / "db.extxyz.jobs/job_000000/attempt_2"));
  }
}

TEST(Label, MolecularDynamicsNeedsACalculatorThatRunsIt) {
  Folder dir("md");
  const std::string input = write_inputs(dir, test::toy_structures(1));
  test::InProcessHarmonic calculator(1.0);
  LocalBackend backend(1);
  LabelSettings settings = settings_for(dir);
  settings.request.kind = CalculationRequest::Kind::molecular_dynamics;
  EXPECT_THROW(label_structures({input}, calculator, backend, settings, quiet_context()), InputError);
}

namespace {
// Largest number of runs in progress at once, from the "START END" lines the jobs wrote.
int largest_overlap(const std::string& log) {
  std::vector<std::pair<double, int>> events;
  for (const auto& line : lines_of(log)) {
    std::istringstream in(line);
    double start = 0, end = 0;
    in >> start >> end;
    events.push_back({start, +1});
    events.push_back({end, -1});
  }
  std::sort(events.begin(), events.end());  // an end before a start at the same instant
  int running = 0, largest = 0;
  for (const auto& [time, change] : events) largest = std::max(largest, running += change);
  return largest;
}
}  // namespace

TEST(Label, LocalPoolNeverRunsMoreCoresThanTheBudget) {
  for (const auto& [cores_per_job, max_cores, expected] : std::vector<std::array<int, 3>>{{1, 2, 2}, {2, 3, 1}}) {
    Folder dir(fmt::format("pool_{}_{}", cores_per_job, max_cores));
    const std::string input = write_inputs(dir, test::toy_structures(6));
    test::ShellHarmonic calculator(1.0, "ok", dir / "runs.log", 0.25, 0);
    LocalBackend backend(max_cores);
    LabelSettings settings = settings_for(dir);
    settings.runner.cores_per_job = cores_per_job;
    label_structures({input}, calculator, backend, settings, quiet_context());
    EXPECT_EQ(lines_of(dir / "runs.log").size(), 6u);
    EXPECT_EQ(largest_overlap(dir / "runs.log"), expected) << cores_per_job << " cores per job, " << max_cores;
  }
}

TEST(Label, ResumeCollectsFinishedResultsAgainAndRerunsLostJobs) {
  Folder dir("resume");
  const auto structures = test::toy_structures(3);
  const std::string input = write_inputs(dir, structures);
  test::ShellHarmonic calculator(1.0, "ok", dir / "runs.log");
  LabelSettings settings = settings_for(dir);
  {
    // A run that "died": job 0 finished (result on disk, not stored), job 1 submitted to a dead pid.
    JobDatabase database(dir / "db.extxyz.jobs");
    write_file_atomically(dir / "db.extxyz.jobs/run.txt", calculator.settings_hash() + "\n");
    for (int i = 0; i < 2; ++i) {
      JobRecord r;
      r.id = fmt::format("job_{:06d}", i);
      r.structure_hash = structure_hash(structures[i]);
      r.source_file = input;
      r.source_frame = i;
      r.attempt = 1;
      r.backend_name = "local";
      JobRecord& job = database.add(r);
      fs::create_directories(job.attempt_directory());
      if (i == 0) {
        calculator.prepare(structures[0], {}, job.attempt_directory());
        ASSERT_EQ(std::system(("cd " + job.attempt_directory() + " && sh run.sh").c_str()), 0);
        job.state = JobState::finished;
        job.final_status = "ok";
      } else {
        job.state = JobState::submitted;
        job.backend_id = "999999999";
      }
      database.save(job);
    }
  }
  ASSERT_EQ(lines_of(dir / "runs.log").size(), 1u);
  settings.resume = true;
  LocalBackend backend(2);
  const LabelSummary summary = label_structures({input}, calculator, backend, settings, quiet_context());
  EXPECT_EQ(summary.frames_stored, 3);
  EXPECT_EQ(lines_of(dir / "runs.log").size(), 3u);  // job 0 not run again
  EXPECT_TRUE(fs::is_directory(dir / "db.extxyz.jobs/job_000001/attempt_2"));
  EXPECT_EQ(database_frames(dir / "db.extxyz").size(), 3u);
}

TEST(Label, AResultCutShortAtTheEndOfTheDatabaseIsDroppedAndLabelledAgain) {
  Folder dir("cut_tail");
  const std::string input = write_inputs(dir, test::toy_structures(3));
  LocalBackend backend(2);
  test::InProcessHarmonic calculator(1.0);
  const LabelSummary first = label_structures({input}, calculator, backend, settings_for(dir), quiet_context());
  EXPECT_EQ(first.incomplete_frames_dropped, 0);
  const std::string whole = read_file(dir / "db.extxyz");
  const auto energies = [&] {
    std::map<std::string, double> out;
    for (const System& frame : database_frames(dir / "db.extxyz"))
      EXPECT_TRUE(out.emplace(std::get<std::string>(frame.info.at("structure_hash")),
                              std::get<double>(frame.info.at("energy_eV")))
                      .second);
    return out;
  };
  const auto expected = energies();
  ASSERT_EQ(expected.size(), 3u);
  for (const System& frame : database_frames(dir / "db.extxyz"))
    EXPECT_EQ(std::get<long long>(frame.info.at("label_frames")), 1);

  // A kill in the middle of the last append: the last frame ends halfway.
  const ExtendedXyzFrameBounds bounds = extended_xyz_frame_bounds(whole);
  ASSERT_EQ(bounds.starts.size(), 3u);
  EXPECT_EQ(bounds.complete_length, whole.size());
  write_file_atomically(dir / "db.extxyz", whole.substr(0, (bounds.starts.back() + whole.size()) / 2));
  const LabelSummary after_cut = label_structures({input}, calculator, backend, settings_for(dir), quiet_context());
  EXPECT_EQ(after_cut.incomplete_frames_dropped, 1);
  EXPECT_EQ(after_cut.already_labelled, 2);
  EXPECT_EQ(after_cut.frames_stored, 1);
  EXPECT_EQ(energies(), expected);

  // A result of two frames (molecular dynamics) of which only the first was appended.
  std::string text = read_file(dir / "db.extxyz");
  const std::size_t key = text.rfind("label_frames=1");
  ASSERT_NE(key, std::string::npos);
  text.replace(key, std::string("label_frames=1").size(), "label_frames=2");
  write_file_atomically(dir / "db.extxyz", text);
  const LabelSummary after_group = label_structures({input}, calculator, backend, settings_for(dir), quiet_context());
  EXPECT_EQ(after_group.incomplete_frames_dropped, 1);
  EXPECT_EQ(after_group.frames_stored, 1);
  EXPECT_EQ(energies(), expected);
  EXPECT_EQ(database_frames(dir / "db.extxyz").size(), 3u);

  // A malformed database (not cut short) is an error, and nothing is truncated.
  write_file_atomically(dir / "db.extxyz", "three\n" + whole);
  EXPECT_THROW(label_structures({input}, calculator, backend, settings_for(dir), quiet_context()), InputError);
  EXPECT_EQ(read_file(dir / "db.extxyz"), "three\n" + whole);
}
