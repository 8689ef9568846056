// The vasp calculator end to end with a fake `vasp`: shell scripts that write real VASP output
// (tests/data/formats/vasp_public) into the job folder, exit 1, or write half a file. Checks the
// written inputs (INCAR, KPOINTS, POSCAR, POTCAR from a fake POTCAR library), the numbers and
// their units and signs, AIMD frames, and every failure status.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "ionglass/calculators/calculator_registry.hpp"
#include "ionglass/calculators/vasp_calculator.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/element_types.hpp"
#include "ionglass/io/vasp_incar.hpp"
#include "ionglass/io/vasp_kpoints.hpp"
#include "ionglass/io/vasp_outcar.hpp"
#include "ionglass/io/vasp_poscar.hpp"
#include "ionglass/io/vasp_vasprun.hpp"
#include "vasp_test_support.hpp"

namespace fs = std::filesystem;
using namespace ionglass;
using namespace ionglass::calculators;
using namespace ionglass::test;

namespace {

const char* si_potcar =
    "  PAW_PBE Si 05Jan2001\n   4.00000000000000000\n parameters from PSCTR are:\n   VRHFIN =Si: s2p2\n"
    "   TITEL  = PAW_PBE Si 05Jan2001\n End of Dataset\n";

// The Si64 cell of the MD run at its first ionic step (the structure VASP was given).
System si64() {
  VasprunReader reader(md_vasprun());
  VasprunIonicStep step;
  EXPECT_TRUE(reader.next(step));
  System s;
  s.cell = Cell(step.lattice);
  s.positions = step.positions;
  for (std::size_t i = 0; i < s.positions.size(); ++i) s.ids.push_back(static_cast<long long>(i) + 1);
  assign_types_by_element(s, reader.header().atomic_numbers);
  return s;
}

// A shell script `name` in `dir` running `body`; returns its path.
std::string script(const fs::path& dir, const std::string& name, const std::string& body) {
  const std::string path = write_text(dir / name, "#!/bin/sh\n" + body + "\n");
  ::chmod(path.c_str(), 0755);
  return path;
}

struct Setup {
  fs::path dir;
  VaspSettings settings;
};

Setup setup(const std::string& name, const std::string& fake_body) {
  Setup s;
  s.dir = vasp_scratch(name);
  fs::create_directories(s.dir / "potpaw" / "Si");
  write_text(s.dir / "potpaw" / "Si" / "POTCAR", si_potcar);
  s.settings.command = {script(s.dir, "fake_vasp", fake_body)};
  s.settings.cores = 4;
  s.settings.potcar_library = (s.dir / "potpaw").string();
  s.settings.potcars = {{"Si", "Si"}};
  return s;
}

CalculationResult run(const Setup& s, const CalculationRequest& request = {}) {
  ExecutionContext context;
  context.threads = 1;
  return calculate(VaspCalculator(s.settings), si64(), request, (s.dir / "job").string(), context);
}

}  // namespace

TEST(VaspCalculator, SinglePointWithFakeVasp) {
  auto s = setup("single_point", "");
  const std::string vasprun = write_text(s.dir / "saved.xml", first_step_only(text_of(md_vasprun())));
  s.settings.command = {script(s.dir, "fake_vasp", "cp '" + vasprun + "' vasprun.xml; echo fake vasp done")};
  const CalculationResult r = run(s);
  ASSERT_TRUE(r.ok()) << status_name(r.status) << ": " << r.message;
  EXPECT_DOUBLE_EQ(r.energy_eV, -338.31623099);  // TOTEN (e_fr_energy)
  EXPECT_DOUBLE_EQ(r.extra_values.at("energy_sigma0_eV"), -338.31623040);
  EXPECT_EQ(r.extra_values.at("electronic_steps"), 12);
  ASSERT_EQ(r.forces_eV_per_A.size(), 64u);
  EXPECT_DOUBLE_EQ(r.forces_eV_per_A[0][0], -0.00027722);
  EXPECT_DOUBLE_EQ(r.forces_eV_per_A[63][1], -0.00038315);
  ASSERT_TRUE(r.pressure_tensor_bar.has_value());
  // 28.19727372 kB = 28197.27372 bar; the Si cell at 2000 K pushes outwards: positive pressure.
  EXPECT_NEAR((*r.pressure_tensor_bar)(0, 0), 28197.27372, 1e-8);
  EXPECT_NEAR((*r.pressure_tensor_bar)(0, 1), -0.87211, 1e-9);
  EXPECT_EQ(r.provenance.at("code_version"), "6.3.2");
  EXPECT_EQ(r.provenance.at("output_file"), "vasprun.xml");
  // The inputs it wrote.
  const fs::path job = s.dir / "job";
  const IncarTags incar = read_incar((job / "INCAR").string());
  EXPECT_EQ(incar[2], (std::pair<std::string, std::string>{"ENCUT", "520"}));
  EXPECT_EQ(read_kpoints((job / "KPOINTS").string()), KpointMesh{});
  EXPECT_EQ(text_of((job / "POTCAR").string()), si_potcar);
  const System poscar = read_poscar((job / "POSCAR").string());
  EXPECT_LT((poscar.positions[5] - si64().positions[5]).norm(), 1e-9);
}

