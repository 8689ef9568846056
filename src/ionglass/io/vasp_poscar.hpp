#pragma once
// VASP structure files POSCAR and CONTCAR (https://www.vasp.at/wiki/index.php/POSCAR).
//
// Reading: comment, scale factor (one positive factor, a negative value = the target cell volume
// in Å³, or three factors for the x, y, z components), lattice vectors, the optional species line
// (VASP 5; without it the elements come from --types in the order of the counts), counts,
// optional "Selective dynamics" (flags kept as the L:3 property "selective_dynamics"), Direct or
// Cartesian coordinates, and the optional velocity block of MD CONTCARs (Å/fs in the file,
// Å/ps in ionglass). Types are one per element in alphabetical order of the symbols; ids follow
// the file order. The comment goes to info["comment"].
//
// Writing: Direct coordinates, species line, atoms grouped by element (first appearance),
// selective dynamics when the property exists, velocities when present.
#include <memory>
#include <string>
#include <vector>

#include "ionglass/io/structure_io.hpp"

namespace ionglass {

class LineReader;

/// The header shared by POSCAR and XDATCAR: comment, cell, species and counts.
struct VaspHeader {
  std::string comment;
  Mat3 lattice = Mat3::Zero();          ///< rows = lattice vectors, scale factor applied (Å)
  Vec3 cartesian_scale = Vec3::Ones();  ///< factors that also apply to Cartesian coordinates
  std::vector<int> species;             ///< atomic number per species group
  std::vector<long long> counts;        ///< atoms per species group
  std::size_t atom_count() const;
  /// Atomic number of every atom in file order.
  std::vector<int> atomic_numbers() const;
};

/// Reads the header starting with the comment line already in `first_line`. Species come from
/// the species line, else from `type_elements` (--types), else an error asks for --types.
VaspHeader read_vasp_header(LineReader& reader, const std::string& first_line,
                            const std::vector<std::string>& type_elements);

System read_poscar(const std::string& path, const ReadOptions& options = {});
/// POSCAR text of one structure (Direct coordinates).
std::string format_poscar(const System& system);
void write_poscar(const std::string& path, const System& system);
/// The header shared by POSCAR and XDATCAR as text: `comment` (line breaks turned into spaces),
/// scale factor 1, the lattice vectors (Å), the species line and the counts line for the atoms in
/// `order` (from vasp_atom_order).
std::string format_vasp_header(std::string comment, const System& system, const std::vector<std::size_t>& order);
/// Atom indices grouped by element, elements in order of first appearance, file order within a
/// group (the grouping POSCAR and XDATCAR files need; already grouped structures keep their order).
std::vector<std::size_t> vasp_atom_order(const System& system);

}  // namespace ionglass
