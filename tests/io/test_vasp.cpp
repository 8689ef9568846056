#include <Eigen/LU>
#include <gtest/gtest.h>

#include <cmath>

#include "io_test_helpers.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/io/vasp_poscar.hpp"

using namespace ionglass;
using test::expect_input_error;
using test::formats_dir;
using test::temp_file;
using test::write_text_file;

namespace {
Mat3 test_lattice() {
  Mat3 h;
  h << 6.02, 0.0, 0.0, 0.41, 5.87, 0.0, -0.33, 0.52, 6.11;
  return h;
}

void expect_error_in_file(const std::string& name, const std::string& text, std::initializer_list<std::string> fragments,
                          const ReadOptions& options = {}) {
  const std::string path = temp_file(name);
  write_text_file(path, text);
  SCOPED_TRACE(name);
  try {
    read_frames(path, options);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(path), std::string::npos) << m;
    for (const auto& f : fragments) EXPECT_NE(m.find(f), std::string::npos) << m << " lacks " << f;
  }
}

const std::string small_poscar_head = "test\n1.0\n5 0 0\n0 5 0\n0 0 5\nNa Cl\n1 1\n";
}  // namespace

TEST(Poscar, ReadsDirectCoordinatesAndSelectiveDynamics) {
  const System s = read_structure(formats_dir() + "/POSCAR");
  ASSERT_EQ(s.size(), 14u);
  EXPECT_TRUE(s.cell.matrix().isApprox(test_lattice(), 1e-15));
  const auto counts = s.counts();
  EXPECT_EQ(counts.at("Na"), 2u);
  EXPECT_EQ(counts.at("Fe"), 2u);
  EXPECT_EQ(counts.at("P"), 2u);
  EXPECT_EQ(counts.at("O"), 8u);
  // File order kept; types alphabetical (Fe 1, Na 2, O 3, P 4).
  EXPECT_STREQ(s.symbol(0), "Na");
  EXPECT_EQ(s.types[0], 2);
  EXPECT_EQ(s.types[2], 1);
  const Vec3 f0 = s.cell.to_fractional(s.positions[0]);
  EXPECT_NEAR(f0.x(), 0.6250954666046670, 1e-15);
  const auto& flags = s.properties.at("selective_dynamics");
  EXPECT_EQ(flags.kind, 'L');
  EXPECT_EQ(flags.values[0], 0);  // atom 1: F F T
  EXPECT_EQ(flags.values[2], 1);
  EXPECT_EQ(flags.values[3], 1);  // atom 2: T T T
  EXPECT_EQ(std::get<std::string>(s.info.at("comment")), "NaFePO4 glass fragment (hand-made test structure)");
}

TEST(Poscar, CartesianScaleHashedSpeciesAndVelocities) {
  const System direct = read_structure(formats_dir() + "/POSCAR");
  const System md = read_structure(formats_dir() + "/CONTCAR_md", {{}, "poscar", ""});
  // Same structure written with a scale factor of 1.05 and Cartesian coordinates (12 decimals).
  EXPECT_TRUE(md.cell.matrix().isApprox(test_lattice(), 1e-10));
  for (std::size_t i = 0; i < md.size(); ++i) EXPECT_LT((md.positions[i] - direct.positions[i]).norm(), 1e-10);
  EXPECT_EQ(md.counts(), direct.counts());
  ASSERT_TRUE(md.has_velocities());
  // Å/fs in the file, Å/ps in ionglass.
  EXPECT_NEAR(md.velocities[0].x(), 1000 * 3.18908871e-04, 1e-9);
}

TEST(Poscar, NegativeScaleIsTheVolumeAndVasp4NeedsTypes) {
  expect_input_error([] { read_structure(formats_dir() + "/POSCAR_vasp4", {{}, "poscar", ""}); },
                     {"POSCAR_vasp4", ":6:", "--types"});
  const System s = read_structure(formats_dir() + "/POSCAR_vasp4", {{"Na", "Fe", "P", "O"}, "poscar", ""});
  EXPECT_NEAR(s.cell.volume(), 1.1 * std::abs(test_lattice().determinant()), 1e-8);
  EXPECT_EQ(s.counts().at("O"), 8u);
  const System reference = read_structure(formats_dir() + "/POSCAR");
  for (std::size_t i = 0; i < s.size(); ++i)
    EXPECT_LT((s.cell.to_fractional(s.positions[i]) - reference.cell.to_fractional(reference.positions[i])).norm(), 1e-14);
}

TEST(Poscar, WriterRoundTrip) {
  const System s = read_structure(formats_dir() + "/CONTCAR_md", {{}, "poscar", ""});
  const std::string out = temp_file("POSCAR");
  write_structure(out, s);
  const System back = read_structure(out);
  ASSERT_EQ(back.size(), s.size());
  EXPECT_TRUE(back.cell.matrix() == s.cell.matrix());
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_LT((back.positions[i] - s.positions[i]).norm(), 1e-13);
    EXPECT_LT((back.velocities[i] - s.velocities[i]).norm(), 1e-12);
    EXPECT_EQ(back.types[i], s.types[i]);
  }
  const System flags = read_structure(formats_dir() + "/POSCAR");
  write_structure(out, flags);
  EXPECT_EQ(read_structure(out).properties.at("selective_dynamics").values,
            flags.properties.at("selective_dynamics").values);
}

