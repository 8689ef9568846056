#include <gtest/gtest.h>
#include <zlib.h>

#include "io_test_helpers.hpp"
#include "ionglass/io/lammps_data.hpp"
#include "ionglass/io/lammps_dump.hpp"
#include "ionglass/io/structure_io.hpp"

using namespace ionglass;
using test::expect_input_error;
using test::temp_file;
using test::write_text_file;

namespace {
const std::string triclinic_dump = test::formats_dir() + "/triclinic.dump";

std::vector<System> read_all(const std::string& path, const ReadOptions& o = {}) {
  ReadOptions options = o;
  options.format = "dump";
  return read_frames(path, options);
}

const char* orthogonal_header =
    "ITEM: TIMESTEP\n5\nITEM: NUMBER OF ATOMS\n3\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\n";
}  // namespace

TEST(LammpsDump, ReadsTriclinicBoundsScaledCoordinatesAndExtraColumns) {
  const auto frames = read_all(triclinic_dump);
  ASSERT_EQ(frames.size(), 2u);
  const System& s = frames[0];
  EXPECT_EQ(s.timestep, 1000);
  EXPECT_EQ(frames[1].timestep, 2000);
  // The bounding box written by the generator came from xlo=-0.5 xhi=9.5 ylo=0.25 yhi=8.25
  // zlo=1 zhi=10, xy=1.5 xz=-2 yz=0.75.
  const LammpsBox box = s.cell.to_lammps();
  EXPECT_NEAR(box.xlo, -0.5, 1e-12);
  EXPECT_NEAR(box.xhi, 9.5, 1e-12);
  EXPECT_NEAR(box.ylo, 0.25, 1e-12);
  EXPECT_NEAR(box.yhi, 8.25, 1e-12);
  EXPECT_NEAR(box.zlo, 1.0, 1e-12);
  EXPECT_NEAR(box.zhi, 10.0, 1e-12);
  EXPECT_NEAR(box.xy, 1.5, 1e-12);
  EXPECT_NEAR(box.xz, -2.0, 1e-12);
  EXPECT_NEAR(box.yz, 0.75, 1e-12);
  // Sorted by id; atom 1 is Na (type 2) at the generator's position.
  ASSERT_EQ(s.size(), 6u);
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_EQ(s.ids[i], static_cast<long long>(i) + 1);
  EXPECT_STREQ(s.symbol(0), "Na");
  EXPECT_EQ(s.types[0], 2);
  EXPECT_STREQ(s.symbol(1), "Fe");
  EXPECT_EQ(s.types[1], 1);
  EXPECT_NEAR(s.positions[0].x(), 7.7312893, 1e-9);
  EXPECT_NEAR(s.positions[0].y(), 7.1000204887, 1e-9);
  EXPECT_NEAR(s.positions[0].z(), 5.6379300494, 1e-9);
  // Second frame has scaled coordinates shifted by 0.01 in every fractional direction.
  EXPECT_NEAR(frames[1].positions[0].x(), 7.8262893, 1e-8);
  EXPECT_NEAR(frames[1].positions[0].y(), 7.18752049, 1e-8);
  EXPECT_NEAR(frames[1].positions[0].z(), 5.72793005, 1e-8);
  // Other columns.
  EXPECT_NEAR(s.charges[0], 0.6, 1e-12);
  EXPECT_NEAR(s.total_charge(), 2 * 0.6 + 2 * 1.2 - 2 * 1.2, 1e-12);
  ASSERT_TRUE(s.has_images());
  EXPECT_EQ(s.images[1][0], 1);
  EXPECT_EQ(s.images[1][1], -1);
  ASSERT_TRUE(s.has_velocities());
  EXPECT_NEAR(s.velocities[0].x(), 2.048189, 1e-12);
  ASSERT_TRUE(s.properties.count("forces"));
  EXPECT_EQ(s.properties.at("forces").columns, 3);
  EXPECT_NEAR(s.properties.at("forces").values[0], 0.553378, 1e-12);
  ASSERT_TRUE(s.properties.count("c_pe"));
  EXPECT_NEAR(s.properties.at("c_pe").values[1], -3.6, 1e-12);
  ASSERT_TRUE(s.properties.count("c_stress"));
  EXPECT_EQ(s.properties.at("c_stress").columns, 2);
  EXPECT_NEAR(s.properties.at("c_stress").values[0], -0.25673, 1e-12);
  EXPECT_NEAR(s.properties.at("c_stress").values[1], -0.98075, 1e-12);
  EXPECT_NEAR(s.properties.at("v_gamma").values[5], 0.5, 1e-12);
}

