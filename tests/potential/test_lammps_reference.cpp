// The glass configurations of the Teter and BMP models against LAMMPS single points
// (tests/data/reference/lammps: Ewald 1e-10, 10 Å real space, 8 Å truncated short range).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "ionglass/io/structure_io.hpp"
#include "ionglass/potential/classical_potential_file.hpp"
#include "test_paths.hpp"

namespace ionglass {
namespace {

struct Reference {
  nlohmann::json summary;
  std::map<long long, Vec3> forces;
};

Reference load_reference(const std::string& stem) {
  Reference ref;
  const std::string dir = test::reference_dir() + "/lammps/";
  std::ifstream js(dir + stem + ".json");
  js >> ref.summary;
  std::ifstream csv(dir + stem + "_forces.csv");
  std::string line;
  std::getline(csv, line);  // header id,type,fx,fy,fz
  while (std::getline(csv, line)) {
    std::stringstream ss(line);
    std::string cell;
    std::vector<double> v;
    while (std::getline(ss, cell, ',')) v.push_back(std::stod(cell));
    if (v.size() == 5) ref.forces[static_cast<long long>(v[0])] = Vec3(v[2], v[3], v[4]);
  }
  return ref;
}

void compare_with_lammps(const std::string& model, const std::string& potential_file, const std::string& stem) {
  const System system = read_structure(test::glass(model, 1));
  auto potential = load_classical_potential(test::source_dir() + "/potentials/" + potential_file);
  const PotentialResult r = evaluate(*potential, system);
  const Reference ref = load_reference(stem);
  EXPECT_NEAR(r.energy, ref.summary["energy_total_eV"].get<double>(), 1e-3);
  EXPECT_NEAR(r.component("short_range"), ref.summary["energy_short_range_eV"].get<double>(), 1e-3);
  EXPECT_NEAR(r.component("coulomb_real_space"), ref.summary["energy_coulomb_real_space_eV"].get<double>(), 1e-3);
  EXPECT_NEAR(r.component("coulomb_kspace"), ref.summary["energy_coulomb_kspace_eV"].get<double>(), 1e-3);
  const auto w = ref.summary["virial_eV_xx_yy_zz_xy_xz_yz"].get<std::vector<double>>();
  EXPECT_NEAR(r.virial(0, 0), w[0], 1e-3);
  EXPECT_NEAR(r.virial(1, 1), w[1], 1e-3);
  EXPECT_NEAR(r.virial(2, 2), w[2], 1e-3);
  EXPECT_NEAR(r.virial(0, 1), w[3], 1e-3);
  EXPECT_NEAR(r.virial(0, 2), w[4], 1e-3);
  EXPECT_NEAR(r.virial(1, 2), w[5], 1e-3);
  ASSERT_EQ(ref.forces.size(), system.size());
  double max_error = 0;
  for (std::size_t i = 0; i < system.size(); ++i) {
    const Vec3& f = ref.forces.at(system.ids[i]);
    max_error = std::max(max_error, (r.forces[i] - f).cwiseAbs().maxCoeff());
  }
  EXPECT_LT(max_error, 1e-4) << "largest force component error (eV/Å)";
  std::cout << model << ": energy error " << r.energy - ref.summary["energy_total_eV"].get<double>()
            << " eV, max force component error " << max_error << " eV/Å\n";
}

TEST(LammpsReference, TeterGlassEwald) { compare_with_lammps("Teter", "teter_reference.yaml", "teter_300K_1"); }
TEST(LammpsReference, BmpGlassEwald) { compare_with_lammps("BMP", "bmp_reference.yaml", "bmp_300K_1"); }

}  // namespace
}  // namespace ionglass