TEST(Poscar, BrokenFilesGiveClearErrors) {
  expect_error_in_file("POSCAR_truncated", small_poscar_head + "Direct\n0 0 0\n", {":9:", "1 of the 2 atom positions"});
  expect_error_in_file("POSCAR_nan", small_poscar_head + "Direct\n0 0 0\n0.5 nan 0.5\n", {":10:", "'nan'"});
  expect_error_in_file("POSCAR_columns", small_poscar_head + "Direct\n0 0 0\n0.5 0.5\n", {":10:", "columns"});
  expect_error_in_file("POSCAR_element", "t\n1\n5 0 0\n0 5 0\n0 0 5\nNa Xy\n1 1\nDirect\n0 0 0\n1 1 1\n",
                       {":6:", "unknown element 'Xy'"});
  expect_error_in_file("POSCAR_counts", "t\n1\n5 0 0\n0 5 0\n0 0 5\nNa Cl O\n1 1\nDirect\n0 0 0\n1 1 1\n",
                       {":7:", "3 elements", "2 numbers"});
  expect_error_in_file("POSCAR_mode", small_poscar_head + "Polar\n0 0 0\n1 1 1\n", {":8:", "coordinate mode"});
  expect_error_in_file("POSCAR_lattice", "t\n1\n5 0 0\n0 5 0\n0 0 0\nNa\n1\nDirect\n0 0 0\n", {":5:", "no volume"});
  expect_error_in_file("POSCAR_empty", "", {"empty file"});
  const std::string dir = temp_file("CONTCAR_dir");
  std::filesystem::create_directories(dir);
  expect_input_error([&] { read_structure(dir, {{}, "poscar", ""}); }, {dir, "directory"});
}

TEST(Xdatcar, FixedCellStreamsThreeFrames) {
  auto reader = open_trajectory(formats_dir() + "/XDATCAR_fixed");
  System frame;
  std::vector<System> frames;
  while (reader->next(frame)) frames.push_back(frame);
  ASSERT_EQ(frames.size(), 3u);
  const System poscar = read_structure(formats_dir() + "/POSCAR");
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(frames[k].timestep, static_cast<long long>(10 * k + 1));
    EXPECT_TRUE(frames[k].cell.matrix() == frames[0].cell.matrix());
    EXPECT_EQ(frames[k].counts(), poscar.counts());
  }
  // Frame 3 = POSCAR fractional coordinates + 0.02 (wrapped), 8 decimals in the file.
  Vec3 expected = poscar.cell.to_fractional(poscar.positions[0]) + Vec3::Constant(0.02);
  for (int k = 0; k < 3; ++k) expected[k] -= std::floor(expected[k]);
  EXPECT_LT((frames[2].cell.to_fractional(frames[2].positions[0]) - expected).norm(), 1e-8);
}

TEST(Xdatcar, VariableCellRepeatsTheHeader) {
  const auto frames = read_frames(formats_dir() + "/XDATCAR_variable");
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_NEAR(frames[0].cell.matrix()(0, 0), 6.02, 1e-12);
  EXPECT_NEAR(frames[2].cell.matrix()(0, 0), 6.02 * 1.02, 1e-6);
  EXPECT_NEAR(frames[2].cell.volume(), std::pow(1.02, 3) * std::abs(test_lattice().determinant()), 1e-3);
  // Frame selection while streaming.
  FrameSelection pick = parse_frame_selection("1:3");
  const auto two = read_frames(formats_dir() + "/XDATCAR_variable", {}, pick);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].timestep, 2);
}

TEST(Xdatcar, WriterRoundTripFixedAndVariableCell) {
  for (const char* name : {"XDATCAR_fixed", "XDATCAR_variable"}) {
    const auto frames = read_frames(formats_dir() + "/" + name);
    const std::string out = temp_file(std::string(name) + "_copy");
    auto writer = create_trajectory_writer(out, {"xdatcar"});
    for (const auto& f : frames) writer->write(f);
    writer->close();
    const auto back = read_frames(out, {{}, "xdatcar", ""});
    ASSERT_EQ(back.size(), frames.size());
    for (std::size_t k = 0; k < frames.size(); ++k) {
      EXPECT_TRUE(back[k].cell.matrix() == frames[k].cell.matrix());
      EXPECT_EQ(back[k].timestep, frames[k].timestep);
      for (std::size_t i = 0; i < frames[k].size(); ++i) EXPECT_LT((back[k].positions[i] - frames[k].positions[i]).norm(), 1e-13);
    }
  }
}

