// The cp2k calculator running Debian's CP2K on cheap systems: forces and pressure are the
// gradients of the energy it reports (finite differences, which also fixes the stress sign and
// that the energy is the smeared free energy), an SCF stopped after 2 steps is not_converged, a
// CP2K error is `crashed` with CP2K's message, a missing program is missing_executable, and NVT
// molecular dynamics returns the sampled frames, also through `ionglass label --md-steps`. Skipped when cp2k or
// cp2k-data is not installed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_runner.hpp"
#include "ionglass/calculators/cp2k_calculator.hpp"
#include "ionglass/core/child_process.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/io/structure_io.hpp"
#include "scratch_folder.hpp"
#include "test_paths.hpp"

namespace fs = std::filesystem;
using namespace ionglass;
using namespace ionglass::calculators;

namespace {

bool have_cp2k() {
  return !find_executable("cp2k").empty() && fs::exists("/usr/share/cp2k/BASIS_MOLOPT") &&
         fs::exists("/usr/share/cp2k/GTH_POTENTIALS");
}

// Dense hydrogen: 4 atoms in a 3.2 Å cube, cheap enough for several CP2K runs per test.
System dense_hydrogen(double scale = 1.0) {
  System s;
  s.cell = Cell(Mat3::Identity() * 3.2 * scale);
  const int h = s.type_for_element(1);
  const Vec3 positions[4] = {{0.2, 0.3, 0.1}, {0.95, 0.35, 0.2}, {1.7, 1.8, 1.6}, {1.75, 2.6, 1.9}};
  for (int i = 0; i < 4; ++i) s.add_atom(i + 1, h, scale * positions[i]);
  return s;
}

Cp2kSettings cheap_settings() {
  Cp2kSettings s;
  s.cutoff_Ry = 200;
  s.relative_cutoff_Ry = 40;
  s.eps_scf = 1e-8;
  return s;
}

const ExecutionContext one_thread{1, "", false};

CalculationResult run(const Cp2kCalculator& calculator, const System& structure, const std::string& name,
                      const CalculationRequest& request = {}) {
  return calculate(calculator, structure, request, test::scratch_folder("cp2k_run_" + name).string(), one_thread);
}

class Cp2kRun : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_cp2k()) GTEST_SKIP() << "cp2k or cp2k-data is not installed (scripts/setup.sh installs them)";
  }
};

}  // namespace

TEST_F(Cp2kRun, ForcesAndPressureAreGradientsOfTheEnergy) {
  const Cp2kCalculator calculator(cheap_settings());
  const System base = dense_hydrogen();
  const auto centre = run(calculator, base, "centre");
  ASSERT_TRUE(centre.ok()) << centre.message;
  ASSERT_EQ(centre.forces_eV_per_A.size(), 4u);
  ASSERT_TRUE(centre.pressure_tensor_bar.has_value());

  // F_x of atom 2 = −dE/dx, central difference with h = 0.005 Å.
  const double h = 0.005;
  System plus = base, minus = base;
  plus.positions[1].x() += h;
  minus.positions[1].x() -= h;
  const auto e_plus = run(calculator, plus, "plus"), e_minus = run(calculator, minus, "minus");
  ASSERT_TRUE(e_plus.ok() && e_minus.ok()) << e_plus.message << e_minus.message;
  const double finite_difference_force = -(e_plus.energy_eV - e_minus.energy_eV) / (2 * h);
  std::cout << "F_x analytic " << centre.forces_eV_per_A[1].x() << " eV/Å, finite difference "
            << finite_difference_force << " eV/Å\n";
  EXPECT_NEAR(centre.forces_eV_per_A[1].x(), finite_difference_force, 0.01 + 0.01 * std::abs(finite_difference_force));

  // P = −dE/dV under a uniform scaling of cell and positions; positive = compressive.
  const double s = 0.004;
  const System bigger = dense_hydrogen(1 + s), smaller = dense_hydrogen(1 - s);
  const auto e_big = run(calculator, bigger, "bigger"), e_small = run(calculator, smaller, "smaller");
  ASSERT_TRUE(e_big.ok() && e_small.ok()) << e_big.message << e_small.message;
  const double finite_difference_pressure_bar =
      -(e_big.energy_eV - e_small.energy_eV) / (bigger.cell.volume() - smaller.cell.volume()) * units::eV_per_A3_to_bar;
  const double analytic_pressure_bar = centre.pressure_tensor_bar->trace() / 3;
  std::cout << "pressure analytic " << analytic_pressure_bar << " bar, finite difference "
            << finite_difference_pressure_bar << " bar\n";
  EXPECT_GT(std::abs(analytic_pressure_bar), 1e4);  // far from zero, so that the sign is tested
  EXPECT_NEAR(analytic_pressure_bar, finite_difference_pressure_bar, 0.03 * std::abs(finite_difference_pressure_bar));
}

