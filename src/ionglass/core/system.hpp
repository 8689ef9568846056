#pragma once
// The system model: one configuration (frame) of atoms in a periodic cell.
//
// Every atom has an id, a type (1-based, as in LAMMPS) and a position; each type maps to one
// element (several types may share an element, e.g. Fe²⁺ and Fe³⁺) and has a mass. Velocities,
// image flags and charges are optional: their vectors are either empty or hold one entry per atom.
// Further per-atom columns (forces, per-atom energies, extrapolation grades, ...) live in
// `properties`, per-frame values (energy, stress, ...) in `info`.
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "ionglass/core/cell.hpp"
#include "ionglass/core/vector.hpp"

namespace ionglass {

/// One atom type: its element, mass and an optional label (e.g. "Fe2+").
struct AtomType {
  int atomic_number = 0;
  double mass_amu = 0;
  std::string label;
};

/// A per-atom column. kind: 'R' real, 'I' integer (stored as double), 'S' string, 'L' logical.
struct PerAtomProperty {
  char kind = 'R';
  int columns = 1;
  std::vector<double> values;        ///< size natoms·columns for R, I, L
  std::vector<std::string> strings;  ///< size natoms·columns for S
};

using InfoValue = std::variant<bool, long long, double, std::string, std::vector<double>>;

class System {
public:
  Cell cell;
  std::vector<long long> ids;        ///< atom ids (1-based, unique)
  std::vector<int> types;            ///< 1-based indices into atom_types
  std::vector<AtomType> atom_types;  ///< atom_types[t-1] describes type t
  std::vector<Vec3> positions;       ///< Å
  std::vector<Vec3> velocities;      ///< Å/ps, empty when absent
  std::vector<Image> images;         ///< periodic image flags, empty when absent
  std::vector<double> charges;       ///< e, empty when absent
  std::map<std::string, PerAtomProperty> properties;
  std::map<std::string, InfoValue> info;
  long long timestep = -1;           ///< MD step of this frame, −1 when unknown

  std::size_t size() const { return positions.size(); }
  bool has_velocities() const { return !velocities.empty(); }
  bool has_images() const { return !images.empty(); }
  bool has_charges() const { return !charges.empty(); }

  int atomic_number(std::size_t atom) const { return atom_types[types[atom] - 1].atomic_number; }
  const char* symbol(std::size_t atom) const;
  double mass(std::size_t atom) const { return atom_types[types[atom] - 1].mass_amu; }

  /// Atomic numbers present, ascending by symbol (alphabetical, as ACE files order elements).
  std::vector<int> elements_present() const;
  /// Element symbol → number of atoms.
  std::map<std::string, std::size_t> counts() const;
  std::vector<std::size_t> atoms_of_element(int atomic_number) const;
  double total_mass_amu() const;
  double density_g_cm3() const;
  double total_charge() const;

  /// Append an atom; `type` must be a valid 1-based type.
  void add_atom(long long id, int type, const Vec3& position);
  /// Type index for an element (adds a type with the standard mass if none exists).
  int type_for_element(int atomic_number);

  /// Positions with the image flags applied: r + n·H (the unwrapped positions).
  std::vector<Vec3> unwrapped_positions() const;
  /// Map every position into the cell, updating image flags (creating them if absent).
  void wrap_positions();

  /// Checks that all per-atom vectors have consistent sizes, types are valid, ids unique and
  /// positions finite. `source` names the file for the error message. Throws InputError.
  void validate(const std::string& source = "") const;
};

/// Maps types to elements from a list of symbols, one per type in type order ("Fe,Na,O,P"):
/// replaces atomic numbers (and sets masses to standard masses where a type's mass is 0).
/// Throws InputError if the list is shorter than the number of types or names an unknown element.
void apply_type_elements(System& system, const std::vector<std::string>& symbols_by_type,
                         const std::string& source = "");

/// Splits "Fe,Na,O,P" (commas or spaces) into symbols.
std::vector<std::string> split_symbol_list(const std::string& list);

}  // namespace ionglass
