// The structure workflow as a library call (analyze_structure + write_structure_report), compared
// with the outputs of `ionglass structure` from before the library-first refactor
// (tests/data/regression/README.md), and the group reduction and anion rule on hand-made cases.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "ionglass/analysis/structure/structure_workflow.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/report/structure_report.hpp"
#include "regression_compare.hpp"

namespace ionglass {
namespace {

namespace fs = std::filesystem;
using test::regression_dir;

// The fixtures name the inputs relative to the source root (they are keys of structure.json).
class StructureWorkflowRegression : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = fs::current_path();
    fs::current_path(IONGLASS_SOURCE_DIR);
  }
  void TearDown() override { fs::current_path(previous_); }
  static std::vector<GivenPairCutoff> cutoffs(std::vector<std::pair<std::string, double>> given) {
    std::vector<GivenPairCutoff> out;
    for (const auto& [pair, r] : given) out.push_back({parse_element_pair(pair), r});
    return out;
  }
  static std::vector<std::string> file_names(const fs::path& directory) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(directory)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  static fs::path fresh_directory(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / name;
    fs::remove_all(dir);
    return dir;
  }
  fs::path previous_;
};

StructureSettings default_settings() {
  StructureSettings s;
  s.formers = {15};  // the CLI's default --formers P
  s.formers_must_be_present = false;
  return s;
}

TEST_F(StructureWorkflowRegression, SingleGlassMatchesTheFixtures) {
  StructureSettings s = default_settings();
  s.groups = {{"all", {"data/NaFePO4/glass/ACE/300K_1.dat"}}};
  s.cutoffs = cutoffs({{"P-O", 2.0}, {"Fe-O", 2.7}, {"Na-O", 3.3}});
  const ExecutionContext context{2, "", false};
  const StructureResults results = analyze_structure(s, context);
  ASSERT_EQ(results.bridging_anion, std::optional<int>(8));  // oxygen, the only anion

  const fs::path dir = fresh_directory("ionglass_structure_workflow_single");
  write_structure_report(results, dir.string());
  const std::string fixtures = regression_dir();
  test::expect_json_equal(test::read_json_file(fixtures + "/structure_single.json"),
                          test::read_json_file((dir / "structure.json").string()));
  EXPECT_EQ(test::read_lines(fixtures + "/structure_single.files.txt"), file_names(dir));
  std::size_t tables = 0;
  for (const auto& entry : fs::directory_iterator(fixtures + "/structure_single_csv")) {
    const std::string name = entry.path().stem().string();  // "rdf.csv" of "rdf.csv.gz"
    test::expect_csv_equal(entry.path().string(), (dir / name).string());
    ++tables;
  }
  EXPECT_EQ(tables, 11u);
  // structure_json is what --json prints and what structure.json holds
  EXPECT_EQ(structure_json(results).dump(2) + "\n", test::read_text_file((dir / "structure.json").string()));
  fs::remove_all(dir);
}

TEST_F(StructureWorkflowRegression, GroupsOfReplicasMatchTheFixtures) {
  StructureSettings s = default_settings();
  for (const char* model : {"ACE", "Teter", "BMP"}) {
    StructureFileGroup g{model, {}};
    for (int i = 1; i <= 5; ++i)
      g.files.push_back("data/NaFePO4/glass/" + std::string(model) + "/300K_" + std::to_string(i) + ".dat");
    s.groups.push_back(g);
  }
  s.cutoffs = cutoffs({{"Fe-O", 2.7}, {"Na-O", 3.3}, {"P-O", 2.0}});
  s.r_max_A = 12;
  s.bin_width_A = 0.02;
  s.q_max_per_A = 20;
  const StructureResults results = analyze_structure(s, ExecutionContext{2, "", false});
  ASSERT_EQ(results.groups.size(), 3u);
  EXPECT_EQ(results.groups[1].files.size(), 5u);

  const fs::path dir = fresh_directory("ionglass_structure_workflow_groups");
  write_structure_report(results, dir.string());
  test::expect_json_equal(test::read_json_file(regression_dir() + "/structure_groups.json"),
                          test::read_json_file((dir / "structure.json").string()));
  EXPECT_EQ(test::read_lines(regression_dir() + "/structure_groups.files.txt"), file_names(dir));
  fs::remove_all(dir);
}

TEST_F(StructureWorkflowRegression, AGivenBridgingAnionMustBePresent) {
  StructureSettings s = default_settings();
  s.groups = {{"all", {"data/NaFePO4/glass/ACE/300K_1.dat"}}};
  s.r_max_A = 6;
  s.bridging_anion = 16;  // S, absent from the phosphate glass
  EXPECT_THROW(analyze_structure(s, ExecutionContext{2, "", false}), InputError);
  s.bridging_anion = 8;
  const StructureResults r = analyze_structure(s, ExecutionContext{2, "", false});
  ASSERT_TRUE(r.groups[0].anion_speciation);
  const auto& sp = *r.groups[0].anion_speciation;
  EXPECT_NEAR(sp[0].mean + sp[1].mean + sp[2].mean, 1.0, 1e-12);  // every O is free, non-bridging or bridging
}