TEST_F(Cp2kRun, TwoScfStepsAreNotConverged) {
  Cp2kSettings s = cheap_settings();
  s.max_scf = 2;
  const auto result = run(Cp2kCalculator(s), dense_hydrogen(), "max_scf_2");
  EXPECT_EQ(result.status, CalculationStatus::not_converged) << result.message;
  EXPECT_NE(result.message.find("max_scf = 2"), std::string::npos) << result.message;
}

TEST_F(Cp2kRun, Cp2kErrorIsCrashedWithItsMessageAndAMissingProgramIsReported) {
  const fs::path dir = test::scratch_folder("cp2k_run_template");
  Cp2kSettings s = cheap_settings();
  s.template_file = (dir / "broken.inp").string();
  std::ofstream(s.template_file)
      << "&GLOBAL\n  PROJECT {{project}}\n  RUN_TYPE {{run_type}}\n  NO_SUCH_KEYWORD 1\n"
         "&END GLOBAL\n&FORCE_EVAL\n  &SUBSYS\n{{cell}}{{coordinates}}{{kinds}}  &END SUBSYS\n"
         "&END FORCE_EVAL\n";
  const auto crashed = run(Cp2kCalculator(s), dense_hydrogen(), "crash");
  EXPECT_EQ(crashed.status, CalculationStatus::crashed) << crashed.message;
  EXPECT_NE(crashed.message.find("NO_SUCH_KEYWORD"), std::string::npos) << crashed.message;

  Cp2kSettings missing = cheap_settings();
  missing.command = {"ionglass-no-such-cp2k"};
  const auto none = run(Cp2kCalculator(missing), dense_hydrogen(), "missing");
  EXPECT_EQ(none.status, CalculationStatus::missing_executable) << none.message;
}

TEST_F(Cp2kRun, MolecularDynamicsReturnsTheSampledFrames) {
  const Cp2kCalculator calculator(cheap_settings());
  CalculationRequest request;
  request.kind = CalculationRequest::Kind::molecular_dynamics;
  request.molecular_dynamics = {300, 2, 0.5, 1, 7};
  const auto result = run(calculator, dense_hydrogen(), "md", request);
  ASSERT_TRUE(result.ok()) << result.message;
  ASSERT_EQ(result.frames.size(), 2u);  // steps 1 and 2
  const double first = std::get<double>(result.frames[0].info.at("energy_eV"));
  for (const auto& frame : result.frames) {
    ASSERT_EQ(frame.size(), 4u);
    const double energy = std::get<double>(frame.info.at("energy_eV"));
    EXPECT_NEAR(energy, first, 0.5);  // 0.5 fs at 300 K moves the energy by far less than 0.5 eV
    ASSERT_EQ(frame.properties.at("forces").values.size(), 12u);
    EXPECT_GT((frame.positions[0] - dense_hydrogen().positions[0]).norm(), 0);  // the atoms moved
  }
  EXPECT_EQ(std::get<long long>(result.frames[1].info.at("md_step")), 2);
}

