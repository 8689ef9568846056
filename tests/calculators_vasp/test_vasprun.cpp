// The vasprun.xml reader on real VASP output (tests/data/formats/vasp_public): a complete
// 10-step MD run and a killed relaxation, and both cut short at run time. Expected numbers are
// read off the files by eye.
#include <gtest/gtest.h>

#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/io/vasp_vasprun.hpp"
#include "vasp_test_support.hpp"

using namespace ionglass;
using namespace ionglass::test;

namespace {

void expect_input_error(const std::string& path, std::initializer_list<const char*> parts) {
  try {
    read_vasprun(path);
    FAIL() << "expected an InputError for " << path;
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_GT(e.line(), 0) << what;
    for (const char* p : parts) EXPECT_NE(what.find(p), std::string::npos) << "'" << p << "' not in: " << what;
  }
}

}  // namespace

TEST(Vasprun, CompleteMolecularDynamicsRun) {
  const VasprunContent run = read_vasprun(md_vasprun());
  EXPECT_TRUE(run.complete);
  EXPECT_EQ(run.header.program_version, "6.3.2");
  ASSERT_EQ(run.header.atomic_numbers.size(), 64u);
  for (int z : run.header.atomic_numbers) EXPECT_EQ(z, 14);  // Si
  EXPECT_EQ(run.header.incar.at("MDALGO"), "2");
  EXPECT_EQ(run.header.incar.at("IBRION"), "0");
  EXPECT_EQ(run.header.parameters.at("TEBEG"), "2000.00000000");
  EXPECT_EQ(run.header.electronic_step_limit(), 60);
  ASSERT_EQ(run.steps.size(), 10u);  // NSW = 10
  const auto& first = run.steps.front();
  const auto& last = run.steps.back();
  EXPECT_DOUBLE_EQ(first.free_energy_eV, -338.31623099);
  EXPECT_DOUBLE_EQ(first.energy_without_entropy_eV, -338.31622980);
  EXPECT_DOUBLE_EQ(first.energy_sigma0_eV, -338.31623040);
  EXPECT_DOUBLE_EQ(run.steps[4].free_energy_eV, -330.02214690);
  EXPECT_DOUBLE_EQ(last.free_energy_eV, -327.76427636);
  EXPECT_EQ(first.electronic_steps, 12);
  EXPECT_EQ(last.electronic_steps, 3);
  EXPECT_DOUBLE_EQ(first.forces[0][0], -0.00027722);
  EXPECT_DOUBLE_EQ(first.forces[0][2], 0.00004362);
  EXPECT_DOUBLE_EQ(run.steps[1].forces[6][2], -1.00807831);
  ASSERT_TRUE(last.stress_kB.has_value());
  EXPECT_DOUBLE_EQ((*last.stress_kB)(0, 0), 32.68638766);
  EXPECT_DOUBLE_EQ((*last.stress_kB)(0, 2), -2.21627287);
  EXPECT_DOUBLE_EQ((*first.stress_kB)(2, 2), 28.19731913);
  EXPECT_DOUBLE_EQ(first.lattice(1, 1), 10.8618);
  // Fractional 0.99852780 0.99978277 0.00142032 of atom 1 in step 2, cubic cell a = 10.8618 Å.
  EXPECT_NEAR(run.steps[1].positions[0][0], 0.99852780 * 10.8618, 1e-12);
  EXPECT_NEAR(run.steps[1].positions[0][2], 0.00142032 * 10.8618, 1e-12);
}

TEST(Vasprun, KilledRelaxationGivesItsCompleteSteps) {
  VasprunReader reader(killed_vasprun());
  ASSERT_EQ(reader.header().atomic_numbers.size(), 48u);
  EXPECT_EQ(reader.header().atomic_numbers.front(), 26);  // 16 Fe, then 32 S
  EXPECT_EQ(reader.header().atomic_numbers[15], 26);
  EXPECT_EQ(reader.header().atomic_numbers[16], 16);
  EXPECT_EQ(reader.header().electronic_step_limit(), 100);
  EXPECT_EQ(reader.header().incar.at("ISPIN"), "2");
  std::vector<VasprunIonicStep> steps;
  VasprunIonicStep step;
  while (reader.next(step)) steps.push_back(step);
  EXPECT_FALSE(reader.next(step));  // stays at the end
  EXPECT_TRUE(reader.cut_short());
  EXPECT_FALSE(reader.complete());
  ASSERT_EQ(steps.size(), 3u);  // the 4th <calculation> ends inside an electronic step
  EXPECT_DOUBLE_EQ(steps[0].free_energy_eV, -283.71958190);
  EXPECT_DOUBLE_EQ(steps[0].energy_without_entropy_eV, -283.71336160);
  // VASP 5.3.5 writes the entropy term (-0.01244061) as the step's e_0_energy; the last
  // electronic step has the real energy(sigma->0).
  EXPECT_DOUBLE_EQ(steps[0].energy_sigma0_eV, -283.71470781);
  EXPECT_DOUBLE_EQ(steps[2].free_energy_eV, 83.57965717);
  EXPECT_EQ(steps[0].electronic_steps, 71);
  EXPECT_EQ(steps[1].electronic_steps, 19);
  EXPECT_EQ(steps[2].electronic_steps, 9);
  EXPECT_DOUBLE_EQ(steps[0].forces[0][0], 1.58379598);
  EXPECT_DOUBLE_EQ(steps[0].forces[47][2], -0.67340046);
  EXPECT_DOUBLE_EQ((*steps[2].stress_kB)(1, 1), -22.01829338);
  // Lattice rows (0, a, 0), (0, 0, a), (c, 0, 0): Cartesian = f1·a1 + f2·a2 + f3·a3.
  EXPECT_NEAR(steps[1].positions[0][0], 0.20899257 * 32.58093, 1e-12);
  EXPECT_NEAR(steps[1].positions[0][1], 0.00117132 * 5.430155, 1e-12);
  EXPECT_NEAR(steps[1].positions[0][2], 0.50174415 * 5.430155, 1e-12);
}

