// The CP2K input writer and the cp2k calculator's collect(), without running CP2K: kinds chosen
// from the data files (a fake data folder, so that nothing depends on cp2k-data's contents),
// smearing orbitals from the valence, DFT+U and MD sections, templates, the configuration file,
// and every status collect() gives for saved outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/io_test_helpers.hpp"
#include "ionglass/calculators/calculator_config.hpp"
#include "ionglass/calculators/cp2k_calculator.hpp"
#include "ionglass/calculators/cp2k_input.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/cp2k_trajectory.hpp"
#include "scratch_folder.hpp"
#include "test_paths.hpp"

namespace fs = std::filesystem;
using namespace ionglass;
using namespace ionglass::calculators;

namespace {

const std::string data_dir = std::string(IONGLASS_TEST_DATA) + "/calculators/cp2k/";

void write(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

// A data folder with a MOLOPT-style basis file and a GTH potential file for Na (q9) and Cl (q7).
fs::path fake_data_folder() {
  const fs::path dir = test::scratch_folder("cp2k_data");
  write(dir / "BASIS_MOLOPT",
        "# comment\n Na DZVP-MOLOPT-SR-GTH DZVP-MOLOPT-SR-GTH-q9\n 1\n 2 0 1 6 2 2 1\n"
        " Cl DZVP-MOLOPT-SR-GTH DZVP-MOLOPT-SR-GTH-q7\n 1\n Cl SZV-PLAIN\n 1\n");
  write(dir / "GTH_POTENTIALS", "Na GTH-PBE-q9 GTH-PBE\n 3 6\nCl GTH-PBE-q7 GTH-PBE\n 2 5\nCl MY-POT\n 2 5\n");
  return dir;
}

System sodium_chloride() {
  System s;
  s.cell = Cell(Mat3::Identity() * 6.0);
  const int na = s.type_for_element(11), cl = s.type_for_element(17);
  s.add_atom(1, na, Vec3(0.5, 0.5, 0.5));
  s.add_atom(2, cl, Vec3(3.3, 0.4, 0.6));
  s.add_atom(3, na, Vec3(3.1, 3.2, 0.4));
  return s;
}

Cp2kSettings settings_with_fake_data() {
  Cp2kSettings s;
  s.data_directory = fake_data_folder().string();
  return s;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST(Cp2kInput, KindsComeFromTheDataFilesAndDefaultsAreWritten) {
  const std::string input = write_cp2k_input(sodium_chloride(), {}, settings_with_fake_data());
  EXPECT_NE(input.find("&KIND Na\n      BASIS_SET DZVP-MOLOPT-SR-GTH\n      POTENTIAL GTH-PBE-q9\n"),
            std::string::npos);
  EXPECT_NE(input.find("&KIND Cl\n      BASIS_SET DZVP-MOLOPT-SR-GTH\n      POTENTIAL GTH-PBE-q7\n"),
            std::string::npos);
  EXPECT_EQ(count(input, "&KIND"), 2);
  EXPECT_NE(input.find("RUN_TYPE ENERGY_FORCE"), std::string::npos);
  EXPECT_NE(input.find("CUTOFF 600\n      REL_CUTOFF 60"), std::string::npos);
  EXPECT_NE(input.find("METHOD FERMI_DIRAC\n        ELECTRONIC_TEMPERATURE [K] 580"), std::string::npos);
  EXPECT_NE(input.find("STRESS_TENSOR ANALYTICAL"), std::string::npos);
  EXPECT_NE(input.find("&XC_FUNCTIONAL PBE"), std::string::npos);
  EXPECT_NE(input.find("METHOD BROYDEN_MIXING\n        ALPHA 0.1\n        BETA 1.5\n        NBROYDEN 8\n"),
            std::string::npos);
  EXPECT_EQ(input.find("PLUS_U"), std::string::npos);
  EXPECT_EQ(input.find("&MOTION"), std::string::npos);
  EXPECT_NE(input.find("      A 6.0000000000 0.0000000000 0.0000000000\n"), std::string::npos);
  EXPECT_NE(input.find("      Cl 3.3000000000 0.4000000000 0.6000000000\n"), std::string::npos);
  // 9 + 7 + 9 = 25 valence electrons → 13 occupied orbitals; 25 % of them is below the minimum of 10.
  EXPECT_NE(input.find("ADDED_MOS 10\n"), std::string::npos);
}

TEST(Cp2kInput, AddedOrbitalsFollowTheValenceAndChargeAndVanishWithoutSmearing) {
  Cp2kSettings s = settings_with_fake_data();
  s.minimum_added_mos = 0;
  s.added_mos_fraction = 1.0;
  EXPECT_NE(write_cp2k_input(sodium_chloride(), {}, s).find("ADDED_MOS 13\n"), std::string::npos);
  s.charge = 3;  // 22 electrons → 11 occupied
  const std::string charged = write_cp2k_input(sodium_chloride(), {}, s);
  EXPECT_NE(charged.find("ADDED_MOS 11\n"), std::string::npos);
  EXPECT_NE(charged.find("CHARGE 3\n"), std::string::npos);
  s.smearing_temperature_K = 0;
  const std::string cold = write_cp2k_input(sodium_chloride(), {}, s);
  EXPECT_EQ(cold.find("ADDED_MOS"), std::string::npos);
  EXPECT_EQ(cold.find("&SMEAR"), std::string::npos);
}

TEST(Cp2kInput, HubbardUIsADudarevBlockOnItsElementOnly) {
  Cp2kSettings s = settings_with_fake_data();
  s.hubbard_U_eV["Cl"] = 4.5;
  s.hubbard_l["Cl"] = 1;
  s.spin_polarized = true;
  s.multiplicity = 2;
  const std::string input = write_cp2k_input(sodium_chloride(), {}, s);
  EXPECT_NE(input.find("PLUS_U_METHOD MULLIKEN"), std::string::npos);
  EXPECT_NE(input.find("POTENTIAL GTH-PBE-q7\n      &DFT_PLUS_U\n        L 1\n        U_MINUS_J [eV] 4.5\n"),
            std::string::npos);
  EXPECT_EQ(count(input, "&DFT_PLUS_U"), 1);
  EXPECT_NE(input.find("UKS TRUE\n    MULTIPLICITY 2\n"), std::string::npos);
  EXPECT_NE(Cp2kCalculator(s).settings_hash(), Cp2kCalculator(settings_with_fake_data()).settings_hash());
  EXPECT_EQ(input.find("U_RAMPING"), std::string::npos);  // off by default
  const std::string hash_without_ramping = Cp2kCalculator(s).settings_hash();
  s.hubbard_U_ramping_eV = 0.5;
  s.eps_U_ramping = 2e-3;
  const std::string ramped = write_cp2k_input(sodium_chloride(), {}, s);
  EXPECT_NE(ramped.find("U_MINUS_J [eV] 4.5\n        U_RAMPING [eV] 0.5\n        EPS_U_RAMPING 0.002\n"),
            std::string::npos)
      << ramped;
  EXPECT_NE(Cp2kCalculator(s).settings_hash(), hash_without_ramping);
  s.hubbard_U_ramping_eV = -1;
  EXPECT_THROW(Cp2kCalculator{s}, InputError);
  s.hubbard_U_ramping_eV = 0.5;
  s.eps_U_ramping = 0;
  EXPECT_THROW(Cp2kCalculator{s}, InputError);
}

TEST(Cp2kInput, MolecularDynamicsIsNvtWithSampledTrajectoriesAndNoStress) {
  CalculationRequest request;
  request.kind = CalculationRequest::Kind::molecular_dynamics;
  request.molecular_dynamics = {5000, 100, 1.0, 10, 42};
  const std::string input = write_cp2k_input(sodium_chloride(), request, settings_with_fake_data());
  EXPECT_NE(input.find("RUN_TYPE MD\n  PRINT_LEVEL MEDIUM\n  SEED 42\n"), std::string::npos);
  EXPECT_NE(input.find("ENSEMBLE NVT\n    STEPS 100\n    TIMESTEP [fs] 1\n    TEMPERATURE [K] 5000\n"),
            std::string::npos);
  EXPECT_NE(input.find("TYPE CSVR"), std::string::npos);
  EXPECT_EQ(count(input, "MD 10\n"), 2);  // positions and forces every 10 steps
  EXPECT_EQ(input.find("STRESS_TENSOR"), std::string::npos);
  request.molecular_dynamics.sample_every = 200;
  EXPECT_THROW(write_cp2k_input(sodium_chloride(), request, settings_with_fake_data()), InputError);
  request.molecular_dynamics = {0, 100, 1.0, 10, 1};
  EXPECT_THROW(write_cp2k_input(sodium_chloride(), request, settings_with_fake_data()), InputError);
}

TEST(Cp2kInput, UnknownElementKindOverridesAndCellsAreChecked) {
  Cp2kSettings s = settings_with_fake_data();
  System potassium = sodium_chloride();
  potassium.add_atom(4, potassium.type_for_element(19), Vec3(1, 4, 4));
  try {
    write_cp2k_input(potassium, {}, s);
    FAIL() << "an element without a basis set was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no basis set 'DZVP-MOLOPT-SR-GTH' for K"), std::string::npos) << e.what();
  }
  // A set without -qN needs the pseudopotential named; a named one must exist in the potential file.
  s.kinds["Cl"] = {"SZV-PLAIN", ""};
  EXPECT_THROW(write_cp2k_input(sodium_chloride(), {}, s), InputError);
  s.kinds["Cl"] = {"SZV-PLAIN", "MY-POT"};
  EXPECT_NE(write_cp2k_input(sodium_chloride(), {}, s).find("BASIS_SET SZV-PLAIN\n      POTENTIAL MY-POT\n"),
            std::string::npos);
  s.kinds["Cl"] = {"", "NO-SUCH-POT"};
  EXPECT_THROW(write_cp2k_input(sodium_chloride(), {}, s), InputError);
  System molecule = sodium_chloride();
  molecule.cell = Cell();
  EXPECT_THROW(write_cp2k_input(molecule, {}, settings_with_fake_data()), InputError);
}

TEST(Cp2kInput, TemplateGetsTheGeneratedBlocksAndNeedsItsPlaceholders) {
  Cp2kSettings s = settings_with_fake_data();
  const fs::path dir = test::scratch_folder("cp2k_template");
  s.template_file = (dir / "template.inp").string();
  write(s.template_file,
        "&GLOBAL\n PROJECT {{project}}\n RUN_TYPE {{run_type}}\n&END GLOBAL\n&FORCE_EVAL\n"
        " &SUBSYS\n{{cell}}{{coordinates}}{{kinds}} &END SUBSYS\n&END FORCE_EVAL\n{{motion}}");
  const std::string input = write_cp2k_input(sodium_chloride(), {}, s);
  EXPECT_NE(input.find("PROJECT ionglass\n RUN_TYPE ENERGY_FORCE\n"), std::string::npos);
  EXPECT_NE(input.find("    &COORD\n      Na 0.5000000000"), std::string::npos);
  EXPECT_NE(input.find("POTENTIAL GTH-PBE-q7"), std::string::npos);
  EXPECT_EQ(input.find("{{"), std::string::npos);
  const std::string hash = Cp2kCalculator(s).settings_hash();
  write(s.template_file, "&GLOBAL\n&END GLOBAL\n{{cell}}{{kinds}}\n");
  EXPECT_THROW(write_cp2k_input(sodium_chloride(), {}, s), InputError);  // no {{coordinates}}
  write(s.template_file, "&GLOBAL\n&END GLOBAL\n{{cell}}{{kinds}}{{coordinates}}\n");
  EXPECT_NE(Cp2kCalculator(s).settings_hash(), hash);  // the template's text is in the hash
}

TEST(Cp2kConfiguration, SectionIsReadStrictlyWithUnitsInTheKeys) {
  const fs::path dir = test::scratch_folder("cp2k_config");
  write(dir / "good.yaml",
        "calculator: cp2k\ncp2k:\n  command: [mpirun, -np, '2', cp2k.psmp]\n  cores: 2\n  cutoff_Ry: 500\n"
        "  hubbard_U_eV: {Fe: 5.3}\n  hubbard_U_ramping_eV: 0.5\n  kinds: {Na: {basis_set: DZVP-MOLOPT-SR-GTH}}\n"
        "  spin_polarized: true\n");
  auto calculator = make_cp2k_calculator((dir / "good.yaml").string());
  const auto& s = dynamic_cast<const Cp2kCalculator&>(*calculator).settings();
  EXPECT_EQ(s.command, (std::vector<std::string>{"mpirun", "-np", "2", "cp2k.psmp"}));
  EXPECT_EQ(s.cores, 2);
  EXPECT_EQ(s.cutoff_Ry, 500);
  EXPECT_EQ(s.hubbard_U_eV.at("Fe"), 5.3);
  EXPECT_EQ(s.hubbard_U_ramping_eV, 0.5);
  EXPECT_EQ(s.eps_U_ramping, 1e-3);
  EXPECT_TRUE(s.spin_polarized);
  EXPECT_EQ(s.relative_cutoff_Ry, 60);  // untouched defaults stay
  write(dir / "typo.yaml", "calculator: cp2k\ncp2k:\n  cutoff_ry: 500\n");
  try {
    make_cp2k_calculator((dir / "typo.yaml").string());
    FAIL() << "an unknown key was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("typo.yaml:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cutoff_ry"), std::string::npos) << e.what();
  }
  write(dir / "negative.yaml", "calculator: cp2k\ncp2k:\n  cutoff_Ry: -5\n");
  EXPECT_THROW(make_cp2k_calculator((dir / "negative.yaml").string()), InputError);
  write(dir / "absurd_u.yaml", "calculator: cp2k\ncp2k:\n  hubbard_U_eV: {Fe: 530}\n");
  EXPECT_THROW(make_cp2k_calculator((dir / "absurd_u.yaml").string()), InputError);
}

namespace {

System water() {  // the structure of tests/data/calculators/cp2k/h2o_energy_force.inp
  System s;
  s.cell = Cell(Mat3::Identity() * 5.0);
  const int o = s.type_for_element(8), h = s.type_for_element(1);
  s.add_atom(1, o, Vec3(0, 0, 0.1));
  s.add_atom(2, h, Vec3(0, 0.76, -0.45));
  s.add_atom(3, h, Vec3(0, -0.74, -0.47));
  return s;
}

fs::path job_with_output(const std::string& name, const std::string& text) {
  const fs::path dir = test::scratch_folder("cp2k_collect_" + name);
  write(dir / "output.out", text);
  return dir;
}

ChildProcessOutcome exited(int status) {
  ChildProcessOutcome outcome = in_process_outcome();
  outcome.exit_status = status;
  return outcome;
}

}  // namespace

TEST(Cp2kCollect, EveryOutcomeHasItsStatus) {
  const Cp2kCalculator calculator{Cp2kSettings{}};
  const std::string good = test::read_text_file(data_dir + "h2o_energy_force.out");
  const auto ok = calculator.collect(water(), {}, job_with_output("ok", good).string(), in_process_outcome());
  ASSERT_TRUE(ok.ok()) << ok.message;
  EXPECT_NEAR(ok.energy_eV, -17.213017287236106 * 27.211386245988, 1e-9);
  ASSERT_EQ(ok.forces_eV_per_A.size(), 3u);
  ASSERT_TRUE(ok.pressure_tensor_bar.has_value());
  EXPECT_EQ(ok.provenance.at("code_version"), "CP2K version 2023.1");

  const auto not_converged = calculator.collect(
      water(), {}, job_with_output("scf", test::read_text_file(data_dir + "h2o_max_scf_2.out")).string(),
      in_process_outcome());
  EXPECT_EQ(not_converged.status, CalculationStatus::not_converged) << not_converged.message;

  const auto cut = calculator.collect(water(), {}, job_with_output("cut", good.substr(0, good.size() / 2)).string(),
                                      in_process_outcome());
  EXPECT_EQ(cut.status, CalculationStatus::bad_output) << cut.message;
  EXPECT_NE(cut.message.find("output.out"), std::string::npos) << cut.message;

  const auto missing =
      calculator.collect(water(), {}, test::scratch_folder("cp2k_collect_none").string(), in_process_outcome());
  EXPECT_EQ(missing.status, CalculationStatus::bad_output);

  System reordered = water();
  std::swap(reordered.types[0], reordered.types[1]);
  const auto wrong = calculator.collect(reordered, {}, job_with_output("order", good).string(), in_process_outcome());
  EXPECT_EQ(wrong.status, CalculationStatus::bad_output) << wrong.message;

  const std::string error_box =
      " *******************************************************************************\n"
      " *   ___                                                                       *\n"
      " *  /   \\                                                                      *\n"
      " * [ABORT]                                                                     *\n"
      " *  \\___/       The specified basis set does not exist for element XX          *\n"
      " *    |                                                                        *\n"
      " *******************************************************************************\n"
      "\n ===== Routine Calling Stack =====\n";
  const auto crashed = calculator.collect(water(), {}, job_with_output("crash", error_box).string(), exited(1));
  EXPECT_EQ(crashed.status, CalculationStatus::crashed);
  EXPECT_NE(crashed.message.find("The specified basis set does not exist for element XX"), std::string::npos)
      << crashed.message;
}

TEST(Cp2kTrajectory, ReadsFramesAndRejectsACutFrame) {
  const fs::path dir = test::scratch_folder("cp2k_trajectory");
  const std::string frames =
      "       2\n i =        0, time =        0.000, E =        -1.1000000000\n  H  0.0 0.0 0.0\n  H  0.0 0.0 0.74\n"
      "       2\n i =        5, time =        2.500, E =        -1.0500000000\n  H  0.0 0.0 0.01\n  H  0.0 0.0 0.80\n";
  write(dir / "pos.xyz", frames);
  const auto read = read_cp2k_xyz_trajectory((dir / "pos.xyz").string(), 2.0);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[1].step, 5);
  EXPECT_DOUBLE_EQ(read[1].time_fs, 2.5);
  EXPECT_NEAR(read[1].potential_energy_eV, -1.05 * 27.211386245988, 1e-12);
  EXPECT_DOUBLE_EQ(read[1].values[1].z(), 1.6);
  EXPECT_EQ(read[0].elements[1], "H");
  write(dir / "cut.xyz", frames.substr(0, frames.size() - 20));
  try {
    read_cp2k_xyz_trajectory((dir / "cut.xyz").string(), 1.0);
    FAIL() << "a cut frame was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cut.xyz:"), std::string::npos) << e.what();
  }
  write(dir / "nan.xyz", "1\n i = 0, time = 0, E = nan\n H 0 0 0\n");
  EXPECT_THROW(read_cp2k_xyz_trajectory((dir / "nan.xyz").string(), 1.0), InputError);
}

TEST(Cp2kConfiguration, TheBundledNaFePO4ConfigurationReadsAndSetsUOnFe) {
  const std::string path = test::source_dir() + "/examples/label/cp2k_nafepo4.yaml";
  const CalculatorConfig config = read_calculator_config(path);
  const auto calculator = make_calculator(config);
  ASSERT_EQ(calculator->name(), "cp2k");
  const auto& s = dynamic_cast<const Cp2kCalculator&>(*calculator).settings();
  EXPECT_EQ(s.hubbard_U_eV.at("Fe"), 5.3);
  EXPECT_EQ(s.cores, 2);
  EXPECT_EQ(config.runner.cores_per_job, 2);
}
