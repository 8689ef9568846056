#pragma once
// The `command` calculator: any program that reads one structure as extended XYZ and writes it
// back with energy and forces (for example an ASE script that calls another code).
//
// prepare() writes the structure to `input_file` in the job folder; the command runs there;
// collect() reads `output_file`. The output must hold the same atoms in the same order (positions
// equal to the input within `position_tolerance_A`), the energy as an info key (eV) and the forces
// as a per-atom R:3 column (eV/Å); the stress is optional (ASE's convention: eV/Å³, tensile
// positive, 9 numbers or the 6 Voigt numbers xx yy zz yz xz xy) and becomes the pressure tensor in
// bar (compressive positive). ASE's extended-XYZ writer stores a calculator's results under
// `energy`, `forces` and `stress`, the defaults here.
//
// Configuration section:
//   calculator: command
//   command:
//     command: [/usr/bin/python3, label_with_emt.py]   # or one string, split at spaces
//     input_file: input.extxyz       # defaults
//     output_file: output.extxyz
//     energy_key: energy
//     forces_key: forces
//     stress_key: stress
//     cores: 1
//     files: [label_with_emt.py]     # copied into every job folder (relative to this file)
#include <memory>
#include <string>
#include <vector>

#include "ionglass/calculators/calculator.hpp"

namespace ionglass::calculators {

struct CommandCalculatorSettings {
  std::vector<std::string> command;  ///< program and arguments (the program is looked up on PATH)
  std::string input_file = "input.extxyz";
  std::string output_file = "output.extxyz";
  std::string energy_key = "energy";  ///< info key of the energy (eV)
  std::string forces_key = "forces";  ///< per-atom column of the forces (eV/Å)
  std::string stress_key = "stress";  ///< info key of the stress (eV/Å³, ASE sign); absent: no stress
  std::vector<std::string> files;     ///< files copied into every job folder
  int cores = 1;
  double position_tolerance_A = 1e-6;  ///< the output's positions must equal the input's within this
};

class CommandCalculator : public Calculator {
 public:
  /// InputError for an empty command, cores < 1 or a file to copy that does not exist.
  explicit CommandCalculator(CommandCalculatorSettings settings);
  std::string name() const override { return "command"; }
  /// The command, the keys and the content of every copied file.
  std::string settings_text() const override { return settings_text_; }
  CalculationJob prepare(const System& structure, const CalculationRequest& request,
                         const std::string& work_directory) const override;
  CalculationResult collect(const System& structure, const CalculationRequest& request,
                            const std::string& work_directory, const ChildProcessOutcome& outcome) const override;
  const CommandCalculatorSettings& settings() const { return settings_; }

 private:
  CommandCalculatorSettings settings_;
  std::string settings_text_;
};

/// The `command:` section of a calculator configuration file.
std::unique_ptr<Calculator> make_command_calculator(const std::string& config_path);

/// The last `lines` lines of a text file (empty when it cannot be read), for failure messages.
std::string last_lines_of_file(const std::string& path, int lines);

}  // namespace ionglass::calculators
