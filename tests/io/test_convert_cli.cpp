// The `ionglass convert` command, run as a program.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <cstdlib>

#include "io_test_helpers.hpp"
#include "ionglass/io/lammps_data.hpp"
#include "ionglass/io/structure_io.hpp"

using namespace ionglass;
using test::temp_file;

namespace {
// Runs `ionglass ARGS`, standard output to `out`, standard error to `err`; returns the exit status.
int run(const std::string& args, const std::string& out, const std::string& err) {
  const std::string command = "'" + test::cli() + "' -q " + args + " > '" + out + "' 2> '" + err + "'";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
bool exists(const std::string& path) { return std::filesystem::exists(path); }
}  // namespace

TEST(ConvertCommand, ConvertsAGlassToExtxyzAndBack) {
  const std::string xyz = temp_file("glass.extxyz"), data = temp_file("glass.data");
  const std::string out = temp_file("stdout"), err = temp_file("stderr");
  ASSERT_EQ(run("convert '" + test::glass("Teter", 3) + "' '" + xyz + "' --json", out, err), 0) << test::read_text_file(err);
  const auto summary = nlohmann::json::parse(test::read_text_file(out));
  EXPECT_EQ(summary["frames_written"], 1);
  EXPECT_EQ(summary["natoms_last_frame"], 3003);
  EXPECT_EQ(summary["output_format"], "extxyz");
  ASSERT_EQ(run("convert '" + xyz + "' '" + data + "'", out, err), 0) << test::read_text_file(err);
  const System original = read_lammps_data(test::glass("Teter", 3));
  const System back = read_lammps_data(data);
  ASSERT_EQ(back.size(), original.size());
  EXPECT_EQ(back.counts(), original.counts());
  for (std::size_t i = 0; i < back.size(); ++i) EXPECT_NEAR((back.positions[i] - original.positions[i]).norm(), 0, 1e-13);
}

TEST(ConvertCommand, FrameSelectionAndFormatOptions) {
  const std::string dump = test::formats_dir() + "/triclinic.dump";
  const std::string poscar = temp_file("frame1.vasp"), xyz = temp_file("frames.txt");
  const std::string out = temp_file("stdout"), err = temp_file("stderr");
  // Two frames cannot go into one POSCAR: exit status 2 and no file.
  EXPECT_EQ(run("convert '" + dump + "' '" + poscar + "'", out, err), 2);
  EXPECT_FALSE(exists(poscar));
  EXPECT_NE(test::read_text_file(err).find("--frames"), std::string::npos) << test::read_text_file(err);
  ASSERT_EQ(run("convert '" + dump + "' '" + poscar + "' --frames 1", out, err), 0) << test::read_text_file(err);
  const System s = read_structure(poscar);
  EXPECT_EQ(s.size(), 6u);
  ASSERT_EQ(run("convert '" + dump + "' '" + xyz + "' --out-format extxyz --frames 0:2", out, err), 0);
  EXPECT_EQ(read_frames(xyz, {{}, "extxyz", ""}).size(), 2u);
}

TEST(ConvertCommand, BadInputExitsWithStatusTwoAndWritesNothing) {
  const std::string out = temp_file("stdout"), err = temp_file("stderr");
  // A dump without element column and without --types.
  const std::string dump = temp_file("types.dump");
  test::write_text_file(dump,
                        "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n0 5\n0 5\n0 5\n"
                        "ITEM: ATOMS id type x y z\n1 1 0 0 0\n");
  const std::string target = temp_file("never.extxyz");
  EXPECT_EQ(run("convert '" + dump + "' '" + target + "'", out, err), 2);
  EXPECT_FALSE(exists(target));
  const std::string message = test::read_text_file(err);
  EXPECT_NE(message.find(dump + ":9:"), std::string::npos) << message;
  EXPECT_NE(message.find("--types"), std::string::npos) << message;
  EXPECT_EQ(run("convert '" + dump + "' '" + target + "' --types Li", out, err), 0) << test::read_text_file(err);
  EXPECT_EQ(read_structure(target).counts().at("Li"), 1u);
  // A trajectory whose second frame is truncated: nothing is written.
  const std::string text = test::read_text_file(test::formats_dir() + "/triclinic.dump");
  const std::string truncated = temp_file("truncated.dump");
  test::write_text_file(truncated, text.substr(0, text.rfind('\n', text.size() - 2) + 1));  // drop the last line
  const std::string partial = temp_file("partial.extxyz");
  EXPECT_EQ(run("convert '" + truncated + "' '" + partial + "'", out, err), 2);
  EXPECT_FALSE(exists(partial));
  EXPECT_NE(test::read_text_file(err).find("ends after 5 of its 6 atoms"), std::string::npos) << test::read_text_file(err);
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(partial).parent_path()))
    EXPECT_EQ(entry.path().string().find(".tmp."), std::string::npos) << "left behind: " << entry.path();
  // Missing file, unknown format, empty selection.
  EXPECT_EQ(run("convert '" + temp_file("missing.data") + "' '" + target + "'", out, err), 2);
  EXPECT_NE(test::read_text_file(err).find("no such file"), std::string::npos);
  EXPECT_EQ(run("convert '" + dump + "' '" + temp_file("out.unknown") + "' --types Li", out, err), 2);
  EXPECT_NE(test::read_text_file(err).find("--out-format"), std::string::npos);
  EXPECT_EQ(run("convert '" + dump + "' '" + temp_file("none.extxyz") + "' --types Li --frames 5:9", out, err), 2);
  EXPECT_FALSE(exists(temp_file("none.extxyz")));
}
