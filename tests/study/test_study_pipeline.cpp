// The study as a library call (no process started): tests/data/study/tiny.yaml through
// study::run_study with the standard writers; a second call finds every step completed, and a
// production run whose record was lost resumes from its checkpoint instead of starting again.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "ionglass/core/error.hpp"
#include "ionglass/report/study_writers.hpp"
#include "ionglass/study/study_config.hpp"
#include "ionglass/study/study_pipeline.hpp"
#include "regression_compare.hpp"
#include "test_paths.hpp"

using namespace ionglass;
namespace fs = std::filesystem;

TEST(StudyPipeline, RunsInProcessSkipsCompletedStepsAndResumes) {
  const study::StudySpec spec = study::read_study(std::string(IONGLASS_TEST_DATA) + "/study/tiny.yaml");
  const fs::path out = fs::path(test::binary_dir()) / "test_study_pipeline";
  fs::remove_all(out);
  ExecutionContext context;
  context.threads = 2;
  context.output_directory = out.string();
  context.show_progress = false;
  const study::StudyWriters writers = standard_study_writers();

  // Two models: structure, then per model and temperature equilibration, production and
  // dynamics (2 × 2 × 3), and an Arrhenius fit per model.
  const study::StudyResults first = study::run_study(spec, context, writers);
  EXPECT_EQ(first.steps_run, 1 + 2 * 2 * 3 + 2);
  EXPECT_EQ(first.steps_skipped, 0);
  for (const char* m : {"ACE", "Teter"}) {
    const study::ModelResults& model = first.models.at(m);
    ASSERT_EQ(model.diffusion.size(), 2u);
    for (const auto& point : model.diffusion) EXPECT_GT(point.D_cm2_per_s, 0);
    ASSERT_TRUE(model.arrhenius.has_value());
    // Ions diffuse faster when hotter: D(3000 K) > D(2500 K) gives a positive activation energy.
    // The tiny runs may be too short for a diffusive regime; then there is no fit and a note.
    const ArrheniusSeriesFit& fit = model.arrhenius->diffusion;
    if (fit.fit)
      EXPECT_EQ(fit.fit->activation_eV > 0, model.diffusion[1].D_cm2_per_s > model.diffusion[0].D_cm2_per_s);
    else
      EXPECT_FALSE(fit.note.empty());
  }
  const nlohmann::json study_json = test::read_json_file(first.json_path);
  EXPECT_TRUE(fs::exists(first.report_path));

  // Second call: nothing to do; the typed diffusion points are restored from dynamics.json and
  // study.json comes out the same.
  const study::StudyResults second = study::run_study(spec, context, writers);
  EXPECT_EQ(second.steps_run, 0);
  EXPECT_EQ(second.steps_skipped, first.steps_run);
  for (const char* m : {"ACE", "Teter"})
    for (std::size_t k = 0; k < 2; ++k)
      EXPECT_EQ(second.models.at(m).diffusion[k].D_cm2_per_s, first.models.at(m).diffusion[k].D_cm2_per_s);
  EXPECT_FALSE(second.models.at("ACE").arrhenius.has_value());
  test::expect_json_equal(study_json, test::read_json_file(second.json_path), "", {}, 0.0);

  // A production run whose step.json is lost but whose checkpoint is on disk resumes from it: no
  // MD step is redone and its trajectory stays as it was.
  const fs::path production = out / "md/ACE/2500K/production";
  const std::string trajectory = test::read_text_file((production / "trajectory.dump").string());
  fs::remove(production / "step.json");
  const study::StudyResults third = study::run_study(spec, context, writers);
  EXPECT_EQ(third.steps_run, 1);
  const nlohmann::json step = test::read_json_file((production / "step.json").string());
  EXPECT_TRUE(step["resumed"].get<bool>());
  const nlohmann::json summary = test::read_json_file((production / "summary.json").string());
  EXPECT_TRUE(summary["resumed"].get<bool>());
  EXPECT_EQ(summary["steps"].get<long long>(), 0);
  EXPECT_EQ(test::read_text_file((production / "trajectory.dump").string()), trajectory);
}

TEST(StudyPipeline, NeedsAnOutputFolder) {
  const study::StudySpec spec = study::read_study(std::string(IONGLASS_TEST_DATA) + "/study/tiny.yaml");
  EXPECT_THROW(study::run_study(spec, ExecutionContext{}, standard_study_writers()), InputError);
}