TEST_F(Cp2kRun, LabelCommandStoresEvenlySampledAimdFramesOnce) {
  const fs::path dir = test::scratch_folder("cp2k_label_md");
  const std::string input = (dir / "seed.extxyz").string(), db = (dir / "aimd.extxyz").string();
  std::ofstream(input) << "4\nLattice=\"3.2 0 0 0 3.2 0 0 0 3.2\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"\n"
                          "H 0.2 0.3 0.1\nH 0.95 0.35 0.2\nH 1.7 1.8 1.6\nH 1.75 2.6 1.9\n";
  std::ofstream(dir / "cp2k.yaml") << "calculator: cp2k\ncp2k:\n  cutoff_Ry: 200\n  relative_cutoff_Ry: 40\n"
                                      "runner:\n  cores_per_job: 1\n  max_cores: 1\n";
  const std::string base = "label " + input + " --calculator " + (dir / "cp2k.yaml").string() + " --out " + db +
                           " --md-temperature 300 --md-steps 4 --md-timestep 0.5 --json";
  const std::string arguments = base + " --md-frames 2";
  const auto first = test::run_cli(arguments);
  ASSERT_EQ(first.status, 0) << first.output;
  EXPECT_NE(first.output.find("\"frames_stored\": 2"), std::string::npos) << first.output;
  std::ifstream in(db);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("md_step=2"), std::string::npos) << text.substr(0, 600);
  EXPECT_NE(text.find("md_step=4"), std::string::npos);
  EXPECT_NE(text.find("label_calculator=\"cp2k\""), std::string::npos);
  const auto again = test::run_cli(arguments);
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_NE(again.output.find("\"already_labelled\": 1"), std::string::npos) << again.output;
  const auto bad = test::run_cli(base + " --md-frames 3");
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_NE(bad.output.find("must be ≥ 1 and divide --md-steps 4"), std::string::npos) << bad.output;
}

// The quick check: a 14-atom Na–Fe–P–O cell at the bundled NaFePO4 settings (600 Ry,
// DFT+U on Fe, smearing), 2 cores. Forces sum to ~0 (translation invariance, up to the grid's
// egg-box error) and the numbers are finite and of the size of an oxide's.
TEST_F(Cp2kRun, TinyNaFePO4CellAtTheBundledSettings) {
  const std::string config = test::source_dir() + "/examples/label/cp2k_nafepo4.yaml";
  const auto calculator = make_cp2k_calculator(config);
  auto reader = open_trajectory(std::string(IONGLASS_TEST_DATA) + "/calculators/cp2k/na2fe2p2o8.extxyz");
  System cell;
  ASSERT_TRUE(reader->next(cell));
  ASSERT_EQ(cell.size(), 14u);
  const ExecutionContext two_threads{2, "", false};
  const auto result = calculate(*calculator, cell, {}, test::scratch_folder("cp2k_run_tiny").string(), two_threads);
  ASSERT_TRUE(result.ok()) << result.message;
  std::cout << "14-atom cell: " << result.wall_seconds << " s, E = " << result.energy_eV << " eV\n";
  RecordProperty("wall_time_s", std::to_string(result.wall_seconds));
  Vec3 sum = Vec3::Zero();
  double largest = 0;
  for (const auto& f : result.forces_eV_per_A) {
    sum += f;
    largest = std::max(largest, f.norm());
  }
  EXPECT_LT(sum.norm(), 0.05);
  EXPECT_GT(largest, 0.1);
  EXPECT_LT(largest, 50);
  EXPECT_LT(result.energy_eV / 14, -100);  // GTH valence energies of Na, Fe, P, O: hundreds of eV per atom
  ASSERT_TRUE(result.pressure_tensor_bar.has_value());
  EXPECT_TRUE(result.pressure_tensor_bar->allFinite());
}
