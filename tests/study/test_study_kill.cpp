// `ionglass study` killed with SIGKILL at random moments and run again (issue 16): the study
// continues where it stood (completed steps skipped, an MD step resumed from its checkpoint) and
// ends with the results of a study that was never interrupted: study.json, every dynamics.json and
// every MD final structure byte for byte. The tiny test study (two models, two temperatures,
// 280-atom diffusion cells) takes 10–20 s; the kill moments are scaled to the measured time of
// the uninterrupted run, and the whole process group is killed.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "ionglass/core/child_process.hpp"
#include "ionglass/core/read_file.hpp"
#include "test_paths.hpp"

using namespace ionglass;
namespace fs = std::filesystem;

namespace {

// The project's whole-file reader (core/read_file).
inline std::string read_file_of(const std::filesystem::path& path) {
  return ionglass::read_file(path.string());
}

ChildProcessOptions study(const fs::path& out) {
  ChildProcessOptions options;
  options.command = {test::cli(), "-q",        "study", std::string(IONGLASS_TEST_DATA) + "/study/tiny.yaml",
                     "--out",     out.string()};
  options.output_file = out.string() + ".log";
  options.own_process_group = true;
  return options;
}

// The results to compare: study.json, dynamics.json and final.data files, by relative path.
std::vector<fs::path> results_of(const fs::path& out) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    if (name == "study.json" || name == "dynamics.json" || name == "final.data")
      files.push_back(fs::relative(entry.path(), out));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST(StudyKill, KilledAtRandomMomentsTheStudyEndsWithTheUninterruptedResults) {
  const fs::path dir = fs::path(test::binary_dir()) / "test_study_kill";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path reference = dir / "reference", killed = dir / "killed";
  const auto start = std::chrono::steady_clock::now();
  const ChildProcessOutcome whole = run_child_process(study(reference));
  ASSERT_TRUE(whole.succeeded()) << whole.describe() << read_file_of(reference.string() + ".log");
  const double whole_run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto expected = results_of(reference);
  ASSERT_GE(expected.size(), 10u);  // study.json, 4 dynamics.json, 8 MD final structures

  std::mt19937 random(27);
  std::uniform_real_distribution<double> moment(0.03 * whole_run_s, 0.25 * whole_run_s);
  int kills = 0;
  for (int run = 0; run < 6; ++run) {
    ChildProcess process(study(killed));
    ASSERT_GT(process.pid(), 0);
    std::this_thread::sleep_for(std::chrono::duration<double>(moment(random)));
    if (process.running()) {
      ::kill(-process.pid(), SIGKILL);
      ++kills;
    }
    process.wait(0.01);
  }
  EXPECT_GE(kills, 3);
  std::cout << kills << " kills\n";
  const ChildProcessOutcome last = run_child_process(study(killed));
  ASSERT_TRUE(last.succeeded()) << last.describe() << read_file_of(killed.string() + ".log");
  EXPECT_EQ(results_of(killed), expected);
  // The results name their files by path: the same with the killed study's folder in them.
  const auto with_reference_folder = [&](std::string text) {
    const std::string from = killed.string(), to = reference.string();
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
    return text;
  };
  for (const fs::path& file : expected)
    EXPECT_EQ(with_reference_folder(read_file_of(killed / file)), read_file_of(reference / file)) << file;
}
