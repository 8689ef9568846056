// The ACE evaluator against the reference implementation (ML-PACE, LAMMPS-equivalent assembly):
// glass energies, every force of a 3003-atom glass, its virial, all 300 DFT development
// structures, and O–P/… dimer scans through the ZBL blend.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ace_test_support.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/io/structure_io.hpp"

using namespace ionglass;
using namespace ionglass::ace;

namespace {

double info_real(const System& s, const std::string& key) {
  const auto it = s.info.find(key);
  if (it == s.info.end()) throw std::runtime_error("missing info key " + key);
  if (const double* d = std::get_if<double>(&it->second)) return *d;
  if (const long long* i = std::get_if<long long>(&it->second)) return static_cast<double>(*i);
  throw std::runtime_error("info key " + key + " is not a number");
}

}  // namespace

TEST(AceReference, GlassForcesEnergyAndVirial) {
  auto potential = test::bundled_potential();
  const System glass = read_structure(test::glass("ACE", 1));
  ASSERT_EQ(glass.size(), 3003u);
  const PotentialResult r = evaluate(*potential, glass);
  EXPECT_NEAR(r.energy, -18156.4114511266, 1e-7 * 3003);
  EXPECT_NEAR(r.energy / 3003, -6.04609106, 1e-8);

  const auto reference = test::read_extxyz(test::reference_dir() + "/ace/glass_ACE_1_reference.extxyz");
  ASSERT_EQ(reference.size(), 1u);
  const System& ref = reference[0];
  const auto& ids = ref.properties.at("lammps_id").values;
  const auto& forces = ref.properties.at("ace_forces").values;
  std::map<long long, std::size_t> index;
  for (std::size_t i = 0; i < glass.size(); ++i) index[glass.ids[i]] = i;
  double worst = 0, max_force = 0;
  for (std::size_t k = 0; k < ref.size(); ++k) {
    const std::size_t i = index.at(static_cast<long long>(ids[k]));
    for (int a = 0; a < 3; ++a) worst = std::max(worst, std::abs(r.forces[i][a] - forces[3 * k + a]));
    max_force = std::max(max_force, r.forces[i].norm());
  }
  EXPECT_LT(worst, 1e-6) << "largest force-component deviation (eV/Å)";
  EXPECT_NEAR(max_force, 4.648359, 1e-5);
  const std::size_t first = index.at(2154);
  EXPECT_NEAR(r.forces[first].x(), 1.1051297615, 1e-6);
  EXPECT_NEAR(r.forces[first].y(), -0.7813792012, 1e-6);
  EXPECT_NEAR(r.forces[first].z(), 1.0779992941, 1e-6);

  // Virial Σ (r_i − r_j) ⊗ f_ij (xx, yy, zz, xy, xz, yz) in eV.
  EXPECT_NEAR(r.virial(0, 0), -77.358964, 1e-5);
  EXPECT_NEAR(r.virial(1, 1), -84.598134, 1e-5);
  EXPECT_NEAR(r.virial(2, 2), -125.894661, 1e-5);
  EXPECT_NEAR(r.virial(0, 1), 11.967447, 1e-5);
  EXPECT_NEAR(r.virial(0, 2), -28.706932, 1e-5);
  EXPECT_NEAR(r.virial(1, 2), 5.297749, 1e-5);
  EXPECT_NEAR(r.virial(1, 0), r.virial(0, 1), 1e-6);
}

TEST(AceReference, FiveGlassEnergies) {
  std::ifstream in(test::reference_dir() + "/ace/glass_energies.json");
  const auto reference = nlohmann::json::parse(in);
  auto potential = test::bundled_potential();
  for (int k = 1; k <= 5; ++k) {
    const System glass = read_structure(test::glass("ACE", k));
    const double expected = reference.at("glass/ACE/" + std::to_string(k) + ".data").get<double>();
    potential->bind(glass);
    const double e = test::energy_of(*potential, glass);
    EXPECT_NEAR(e / glass.size(), expected / glass.size(), 1e-7) << "glass " << k;
  }
}

TEST(AceReference, AllDevelopmentStructures) {
  const auto frames = test::read_extxyz(test::reference_dir() + "/ace/ace_reference_dev.extxyz");
  ASSERT_EQ(frames.size(), 300u);
  auto potential = test::bundled_potential();
  double worst_energy = 0, worst_force = 0;
  for (const System& s : frames) {
    const PotentialResult r = evaluate(*potential, s);
    const double expected = info_real(s, "ace_energy");
    worst_energy = std::max(worst_energy, std::abs(r.energy - expected) / s.size());
    const auto& f = s.properties.at("ace_forces").values;
    for (std::size_t i = 0; i < s.size(); ++i)
      for (int a = 0; a < 3; ++a) worst_force = std::max(worst_force, std::abs(r.forces[i][a] - f[3 * i + a]));
  }
  EXPECT_LT(worst_energy, 1e-7) << "eV/atom";
  EXPECT_LT(worst_force, 1e-6) << "eV/Å";
}

TEST(AceReference, DimerScansIncludingZblBlend) {
  std::ifstream in(test::reference_dir() + "/ace/dimer_scans.csv");
  std::string line;
  std::getline(in, line);  // header
  auto potential = test::bundled_potential();
  int rows = 0;
  double worst_energy = 0, worst_force = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string a, b, field;
    std::getline(ss, a, ',');
    std::getline(ss, b, ',');
    std::getline(ss, field, ',');
    const double r = std::stod(field);
    std::getline(ss, field, ',');
    const double energy = std::stod(field);
    std::getline(ss, field, ',');
    const double force = std::stod(field);
    System s;
    s.cell = Cell(Mat3::Identity() * 60.0);
    const int ta = s.type_for_element(elements::by_symbol(a).atomic_number);
    const int tb = a == b ? ta : s.type_for_element(elements::by_symbol(b).atomic_number);
    s.add_atom(1, ta, Vec3(10, 10, 10));
    s.add_atom(2, tb, Vec3(10 + r, 10, 10));
    const PotentialResult res = evaluate(*potential, s);
    worst_energy = std::max(worst_energy, std::abs(res.energy - energy) / std::max(1.0, std::abs(energy)));
    worst_force = std::max(worst_force, std::abs(res.forces[0].x() - force) / std::max(1.0, std::abs(force)));
    EXPECT_NEAR(res.energy, energy, 1e-7 * std::max(1.0, std::abs(energy))) << a << "-" << b << " r=" << r;
    EXPECT_NEAR(res.forces[0].x(), force, 1e-6 * std::max(1.0, std::abs(force))) << a << "-" << b << " r=" << r;
    ++rows;
  }
  EXPECT_EQ(rows, 606);
  std::cout << "dimer scans: worst relative energy error " << worst_energy << ", force " << worst_force << "\n";
}