TEST(LammpsDump, StreamsFrameByFrame) {
  auto reader = open_trajectory(triclinic_dump);
  System frame;
  int n = 0;
  while (reader->next(frame)) {
    EXPECT_EQ(frame.size(), 6u);
    EXPECT_GT(reader->fraction_read(), 0.0);
    ++n;
  }
  EXPECT_EQ(n, 2);
  EXPECT_FALSE(reader->next(frame));
}

TEST(LammpsDump, ReadsGzipCompressedFiles) {
  const std::string text = test::read_text_file(triclinic_dump);
  const std::string gz = temp_file("compressed.dump.gz");
  gzFile f = gzopen(gz.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  const auto plain = read_all(triclinic_dump);
  const auto compressed = read_frames(gz);  // format from the name *.dump.gz
  ASSERT_EQ(compressed.size(), plain.size());
  for (std::size_t k = 0; k < plain.size(); ++k)
    for (std::size_t i = 0; i < plain[k].size(); ++i) EXPECT_EQ(plain[k].positions[i], compressed[k].positions[i]);
}

TEST(LammpsDump, TypesWithoutElementColumnNeedTypes) {
  const std::string path = temp_file("no_element.dump");
  write_text_file(path, std::string(orthogonal_header) + "ITEM: ATOMS id type xu yu zu\n3 2 1 1 1\n1 1 2 2 2\n2 1 3 3 13\n");
  expect_input_error([&] { read_all(path); }, {path, ":9:", "--types"});
  ReadOptions o;
  o.type_elements = {"O", "Si"};
  const auto frames = read_all(path, o);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_STREQ(frames[0].symbol(0), "O");
  EXPECT_STREQ(frames[0].symbol(2), "Si");
  EXPECT_NEAR(frames[0].mass(2), 28.085, 0.01);
  EXPECT_DOUBLE_EQ(frames[0].positions[1].z(), 13.0);  // unwrapped coordinates are kept as they are
  o.type_elements = {"O"};
  expect_input_error([&] { read_all(path, o); }, {path, "type 2", "--types names only 1"});
  o.type_elements = {"O", "Xq"};
  expect_input_error([&] { read_all(path, o); }, {path, "unknown element 'Xq'"});
}

TEST(LammpsDump, BrokenFilesGiveClearErrors) {
  const std::string atoms = "ITEM: ATOMS id element x y z\n";
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::string> fragments;
  };
  const std::vector<Case> cases = {
      {"truncated", std::string(orthogonal_header) + atoms + "1 O 1 1 1\n2 O 2 2 2\n", {":11:", "ends after 2 of its 3 atoms"}},
      {"columns", std::string(orthogonal_header) + atoms + "1 O 1 1 1\n2 O 2 2\n3 O 1 1 1\n", {":11:", "4 columns", "names 5"}},
      {"nan", std::string(orthogonal_header) + atoms + "1 O 1 1 1\n2 O nan 2 2\n3 O 1 1 1\n", {":11:", "'nan'"}},
      {"text", std::string(orthogonal_header) + atoms + "1 O 1 1 1\n2 O 2 abc 2\n3 O 1 1 1\n", {":11:", "'abc'"}},
      {"unknown_element", std::string(orthogonal_header) + atoms + "1 O 1 1 1\n2 Xx 2 2 2\n3 O 1 1 1\n",
       {":11:", "unknown element 'Xx'"}},
      {"count_mismatch",
       std::string(orthogonal_header) + atoms + "1 O 1 1 1\n2 O 2 2 2\nITEM: TIMESTEP\n6\n",
       {":12:", "only 2 of its 3 atoms"}},
      {"empty", "", {"empty file"}},
      {"header", "ITEM: TIMESTEP\n5\nITEM: NUMBER OF ATOMS\n", {":3:", "ends inside the header"}},
      {"no_coordinates", std::string(orthogonal_header) + "ITEM: ATOMS id element x y\n", {":9:", "coordinates"}},
      {"duplicate_id", std::string(orthogonal_header) + atoms + "1 O 1 1 1\n1 O 2 2 2\n3 O 1 1 1\n", {"appears twice"}},
  };
  for (const auto& c : cases) {
    const std::string path = temp_file(std::string(c.name) + ".dump");
    write_text_file(path, c.text);
    SCOPED_TRACE(c.name);
    try {
      read_all(path);
      ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find(path), std::string::npos) << m;
      for (const auto& f : c.fragments) EXPECT_NE(m.find(f), std::string::npos) << m << " lacks " << f;
    }
  }
  const std::string dir = temp_file("a_directory.dump");
  std::filesystem::create_directories(dir);
  expect_input_error([&] { read_all(dir); }, {dir, "directory"});
}

