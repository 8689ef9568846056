// The README's main job: examples/nafepo4_quick.yaml end to end in under 10 minutes on 2 cores,
// and its report opens in headless Chromium with every figure present.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "report_checks.hpp"
#include "test_paths.hpp"

using namespace ionglass;
namespace fs = std::filesystem;

TEST(StudyQuick, RunsEndToEndWithinTenMinutes) {
  const fs::path out = fs::path(test::binary_dir()) / "test_study_quick";
  fs::remove_all(out);
  const auto start = std::chrono::steady_clock::now();
  const std::string cmd = test::cli() + " study " + test::source_dir() + "/examples/nafepo4_quick.yaml --out " +
                          out.string() + " > " + test::binary_dir() + "/test_study_quick.log 2>&1";
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
  test::check_report_in_browser((out / "report.html").string(), out.string());
}
