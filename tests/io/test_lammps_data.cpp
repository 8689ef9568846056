#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/io/lammps_data.hpp"
#include "test_paths.hpp"

using namespace ionglass;
namespace fs = std::filesystem;

namespace {
std::string temp_path(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "ionglass_test_io";
  fs::create_directories(dir);
  return (dir / name).string();
}
void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}
std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
// Expects an InputError whose message contains every fragment.
void expect_error(const std::string& path, std::initializer_list<std::string> fragments, const ReadOptions& o = {}) {
  try {
    read_lammps_data(path, o);
    FAIL() << "no error for " << path;
  } catch (const InputError& e) {
    const std::string msg = e.what();
    for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << "message: " << msg << " lacks " << f;
  }
}
const char* small_file =
    "title\n\n3 atoms\n2 atom types\n\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nMasses\n\n1 15.999\n2 30.97376\n\n"
    "Atoms # charge\n\n1 1 -1.2 1.0 1.0 1.0\n2 2 3.0 2.5 1.0 1.0\n3 1 -1.2 4.0 1.0 1.0\n";
}  // namespace

TEST(LammpsData, AllBundledGlassesHaveTheRightComposition) {
  for (const char* model : {"ACE", "Teter", "BMP"}) {
    for (int i = 1; i <= 5; ++i) {
      const std::string path = test::glass(model, i);
      const System s = read_lammps_data(path);
      ASSERT_EQ(s.size(), 3003u) << path;
      const auto counts = s.counts();
      EXPECT_EQ(counts.at("Fe"), 429u) << path;
      EXPECT_EQ(counts.at("Na"), 429u) << path;
      EXPECT_EQ(counts.at("P"), 429u) << path;
      EXPECT_EQ(counts.at("O"), 1716u) << path;
      if (std::string(model) == "BMP") {
        EXPECT_EQ(s.atom_types.size(), 38u);
      }
      if (std::string(model) != "ACE") {
        EXPECT_NEAR(s.total_charge(), 0.0, 1e-9);
      }
      // Hand computation of the density from the header box and the Masses section.
      std::ifstream in(path);
      std::string line;
      double lo = 0, hi = 0;
      std::map<int, double> masses;
      bool in_masses = false;
      while (std::getline(in, line)) {
        if (line.find("xlo xhi") != std::string::npos) {
          std::istringstream(line) >> lo >> hi;
        }
        if (line.rfind("Masses", 0) == 0) {
          in_masses = true;
          continue;
        }
        if (in_masses) {
          if (line.rfind("Atoms", 0) == 0) break;
          int t;
          double m;
          if (std::istringstream(line) >> t >> m) {
            masses[t] = m;
          }
        }
      }
      double total_mass = 0;
      for (int t : s.types) total_mass += masses.at(t);
      const double volume = (hi - lo) * (hi - lo) * (hi - lo);  // the bundled cells are cubic
      const double density = total_mass / volume * 1.66053906660;
      EXPECT_NEAR(s.density_g_cm3() / density, 1.0, 1e-6) << path;
    }
  }
}

TEST(LammpsData, ReadsStyleHintImagesAndVelocities) {
  const System s = read_lammps_data(test::glass("Teter", 1));
  EXPECT_TRUE(s.has_charges());
  EXPECT_TRUE(s.has_images());
  EXPECT_TRUE(s.has_velocities());
  EXPECT_EQ(s.ids[0], 2732);
  EXPECT_DOUBLE_EQ(s.positions[0].x(), 4.294287646812297);
  EXPECT_DOUBLE_EQ(s.charges[0], -1.2);
  EXPECT_EQ(s.images[0][2], 2);
  const System a = read_lammps_data(test::glass("ACE", 1));
  EXPECT_FALSE(a.has_charges());
}

TEST(LammpsData, ExplicitTypesOverrideMasses) {
  ReadOptions o;
  o.type_elements = {"Fe", "Na", "O", "P"};
  const System s = read_lammps_data(test::glass("ACE", 2), o);
  EXPECT_EQ(s.counts().at("Fe"), 429u);
  o.type_elements = {"Fe", "Na"};
  expect_error(test::glass("ACE", 2), {"--types", "4 atom types"}, o);
}

TEST(LammpsData, WriteReadRoundTripKeepsEveryNumber) {
  const System s = read_lammps_data(test::glass("BMP", 3));
  const std::string path = temp_path("roundtrip.data");
  WriteOptions w;
  w.precision = 12;
  write_lammps_data(path, s, w);
  const System t = read_lammps_data(path);
  ASSERT_EQ(t.size(), s.size());
  EXPECT_EQ(t.atom_types.size(), 38u);
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(t.ids[i], s.ids[i]);
    EXPECT_EQ(t.types[i], s.types[i]);
    EXPECT_EQ(t.images[i], s.images[i]);
    EXPECT_LE((t.positions[i] - s.positions[i]).norm(), 1e-14 * 40);
    EXPECT_LE((t.velocities[i] - s.velocities[i]).norm(), 1e-16 * 100 + 1e-15);
    EXPECT_DOUBLE_EQ(t.charges[i], s.charges[i]);
  }
}

