#pragma once
// The `cp2k` calculator: DFT labels from Debian's CP2K (Quickstep, Gaussian and plane waves).
//
// prepare() writes input.inp (cp2k_input.hpp) into the job folder; the command
// `cp2k -i input.inp -o output.out` runs there with OMP_NUM_THREADS = cores; collect() reads
// output.out (io/cp2k_output.hpp), and for molecular dynamics the XYZ trajectories of positions
// and forces (io/cp2k_trajectory.hpp). Statuses: a run that ended with an error or a signal is
// `crashed` (message: CP2K's error lines), an SCF that did not converge within max_scf is
// `not_converged`, an output that is missing, cut off or without forces is `bad_output`.
//
// Configuration section (every key optional; units in the names):
//   calculator: cp2k
//   cp2k:
//     command: cp2k                 # or [mpirun, -np, 4, cp2k.psmp]
//     cores: 2
//     cutoff_Ry: 600
//     relative_cutoff_Ry: 60
//     smearing_temperature_K: 580
//     hubbard_U_eV: {Fe: 5.3}       # DFT+U (Dudarev U_eff) on the d shell
//     hubbard_l: {Fe: 2}
//     spin_polarized: false
//     multiplicity: 0
//     kinds: {Na: {basis_set: DZVP-MOLOPT-SR-GTH, potential: GTH-PBE-q9}}
//     template_file: my_input.inp   # a whole input with {{cell}} {{coordinates}} {{kinds}} ...
//   (and the other fields of Cp2kSettings, docs/calculators.md)
#include <memory>
#include <string>

#include "ionglass/calculators/calculator.hpp"
#include "ionglass/calculators/cp2k_input.hpp"

namespace ionglass::calculators {

class Cp2kCalculator : public Calculator {
 public:
  /// InputError for an empty command, cores < 1, non-positive cutoffs, tolerances or counts.
  explicit Cp2kCalculator(Cp2kSettings settings);
  std::string name() const override { return "cp2k"; }
  std::string settings_text() const override { return settings_text_; }
  bool supports_molecular_dynamics() const override { return true; }
  CalculationJob prepare(const System& structure, const CalculationRequest& request,
                         const std::string& work_directory) const override;
  CalculationResult collect(const System& structure, const CalculationRequest& request,
                            const std::string& work_directory, const ChildProcessOutcome& outcome) const override;
  const Cp2kSettings& settings() const { return settings_; }

 private:
  Cp2kSettings settings_;
  std::string settings_text_;
};

/// The `cp2k:` section of a calculator configuration file (relative paths from its folder).
std::unique_ptr<Calculator> make_cp2k_calculator(const std::string& config_path);

/// The lines of a CP2K output that say why it stopped ("*** ERROR ..." / "ABORT" boxes), joined
/// with " | "; empty when there are none.
std::string cp2k_error_lines(const std::string& output_path);

}  // namespace ionglass::calculators