TEST(VaspCalculator, AbInitioMolecularDynamicsFramesSampledEvenly) {
  auto s = setup("md", "cp '" + md_vasprun() + "' vasprun.xml");
  CalculationRequest md;
  md.kind = CalculationRequest::Kind::molecular_dynamics;
  md.molecular_dynamics = {2000.0, 10, 3.0, 5, 1};
  EXPECT_TRUE(VaspCalculator(s.settings).supports_molecular_dynamics());
  const CalculationResult r = run(s, md);
  ASSERT_TRUE(r.ok()) << r.message;
  ASSERT_EQ(r.frames.size(), 2u);  // steps 5 and 10
  EXPECT_EQ(r.frames[0].timestep, 5);
  EXPECT_EQ(r.frames[1].timestep, 10);
  EXPECT_DOUBLE_EQ(std::get<double>(r.frames[0].info.at("energy_eV")), -330.02214690);
  EXPECT_DOUBLE_EQ(std::get<double>(r.frames[1].info.at("energy_eV")), -327.76427636);
  EXPECT_DOUBLE_EQ(r.frames[1].properties.at("forces").values[0], 1.07248398);
  // Atom 1 of step 10 at fractional 0.99037377 0.98725669 0.00007520.
  EXPECT_NEAR(r.frames[1].positions[0][1], 0.98725669 * 10.8618, 1e-12);
  EXPECT_DOUBLE_EQ(r.energy_eV, -327.76427636);  // the last step
  const IncarTags incar = read_incar((s.dir / "job" / "INCAR").string());
  auto value = [&](const std::string& tag) {
    for (const auto& [t, v] : incar)
      if (t == tag) return v;
    return std::string();
  };
  EXPECT_EQ(value("IBRION"), "0");
  EXPECT_EQ(value("NSW"), "10");
  EXPECT_EQ(value("POTIM"), "3");
  EXPECT_EQ(value("TEBEG"), "2000");
  // A run with fewer ionic steps than asked for is bad output.
  md.molecular_dynamics.steps = 20;
  EXPECT_EQ(run(s, md).status, CalculationStatus::bad_output);
}