TEST(LammpsDump, WriterRoundTripKeepsEveryNumber) {
  const auto frames = read_all(triclinic_dump);
  const std::string out = temp_file("round_trip.dump");
  auto writer = create_trajectory_writer(out);
  for (const auto& f : frames) writer->write(f);
  writer->close();
  const auto again = read_all(out);
  ASSERT_EQ(again.size(), frames.size());
  for (std::size_t k = 0; k < frames.size(); ++k) {
    const System &a = frames[k], &b = again[k];
    EXPECT_EQ(a.timestep, b.timestep);
    EXPECT_TRUE(a.cell.matrix() == b.cell.matrix());
    EXPECT_TRUE(a.cell.origin() == b.cell.origin());
    EXPECT_EQ(a.ids, b.ids);
    EXPECT_EQ(a.types, b.types);
    EXPECT_EQ(a.positions, b.positions);
    EXPECT_EQ(a.velocities, b.velocities);
    EXPECT_EQ(a.images, b.images);
    EXPECT_EQ(a.charges, b.charges);
    ASSERT_EQ(a.properties.size(), b.properties.size());
    for (const auto& [name, p] : a.properties) {
      ASSERT_TRUE(b.properties.count(name)) << name;
      EXPECT_EQ(p.columns, b.properties.at(name).columns) << name;
      EXPECT_EQ(p.values, b.properties.at(name).values) << name;
    }
  }
}

TEST(LammpsDump, GeneralCellIsRotatedIntoLammpsFormOnWriting) {
  System s;
  Mat3 h;
  h << 5, 1, 0.5, -0.5, 6, 0.7, 0.3, -0.4, 7;
  s.cell = Cell(h);
  const int o = s.type_for_element(8);
  s.add_atom(1, o, s.cell.to_cartesian(Vec3(0.1, 0.2, 0.3)));
  s.add_atom(2, o, s.cell.to_cartesian(Vec3(0.6, 0.7, 0.9)));
  PerAtomProperty forces;
  forces.columns = 3;
  forces.values = {1, 0, 0, 0, 1, 0};
  s.properties["forces"] = forces;
  const std::string out = temp_file("rotated.dump");
  write_structure(out, s);
  const System r = read_structure(out);
  EXPECT_TRUE(r.cell.is_lammps_form());
  EXPECT_NEAR(r.cell.volume(), s.cell.volume(), 1e-9);
  // Same fractional coordinates, same distances, forces rotated with the atoms.
  for (int i = 0; i < 2; ++i)
    EXPECT_LT((r.cell.to_fractional(r.positions[i]) - s.cell.to_fractional(s.positions[i])).norm(), 1e-12);
  EXPECT_NEAR((r.positions[1] - r.positions[0]).norm(), (s.positions[1] - s.positions[0]).norm(), 1e-12);
  const auto& f = r.properties.at("forces").values;
  EXPECT_NEAR(Vec3(f[0], f[1], f[2]).norm(), 1.0, 1e-12);
  const Vec3 a_new = r.cell.vector(0).normalized();
  EXPECT_NEAR(Vec3(f[0], f[1], f[2]).dot(a_new), Vec3(1, 0, 0).dot(s.cell.vector(0).normalized()), 1e-12);
}

TEST(LammpsDump, BundledGlassRoundTripThroughDump) {
  const System glass = read_lammps_data(test::glass("Teter", 1));
  const std::string out = temp_file("glass.dump");
  write_structure(out, glass);
  const System back = read_structure(out);
  ASSERT_EQ(back.size(), glass.size());
  EXPECT_EQ(back.counts(), glass.counts());
  // The dump is sorted by id; the data file is not.
  std::map<long long, std::size_t> index;
  for (std::size_t i = 0; i < glass.size(); ++i) index[glass.ids[i]] = i;
  for (std::size_t i = 0; i < back.size(); ++i) {
    const std::size_t j = index.at(back.ids[i]);
    EXPECT_EQ(back.positions[i], glass.positions[j]);
    EXPECT_EQ(back.images[i], glass.images[j]);
    EXPECT_EQ(back.charges[i], glass.charges[j]);
    EXPECT_EQ(back.velocities[i], glass.velocities[j]);
  }
}
