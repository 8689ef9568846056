// The OUTCAR reader (io/vasp_outcar.hpp) on a real VASP OUTCAR: pymatgen's OUTCAR.icorelevel
// (tests/data/formats/vasp_public/OUTCAR_static_icorelevel, see the README there), a VASP 5.4.1
// run of zinc-blende GaAs in its 8-atom cubic cell that stops after one ionic step, and the same
// file cut short at run time. Expected numbers are read off the file by eye; "line N" is the line
// of the file (1-based) where each number is written.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>
#include <vector>

#include "io_test_helpers.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/io/vasp_outcar.hpp"

using namespace ionglass;
using test::read_text_file;
using test::temp_file;
using test::write_text_file;

namespace {

std::string public_outcar() {
  return test::formats_dir() + "/vasp_public/OUTCAR_static_icorelevel";
}

// The lattice constant of the cubic cell ("direct lattice vectors", lines 1769-1771; ALAT, line 175).
constexpr double a_cell = 5.750183;
// The free energy TOTEN, energy without entropy and energy(sigma->0) of the ionic step (lines 1812
// and 1814): all three equal, as ISMEAR = -5 (tetrahedra) has no entropy term (EENTRO = 0).
constexpr double e_step = -33.08021127;

System only_step() {
  const auto frames = read_frames(public_outcar());
  EXPECT_EQ(frames.size(), 1u);
  return frames.at(0);
}

double info_double(const System& s, const char* key) {
  return std::get<double>(s.info.at(key));
}

// The offset just after the `n`-th newline at or after `from`.
std::size_t after_lines(const std::string& text, std::size_t from, int n) {
  for (int i = 0; i < n; ++i) {
    from = text.find('\n', from);
    if (from == std::string::npos) ADD_FAILURE() << "fewer than " << n << " lines follow";
    ++from;
  }
  return from;
}

// `text` written to a fresh temporary file.
std::string cut_file(const std::string& name, const std::string& text) {
  const std::string path = temp_file(name);
  write_text_file(path, text);
  return path;
}

// Runs `action`, expects an InputError whose message names `path` and contains every fragment,
// and returns its line (-1 when nothing was thrown).
template <class Action>
long expect_error(const std::string& path, Action action, std::initializer_list<std::string> fragments) {
  try {
    action();
    ADD_FAILURE() << "no InputError for " << path;
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(path), std::string::npos) << m;
    for (const auto& f : fragments) EXPECT_NE(m.find(f), std::string::npos) << m << " lacks '" << f << "'";
    return e.line();
  }
  return -1;
}

// Reads every frame with the strict reader (open_outcar).
std::vector<System> strict_frames(const std::string& path) {
  auto reader = open_outcar(path);
  std::vector<System> frames;
  System frame;
  while (reader->next(frame)) frames.push_back(frame);
  return frames;
}

}  // namespace

TEST(OutcarPublic, TheFileIsTheCopiedOne) {
  // The copy is byte for byte (README: 82352 bytes, 1899 lines); an editor that strips trailing
  // spaces or line ends would change both.
  const std::string text = read_text_file(public_outcar());
  EXPECT_EQ(text.size(), 82352u);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1899);
  EXPECT_EQ(text.rfind(" vasp.5.4.1 05Feb16", 0), 0u);  // line 1
}

TEST(OutcarPublic, GaAsAtomsElementsAndCell) {
  const System s = only_step();
  // "ions per type = 4 4" (line 340) with the TITEL lines PAW_PBE Ga_d (line 20) and PAW_PBE As
  // (line 85): four Ga then four As, in the file's order. The POTCAR lines at the top name Ga_d,
  // As, Ga_d (VASP repeats the first one); they must not count as a third element.
  ASSERT_EQ(s.size(), 8u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(s.atomic_number(i), 31) << i;          // Ga
    EXPECT_EQ(s.atomic_number(i + 4), 33) << i + 4;  // As
  }
  EXPECT_STREQ(s.symbol(0), "Ga");
  EXPECT_STREQ(s.symbol(7), "As");
  EXPECT_EQ(s.counts().at("Ga"), 4u);
  EXPECT_EQ(s.counts().at("As"), 4u);
  EXPECT_EQ(s.counts().size(), 2u);
  EXPECT_EQ(s.ids.front(), 1);
  EXPECT_EQ(s.ids.back(), 8);
  EXPECT_EQ(s.timestep, 1);  // the first (and only) ionic step
  // Cubic cell a = 5.750183 Å (lines 1769-1771), "volume of cell : 190.13" (line 1767).
  Mat3 expected = Mat3::Identity() * a_cell;
  EXPECT_TRUE(s.cell.matrix().isApprox(expected, 1e-15)) << s.cell.matrix();
  EXPECT_NEAR(s.cell.volume(), 190.13, 0.005);
  EXPECT_TRUE(s.cell.fully_periodic());
}