TEST(StructureWorkflow, SettingsOutOfRangeAreInputErrors) {
  StructureSettings s = default_settings();
  EXPECT_THROW(s.validate(), InputError);  // no files
  s.groups = {{"a", {"x.dat"}}, {"a", {"y.dat"}}};
  EXPECT_THROW(s.validate(), InputError);  // a name used twice
  s.groups = {{"a", {"x.dat"}}};
  s.validate();
  s.bin_width_A = 0;
  EXPECT_THROW(s.validate(), InputError);
  s.bin_width_A = 0.02;
  s.max_ring_size = 2;
  EXPECT_THROW(s.validate(), InputError);
  s.max_ring_size = 10;
  s.voids = true;
  s.void_grid_A = 0.3;
  EXPECT_THROW(s.validate(), InputError);
}

TEST(StructureWorkflow, MeanAndSampleStandardDeviation) {
  const MeanStd m = mean_and_std({1.0, 2.0, 4.0});
  EXPECT_DOUBLE_EQ(m.mean, 7.0 / 3.0);
  // Σ (x − 7/3)² = 16/9 + 1/9 + 25/9 = 42/9, over n − 1 = 2
  EXPECT_NEAR(m.std, std::sqrt(42.0 / 9.0 / 2.0), 1e-15);
  EXPECT_EQ(mean_and_std({5.0}).std, 0.0);
  EXPECT_EQ(mean_and_std({}).mean, 0.0);
}

FileStructure hand_made_file(double density, double cn, std::map<int, double> distribution, std::map<int, double> qn,
                             std::vector<double> g) {
  FileStructure f;
  f.path = "file" + std::to_string(density);
  f.density_g_cm3 = density;
  f.coordination.push_back({ElementPair{15, 8}, 2.0, false, cn, std::move(distribution), 1.55});
  f.qn[15] = std::move(qn);
  f.anion_speciation = AnionSpeciation{0.0, 0.25, 0.75};
  f.curves["rdf"] = {"r_A", {{"r_A", {1.0, 2.0}}, {"g_O-P", std::move(g)}}};
  return f;
}

TEST(StructureWorkflow, GroupMeanAndStdAcrossFiles) {
  std::vector<FileStructure> files;
  files.push_back(hand_made_file(2.0, 4.0, {{4, 1.0}}, {{0, 0.5}, {1, 0.5}, {5, 0.2}}, {0.0, 1.0}));
  files.push_back(hand_made_file(3.0, 3.5, {{3, 0.5}, {4, 0.5}}, {{0, 0.1}, {1, 0.9}}, {2.0, 3.0}));
  const GroupStructure g = summarize_group("pair", files);
  EXPECT_EQ(g.files.size(), 2u);
  EXPECT_DOUBLE_EQ(g.density_g_cm3.mean, 2.5);
  EXPECT_DOUBLE_EQ(g.density_g_cm3.std, std::sqrt(0.5));
  ASSERT_EQ(g.coordination.size(), 1u);
  EXPECT_DOUBLE_EQ(g.coordination[0].mean.mean, 3.75);
  // a coordination number absent from a file counts as fraction 0 there
  EXPECT_DOUBLE_EQ(g.coordination[0].distribution.at(3).mean, 0.25);
  EXPECT_DOUBLE_EQ(g.coordination[0].distribution.at(3).std, std::sqrt(0.125));
  EXPECT_DOUBLE_EQ(g.coordination[0].distribution.at(4).mean, 0.75);
  // a Qⁿ absent from a file is averaged over the files that have it
  EXPECT_DOUBLE_EQ(g.qn.at(15).at(5).mean, 0.2);
  EXPECT_DOUBLE_EQ(g.qn.at(15).at(5).std, 0.0);
  EXPECT_DOUBLE_EQ(g.qn.at(15).at(1).mean, 0.7);
  ASSERT_TRUE(g.anion_speciation);
  EXPECT_DOUBLE_EQ((*g.anion_speciation)[2].mean, 0.75);
  EXPECT_DOUBLE_EQ((*g.anion_speciation)[2].std, 0.0);
  // curves: column-wise mean and std, the x column is not averaged
  const CurveAcrossFiles& c = g.curves.at("rdf").at("g_O-P");
  EXPECT_EQ(c.mean, (std::vector<double>{1.0, 2.0}));
  EXPECT_DOUBLE_EQ(c.std[0], std::sqrt(2.0));
  EXPECT_FALSE(g.curves.at("rdf").count("r_A"));
  EXPECT_FALSE(g.voids);
  EXPECT_THROW(summarize_group("empty", {}), InputError);
}

TEST(StructureWorkflow, DefaultBridgingAnionIsTheMostAbundantAnion) {
  // oxide: O
  EXPECT_EQ(default_bridging_anion({{8, 0.6}, {11, 0.2}, {15, 0.2}}), std::optional<int>(8));
  // oxyfluoride with more F than O: F
  EXPECT_EQ(default_bridging_anion({{8, 0.2}, {9, 0.5}, {14, 0.3}}), std::optional<int>(9));
  // sulfide: S; cations never count, however abundant
  EXPECT_EQ(default_bridging_anion({{3, 0.7}, {16, 0.2}, {15, 0.1}}), std::optional<int>(16));
  // a tie goes to the lower atomic number
  EXPECT_EQ(default_bridging_anion({{8, 0.4}, {16, 0.4}, {14, 0.2}}), std::optional<int>(8));
  // no anion: unset
  EXPECT_EQ(default_bridging_anion({{14, 0.5}, {26, 0.5}}), std::nullopt);
}

}  // namespace
}  // namespace ionglass
