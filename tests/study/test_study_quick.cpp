// The README's main job: examples/nafepo4_quick.yaml end to end in under 10 minutes on 2 cores,
// and its report opens in headless Chromium with every figure present. With --threads 2 its
// study.json and the files it writes equal those from before the library-first refactor
// (tests/data/regression/study_quick.*).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "regression_compare.hpp"
#include "report_checks.hpp"
#include "test_paths.hpp"

using namespace ionglass;
namespace fs = std::filesystem;

TEST(StudyQuick, RunsEndToEndWithinTenMinutes) {
  const fs::path out = fs::path(test::binary_dir()) / "test_study_quick";
  fs::remove_all(out);
  const auto start = std::chrono::steady_clock::now();
  const std::string cmd = test::cli() + " study " + test::source_dir() + "/examples/nafepo4_quick.yaml --out " +
                          out.string() + " --threads 2 > " + test::binary_dir() + "/test_study_quick.log 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << test::slurp(test::binary_dir() + "/test_study_quick.log");
  const double minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60;
  EXPECT_LT(minutes, 10.0);
  std::ifstream in(out / "study.json");
  const auto j = nlohmann::json::parse(in);
  ASSERT_EQ(j["models"].size(), 3u);
  for (const char* m : {"ACE", "Teter", "BMP"}) {
    EXPECT_EQ(j["models"][m]["structures"].size(), 5u);
    EXPECT_NEAR(j["models"][m]["coordination"]["P-O"]["mean"].get<double>(), 4.0, 1e-9);  // every P is 4-coordinated
    EXPECT_TRUE(j["models"][m]["arrhenius"]["diffusion"]["activation_energy_eV"].is_number());
  }
  // The structural difference the study is about: ACE glasses have more O around Fe than BMP.
  EXPECT_GT(j["models"]["ACE"]["coordination"]["Fe-O"]["mean"].get<double>(),
            j["models"]["BMP"]["coordination"]["Fe-O"]["mean"].get<double>() + 0.3);
  // Same numbers as before the refactor (paths and wall-clock times aside).
  test::expect_json_equal(test::read_json_file(test::regression_dir() + "/study_quick.json"), j);
  // Same files (log.txt aside: it records the run, not its results).
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(out))
    if (entry.is_regular_file() && entry.path().filename() != "log.txt")
      files.push_back("./" + fs::relative(entry.path(), out).string());
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, test::read_lines(test::regression_dir() + "/study_quick.files.txt"));
  test::check_report_in_browser((out / "report.html").string(), out.string());
}
