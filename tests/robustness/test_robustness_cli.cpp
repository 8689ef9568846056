// Command-line behaviour on bad input (issue 16, class 7): a negative --threads and an --out that
// cannot be created end with one message and exit status 2, like every other input error. Two
// atoms on the same spot in a structure file (class 4) are a bad file too: exit status 2, the
// message names the file and the atoms, and `eval --out` writes nothing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "../io/io_test_helpers.hpp"
#include "../test_paths.hpp"

namespace ionglass {
namespace {

using test::read_text_file;
using test::temp_file;
using test::write_text_file;

int run(const std::string& args, const std::string& err) {
  const std::string command = "'" + test::cli() + "' -q " + args + " > /dev/null 2> '" + err + "'";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A LAMMPS data file of Na (type 1) and O (type 2) atoms in a cube of `edge` Å; `atoms` holds the
// "id type x y z" rows.
std::string sodium_oxygen_data_file(const std::string& name, const std::string& edge, int count,
                                    const std::string& atoms) {
  const std::string path = temp_file(name);
  write_text_file(path, "title\n\n" + std::to_string(count) + " atoms\n2 atom types\n\n0 " + edge + " xlo xhi\n0 " +
                            edge + " ylo yhi\n0 " + edge +
                            " zlo zhi\n\nMasses\n\n1 22.99\n2 15.999\n\nAtoms # atomic\n\n" + atoms);
  return path;
}

std::string small_data_file() {
  return sodium_oxygen_data_file("small.dat", "10", 2, "1 1 0.5 0.5 0.5\n2 2 2.5 2.0 2.0\n");
}

TEST(CommandLine, NegativeThreadCountIsAnInputError) {
  const std::string err = temp_file("threads.err");
  EXPECT_EQ(run("structure '" + small_data_file() + "' --threads -3", err), 2);
  EXPECT_NE(read_text_file(err).find("--threads -3"), std::string::npos) << read_text_file(err);
}

TEST(CommandLine, OutputFolderThatCannotBeCreatedIsAnInputError) {
  const std::string blocker = temp_file("a_file");
  write_text_file(blocker, "occupied\n");
  const std::string err = temp_file("out.err");
  EXPECT_EQ(run("structure '" + small_data_file() + "' --out '" + blocker + "/sub'", err), 2);
  const std::string message = read_text_file(err);
  EXPECT_NE(message.find(blocker), std::string::npos) << message;
  EXPECT_NE(message.find("cannot create or write"), std::string::npos) << message;
  EXPECT_EQ(read_text_file(blocker), "occupied\n");
}

// Na, O, Na (neutral with charges 0.6, −1.2) in a 12 Å box, the first two on the same spot.
std::string coincident_atoms_file() {
  return sodium_oxygen_data_file("coincident.dat", "12", 3, "1 1 3 3 3\n2 2 3 3 3\n3 1 8 8 8\n");
}

TEST(CommandLine, CoincidentAtomsAreAnInputErrorNamingTheFileAndTheAtoms) {
  const std::string potential = temp_file("dsf_teter_like.yaml");
  write_text_file(potential,
                  "charges: {Na: 0.6, O: -1.2}\nshort_range:\n  cutoff: 5.0\n  pairs:\n"
                  "    - {pair: [Na, O], model: buckingham, A: 4383.7555, rho: 0.243838, C: 30.7}\n"
                  "    - {pair: [O, O], model: buckingham, A: 2029.2204, rho: 0.343640, C: 192.58}\n"
                  "    - {pair: [Na, Na], model: none}\n"
                  "coulomb: {method: dsf, cutoff: 5.0, alpha: 0.2}\n");
  const std::string structure = coincident_atoms_file();
  for (const std::string& model : {potential, test::data_dir() + "/potential/NaFePO4.yace"}) {
    const std::string err = temp_file("coincident.err"), out = temp_file("coincident_out.extxyz");
    std::filesystem::remove(out);
    EXPECT_EQ(run("eval -p '" + model + "' '" + structure + "' --types Na,O --out '" + out + "'", err), 2) << model;
    const std::string message = read_text_file(err);
    EXPECT_EQ(message.rfind("ionglass: error: " + structure + ": ", 0), 0u) << message;
    EXPECT_TRUE(message.find("ids 1 and 2") != std::string::npos ||
                message.find("atoms 1 (Na) and 2 (O)") != std::string::npos)
        << message;
    EXPECT_FALSE(std::filesystem::exists(out)) << "a failed eval wrote " << out;
  }
}

}  // namespace
}  // namespace ionglass
