// A small study end to end: killed part-way, rerun, it finishes without redoing completed steps.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "report_checks.hpp"
#include "test_paths.hpp"

using namespace ionglass;
namespace fs = std::filesystem;

namespace {
// Starts `ionglass study` in its own process group; output into `log`.
pid_t start_study(const std::string& study, const std::string& out, const std::string& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    const std::string cmd = test::cli() + " study " + study + " --out " + out + " > " + log + " 2>&1";
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(pid, pid);
  return pid;
}
}  // namespace

TEST(StudyRun, KilledStudyResumesWithoutRedoingCompletedSteps) {
  const std::string study = std::string(IONGLASS_TEST_DATA) + "/study/tiny.yaml";
  const fs::path out = fs::path(test::binary_dir()) / "test_study_run";
  fs::remove_all(out);
  fs::create_directories(out);
  // First run: kill the whole process tree once the structure step and the first MD step are done.
  const pid_t pid = start_study(study, out.string(), (out / "first.log").string());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
  const fs::path marker = out / "md/ACE/2500K/equilibration/step.json";
  bool killed = false;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(marker)) {
      kill(-pid, SIGKILL);
      killed = true;
      break;
    }
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(killed) << test::slurp((out / "first.log").string());
  waitpid(pid, &status, 0);
  EXPECT_FALSE(fs::exists(out / "report.html"));
  // Second run: completed steps are skipped, the rest runs, the report appears.
  const std::string cmd =
      test::cli() + " study " + study + " --out " + out.string() + " > " + (out / "second.log").string() + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << test::slurp((out / "second.log").string());
  const std::string second = test::slurp((out / "second.log").string());
  EXPECT_NE(second.find("structure: already completed, skipped"), std::string::npos) << second;
  EXPECT_NE(second.find("md/ACE/2500K/equilibration: already completed, skipped"), std::string::npos) << second;
  EXPECT_EQ(second.find("md/ACE/2500K/equilibration: running"), std::string::npos) << second;
  ASSERT_TRUE(fs::exists(out / "report.html"));
  // study.json has the numbers of every model and temperature.
  std::ifstream in(out / "study.json");
  const auto j = nlohmann::json::parse(in);
  for (const char* m : {"ACE", "Teter"}) {
    EXPECT_GT(j["models"][m]["density_g_cm3"]["mean"].get<double>(), 2.5);
    EXPECT_GT(j["models"][m]["coordination"]["P-O"]["mean"].get<double>(), 3.9);
    // A D where the run is diffusive; otherwise none, and why (the regime).
    for (const char* t : {"2500K", "3000K"}) {
      const auto& run = j["models"][m]["diffusion"][t];
      if (run["regime"]["regime"] == "diffusive") {
        EXPECT_GT(run["D_cm2_per_s"].get<double>(), 0) << m << " " << t;
      } else {
        EXPECT_TRUE(run["D_cm2_per_s"].is_null() && run["D_note"].is_string()) << m << " " << t << run.dump(2);
      }
    }
    // An activation energy, or (the tiny runs may be too short to be diffusive) none, and why.
    const auto& fit = j["models"][m]["arrhenius"]["diffusion"];
    EXPECT_TRUE(fit["activation_energy_eV"].is_number() ||
                (fit["fitted"] == false && !fit["note"].get<std::string>().empty()))
        << fit.dump(2);
  }
  // A third run does nothing but rebuild the report.
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string third = test::slurp((out / "second.log").string());
  EXPECT_EQ(third.find(": running"), std::string::npos) << third;
  // The browser keeps its profile, screenshot and DOM dump beside the study, not in it.
  const fs::path browser_dir = out.string() + "_browser";
  fs::remove_all(browser_dir);
  fs::create_directories(browser_dir);
  test::check_report_in_browser((out / "report.html").string(), browser_dir.string());
}

TEST(StudyRun, BadStudyFailsBeforeAnyComputation) {
  const fs::path out = fs::path(test::binary_dir()) / "test_study_bad";
  fs::remove_all(out);
  const fs::path study = fs::temp_directory_path() / "ionglass_bad_study.yaml";
  std::ofstream(study) << "models:\n  - name: ACE\n    potential: " << test::data_dir()
                       << "/potential/NaFePO4.yace\n    structures: [\"" << test::data_dir()
                       << "/glass/ACE/300K_1.dat\"]\n  - name: Broken\n    potential: " << study.string()
                       << "\n    structures: [\"" << test::data_dir() << "/glass/ACE/300K_1.dat\"]\n";
  const std::string cmd = test::cli() + " study " + study.string() + " --out " + out.string() + " > " +
                          (fs::temp_directory_path() / "bad_study.log").string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_FALSE(fs::exists(out / "structure"));  // nothing was computed
}
