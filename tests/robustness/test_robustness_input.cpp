// Reproductions of the reported bad-input failures (issue 16), one test per class of failure:
// each input once crashed, allocated gigabytes or was silently misread; now each is an InputError
// naming the file (and line where there is one).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "../io/io_test_helpers.hpp"
#include "ionglass/core/cell.hpp"
#include "ionglass/core/position_range.hpp"
#include "ionglass/core/system.hpp"
#include "ionglass/io/lammps_data.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/neighbor/neighbor_list.hpp"

namespace ionglass {
namespace {

using test::expect_input_error;
using test::temp_file;
using test::write_text_file;

// A good two-atom LAMMPS data file; `z_box`, `x2`, `atoms_line` and `masses` vary per test.
std::string data_file(const std::string& x2 = "1.0", const std::string& z_box = "0 10 zlo zhi",
                      const std::string& atoms_line = "2 atoms", const std::string& masses = "1 22.99\n2 15.999\n") {
  return "title\n\n" + atoms_line + "\n2 atom types\n\n0 10 xlo xhi\n0 10 ylo yhi\n" + z_box + "\n\nMasses\n\n" +
         masses + "\nAtoms # atomic\n\n1 1 0.5 0.5 0.5\n2 2 " + x2 + " 2.0 2.0\n";
}

TEST(PositionsFarOutsideCell, DataFileAtomAt1e12IsRefusedNamingTheAtom) {
  const std::string path = temp_file("far.dat");
  write_text_file(path, data_file("1e12"));
  expect_input_error([&] { read_lammps_data(path); }, {path, "atom 2", "too far outside the cell"});
}

TEST(PositionsFarOutsideCell, RepresentableOutliersAreWrappedExactly) {
  const std::string path = temp_file("outlier.dat");
  write_text_file(path, data_file("1000001.0"));  // 100000 cells away along x, exactly representable
  System s = read_lammps_data(path);
  NeighborList list;
  list.build(s, NeighborListOptions{3.0, 0.0});
  s.wrap_positions();
  EXPECT_NEAR(s.positions[1].x(), 1.0, 1e-6);
  EXPECT_EQ(s.images[1][0], 100000);
}

TEST(PositionsFarOutsideCell, NeighbourListRefusesUnwrappablePositions) {
  const Cell cell(Mat3::Identity() * 10.0);
  const std::vector<Vec3> positions{Vec3(1, 1, 1), Vec3(1e12, 0, 0)};
  NeighborList list;
  expect_input_error(
      [&] {
        list.build(cell, positions, {}, NeighborListOptions{3.0, 0.0});
      },
      {"atom 2", "too far outside the cell"});
  // Open axes (no cell) have an absolute bound.
  expect_input_error([&] { list.build(Cell(), positions, {}, NeighborListOptions{3.0, 0.0}); }, {"atom 2"});
  EXPECT_NO_THROW(check_position_range(cell, {Vec3(-9.9e6, 5, 5)}, nullptr));
}

TEST(DegenerateCell, NearlyFlatCellsAreRefusedAtConstruction) {
  for (double c : {1e-5, 1e-8, 1e-9}) {
    Mat3 h = Mat3::Identity() * 10.0;
    h(2, 2) = c;
    expect_input_error([&] { Cell cell(h); }, {"degenerate periodic cell"});
  }
  // Nearly coplanar lattice vectors of ordinary length.
  Mat3 skew;
  skew << 10, 0, 0, 0, 10, 0, 10, 10, 1e-6;
  expect_input_error([&] { Cell cell(skew); }, {"degenerate periodic cell", "coplanar"});
  // Ordinary cells, including thin-but-real ones, still work.
  Mat3 thin = Mat3::Identity() * 10.0;
  thin(2, 2) = 0.5;
  EXPECT_NO_THROW(Cell{thin});
  Mat3 open = Mat3::Identity() * 10.0;
  open(2, 2) = 1e-9;
  EXPECT_NO_THROW(Cell(open, Vec3::Zero(), {false, false, false}));
}

TEST(DegenerateCell, ReaderNamesTheFile) {
  const std::string path = temp_file("flat.dat");
  write_text_file(path, data_file("1.0", "0 1e-7 zlo zhi"));
  expect_input_error([&] { read_lammps_data(path); }, {path, "degenerate periodic cell"});
}

TEST(HeaderCounts, HugeAtomCountsAreCheckedAgainstTheFileSize) {
  const std::string xyz = temp_file("huge.extxyz");
  write_text_file(xyz, "1000000000000\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3\nNa 0 0 0\n");
  expect_input_error([&] { read_frames(xyz); }, {xyz + ":1:", "1000000000000 atoms"});
  const std::string dump = temp_file("huge.dump");
  write_text_file(dump,
                  "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1000000000\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n"
                  "0 10\nITEM: ATOMS id type x y z\n1 1 0 0 0\n");
  expect_input_error([&] { read_frames(dump, ReadOptions{.type_elements = {"Na"}}); },
                     {dump + ":4:", "1000000000 atoms"});
  const std::string data = temp_file("huge.dat");
  write_text_file(data, data_file("1.0", "0 10 zlo zhi", "1000000000 atoms"));
  expect_input_error([&] { read_lammps_data(data); }, {data + ":3:", "1000000000 atoms"});
}

TEST(HeaderCounts, NegativeAtomCountsAreReportedAsSuch) {
  const std::string data = temp_file("negative.dat");
  write_text_file(data, data_file("1.0", "0 10 zlo zhi", "-5 atoms"));
  expect_input_error([&] { read_lammps_data(data); }, {data + ":3:", "negative atoms (-5)"});
  const std::string xyz = temp_file("negative.extxyz");
  write_text_file(xyz, "-5\nProperties=species:S:1:pos:R:3\nNa 0 0 0\n");
  expect_input_error([&] { read_frames(xyz); }, {xyz + ":1:", "negative atoms (-5)"});
}

TEST(DuplicateRows, DuplicatedMassesRowIsAnError) {
  const std::string path = temp_file("masses.dat");
  write_text_file(path, data_file("1.0", "0 10 zlo zhi", "2 atoms", "1 22.99\n1 15.999\n"));
  expect_input_error([&] { read_lammps_data(path); },
                     {path + ":13:", "atom type 1 appears twice in Masses", "line 12"});
}

TEST(DuplicateRows, DuplicateAtomIdIsReportedInAtoms) {
  const std::string path = temp_file("ids.dat");
  std::string text = data_file();
  text.replace(text.find("2 2 1.0"), 1, "1");
  text += "\nVelocities\n\n1 0 0 0\n2 0 0 0\n";
  write_text_file(path, text);
  expect_input_error([&] { read_lammps_data(path); }, {path + ":18:", "duplicate atom id 1 in Atoms", "line 17"});
}

TEST(ExtendedXyzComment, UnclosedQuoteIsAnError) {
  const std::string path = temp_file("quote.extxyz");
  write_text_file(path, "1\nLattice=\"10 0 0 0 10 0 0 0 10 Properties=species:S:1:pos:R:3 pbc=\"T T T\"\nNa 0 0 0\n");
  expect_input_error([&] { read_frames(path); }, {path + ":2:", "unclosed quote"});
  write_text_file(path, "1\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3 comment=a\"b\nNa 0 0 0\n");
  expect_input_error([&] { read_frames(path); }, {path + ":2:", "lone quote"});
  write_text_file(path,
                  "1\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3 note=\"ok \\\"x\\\"\"\n"
                  "Na 0 0 0\n");
  EXPECT_EQ(read_frames(path).front().size(), 1u);
}

}  // namespace
}  // namespace ionglass
