// The `command` calculator with a real external program: an ASE script (Debian's python3 and
// python3-ase) computing Lennard-Jones energies, forces and stress. Checks the forces and the
// pressure (sign and unit) against finite differences of the returned energies, and the failure
// statuses.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "ase_lennard_jones.hpp"
#include "ionglass/calculators/command_calculator.hpp"
#include "ionglass/core/child_process.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "scratch_folder.hpp"

namespace fs = std::filesystem;
using namespace ionglass;
using namespace ionglass::calculators;
using test::have_ase;
using test::lennard_jones;
using test::small_cell;

namespace {
fs::path scratch(const std::string& name) {
  return test::scratch_folder("command_calculator_" + name);
}
}  // namespace

TEST(CommandCalculator, ForcesAndPressureAgreeWithFiniteDifferencesOfTheEnergy) {
  if (!have_ase()) GTEST_SKIP() << "needs /usr/bin/python3 with ASE (Debian python3-ase)";
  const fs::path dir = scratch("lj");
  CommandCalculator calculator(lennard_jones(dir));
  const ExecutionContext context;
  const System s = small_cell();
  const CalculationResult r = calculate(calculator, s, {}, (dir / "centre").string(), context);
  ASSERT_TRUE(r.ok()) << r.message;
  ASSERT_EQ(r.forces_eV_per_A.size(), s.size());
  ASSERT_TRUE(r.pressure_tensor_bar.has_value());
  // F_x of atom 1 = −∂E/∂x₁ (central difference, h = 1e-4 Å).
  const double h = 1e-4;
  System plus = s, minus = s;
  plus.positions[0].x() += h;
  minus.positions[0].x() -= h;
  const double e_plus = calculate(calculator, plus, {}, (dir / "plus").string(), context).energy_eV;
  const double e_minus = calculate(calculator, minus, {}, (dir / "minus").string(), context).energy_eV;
  EXPECT_NEAR(r.forces_eV_per_A[0].x(), -(e_plus - e_minus) / (2 * h),
              1e-6 + 1e-7 * std::abs(r.forces_eV_per_A[0].x()));
  EXPECT_GT(std::abs(r.forces_eV_per_A[0].x()), 1e-3);  // a force worth checking
  // P = −∂E/∂V under a uniform scaling (no kinetic part): positive when compressed, in bar.
  const double ds = 1e-5;
  const double v_plus = small_cell(1 + ds).cell.volume(), v_minus = small_cell(1 - ds).cell.volume();
  System big = small_cell(1 + ds), tiny = small_cell(1 - ds);
  const double e_big = calculate(calculator, big, {}, (dir / "big").string(), context).energy_eV;
  const double e_tiny = calculate(calculator, tiny, {}, (dir / "tiny").string(), context).energy_eV;
  const double pressure_bar = -(e_big - e_tiny) / (v_plus - v_minus) * units::eV_per_A3_to_bar;
  EXPECT_NEAR(r.pressure_tensor_bar->trace() / 3, pressure_bar, 1e-4 * std::abs(pressure_bar) + 1e-3);
  EXPECT_EQ(r.provenance.at("calculator"), "command");
}

TEST(CommandCalculator, FailuresAreStatuses) {
  const fs::path dir = scratch("failures");
  const ExecutionContext context;
  const System s = small_cell();
  auto run_script = [&](const std::string& name, const std::string& script) {
    std::ofstream(dir / (name + ".sh")) << script;
    CommandCalculatorSettings settings;
    settings.command = {"sh", name + ".sh"};
    settings.files = {(dir / (name + ".sh")).string()};
    return calculate(CommandCalculator(settings), s, {}, (dir / name).string(), context);
  };
  const CalculationResult crashed = run_script("exit1", "echo something went wrong; exit 1\n");
  EXPECT_EQ(crashed.status, CalculationStatus::crashed);
  EXPECT_NE(crashed.message.find("something went wrong"), std::string::npos) << crashed.message;
  // One atom dropped: the atoms must come back as they went.
  EXPECT_EQ(run_script("short", "head -n 9 input.extxyz | sed '1s/.*/7/' > output.extxyz\n").status,
            CalculationStatus::bad_output);
  // The input echoed back has no energy.
  const CalculationResult echoed = run_script("echo", "cp input.extxyz output.extxyz\n");
  EXPECT_EQ(echoed.status, CalculationStatus::bad_output);
  EXPECT_NE(echoed.message.find("energy"), std::string::npos) << echoed.message;
  EXPECT_EQ(run_script("nothing", "true\n").status, CalculationStatus::bad_output);
  CommandCalculatorSettings missing;
  missing.command = {"ionglass-no-such-labeller"};
  EXPECT_EQ(calculate(CommandCalculator(missing), s, {}, (dir / "missing").string(), context).status,
            CalculationStatus::missing_executable);
  EXPECT_THROW(CommandCalculator(CommandCalculatorSettings{}), InputError);
}
