#pragma once
// A real external program for the `command` calculator tests: an ASE script (Debian's python3
// and python3-ase) computing Lennard-Jones energies, forces and stress, and the argon cell it is
// run on. Shared by tests/calculators_label and tests/calculators_slurm.
#include <filesystem>
#include <fstream>

#include "ionglass/calculators/command_calculator.hpp"
#include "ionglass/core/child_process.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass::test {

inline const char* debian_python = "/usr/bin/python3";

/// True when /usr/bin/python3 imports ASE's extended-XYZ reader and Lennard-Jones calculator.
inline bool have_ase() {
  if (find_executable(debian_python).empty()) return false;
  ChildProcessOptions o;
  o.command = {debian_python, "-c", "import ase.io, ase.calculators.lj"};
  o.output_file = "/dev/null";
  return run_child_process(o).succeeded();
}

/// 8 atoms of one element in a slightly distorted cubic cell (7 Å × scale); `shift` moves atoms
/// 1, 2, 4, 5, 7, 8 along x by shift × (index mod 3) in fractional coordinates.
inline System small_cell(double scale = 1.0, double shift = 0.0) {
  System s;
  s.cell = Cell(Mat3::Identity() * 7.0 * scale);
  const int type = s.type_for_element(18);  // argon: Lennard-Jones is its model
  const double x[8][3] = {{0.1, 0.0, 0.0},    {0.5, 0.5, 0.02},   {0.5, 0.0, 0.5},    {0.0, 0.5, 0.5},
                          {0.25, 0.25, 0.27}, {0.75, 0.75, 0.25}, {0.75, 0.25, 0.75}, {0.24, 0.75, 0.75}};
  for (int i = 0; i < 8; ++i)
    s.add_atom(i + 1, type, s.cell.matrix().transpose() * Vec3(x[i][0] + shift * (i % 3), x[i][1], x[i][2]));
  return s;
}

/// Writes dir/lj.py (ASE LennardJones, σ = 3.4 Å, ε = 0.0104 eV, smooth cut-off at 6 Å) and
/// returns command-calculator settings that copy and run it.
inline calculators::CommandCalculatorSettings lennard_jones(const std::filesystem::path& dir) {
  std::ofstream(dir / "lj.py") << "import ase.io\nfrom ase.calculators.lj import LennardJones\n"
                                  "atoms = ase.io.read('input.extxyz')\n"
                                  "atoms.calc = LennardJones(sigma=3.4, epsilon=0.0104, rc=6.0, smooth=True)\n"
                                  "atoms.get_potential_energy(); atoms.get_forces(); atoms.get_stress()\n"
                                  "ase.io.write('output.extxyz', atoms)\n";
  calculators::CommandCalculatorSettings s;
  s.command = {debian_python, "lj.py"};
  s.files = {(dir / "lj.py").string()};
  return s;
}

}  // namespace ionglass::test