TEST(VaspCalculator, FailureStatuses) {
  // Exit status 1: crashed, with the tail of the output.
  auto crash = setup("crash", "echo 'forrtl: severe (174): SIGSEGV'; exit 1");
  const auto crashed = run(crash);
  EXPECT_EQ(crashed.status, CalculationStatus::crashed);
  EXPECT_NE(crashed.message.find("SIGSEGV"), std::string::npos) << crashed.message;
  // Half a vasprun.xml and no OUTCAR: bad output.
  auto half = setup("half", "");
  const std::string md = text_of(md_vasprun());
  const std::string cut = write_text(half.dir / "half.xml", md.substr(0, md.size() / 2));
  half.settings.command = {script(half.dir, "fake_vasp", "cp '" + cut + "' vasprun.xml")};
  const auto bad = run(half);
  EXPECT_EQ(bad.status, CalculationStatus::bad_output);
  EXPECT_NE(bad.message.find("cut short"), std::string::npos) << bad.message;
  // No output at all.
  auto nothing = setup("nothing", "true");
  const auto none = run(nothing);
  EXPECT_EQ(none.status, CalculationStatus::bad_output);
  EXPECT_NE(none.message.find("no vasprun.xml"), std::string::npos) << none.message;
  // SCF not converged: the step used all NELM electronic steps (12 here).
  auto scf = setup("scf", "");
  std::string first = first_step_only(md);
  first.replace(first.find("name=\"NELM\">    60<"), 19, "name=\"NELM\">    12<");
  const std::string unconverged = write_text(scf.dir / "nelm.xml", first);
  scf.settings.command = {script(scf.dir, "fake_vasp", "cp '" + unconverged + "' vasprun.xml")};
  const auto nc = run(scf);
  EXPECT_EQ(nc.status, CalculationStatus::not_converged);
  EXPECT_NE(nc.message.find("NELM = 12"), std::string::npos) << nc.message;
  // Missing executable.
  auto missing = setup("missing", "true");
  missing.settings.command = {"/nonexistent/vasp_gam"};
  EXPECT_EQ(run(missing).status, CalculationStatus::missing_executable);
  // An element without a POTCAR entry, and a POTCAR file that is not there: input_error.
  auto unknown = setup("unknown", "true");
  System with_oxygen = si64();
  with_oxygen.types[3] = 2;
  with_oxygen.atom_types.push_back({8, 15.999, "O"});
  ExecutionContext context;
  const auto no_entry =
      calculate(VaspCalculator(unknown.settings), with_oxygen, {}, (unknown.dir / "job").string(), context);
  EXPECT_EQ(no_entry.status, CalculationStatus::input_error);
  EXPECT_NE(no_entry.message.find("element O is not in the POTCAR map"), std::string::npos) << no_entry.message;
  unknown.settings.potcars["Si"] = "Si_missing";
  const auto no_file = run(unknown);
  EXPECT_EQ(no_file.status, CalculationStatus::input_error);
  EXPECT_NE(no_file.message.find("does not exist"), std::string::npos) << no_file.message;
}

TEST(VaspCalculator, ConfigurationFile) {
  const auto dir = vasp_scratch("config");
  const std::string path = write_text(dir / "vasp.yaml",
                                      "calculator: vasp\n"
                                      "vasp:\n"
                                      "  command: mpirun -np 64 vasp_gam\n"
                                      "  cores: 64\n"
                                      "  potcar_library: potpaw_PBE\n"
                                      "  potcars: {Na: Na_pv, Fe: Fe_pv, P: P, O: O}\n"
                                      "  hubbard_u_eV: {Fe: 5.3}\n"
                                      "  kpoints: [1, 1, 1]\n"
                                      "  incar: {NCORE: 8, LASPH: true, MAGMOM: 4*0.6}\n");
  const auto calculator = make_calculator_by_name("vasp", path);
  const auto& vasp = dynamic_cast<const VaspCalculator&>(*calculator);
  EXPECT_EQ(vasp.name(), "vasp");
  EXPECT_EQ(vasp.settings().command, (std::vector<std::string>{"mpirun", "-np", "64", "vasp_gam"}));
  EXPECT_EQ(vasp.settings().cores, 64);
  EXPECT_EQ(vasp.settings().potcar_library, (dir / "potpaw_PBE").string());
  EXPECT_EQ(vasp.settings().potcars.at("Fe"), "Fe_pv");
  EXPECT_DOUBLE_EQ(vasp.settings().hubbard_u_eV.at("Fe"), 5.3);
  EXPECT_EQ(vasp.settings().incar, (IncarTags{{"NCORE", "8"}, {"LASPH", ".TRUE."}, {"MAGMOM", "4*0.6"}}));
  // Settings that change the numbers change the hash; the command does not.
  VaspSettings a = vasp.settings(), b = a;
  b.command = {"vasp_std"};
  EXPECT_EQ(VaspCalculator(a).settings_hash(), VaspCalculator(b).settings_hash());
  b.encut_eV = 600;
  EXPECT_NE(VaspCalculator(a).settings_hash(), VaspCalculator(b).settings_hash());
  // Strict keys with the line; unknown elements.
  write_text(dir / "bad.yaml",
             "calculator: vasp\nvasp:\n  command: vasp\n  potcar_library: p\n  potcars: {Si: Si}\n  encut: 400\n");
  try {
    make_vasp_calculator((dir / "bad.yaml").string());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown key 'encut'"), std::string::npos) << e.what();
    EXPECT_EQ(e.line(), 6) << e.what();
  }
  write_text(dir / "bad2.yaml", "vasp:\n  command: vasp\n  potcar_library: p\n  potcars: {Xx: Xx}\n");
  EXPECT_THROW(make_vasp_calculator((dir / "bad2.yaml").string()), InputError);
}