TEST(OutcarPublic, OneIonicStepWithItsFinalEnergies) {
  // IBRION = 2 with NSW = 99, but "reached required accuracy" (line 1833) after the first ionic
  // step: one POSITION block, one set of final energies.
  bool cut = true;
  const auto steps = read_outcar_complete_steps(public_outcar(), &cut);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_FALSE(cut);
  const System& s = steps[0];
  // Lines 1812 and 1814; not the energies of the electronic iterations (iteration 11 wrote
  // -33.07999941, iteration 1 +625.43634512).
  EXPECT_DOUBLE_EQ(info_double(s, "free_energy_eV"), e_step);
  EXPECT_DOUBLE_EQ(info_double(s, "energy_without_entropy_eV"), e_step);
  EXPECT_DOUBLE_EQ(info_double(s, "energy_sigma0_eV"), e_step);
  // PBE GaAs: -4.135 eV/atom.
  EXPECT_NEAR(info_double(s, "free_energy_eV") / 8, -4.1350, 1e-4);
  // The strict reader and read_frames (format from the name "OUTCAR...") read the same step.
  const auto strict = strict_frames(public_outcar());
  ASSERT_EQ(strict.size(), 1u);
  EXPECT_DOUBLE_EQ(info_double(strict[0], "energy_sigma0_eV"), e_step);
  EXPECT_EQ(strict[0].positions, s.positions);
}

TEST(OutcarPublic, PositionsAndForces) {
  const System s = only_step();
  // The POSITION block, lines 1794-1801 (Å, five decimals).
  EXPECT_EQ(s.positions[0], Vec3(0.0, 0.0, 0.0));
  EXPECT_EQ(s.positions[1], Vec3(0.0, 2.87509, 2.87509));
  EXPECT_EQ(s.positions[3], Vec3(2.87509, 2.87509, 0.0));
  EXPECT_EQ(s.positions[4], Vec3(1.43755, 4.31264, 1.43755));
  EXPECT_EQ(s.positions[6], Vec3(4.31264, 4.31264, 4.31264));
  EXPECT_EQ(s.positions[7], Vec3(4.31264, 1.43755, 1.43755));
  // They are the input's fractional coordinates (0, 1/4, 1/2, 3/4; lines 532-539) times a, to the
  // five printed decimals.
  const Vec3 f4 = s.cell.to_fractional(s.positions[4]);
  EXPECT_NEAR(f4.x(), 0.25, 5e-6 / a_cell);
  EXPECT_NEAR(f4.y(), 0.75, 5e-6 / a_cell);
  // Zinc blende: the Ga-As bond is sqrt(3)/4 a = 2.48990 Å, "2.49" in the nearest-neighbour
  // table (line 165: ion 1 has ions 5-8 at 2.49); positions with five decimals are within 1e-5.
  for (std::size_t j = 4; j < 8; ++j) {
    const double d = s.cell.minimum_image(s.positions[j] - s.positions[0]).norm();
    EXPECT_NEAR(d, std::sqrt(3.0) / 4 * a_cell, 1e-5) << j;
  }
  // TOTAL-FORCE: every component is printed as +-0.000000 (T_d symmetry, atoms on ideal sites).
  const auto& f = s.properties.at("forces");
  ASSERT_EQ(f.columns, 3);
  ASSERT_EQ(f.values.size(), 24u);
  for (double v : f.values) EXPECT_EQ(v, 0.0);
  // The signs of the zeros say the force columns were read in order: atom 1 "-0 -0 -0" (line
  // 1794), atom 2 "0 0 -0" (line 1795), atom 4 "-0 0 0" (line 1797), atom 5 "0 -0 0" (line 1798).
  const std::vector<bool> negative = {true, true, true, false, false, true};
  for (int k = 0; k < 6; ++k) EXPECT_EQ(std::signbit(f.values[k]), negative[k]) << k;
  EXPECT_TRUE(std::signbit(f.values[9]));
  EXPECT_FALSE(std::signbit(f.values[10]));
  EXPECT_FALSE(std::signbit(f.values[12]));
  EXPECT_TRUE(std::signbit(f.values[13]));
}

