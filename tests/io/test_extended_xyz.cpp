#include <gtest/gtest.h>

#include "io_test_helpers.hpp"
#include "ionglass/io/extended_xyz.hpp"
#include "ionglass/io/structure_io.hpp"

using namespace ionglass;
using test::expect_input_error;
using test::temp_file;
using test::write_text_file;

namespace {
std::vector<System> read_all(const std::string& path) { return read_frames(path); }

void expect_same(const System& a, const System& b) {
  EXPECT_TRUE(a.cell.matrix() == b.cell.matrix());
  EXPECT_TRUE(a.cell.origin() == b.cell.origin());
  EXPECT_EQ(a.cell.periodic(), b.cell.periodic());
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.types, b.types);
  ASSERT_EQ(a.atom_types.size(), b.atom_types.size());
  for (std::size_t t = 0; t < a.atom_types.size(); ++t) {
    EXPECT_EQ(a.atom_types[t].atomic_number, b.atom_types[t].atomic_number);
    EXPECT_EQ(a.atom_types[t].mass_amu, b.atom_types[t].mass_amu);
  }
  EXPECT_EQ(a.positions, b.positions);
  EXPECT_EQ(a.velocities, b.velocities);
  EXPECT_EQ(a.images, b.images);
  EXPECT_EQ(a.charges, b.charges);
  EXPECT_EQ(a.timestep, b.timestep);
  ASSERT_EQ(a.properties.size(), b.properties.size());
  for (const auto& [name, p] : a.properties) {
    ASSERT_TRUE(b.properties.count(name)) << name;
    const auto& q = b.properties.at(name);
    EXPECT_EQ(p.kind, q.kind) << name;
    EXPECT_EQ(p.columns, q.columns) << name;
    EXPECT_EQ(p.values, q.values) << name;
    EXPECT_EQ(p.strings, q.strings) << name;
  }
  EXPECT_EQ(a.info, b.info);
}
}  // namespace

TEST(ExtendedXyz, ReadsTheDftDataSet) {
  const std::string path = test::data_dir() + "/dft/dft_dev.extxyz";
  auto reader = open_trajectory(path);
  System frame;
  int frames = 0;
  std::size_t atoms = 0;
  while (reader->next(frame)) {
    ++frames;
    atoms += frame.size();
    ASSERT_TRUE(frame.info.count("dft_energy"));
    ASSERT_TRUE(std::holds_alternative<double>(frame.info.at("dft_energy")));
    ASSERT_TRUE(std::holds_alternative<long long>(frame.info.at("al_iteration")));
    ASSERT_TRUE(frame.properties.count("dft_forces"));
    EXPECT_EQ(frame.properties.at("dft_forces").columns, 3);
    EXPECT_TRUE(frame.cell.fully_periodic());
    // One type per element, alphabetical: Fe Na O P.
    const auto z = frame.elements_present();
    for (std::size_t t = 0; t < frame.atom_types.size(); ++t) EXPECT_EQ(frame.atom_types[t].atomic_number, z[t]);
    if (frames == 1) {
      EXPECT_EQ(frame.size(), 110u);
      EXPECT_DOUBLE_EQ(std::get<double>(frame.info.at("dft_energy")), -389.46055578);
      EXPECT_EQ(std::get<long long>(frame.info.at("source_index")), 2);
      EXPECT_DOUBLE_EQ(frame.cell.matrix()(0, 0), 13.764670476);
      EXPECT_STREQ(frame.symbol(0), "Na");
      EXPECT_DOUBLE_EQ(frame.positions[0].z(), 13.58488);
      EXPECT_DOUBLE_EQ(frame.properties.at("dft_forces").values[0], 0.952211);
    }
  }
  EXPECT_GT(frames, 100);
  EXPECT_GT(atoms, 10000u);
}