TEST(Vasprun, FilesCutInHalf) {
  const auto dir = vasp_scratch("vasprun_cut");
  // The MD run cut in half: the steps whose </calculation> lies in the first half, no more.
  const std::string md = text_of(md_vasprun());
  const std::string half = md.substr(0, md.size() / 2);
  std::size_t closed = 0;
  for (auto at = half.find("</calculation>"); at != std::string::npos; at = half.find("</calculation>", at + 1))
    ++closed;
  ASSERT_GE(closed, 2u);
  const VasprunContent cut = read_vasprun(write_text(dir / "md_half.xml", half));
  EXPECT_FALSE(cut.complete);
  ASSERT_EQ(cut.steps.size(), closed);
  EXPECT_DOUBLE_EQ(cut.steps.front().free_energy_eV, -338.31623099);
  // Cut right after a </calculation>: that step is complete.
  const auto third = md.find("</calculation>", md.find("</calculation>", md.find("</calculation>") + 1) + 1);
  const VasprunContent three = read_vasprun(write_text(dir / "md_three.xml", md.substr(0, third + 14)));
  EXPECT_EQ(three.steps.size(), 3u);
  EXPECT_DOUBLE_EQ(three.steps.back().free_energy_eV, -335.62037318);
  // The killed relaxation cut in half: not even the first step is complete.
  const std::string killed = text_of(killed_vasprun());
  expect_input_error(write_text(dir / "killed_half.xml", killed.substr(0, killed.size() / 2)),
                     {"ends inside the first ionic step"});
  // Cut before <atominfo>.
  expect_input_error(write_text(dir / "header.xml", md.substr(0, 3000)), {"before <atominfo>"});
}

TEST(Vasprun, MalformedStepsAreInputErrors) {
  const auto dir = vasp_scratch("vasprun_bad");
  const std::string md = first_step_only(text_of(md_vasprun()));
  // One force row fewer than atoms.
  std::string missing = md;
  const auto forces = missing.find("<varray name=\"forces\" >");
  const auto row = missing.find("<v>", forces);
  missing.erase(row, missing.find('\n', row) - row + 1);
  expect_input_error(write_text(dir / "missing_force.xml", missing), {"63 forces", "64 atoms"});
  // A number VASP could not print.
  std::string stars = md;
  stars.replace(stars.find("-0.00027722"), 11, "***********");
  expect_input_error(write_text(dir / "stars.xml", stars), {"a force", "not a finite number"});
  // No energy.
  std::string no_energy = md;
  const auto e = no_energy.rfind("<i name=\"e_fr_energy\">");
  no_energy.replace(e, 22, "<i name=\"e_fr_energX\">");
  expect_input_error(write_text(dir / "no_energy.xml", no_energy), {"no e_fr_energy"});
  // Mismatched tags.
  std::string crossed = md;
  crossed.replace(crossed.find("</varray>\n  <varray name=\"stress\""), 9, "</array>");
  expect_input_error(write_text(dir / "crossed.xml", crossed), {"</array> closes <varray>"});
  // A complete file without ionic steps, and an empty one.
  const auto calc = md.find(" <calculation>");
  expect_input_error(write_text(dir / "no_steps.xml", md.substr(0, calc) + "</modeling>\n"), {"no ionic step"});
  EXPECT_THROW(read_vasprun(write_text(dir / "empty.xml", "")), InputError);
}

TEST(Vasprun, IsATrajectoryFormat) {
  EXPECT_EQ(detect_format("/runs/7/vasprun.xml"), FileFormat::Vasprun);
  EXPECT_EQ(detect_format("vasprun_md_si64.xml.gz"), FileFormat::Vasprun);
  EXPECT_EQ(parse_format_name("vasprun"), FileFormat::Vasprun);
  const auto frames = read_frames(md_vasprun(), {}, parse_frame_selection("0:10:9"));
  ASSERT_EQ(frames.size(), 2u);  // steps 1 and 10
  EXPECT_EQ(frames[1].timestep, 10);
  EXPECT_EQ(frames[0].size(), 64u);
  EXPECT_STREQ(frames[0].symbol(0), "Si");
  EXPECT_DOUBLE_EQ(std::get<double>(frames[1].info.at("free_energy_eV")), -327.76427636);
  EXPECT_DOUBLE_EQ(frames[1].properties.at("forces").values[0], 1.07248398);
  const auto& stress = std::get<std::vector<double>>(frames[1].info.at("stress_kB"));
  EXPECT_DOUBLE_EQ(stress[3], 0.34602449);   // XY
  EXPECT_DOUBLE_EQ(stress[5], -2.21627287);  // ZX
  // The killed relaxation: its three complete steps.
  EXPECT_EQ(read_frames(killed_vasprun()).size(), 3u);
  const auto dir = vasp_scratch("vasprun_write");
  EXPECT_THROW(write_structure((dir / "vasprun.xml").string(), frames[0]), InputError);
}