TEST(OutcarPublic, ForcesSumToZero) {
  // Newton's third law: the total force on a periodic cell vanishes ("total drift: 0 0 -0", line
  // 1803). Each component is printed to 1e-6 eV/Å, so 8 of them sum to at most 8 * 5e-7 = 4e-6
  // away from the true sum: tolerance 1e-5. Reading a position column as a force (2.87509 ...)
  // would break it by far.
  const System s = only_step();
  const auto& f = s.properties.at("forces").values;
  for (int k = 0; k < 3; ++k) {
    double sum = 0;
    for (std::size_t i = 0; i < s.size(); ++i) sum += f[3 * i + k];
    EXPECT_NEAR(sum, 0.0, 1e-5) << k;
  }
}

TEST(OutcarPublic, StressInKiloBar) {
  const System s = only_step();
  // "in kB 0.90871 0.90871 0.90871 0.00000 0.00000 0.00000" (line 1760): XX YY ZZ XY YZ ZX.
  const auto& stress = std::get<std::vector<double>>(s.info.at("stress_kB"));
  ASSERT_EQ(stress.size(), 6u);
  for (int k = 0; k < 3; ++k) EXPECT_DOUBLE_EQ(stress[k], 0.90871) << k;
  for (int k = 3; k < 6; ++k) EXPECT_EQ(stress[k], 0.0) << k;
  // The "Total" line above it (line 1759) is the same stress in eV over the cell:
  // 0.10783 eV / V * 1602.1766 kB Å^3/eV = 0.90867 kB. Both numbers are rounded to five decimals
  // (0.10783 +- 5e-6 eV is +- 4.2e-5 kB), so 1e-4 kB.
  EXPECT_NEAR(0.10783 / s.cell.volume() * 1602.1766208, stress[0], 1e-4);
  // "external pressure = 0.91 kB" (line 1761): the mean of the diagonal.
  EXPECT_NEAR((stress[0] + stress[1] + stress[2]) / 3, 0.91, 0.005);
}

TEST(OutcarPublic, CutInsideThePositionBlock) {
  const std::string text = read_text_file(public_outcar());
  const auto block = text.find(" POSITION ");  // line 1792
  ASSERT_NE(block, std::string::npos);
  // Header, dashes and three of the eight atom rows: the file ends at line 1796.
  const std::string path = cut_file("OUTCAR_in_position", text.substr(0, after_lines(text, block, 5)));
  EXPECT_EQ(expect_error(path, [&] { read_outcar_complete_steps(path); }, {"ends after 3 of 8 atoms"}), 1796);
  // The strict reader: a clear error at the last line, not a crash or a short frame.
  EXPECT_EQ(
      expect_error(path, [&] { strict_frames(path); }, {"POSITION block at line 1792", "ends after 3 of 8 atoms"}),
      1796);
  // Cut inside the fourth row ("      2.87509      2.875"): an error too.
  const auto row4 = after_lines(text, block, 5);
  const std::string mid = cut_file("OUTCAR_mid_row", text.substr(0, row4 + 23));
  expect_error(mid, [&] { strict_frames(mid); }, {"POSITION"});
  // All eight rows but not the closing dashes: the error says the file ends there.
  const std::string rows = cut_file("OUTCAR_rows_only", text.substr(0, after_lines(text, block, 10)));
  EXPECT_EQ(expect_error(rows, [&] { strict_frames(rows); }, {"POSITION block at line 1792", "file ends"}), 1801);
  expect_error(rows, [&] { read_outcar_complete_steps(rows); }, {"file ends"});
}