TEST(ExtendedXyz, ReadsTheAceReferenceFiles) {
  for (const char* name : {"ace_reference_dev.extxyz", "glass_ACE_1_reference.extxyz"}) {
    const auto frames = read_all(test::reference_dir() + "/ace/" + name);
    ASSERT_FALSE(frames.empty()) << name;
    for (const auto& f : frames) {
      EXPECT_TRUE(f.info.count("ace_energy"));
      EXPECT_TRUE(f.properties.count("ace_forces"));
    }
    if (std::string(name) == "glass_ACE_1_reference.extxyz") {
      ASSERT_EQ(frames.size(), 1u);
      const auto counts = frames[0].counts();
      EXPECT_EQ(counts.at("O"), 1716u);
      EXPECT_EQ(counts.at("Fe"), 429u);
      EXPECT_EQ(frames[0].properties.at("lammps_id").kind, 'I');
      EXPECT_EQ(frames[0].properties.at("lammps_id").values[0], 2154);
    }
  }
}

TEST(ExtendedXyz, InfoValuesPropertiesAndPbc) {
  const std::string path = temp_file("info.extxyz");
  write_text_file(path,
                  "2\n"
                  "Lattice=\"5 0 0 0 6 0 0 0 7\" Properties=species:S:1:pos:R:3:forces:R:3:tag:I:1:fixed:L:1:label:S:1 "
                  "energy=-1.5 step=12 name=\"two words\" flag=T other=False stress=\"1 2 3 4 5 6\" "
                  "array={7 8} bare pbc=\"T T F\" \"quoted key\"=3\n"
                  "Na 0 0 0 0.1 0.2 0.3 4 T first\n"
                  "Cl 1 1 1 -0.1 -0.2 -0.3 5 F second\n");
  const System s = read_structure(path);
  EXPECT_EQ(std::get<double>(s.info.at("energy")), -1.5);
  EXPECT_EQ(std::get<long long>(s.info.at("step")), 12);
  EXPECT_EQ(std::get<std::string>(s.info.at("name")), "two words");
  EXPECT_TRUE(std::get<bool>(s.info.at("flag")));
  EXPECT_FALSE(std::get<bool>(s.info.at("other")));
  EXPECT_TRUE(std::get<bool>(s.info.at("bare")));
  EXPECT_EQ(std::get<long long>(s.info.at("quoted key")), 3);
  EXPECT_EQ(std::get<std::vector<double>>(s.info.at("stress")), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(std::get<std::vector<double>>(s.info.at("array")), (std::vector<double>{7, 8}));
  EXPECT_TRUE(s.cell.periodic()[0]);
  EXPECT_FALSE(s.cell.periodic()[2]);
  EXPECT_EQ(s.properties.at("tag").values, (std::vector<double>{4, 5}));
  EXPECT_EQ(s.properties.at("fixed").values, (std::vector<double>{1, 0}));
  EXPECT_EQ(s.properties.at("label").strings, (std::vector<std::string>{"first", "second"}));
  // Types alphabetical: Cl = 1, Na = 2.
  EXPECT_EQ(s.types, (std::vector<int>{2, 1}));
  // Writing and reading back keeps everything, including the non-periodic axis.
  const std::string out = temp_file("info_out.extxyz");
  write_structure(out, s);
  expect_same(s, read_structure(out));
}

TEST(ExtendedXyz, NoLatticeMeansNoCell) {
  const std::string path = temp_file("molecule.xyz");
  write_text_file(path, "3\nwater\nO 0 0 0\nH 0.96 0 0\nH -0.24 0.93 0\n");
  const System s = read_structure(path);
  EXPECT_FALSE(s.cell.has_volume());
  EXPECT_EQ(s.size(), 3u);
  EXPECT_TRUE(std::get<bool>(s.info.at("water")));
  const std::string out = temp_file("molecule_out.extxyz");
  write_structure(out, s);
  expect_same(s, read_structure(out));
}

TEST(ExtendedXyz, VelocitiesChargesIdsTypesMassesImagesAreMapped) {
  const std::string path = temp_file("mapped.extxyz");
  write_text_file(path,
                  "2\nLattice=\"4 0 0 0 4 0 0 0 4\" Origin=\"-1 -1 -1\" timestep=40 "
                  "Properties=species:S:1:pos:R:3:vel:R:3:initial_charges:R:1:id:I:1:type:I:1:masses:R:1:image_flags:I:3\n"
                  "Fe 0 0 0 1 2 3 1.2 7 3 55.8 1 0 -1\n"
                  "Fe 1 1 1 4 5 6 1.8 9 2 55.8 0 0 0\n");
  const System s = read_structure(path);
  EXPECT_EQ(s.timestep, 40);
  EXPECT_EQ(s.cell.origin(), Vec3(-1, -1, -1));
  EXPECT_EQ(s.velocities[1], Vec3(4, 5, 6));
  EXPECT_EQ(s.charges, (std::vector<double>{1.2, 1.8}));
  EXPECT_EQ(s.ids, (std::vector<long long>{7, 9}));
  EXPECT_EQ(s.types, (std::vector<int>{3, 2}));
  EXPECT_EQ(s.mass(0), 55.8);
  EXPECT_EQ(s.images[0], (Image{1, 0, -1}));
  EXPECT_TRUE(s.properties.empty());
  const std::string out = temp_file("mapped_out.extxyz");
  write_structure(out, s);
  expect_same(s, read_structure(out));
}

TEST(ExtendedXyz, BrokenFilesGiveClearErrors) {
  const std::string lattice = "Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3\n";
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::string> fragments;
  };
  const std::vector<Case> cases = {
      {"truncated", "3\n" + lattice + "O 0 0 0\nO 1 1 1\n", {":4:", "ends after 2 of its 3 atoms"}},
      {"columns", "2\n" + lattice + "O 0 0 0\nO 1 1\n", {":4:", "3 columns", "declares 4"}},
      {"nan", "2\n" + lattice + "O 0 0 0\nO 1 NaN 1\n", {":4:", "'NaN'"}},
      {"text", "2\n" + lattice + "O 0 0 x\nO 1 1 1\n", {":3:", "'x'"}},
      {"unknown_element", "2\n" + lattice + "O 0 0 0\nQq 1 1 1\n", {":4:", "unknown element 'Qq'"}},
      {"count_mismatch", "1\n" + lattice + "O 0 0 0\nO 1 1 1\n", {":4:", "number of atoms"}},
      {"empty", "", {"empty file"}},
      {"bad_lattice", "1\nLattice=\"5 0 0 0 5 0\"\nO 0 0 0\n", {":2:", "Lattice needs 9 numbers"}},
      {"singular_lattice", "1\nLattice=\"5 0 0 0 5 0 0 0 0\"\nO 0 0 0\n", {":2:", "volume"}},
      {"bad_properties", "1\nProperties=species:S:1:pos:R\nO 0 0 0\n", {":2:", "triples"}},
      {"unterminated", "1\nname=\"abc\nO 0 0 0\n", {":2:", "unterminated quote"}},
      {"no_count", "O 0 0 0\n", {":1:", "number of atoms"}},
  };
  for (const auto& c : cases) {
    const std::string path = temp_file(std::string(c.name) + ".extxyz");
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
  const std::string dir = temp_file("dir.extxyz");
  std::filesystem::create_directories(dir);
  expect_input_error([&] { read_all(dir); }, {dir, "directory"});
}

TEST(ExtendedXyz, MultiFrameRoundTripOfTheDftData) {
  const auto frames = read_all(test::reference_dir() + "/ace/ace_reference_dev.extxyz");
  const std::string out = temp_file("dft_copy.extxyz");
  auto writer = create_trajectory_writer(out);
  for (const auto& f : frames) writer->write(f);
  writer->close();
  const auto again = read_all(out);
  ASSERT_EQ(again.size(), frames.size());
  for (std::size_t k = 0; k < frames.size(); ++k) expect_same(frames[k], again[k]);
}