TEST(Outcar, CompleteStepsOfAKilledRun) {
  const auto dir = vasp_scratch("outcar_killed");
  const std::string text = text_of(std::string(IONGLASS_TEST_DATA) + "/formats/OUTCAR");
  bool cut = true;
  EXPECT_EQ(read_outcar_complete_steps(write_text(dir / "OUTCAR", text), &cut).size(), 2u);
  EXPECT_FALSE(cut);
  // Cut inside the second POSITION block: the first step only.
  const auto second = text.find("TOTAL-FORCE", text.find("TOTAL-FORCE") + 1);
  const auto inside = text.find('\n', text.find('\n', text.find('\n', second) + 1) + 1);
  const auto steps = read_outcar_complete_steps(write_text(dir / "OUTCAR_cut", text.substr(0, inside + 1)), &cut);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_TRUE(cut);
  EXPECT_DOUBLE_EQ(std::get<double>(steps[0].info.at("free_energy_eV")), -45.12345678);
  // Cut before the second step's energies.
  const auto energies = text.rfind("free  energy   TOTEN");
  EXPECT_EQ(read_outcar_complete_steps(write_text(dir / "OUTCAR_e", text.substr(0, energies)), &cut).size(), 1u);
  EXPECT_TRUE(cut);
  // Cut inside the first POSITION block: no complete step.
  const auto first = text.find("TOTAL-FORCE");
  EXPECT_THROW(read_outcar_complete_steps(write_text(dir / "OUTCAR_1", text.substr(0, first + 200))), InputError);
}

TEST(VaspCalculator, ReadsOutcarWhenThereIsNoVasprun) {
  const std::string outcar = std::string(IONGLASS_TEST_DATA) + "/formats/OUTCAR";
  const System structure = read_outcar_complete_steps(outcar).front();
  auto s = setup("outcar", "cp '" + outcar + "' OUTCAR");
  for (const int z : structure.elements_present()) {
    const std::string symbol = elements::by_number(z).symbol;
    fs::create_directories(s.dir / "potpaw" / symbol);
    write_text(s.dir / "potpaw" / symbol / "POTCAR", std::string("  PAW_PBE ") + symbol + " fake\n");
    s.settings.potcars[symbol] = symbol;
  }
  CalculationRequest md;  // the skeleton OUTCAR has two ionic steps
  md.kind = CalculationRequest::Kind::molecular_dynamics;
  md.molecular_dynamics = {1000.0, 2, 1.0, 1, 1};
  ExecutionContext context;
  const auto r = calculate(VaspCalculator(s.settings), structure, md, (s.dir / "job").string(), context);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.provenance.at("output_file"), "OUTCAR");
  EXPECT_DOUBLE_EQ(r.energy_eV, -45.23456789);
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_DOUBLE_EQ(std::get<double>(r.frames[0].info.at("energy_eV")), -45.12345678);
  // "in kB 10.55608 -14.77580 27.71294 16.43849 12.54753 8.03414" (XX YY ZZ XY YZ ZX) of step 2.
  ASSERT_TRUE(r.pressure_tensor_bar.has_value());
  EXPECT_NEAR((*r.pressure_tensor_bar)(0, 0), 10556.08, 1e-8);
  EXPECT_NEAR((*r.pressure_tensor_bar)(1, 0), 16438.49, 1e-8);
  EXPECT_NEAR((*r.pressure_tensor_bar)(2, 1), 12547.53, 1e-8);
  EXPECT_NEAR((*r.pressure_tensor_bar)(0, 2), 8034.14, 1e-8);
  // Single point on the same two-step OUTCAR: the step count is wrong.
  EXPECT_EQ(calculate(VaspCalculator(s.settings), structure, {}, (s.dir / "job").string(), context).status,
            CalculationStatus::bad_output);
}