TEST(Xdatcar, BrokenFilesGiveClearErrors) {
  const std::string head = "t\n1\n5 0 0\n0 5 0\n0 0 5\nNa Cl\n1 1\n";
  expect_error_in_file("XDATCAR_truncated", head + "Direct configuration=  1\n0 0 0\n0.5 0.5 0.5\nDirect configuration=  2\n0 0 0\n",
                       {":12:", "ends after 1 of its 2 atoms"});
  expect_error_in_file("XDATCAR_short", head + "Direct configuration=  1\n0 0 0\nDirect configuration=  2\n0 0 0\n0 0 0\n",
                       {":10:", "only 1 of its 2 atoms"});
  expect_error_in_file("XDATCAR_text", head + "Direct configuration=  1\n0 0 0\n0.5 zero 0.5\n", {":10:", "'zero'"});
  expect_error_in_file("XDATCAR_vasp4", "t\n1\n5 0 0\n0 5 0\n0 0 5\n1 1\nDirect configuration=  1\n0 0 0\n0 0 0\n",
                       {":6:", "--types"});
  expect_error_in_file("XDATCAR_empty", "", {"empty file"});
}

TEST(Outcar, ReadsTwoIonicSteps) {
  const auto frames = read_frames(formats_dir() + "/OUTCAR");
  ASSERT_EQ(frames.size(), 2u);
  const System& a = frames[0];
  const System& b = frames[1];
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(a.counts().at("O"), 4u);
  EXPECT_EQ(a.counts().at("Fe"), 1u);
  EXPECT_STREQ(a.symbol(0), "Na");
  EXPECT_EQ(a.timestep, 1);
  EXPECT_EQ(b.timestep, 2);
  // The final energies of each step, not those of the electronic iterations.
  EXPECT_DOUBLE_EQ(std::get<double>(a.info.at("free_energy_eV")), -45.12345678);
  EXPECT_DOUBLE_EQ(std::get<double>(a.info.at("energy_without_entropy_eV")), -45.1);
  EXPECT_DOUBLE_EQ(std::get<double>(a.info.at("energy_sigma0_eV")), -45.11172839);
  EXPECT_DOUBLE_EQ(std::get<double>(b.info.at("free_energy_eV")), -45.23456789);
  // Lattice of step 2 (ISIF=3): a scaled by 1.01, c by 0.99.
  EXPECT_NEAR(a.cell.matrix()(0, 0), 5.2, 1e-9);
  EXPECT_NEAR(b.cell.matrix()(0, 0), 5.252, 1e-9);
  EXPECT_NEAR(b.cell.matrix()(2, 0), 0.297, 1e-9);
  const auto& stress = std::get<std::vector<double>>(a.info.at("stress_kB"));
  ASSERT_EQ(stress.size(), 6u);
  // Forces and positions against the file text.
  const std::string text = test::read_text_file(formats_dir() + "/OUTCAR");
  const auto block = text.find("TOTAL-FORCE");
  const auto first_row = text.find('\n', text.find('\n', block) + 1) + 1;
  std::istringstream row(text.substr(first_row, 120));
  double x, y, z, fx, fy, fz;
  row >> x >> y >> z >> fx >> fy >> fz;
  EXPECT_EQ(a.positions[0], Vec3(x, y, z));
  const auto& forces = a.properties.at("forces").values;
  EXPECT_EQ(forces[0], fx);
  EXPECT_EQ(forces[2], fz);
  const auto kb = text.find("in kB");
  std::istringstream srow(text.substr(kb + 5, 80));
  double sxx;
  srow >> sxx;
  EXPECT_EQ(stress[0], sxx);
}

TEST(Outcar, BrokenFilesGiveClearErrors) {
  const std::string text = test::read_text_file(formats_dir() + "/OUTCAR");
  // Cut inside the second POSITION block.
  const auto second = text.find("TOTAL-FORCE", text.find("TOTAL-FORCE") + 1);
  const auto cut = text.find('\n', text.find('\n', text.find('\n', second) + 1) + 1);
  expect_error_in_file("OUTCAR_truncated", text.substr(0, cut + 1), {"ends after 1 of 7 atoms"});
  // Wrong number of ions.
  std::string wrong = text;
  wrong.replace(wrong.find("1   1   1   4"), 13, "1   1   1   5");
  expect_error_in_file("OUTCAR_count", wrong, {"has 7 atoms", "sums to 8"});
  std::string nan = text;
  const auto row = text.find('\n', text.find('\n', text.find("TOTAL-FORCE")) + 1) + 1;
  const auto x = text.find_first_not_of(' ', row);
  nan.replace(x, text.find(' ', x) - x, "NaN");
  expect_error_in_file("OUTCAR_nan", nan, {"NaN"});
  expect_error_in_file("OUTCAR_empty", "", {"empty file"});
  expect_error_in_file("OUTCAR_nothing", "just a log\n", {"no ionic step"});
}
