#pragma once
// Errors of a potential against labelled reference data (DFT energies and forces): RMSE and MAE
// of the energy per atom and of the force components, overall, by element (forces), by the value
// of a per-frame info key (e.g. the active-learning iteration) and per structure, with the
// shortest interatomic distance of each structure so that unphysical structures stand out.
//
// Energies are compared per atom after adding the isolated-atom reference energies to the
// potential's energy: E_pred = E_potential + Σ_el n_el E_ref,el (an ACE fit is usually made to
// E_DFT − Σ n E_ref). Works with any Potential.
#include <map>
#include <string>
#include <vector>

#include "ionglass/core/system.hpp"
#include "ionglass/potential/potential.hpp"

namespace ionglass::ace {

struct ValidationOptions {
  /// Info key of the reference energy (eV, total). Empty: the first present of
  /// energy, dft_energy, REF_energy, free_energy, DFT_energy.
  std::string energy_key;
  /// Per-atom property of the reference forces (eV/Å). Empty: the first present of
  /// forces, dft_forces, REF_forces, DFT_forces.
  std::string forces_key;
  /// Isolated-atom energies (eV) by element symbol, added to the potential's energy.
  std::map<std::string, double> reference_energies;
  /// Info key to group errors by (e.g. "al_iteration"); empty for none.
  std::string group_by;
};

/// Squared and absolute error sums.
struct ErrorAccumulator {
  double sum_squared = 0, sum_absolute = 0, max_absolute = 0;
  std::size_t count = 0;
  void add(double error);
  double rmse() const;
  double mae() const;
};

/// The result for one structure.
struct StructureValidation {
  long long index = 0;          ///< frame index in the file (0-based)
  std::size_t natoms = 0;
  std::string composition;      ///< e.g. "Fe12Na12O48P12"
  std::string group;            ///< value of the group-by key ("" without grouping)
  bool evaluated = false;       ///< false when the potential could not evaluate it
  std::string problem;          ///< why not (when !evaluated)
  double reference_energy_per_atom = 0;  ///< eV/atom
  double predicted_energy_per_atom = 0;  ///< eV/atom (potential + reference energies)
  double energy_error_per_atom = 0;      ///< eV/atom, predicted − reference
  bool has_forces = false;
  ErrorAccumulator force_error;          ///< eV/Å per component
  double shortest_distance = 0;          ///< Å (periodic images included); 0 when < 1 atom pair
};

class PotentialValidator {
public:
  PotentialValidator(Potential& potential, ValidationOptions options);

  /// Evaluates one labelled frame and accumulates its errors. Throws InputError when the frame
  /// lacks the reference energy (or the chosen forces key). A structure the potential cannot
  /// evaluate (ComputationError, e.g. atoms closer than the spline's first node) is recorded
  /// with evaluated = false and left out of the statistics.
  const StructureValidation& add(const System& frame, long long index, const std::string& source);

  const std::vector<StructureValidation>& structures() const { return structures_; }
  const ErrorAccumulator& energy() const { return energy_; }   ///< eV/atom
  const ErrorAccumulator& forces() const { return forces_; }   ///< eV/Å per component
  const std::map<std::string, ErrorAccumulator>& forces_by_element() const { return forces_by_element_; }
  const std::map<std::string, ErrorAccumulator>& energy_by_group() const { return energy_by_group_; }
  const std::map<std::string, ErrorAccumulator>& forces_by_group() const { return forces_by_group_; }
  /// Parity data: reference and predicted energies per atom (eV/atom), force components (eV/Å)
  /// with the element of their atom.
  const std::vector<double>& reference_energies_per_atom() const { return e_ref_; }
  const std::vector<double>& predicted_energies_per_atom() const { return e_pred_; }
  const std::vector<double>& reference_force_components() const { return f_ref_; }
  const std::vector<double>& predicted_force_components() const { return f_pred_; }
  const std::string& energy_key() const { return energy_key_used_; }
  const std::string& forces_key() const { return forces_key_used_; }

private:
  Potential& potential_;
  ValidationOptions options_;
  std::string energy_key_used_, forces_key_used_;
  std::vector<StructureValidation> structures_;
  ErrorAccumulator energy_, forces_;
  std::map<std::string, ErrorAccumulator> forces_by_element_, energy_by_group_, forces_by_group_;
  std::vector<double> e_ref_, e_pred_, f_ref_, f_pred_;
};

/// Shortest distance between two atoms of a periodic system, including periodic images of the
/// same atom (Å); searches up to `search_radius` and returns that radius if no pair is closer.
double shortest_interatomic_distance(const System& system, double search_radius = 4.0);

/// Parses "Fe=-0.2084,Na=-0.0749" into a map (InputError on malformed entries or unknown elements).
std::map<std::string, double> parse_reference_energies(const std::string& text);

}  // namespace ionglass::ace