TEST(OutcarPublic, CutJustBeforeTheEnergies) {
  const std::string text = read_text_file(public_outcar());
  const auto energies = text.find("  free  energy   TOTEN");  // line 1812
  ASSERT_NE(energies, std::string::npos);
  const std::string path = cut_file("OUTCAR_no_energies", text.substr(0, energies));
  // No step is complete: an InputError at the last line (1811) naming the file.
  EXPECT_EQ(expect_error(path, [&] { read_outcar_complete_steps(path); }, {"no complete ionic step"}), 1811);
  // The strict reader returns the step without energies (documented), with positions and forces.
  const auto frames = strict_frames(path);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].info.count("free_energy_eV"), 0u);
  EXPECT_EQ(frames[0].info.count("energy_sigma0_eV"), 0u);
  EXPECT_EQ(frames[0].positions[4], Vec3(1.43755, 4.31264, 1.43755));
  EXPECT_EQ(frames[0].properties.at("forces").values.size(), 24u);
  // Cut after TOTEN but before "energy  without entropy" (line 1814): still not complete.
  const std::string toten = cut_file("OUTCAR_toten_only", text.substr(0, after_lines(text, energies, 2)));
  expect_error(toten, [&] { read_outcar_complete_steps(toten); }, {"no complete ionic step"});
  // Cut inside the last number of line 1814 ("energy(sigma->0) =      -33.08"): that number is
  // not the energy, so the step is not complete either.
  const auto sigma0 = text.find("-33.08021127", text.find("energy(sigma->0)", energies));
  ASSERT_LT(sigma0, after_lines(text, energies, 3));
  const std::string half_number = cut_file("OUTCAR_half_number", text.substr(0, sigma0 + 6));
  bool cut = false;
  try {
    const auto steps = read_outcar_complete_steps(half_number, &cut);
    ADD_FAILURE() << "a step whose energy line is cut short was taken as complete, energy(sigma->0) = "
                  << info_double(steps.at(0), "energy_sigma0_eV");
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(half_number), std::string::npos) << e.what();
  }
}

TEST(OutcarPublic, CutInTheHeaderAndInHalf) {
  const std::string text = read_text_file(public_outcar());
  // Right after "ions per type" (line 340): no POSITION block at all.
  const auto ions = text.find("   ions per type =");
  ASSERT_NE(ions, std::string::npos);
  const std::string header = cut_file("OUTCAR_header", text.substr(0, after_lines(text, ions, 1)));
  EXPECT_EQ(expect_error(header, [&] { read_outcar_complete_steps(header); }, {"no ionic step"}), 340);
  expect_error(header, [&] { strict_frames(header); }, {"no ionic step"});
  // At half the file (byte 41176, inside the electronic iterations before the POSITION block).
  const std::size_t half = text.size() / 2;
  ASSERT_LT(half, text.find(" POSITION "));
  const std::string path = cut_file("OUTCAR_half", text.substr(0, half));
  expect_error(path, [&] { read_outcar_complete_steps(path); }, {"no ionic step"});
  expect_error(path, [&] { strict_frames(path); }, {"no ionic step"});
}

TEST(OutcarPublic, CompleteStepFollowedByACutStep) {
  // A killed relaxation made from the real text: the whole first ionic step up to its energies
  // (line 1814), then the stress, lattice and POSITION block of the same step again (lines
  // 1746-1802) as a second step, cut in two places.
  const std::string text = read_text_file(public_outcar());
  const auto energies = text.find("  energy  without entropy=");
  const auto stress = text.find("  FORCE on cell =-STRESS");
  const auto block = text.find(" POSITION ");
  ASSERT_LT(stress, block);
  ASSERT_LT(block, energies);
  const std::string first_step = text.substr(0, after_lines(text, energies, 1));
  bool cut = false;
  // Second step cut inside its POSITION block (after 3 rows).
  const std::string in_block =
      cut_file("OUTCAR_two_in_block", first_step + text.substr(stress, after_lines(text, block, 5) - stress));
  auto steps = read_outcar_complete_steps(in_block, &cut);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_TRUE(cut);
  EXPECT_DOUBLE_EQ(info_double(steps[0], "energy_sigma0_eV"), e_step);
  EXPECT_EQ(steps[0].positions[6], Vec3(4.31264, 4.31264, 4.31264));
  // The strict reader gives the first step, then the error.
  auto reader = open_outcar(in_block);
  System frame;
  ASSERT_TRUE(reader->next(frame));
  expect_error(in_block, [&] { reader->next(frame); }, {"ends after 3 of 8 atoms"});
  // Second step complete up to the "total drift" line, cut before its energies.
  const std::string no_energies =
      cut_file("OUTCAR_two_no_energies", first_step + text.substr(stress, after_lines(text, block, 12) - stress));
  cut = false;
  steps = read_outcar_complete_steps(no_energies, &cut);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_TRUE(cut);
  EXPECT_EQ(steps[0].timestep, 1);
  // And the whole file, for contrast, is not cut short.
  EXPECT_EQ(read_outcar_complete_steps(public_outcar(), &cut).size(), 1u);
  EXPECT_FALSE(cut);
}
