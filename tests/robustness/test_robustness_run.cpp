// Partial output from `run` (issue 16, class 9): a run whose potential cannot be loaded or whose
// first step is not finite used to leave a header-only thermo.csv and an empty trajectory. Now
// the potential is loaded and the first forces are checked before the output folder is touched.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "../io/io_test_helpers.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/md/protocol_runner.hpp"

namespace ionglass {
namespace {

using test::temp_file;
using test::write_text_file;

// Two argon atoms `separation` Å apart in a 12 Å box.
std::string argon_pair(const std::string& separation) {
  const std::string path = temp_file("pair.dat");
  write_text_file(path,
                  "title\n\n2 atoms\n1 atom types\n\n0 12 xlo xhi\n0 12 ylo yhi\n0 12 zlo zhi\n\nMasses\n\n"
                  "1 39.948\n\nAtoms # atomic\n\n1 1 3 3 3\n2 1 " +
                      separation + " 3 3\n");
  return path;
}

// Runs the protocol into a fresh folder; returns the error message ("" when it ran).
std::string run_into(const std::string& protocol_text, const std::string& out) {
  std::filesystem::remove_all(out);
  try {
    const Protocol p = parse_protocol(protocol_text, temp_file("p.yaml"));
    RunOptions options;
    options.output_dir = out;
    options.progress = false;
    run_protocol(p, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

const std::string tail =
    "stages:\n  - {ensemble: nve, steps: 2, timestep_ps: 0.001}\n"
    "outputs: {thermo_every: 1, trajectory_every: 1, trajectory_file: traj.extxyz}\n";
const std::string lj = "potential:\n  lennard_jones: {epsilon_eV: 0.0104, sigma_A: 3.4, cutoff_A: 5.0}\n";

TEST(RunStart, FirstStepNotFiniteLeavesNoOutput) {
  const std::string out = temp_file("run_coincident");
  const std::string structure = argon_pair("3");
  // Without the safety distance the first force evaluation meets the coincident pair.
  const std::string message =
      run_into("structure: {file: " + structure + "}\n" + lj + tail + "safety: {min_distance_A: 0}\n", out);
  EXPECT_NE(message.find("not finite"), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(out)) << "a failed start created " << out;
}

// The structure is the user's input at the first step: an InputError (exit status 2) that names
// the structure file and the two atoms, whether the safety distance or the potential finds them.
TEST(RunStart, CoincidentAtomsAtTheStartAreAnInputErrorNamingTheStructureFile) {
  const std::string structure = argon_pair("3");
  for (const std::string safety : {"", "safety: {min_distance_A: 0}\n"}) {
    const std::string out = temp_file("run_coincident_input");
    std::filesystem::remove_all(out);
    try {
      RunOptions options;
      options.output_dir = out;
      options.progress = false;
      run_protocol(parse_protocol("structure: {file: " + structure + "}\n" + lj + tail + safety, temp_file("p.yaml")),
                   options);
      ADD_FAILURE() << "coincident atoms ran";
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), structure);
      const std::string& m = e.problem();
      EXPECT_TRUE(m.find("atoms id 1 (Ar) and id 2 (Ar)") != std::string::npos ||
                  m.find("ids 1 and 2 (Ar, Ar)") != std::string::npos)
          << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(out));
  }
}

TEST(RunStart, MissingPotentialLeavesNoOutput) {
  const std::string out = temp_file("run_missing_potential");
  const std::string message = run_into(
      "structure: {file: " + argon_pair("6") + "}\npotential: " + temp_file("missing.yaml") + "\n" + tail, out);
  EXPECT_NE(message.find("missing.yaml"), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(RunStart, GoodRunStillWritesItsOutputs) {
  const std::string out = temp_file("run_good");
  EXPECT_EQ(run_into("structure: {file: " + argon_pair("6.8") + "}\n" + lj + tail, out), "");
  EXPECT_TRUE(std::filesystem::exists(out + "/traj.extxyz"));
}

}  // namespace
}  // namespace ionglass
