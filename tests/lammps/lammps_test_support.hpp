#pragma once
// Helpers for the LAMMPS scale-out tests: scratch directories, protocol and potential files
// written from the test, and the LAMMPS executable.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ionglass/lammps/runner.hpp"
#include "test_paths.hpp"

namespace ionglass::test {

/// A fresh scratch directory, removed at the end of the test.
class ScratchDir {
public:
  explicit ScratchDir(const std::string& name) {
    path_ = std::filesystem::temp_directory_path() / ("ionglass_lammps_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

private:
  std::filesystem::path path_;
};

inline std::string write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  return path;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Debian's LAMMPS, or empty.
inline std::string lammps_executable() { return find_executable("lmp"); }

#define IONGLASS_REQUIRE_LAMMPS()                                                            \
  if (ionglass::test::lammps_executable().empty()) GTEST_SKIP() << "no `lmp` on PATH (Debian package lammps)"

/// Rows of a CSV file as column name → values.
inline std::map<std::string, std::vector<std::string>> read_csv_columns(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  {
    std::stringstream s(line);
    std::string c;
    while (std::getline(s, c, ',')) names.push_back(c);
  }
  std::map<std::string, std::vector<std::string>> out;
  while (std::getline(in, line)) {
    std::stringstream s(line);
    std::string c;
    std::size_t k = 0;
    while (k < names.size()) {
      if (!std::getline(s, c, ',')) c.clear();
      out[names[k++]].push_back(c);
    }
  }
  return out;
}

/// Teter force field (potentials/teter.yaml parameters, r < r0 core active) with Ewald at the
/// given accuracy and LAMMPS' erfc approximation, so that LAMMPS (pair_modify table 0) and
/// ionglass evaluate the same function.
inline std::string teter_potential_yaml(double ewald_accuracy, double cutoff = 8.0, double coulomb_cutoff = 10.0) {
  std::ostringstream s;
  s << "name: teter_ewald\nunits: metal\n"
       "charges: {Na: 0.6, Fe: 1.2, Fe2+: 1.2, Fe3+: 1.8, P: 3.0, O: -1.2}\n"
       "neighbor_skin: 1.0\nshort_range:\n  cutoff: "
    << cutoff
    << "\n  shift: false\n  tabulate: false\n  pairs:\n"
       "    - {pair: [O, O],  model: teter, A: 2029.2204,  rho: 0.343640, C: 192.580, B: 46.462,  n: 3.430, D: -0.32605, r0: 1.906}\n"
       "    - {pair: [Na, O], model: teter, A: 4383.7555,  rho: 0.243838, C: 30.700,  B: 48.264,  n: 2.893, D: -4.730,   r0: 1.172}\n"
       "    - {pair: [P, O],  model: teter, A: 26655.472,  rho: 0.181968, C: 86.856,  B: 28.568,  n: 4.654, D: -3.379,   r0: 1.169}\n"
       "    - {pair: [[Fe, Fe2+], O], model: teter, A: 11777.0703, rho: 0.207132, C: 21.642, B: 104.203, n: 2.670, D: -32.110, r0: 0.917}\n"
       "    - {pair: [[Na, Fe, Fe2+, Fe3+, P], [Na, Fe, Fe2+, Fe3+, P]], model: none}\n"
       "coulomb:\n  method: ewald\n  cutoff: "
    << coulomb_cutoff << "\n  accuracy: " << ewald_accuracy << "\n  erfc: abramowitz_stegun\n";
  return s.str();
}

/// BMP force field (potentials/bmp.yaml parameters) with Ewald as above.
inline std::string bmp_potential_yaml(double ewald_accuracy) {
  std::ostringstream s;
  s << "name: bmp_ewald\nunits: metal\n"
       "charges: {Na: 0.6, Fe: 1.2, Fe2+: 1.2, Fe3+: 1.8, P: 3.0, O: -1.2}\n"
       "neighbor_skin: 1.0\nshort_range:\n  cutoff: 8.0\n  shift: false\n  tabulate: false\n  pairs:\n"
       "    - {pair: [Na, O], model: morse, D0: 0.023363, alpha: 1.763867, r0: 3.006315, C0: 5.0}\n"
       "    - {pair: [[Fe, Fe2+], O], model: morse, D0: 0.078171, alpha: 1.822638, r0: 2.608163, C0: 2.0}\n"
       "    - {pair: [Fe3+, O], model: morse, D0: 0.348991, alpha: 1.920376, r0: 2.202183, C0: 1.0}\n"
       "    - {pair: [P, O],  model: morse, D0: 0.831326, alpha: 2.585833, r0: 1.790790, C0: 1.0}\n"
       "    - {pair: [O, O],  model: morse, D0: 0.042395, alpha: 1.379316, r0: 3.618701, C0: 100.0}\n"
       "    - {pair: [P, P],  model: buckingham, A: 5.093669, rho: 0.905598, C: 0.0}\n"
       "    - {pair: [[Na, Fe, Fe2+, Fe3+], [Na, Fe, Fe2+, Fe3+, P]], model: none}\n"
       "coulomb:\n  method: ewald\n  cutoff: 10.0\n  accuracy: "
    << ewald_accuracy << "\n  erfc: abramowitz_stegun\n";
  return s.str();
}

}  // namespace ionglass::test
