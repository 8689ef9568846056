// `ionglass validate`: the library validator's statistics, and the command on a few DFT structures
// (JSON keys, output files, the unphysical structure made visible).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ace_test_support.hpp"
#include "ionglass/ace/potential_validation.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"

using namespace ionglass;
using namespace ionglass::ace;

namespace {
const char* reference_energies = "Fe=-0.208448785369,Na=-0.0749040330661,O=-0.0911142437163,P=-0.0973190129812";

std::vector<System> some_dft_frames() {
  FrameSelection selection;
  selection.start = 108;
  selection.stop = 113;  // includes #110, the structure with an O–Fe pair at 0.956 Å
  return read_frames(test::data_dir() + "/dft/dft_dev.extxyz", {}, selection);
}
}  // namespace

TEST(Validation, StatisticsMatchADirectComputation) {
  const auto frames = some_dft_frames();
  ASSERT_EQ(frames.size(), 5u);
  auto potential = test::bundled_potential();
  ValidationOptions options;
  options.reference_energies = parse_reference_energies(reference_energies);
  options.group_by = "al_iteration";
  PotentialValidator validator(*potential, options);
  for (std::size_t k = 0; k < frames.size(); ++k) validator.add(frames[k], static_cast<long long>(k), "dft");
  EXPECT_EQ(validator.energy_key(), "dft_energy");
  EXPECT_EQ(validator.forces_key(), "dft_forces");
  double sse = 0, sae = 0, fse = 0;
  std::size_t nf = 0;
  for (const System& s : frames) {
    const PotentialResult r = evaluate(*potential, s);
    double reference_sum = 0;
    for (std::size_t i = 0; i < s.size(); ++i) reference_sum += options.reference_energies.at(s.symbol(i));
    const double e = (r.energy + reference_sum - std::get<double>(s.info.at("dft_energy"))) / s.size();
    sse += e * e;
    sae += std::abs(e);
    const auto& f = s.properties.at("dft_forces").values;
    for (std::size_t i = 0; i < s.size(); ++i)
      for (int a = 0; a < 3; ++a) {
        fse += (r.forces[i][a] - f[3 * i + a]) * (r.forces[i][a] - f[3 * i + a]);
        ++nf;
      }
  }
  EXPECT_NEAR(validator.energy().rmse(), std::sqrt(sse / 5), 1e-12);
  EXPECT_NEAR(validator.energy().mae(), sae / 5, 1e-12);
  EXPECT_NEAR(validator.forces().rmse(), std::sqrt(fse / nf), 1e-9);
  EXPECT_EQ(validator.forces().count, nf);
  EXPECT_NEAR(validator.structures()[2].shortest_distance, 0.956, 5e-4);
  EXPECT_FALSE(validator.energy_by_group().empty());
  EXPECT_THROW(parse_reference_energies("Fe=abc"), InputError);
  EXPECT_THROW(parse_reference_energies("Xq=1"), InputError);
  ValidationOptions wrong;
  wrong.energy_key = "no_such_key";
  PotentialValidator bad(*potential, wrong);
  EXPECT_THROW(bad.add(frames[0], 0, "dft"), InputError);
}

TEST(Validation, CommandLine) {
  const auto frames = some_dft_frames();
  const std::string dir = test::binary_dir() + "/test_output/validate_cli";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string data = dir + "/five.extxyz";
  auto writer = create_trajectory_writer(data);
  for (const auto& f : frames) writer->write(f);
  writer->close();
  const std::string json_path = dir + "/summary.json";
  const std::string command = test::cli() + " -q validate --potential " + test::bundled_yace() + " " + data +
                              " --reference-energies " + reference_energies + " --group-by al_iteration --out " + dir + "/out --json > " + json_path;
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(json_path);
  const auto j = nlohmann::json::parse(in);
  for (const char* key : {"energy_rmse_meV_per_atom", "energy_mae_meV_per_atom", "force_rmse_meV_per_A", "force_mae_meV_per_A", "n_structures"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["n_structures"].get<int>(), 5);
  // The unphysical structure dominates the force error and is listed first, with its shortest distance.
  const auto& worst = j["worst_structures_by_force_error"][0];
  EXPECT_EQ(worst["index"].get<int>(), 2);
  EXPECT_GT(worst["share_of_total_force_squared_error"].get<double>(), 0.9);
  EXPECT_NEAR(worst["shortest_distance_A"].get<double>(), 0.956, 5e-4);
  for (const char* file : {"validation.json", "structures.csv", "energy_parity.svg", "force_parity.svg", "force_error_vs_shortest_distance.svg"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/out/" + file)) << file;
  // Bad input: a missing energy key is an input error (exit status 2).
  const std::string bad = test::cli() + " -q validate --potential " + test::bundled_yace() + " " + data + " --energy-key nope > /dev/null 2>&1";
  EXPECT_EQ(WEXITSTATUS(std::system(bad.c_str())), 2);
}
