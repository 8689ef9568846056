// The exported Teter and BMP decks, run with Debian's lmp on a bundled 3003-atom glass, give the
// step-0 energy and pressure of ionglass's own evaluation (same cutoffs, Ewald at relative
// accuracy 1e-10, LAMMPS' erfc approximation on both sides) to 1e-6 relative, and the LAMMPS
// reference single points of tests/data/reference/lammps.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/lammps/deck_writer.hpp"
#include "ionglass/lammps/runner.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/md/protocol_runner.hpp"
#include "ionglass/potential/classical_potential_file.hpp"
#include "lammps_test_support.hpp"

namespace ionglass {
namespace {

// LAMMPS metal mvv2e: amu Å²/ps² → eV.
constexpr double lammps_mvv2e = 1.0364269e-4;

struct StepZero {
  double energy_eV, pressure_bar;
};

std::string single_step_protocol(const std::string& structure, const std::string& types, const std::string& potential) {
  return "structure:\n  file: " + structure + "\n  types: [" + types + "]\npotential:\n  file: " + potential +
         "\nstages:\n  - {name: one, ensemble: nve, steps: 1, timestep_ps: 0.0005}\noutputs:\n  thermo_every: 1\n";
}

StepZero ionglass_step_zero(const Protocol& protocol) {
  const System system = build_initial_structure(protocol);
  auto ff = load_classical_potential(protocol.potential.file);
  const PotentialResult r = evaluate(*ff, system);
  double twice_kinetic = 0;
  for (std::size_t i = 0; i < system.size(); ++i) twice_kinetic += system.mass(i) * system.velocities[i].squaredNorm();
  twice_kinetic *= lammps_mvv2e;
  const double volume = system.cell.volume();
  return {r.energy, (r.virial.trace() + twice_kinetic) / (3 * volume) * units::eV_per_A3_to_bar};
}

StepZero lammps_step_zero(const Protocol& protocol, const std::string& dir, BmpPairStyle style = BmpPairStyle::MorseLjBuck) {
  LammpsExportOptions o;
  o.output_dir = dir;
  o.bmp_style = style;
  export_lammps_deck(protocol, o);
  LammpsRunOptions run;
  run.directory = dir;
  run.progress = false;
  const LammpsRunSummary s = run_lammps_deck(run);
  const auto c = test::read_csv_columns(s.thermo_csv);
  EXPECT_EQ(c.at("step").front(), "0");
  return {std::stod(c.at("potential_energy_eV").front()), std::stod(c.at("pressure_bar").front())};
}

double reference_energy(const std::string& name) {
  std::ifstream in(test::reference_dir() + "/lammps/" + name);
  return nlohmann::json::parse(in).at("energy_total_eV").get<double>();
}

TEST(LammpsForceFields, TeterDeckMatchesIonglassAtStepZero) {
  IONGLASS_REQUIRE_LAMMPS();
  test::ScratchDir dir("teter0");
  const std::string pot = test::write_text(dir / "teter_ewald.yaml", test::teter_potential_yaml(1e-10));
  const std::string proto = test::write_text(dir / "protocol.yaml", single_step_protocol(test::glass("Teter", 1), "Fe, Na, O, P", pot));
  const Protocol protocol = read_protocol(proto);
  const StepZero l = lammps_step_zero(protocol, dir / "deck");
  const StepZero i = ionglass_step_zero(protocol);
  // The deck: buck/coul/long with a table for the r < r0 core (hybrid/overlay).
  const std::string deck = test::read_text(dir / "deck/in.lammps");
  EXPECT_NE(deck.find("pair_style hybrid/overlay  buck/coul/long 8 10  table spline"), std::string::npos);
  EXPECT_NE(deck.find("kspace_style ewald 1e-10"), std::string::npos);
  EXPECT_NE(deck.find("pair_modify table 0"), std::string::npos);
  EXPECT_NEAR(l.energy_eV, i.energy_eV, 1e-6 * std::fabs(i.energy_eV));
  EXPECT_NEAR(l.pressure_bar, i.pressure_bar, 1e-6 * std::fabs(i.pressure_bar));
  // No pair of the glass is closer than r0, so the core leaves the reference single point as it is.
  EXPECT_NEAR(l.energy_eV, reference_energy("teter_300K_1.json"), 1e-6 * std::fabs(l.energy_eV));
  std::cout << fmt::format("Teter step 0: LAMMPS E = {:.10f} eV, P = {:.6f} bar; ionglass E = {:.10f} eV, P = {:.6f} bar\n",
                           l.energy_eV, l.pressure_bar, i.energy_eV, i.pressure_bar);
}

TEST(LammpsForceFields, BmpDeckMatchesIonglassAtStepZero) {
  IONGLASS_REQUIRE_LAMMPS();
  test::ScratchDir dir("bmp0");
  const std::string pot = test::write_text(dir / "bmp_ewald.yaml", test::bmp_potential_yaml(1e-10));
  // The bundled BMP glass has 38 atom types (elements from the masses); O 2, Na 4, Fe 6, P 9 populated.
  const std::string proto = "structure:\n  file: " + test::glass("BMP", 1) + "\npotential:\n  file: " + pot +
                            "\nstages:\n  - {name: one, ensemble: nve, steps: 1, timestep_ps: 0.0005}\noutputs:\n  thermo_every: 1\n";
  const Protocol protocol = read_protocol(test::write_text(dir / "protocol.yaml", proto));
  const StepZero l = lammps_step_zero(protocol, dir / "deck");
  const StepZero i = ionglass_step_zero(protocol);
  const std::string deck = test::read_text(dir / "deck/in.lammps");
  EXPECT_NE(deck.find("pair_style hybrid/overlay  coul/long 10  buck 8  lj/cut 8  morse 8"), std::string::npos);
  EXPECT_NE(deck.find("pair_coeff 2 2 lj/cut 25 1.0 8"), std::string::npos);   // O-O: C0 = 100 -> eps = 25
  EXPECT_NE(deck.find("pair_coeff 2 2 buck 0.0 1.0 -100 8"), std::string::npos);
  EXPECT_NE(deck.find("pair_coeff 9 9 buck 5.093669 0.905598 0 8"), std::string::npos);
  EXPECT_NEAR(l.energy_eV, i.energy_eV, 1e-6 * std::fabs(i.energy_eV));
  EXPECT_NEAR(l.pressure_bar, i.pressure_bar, 1e-6 * std::fabs(i.pressure_bar));
  EXPECT_NEAR(l.energy_eV, reference_energy("bmp_300K_1.json"), 1e-6 * std::fabs(l.energy_eV));
  std::cout << fmt::format("BMP step 0: LAMMPS E = {:.10f} eV, P = {:.6f} bar; ionglass E = {:.10f} eV, P = {:.6f} bar\n",
                           l.energy_eV, l.pressure_bar, i.energy_eV, i.pressure_bar);
}

TEST(LammpsForceFields, PedoneDeckNeedsANewerLammps) {
  IONGLASS_REQUIRE_LAMMPS();
  test::ScratchDir dir("pedone");
  const std::string pot = test::write_text(dir / "bmp_ewald.yaml", test::bmp_potential_yaml(1e-5));
  const std::string proto = "structure:\n  file: " + test::glass("BMP", 1) + "\npotential:\n  file: " + pot +
                            "\nstages:\n  - {name: one, ensemble: nve, steps: 1}\n";
  const Protocol protocol = read_protocol(test::write_text(dir / "protocol.yaml", proto));
  LammpsExportOptions o;
  o.output_dir = dir / "deck";
  o.bmp_style = BmpPairStyle::Pedone;
  const auto r = export_lammps_deck(protocol, o);
  const std::string deck = test::read_text(r.deck_path);
  // pair_coeff I J pedone D0 alpha r0 C0 cutoff (LAMMPS pair_style pedone)
  EXPECT_NE(deck.find("pair_coeff 2 4 pedone 0.023363 1.763867 3.006315 5 8"), std::string::npos);
  EXPECT_EQ(deck.find(" lj/cut "), std::string::npos);
  LammpsRunOptions run;
  run.directory = o.output_dir;
  run.progress = false;
  try {
    run_lammps_deck(run);
    FAIL() << "Debian's LAMMPS (2021) has no pair_style pedone; the run should fail";
  } catch (const ComputationError& e) {
    EXPECT_NE(std::string(e.what()).find("pedone"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ionglass
