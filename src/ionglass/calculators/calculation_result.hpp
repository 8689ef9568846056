#pragma once
// What a reference calculation (DFT or any other labeller) returns for one structure.
//
// A failed calculation is a result with a status and one clear message, not an exception, so
// that a batch of structures goes on. Units are LAMMPS "metal": energy eV, forces eV/Å, pressure
// bar. The pressure tensor has the sign of LAMMPS and VASP: positive is compressive, and the
// pressure is P = tr(P)/3 (ASE's `stress` is its negative, in eV/Å³).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ionglass/core/system.hpp"
#include "ionglass/core/vector.hpp"

namespace ionglass::calculators {

enum class CalculationStatus {
  ok,                  ///< energy and forces are there and trustworthy
  not_converged,       ///< the SCF (or another iteration) did not converge; numbers not trusted
  crashed,             ///< the program ended with an error status or a signal
  bad_output,          ///< the program ended but its output is missing, cut short or unreadable
  missing_executable,  ///< the program could not be started
  input_error,         ///< the structure or settings cannot be treated (e.g. element not in the POTCAR map)
  timed_out,           ///< the program ran past its wall-clock limit
  cancelled,           ///< the job was cancelled (by the scheduler or the user)
};

/// "ok", "not_converged", "crashed", "bad_output", "missing_executable", "input_error",
/// "timed_out", "cancelled".
std::string status_name(CalculationStatus status);
/// Inverse of status_name; InputError for an unknown name.
CalculationStatus parse_status(const std::string& name);

struct CalculationResult {
  CalculationStatus status = CalculationStatus::crashed;
  std::string message;  ///< one line saying what went wrong (empty when ok)

  /// Total energy (eV) consistent with the forces: for smeared electrons the free energy, whose
  /// derivative the forces are.
  double energy_eV = 0;
  std::vector<Vec3> forces_eV_per_A;        ///< one per atom, in the structure's atom order
  std::optional<Mat3> pressure_tensor_bar;  ///< when the calculator computes stress
  /// Further named numbers, the unit in the name ("energy_sigma0_eV", "scf_steps", ...).
  std::map<std::string, double> extra_values;
  /// Molecular-dynamics runs: the sampled frames, each with info "energy_eV" and properties
  /// "forces" (eV/Å), in the order they were visited.
  std::vector<System> frames;

  double wall_seconds = 0;  ///< wall time of the calculation
  /// Where the numbers come from: "code", "code_version", "work_directory", ... (free text).
  std::map<std::string, std::string> provenance;

  bool ok() const { return status == CalculationStatus::ok; }
};

/// A result with a failure status and message.
CalculationResult failed_result(CalculationStatus status, std::string message);

}  // namespace ionglass::calculators