TEST(LammpsData, TriclinicBoxRoundTrip) {
  const std::string path = temp_path("tri.data");
  write_text(path,
             "t\n\n1 atoms\n1 atom types\n\n0 10 xlo xhi\n0 9 ylo yhi\n0 8 zlo zhi\n1.5 -0.5 2 xy xz yz\n\nMasses\n\n1 22.99\n\n"
             "Atoms # atomic\n\n1 1 1 2 3 0 0 0\n");
  const System s = read_lammps_data(path);
  EXPECT_NEAR(s.cell.volume(), 720, 1e-9);
  EXPECT_DOUBLE_EQ(s.cell.to_lammps().xz, -0.5);
  write_lammps_data(path + ".out", s);
  const System t = read_lammps_data(path + ".out");
  EXPECT_DOUBLE_EQ(t.cell.to_lammps().yz, 2.0);
}

TEST(LammpsData, BrokenInputsGiveClearErrors) {
  const std::string good = temp_path("good.data");
  write_text(good, small_file);
  EXPECT_NO_THROW(read_lammps_data(good));

  std::string text = small_file;
  // Truncated Atoms section.
  write_text(temp_path("truncated.data"), text.substr(0, text.rfind("3 1 -1.2")));
  expect_error(temp_path("truncated.data"), {"truncated.data", "Atoms", "2 of 3 rows"});
  // Wrong column count.
  std::string wrong = text;
  wrong.replace(wrong.find("2 2 3.0 2.5 1.0 1.0"), 19, "2 2 3.0 2.5 1.0");
  write_text(temp_path("columns.data"), wrong);
  expect_error(temp_path("columns.data"), {"columns.data:18:", "columns"});
  // NaN and text in a coordinate.
  std::string nan = text;
  nan.replace(nan.find("2.5 1.0 1.0"), 3, "nan");
  write_text(temp_path("nan.data"), nan);
  expect_error(temp_path("nan.data"), {"nan.data:18:", "'nan'"});
  std::string word = text;
  word.replace(word.find("2.5 1.0 1.0"), 3, "abc");
  write_text(temp_path("word.data"), word);
  expect_error(temp_path("word.data"), {"word.data:18:", "'abc'", "x"});
  // Missing Masses without --types.
  std::string nomass = text;
  nomass.erase(nomass.find("Masses"), nomass.find("Atoms") - nomass.find("Masses"));
  write_text(temp_path("nomass.data"), nomass);
  expect_error(temp_path("nomass.data"), {"no Masses", "--types"});
  ReadOptions o;
  o.type_elements = {"O", "P"};
  EXPECT_NO_THROW(read_lammps_data(temp_path("nomass.data"), o));
  // Atom count mismatch (header says more atoms than the section has, then another section).
  std::string count = text;
  count.replace(count.find("3 atoms"), 7, "4 atoms");
  count += "\nVelocities\n\n1 0 0 0\n2 0 0 0\n3 0 0 0\n";
  write_text(temp_path("count.data"), count);
  expect_error(temp_path("count.data"), {"count.data", "3 of 4 rows"});
  // Mass that matches no element.
  std::string badmass = text;
  badmass.replace(badmass.find("30.97376"), 8, "50.0");
  write_text(temp_path("badmass.data"), badmass);
  expect_error(temp_path("badmass.data"), {"matches no element", "--types"});
  // Empty file, a directory, a missing file.
  write_text(temp_path("empty.data"), "");
  expect_error(temp_path("empty.data"), {"empty.data", "empty file"});
  expect_error(fs::temp_directory_path().string(), {"directory"});
  expect_error(temp_path("does_not_exist.data"), {"no such file"});
}

TEST(LammpsData, WriterLeavesNoPartialFileOnError) {
  System s = read_lammps_data(test::glass("ACE", 1));
  const std::string path = temp_path("never.data");
  fs::remove(path);
  WriteOptions w;
  w.atom_style = "charge";  // ACE glass has no charges
  EXPECT_THROW(write_lammps_data(path, s, w), InputError);
  EXPECT_FALSE(fs::exists(path));
  for (const auto& entry : fs::directory_iterator(fs::path(path).parent_path()))
    EXPECT_EQ(entry.path().string().find("never.data.tmp"), std::string::npos);
  (void)read_text;
}
