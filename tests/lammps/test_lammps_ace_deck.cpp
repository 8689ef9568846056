// The ACE deck, checked against the LAMMPS documentation of pair_style pace and
// pace/extrapolation (docs.lammps.org/pair_pace.html): Debian's LAMMPS lacks the ML-PACE package,
// so the deck cannot run here. The test shows that (`lmp -h` lists no pace style, and running the
// deck stops at `pair_style pace`) and validates the deck's ACE lines with a small checker.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "ionglass/core/error.hpp"
#include "ionglass/lammps/deck_writer.hpp"
#include "ionglass/lammps/runner.hpp"
#include "ionglass/md/protocol.hpp"
#include "lammps_test_support.hpp"

namespace ionglass {
namespace {

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

/// Deck lines (comments dropped) whose first word is `command`.
std::vector<std::vector<std::string>> commands(const std::string& deck, const std::string& command) {
  std::vector<std::vector<std::string>> out;
  std::istringstream in(deck);
  std::string line;
  while (std::getline(in, line)) {
    if (auto hash = line.find('#'); hash != std::string::npos && line.find('"') == std::string::npos) line.erase(hash);
    auto w = words(line);
    if (!w.empty() && w[0] == command) out.push_back(w);
  }
  return out;
}

std::string ace_protocol(const std::string& dir) {
  return test::write_text(dir + "/protocol.yaml",
                          "structure:\n  file: " + test::glass("ACE", 1) + "\n  types: [Fe, Na, O, P]\npotential:\n  file: " +
                              test::data_dir() + "/potential/NaFePO4.yace\nseed: 3\ninitial_temperature_K: 600\n"
                              "stages:\n  - {name: hot, ensemble: nvt, thermostat: langevin, temperature_K: 600, steps: 100}\n"
                              "outputs:\n  thermo_every: 10\n  trajectory_every: 50\n");
}

TEST(LammpsAceDeck, DebianLammpsHasNoPaceStyle) {
  IONGLASS_REQUIRE_LAMMPS();
  FILE* pipe = ::popen((test::lammps_executable() + " -h 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string help;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) help.append(buffer, n);
  ::pclose(pipe);
  ASSERT_NE(help.find("* Pair styles"), std::string::npos);
  const std::string pairs = help.substr(help.find("* Pair styles"), help.find("* Bond styles") - help.find("* Pair styles"));
  for (const auto& w : words(pairs)) EXPECT_NE(w.rfind("pace", 0), 0u) << "this LAMMPS has " << w << ": run the ACE deck for real";
}

TEST(LammpsAceDeck, PairStylePaceLinesFollowTheDocumentation) {
  test::ScratchDir dir("ace");
  const Protocol protocol = read_protocol(ace_protocol(dir.str()));
  LammpsExportOptions o;
  o.output_dir = dir / "deck";
  const auto r = export_lammps_deck(protocol, o);
  const std::string deck = test::read_text(r.deck_path);
  // pair_style pace [recursive|product] ... ; pair_coeff * * file.yace elem1 ... elemN (one per type)
  const auto style = commands(deck, "pair_style");
  ASSERT_EQ(style.size(), 1u);
  EXPECT_EQ(style[0], (std::vector<std::string>{"pair_style", "pace"}));
  const auto coeff = commands(deck, "pair_coeff");
  ASSERT_EQ(coeff.size(), 1u);
  EXPECT_EQ(coeff[0], (std::vector<std::string>{"pair_coeff", "*", "*", "NaFePO4.yace", "Fe", "Na", "O", "P"}));
  EXPECT_TRUE(std::filesystem::exists(dir / "deck/NaFePO4.yace"));
  EXPECT_EQ(commands(deck, "atom_style")[0][1], "atomic");
  // No extrapolation machinery without an active set.
  EXPECT_TRUE(commands(deck, "compute").empty());
  // Stage: Langevin NVT = fix nve + fix langevin.
  EXPECT_EQ(commands(deck, "fix").size(), 2u);

  if (!test::lammps_executable().empty()) {
    LammpsRunOptions run;
    run.directory = o.output_dir;
    run.progress = false;
    try {
      run_lammps_deck(run);
      FAIL() << "Debian's LAMMPS cannot run pair_style pace";
    } catch (const ComputationError& e) {
      // Everything before the pair style (units, atom style, read_data) was accepted.
      EXPECT_NE(std::string(e.what()).find("Unrecognized pair style 'pace'"), std::string::npos) << e.what();
    }
  }
}

TEST(LammpsAceDeck, ActiveSetGivesExtrapolationGradesDumpsAndAHalt) {
  test::ScratchDir dir("ace_as");
  const Protocol protocol = read_protocol(ace_protocol(dir.str()));
  LammpsExportOptions o;
  o.output_dir = dir / "deck";
  o.active_set = test::write_text(dir / "NaFePO4.asi", "stand-in: only copied by the export\n");
  o.ace_b_basis = test::data_dir() + "/potential/NaFePO4.yaml";
  o.gamma_lower = 4;
  o.gamma_upper = 30;
  o.gamma_every = 20;
  const std::string deck = test::read_text(export_lammps_deck(protocol, o).deck_path);
  // pair_style pace/extrapolation; pair_coeff * * B-basis.yaml active_set.asi elements
  EXPECT_EQ(commands(deck, "pair_style")[0], (std::vector<std::string>{"pair_style", "pace/extrapolation"}));
  EXPECT_EQ(commands(deck, "pair_coeff")[0],
            (std::vector<std::string>{"pair_coeff", "*", "*", "NaFePO4.yaml", "NaFePO4.asi", "Fe", "Na", "O", "P"}));
  // fix ID group pair N pace/extrapolation gamma 1
  bool gamma_fix = false, halt = false;
  for (const auto& f : commands(deck, "fix")) {
    if (f.size() == 8 && f[3] == "pair") {
      EXPECT_EQ(f[1], "pace_gamma");
      EXPECT_EQ(f[4], "20");
      EXPECT_EQ(f[5], "pace/extrapolation");
      EXPECT_EQ(f[6], "gamma");
      EXPECT_EQ(f[7], "1");
      gamma_fix = true;
    }
    if (f.size() >= 7 && f[3] == "halt") {  // fix ID group halt N v_name > value
      EXPECT_EQ(f[4], "20");
      EXPECT_EQ(f[5], "v_max_pace_gamma");
      EXPECT_EQ(f[6], ">");
      EXPECT_EQ(f[7], "30");
      halt = true;
    }
  }
  EXPECT_TRUE(gamma_fix);
  EXPECT_TRUE(halt);
  EXPECT_EQ(commands(deck, "compute")[0],
            (std::vector<std::string>{"compute", "max_pace_gamma", "all", "reduce", "max", "f_pace_gamma"}));
  // Extrapolative structures: dumped only when max gamma >= lower threshold.
  EXPECT_NE(deck.find("variable dump_skip equal \"c_max_pace_gamma < 4\""), std::string::npos);
  bool grade_dump = false;
  for (const auto& d : commands(deck, "dump"))
    if (d[1] == "pace_dump") {
      EXPECT_EQ(d.back(), "f_pace_gamma");
      EXPECT_EQ(d[4], "20");
      grade_dump = true;
    }
  EXPECT_TRUE(grade_dump);
  EXPECT_NE(deck.find("dump_modify pace_dump skip v_dump_skip"), std::string::npos);
  EXPECT_NE(deck.find("variable max_pace_gamma equal c_max_pace_gamma"), std::string::npos);
  EXPECT_NE(deck.find("thermo_style custom step time temp pe ke etotal econserve press vol density c_max_pace_gamma"),
            std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "deck/NaFePO4.asi"));
  EXPECT_TRUE(std::filesystem::exists(dir / "deck/NaFePO4.yaml"));

  // Impossible thresholds.
  o.gamma_upper = 3;
  EXPECT_THROW(export_lammps_deck(protocol, o), InputError);
}

}  // namespace
}  // namespace ionglass
