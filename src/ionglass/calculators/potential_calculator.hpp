#pragma once
// The `potential` calculator: any ionglass potential (Teter, BMP, ACE .yace/.yaml, sums; see
// potential_loader.hpp) as a reference calculator. It is exact and fast, which makes it the
// oracle for tests of the labelling machinery and the teacher of teacher–student fits.
//
// It needs no external program: prepare() writes nothing and returns an empty command; collect()
// evaluates the potential in-process. Energy (eV), forces (eV/Å) and, for periodic cells, the
// pressure tensor of the virial (bar, positive = compressive; no kinetic part).
//
// Configuration section (calculator configuration file, docs/calculators.md):
//   calculator: potential
//   potential:
//     file: NaFePO4.yace     # relative to the configuration file's folder
#include <memory>
#include <mutex>
#include <string>

#include "ionglass/calculators/calculator.hpp"
#include "ionglass/potential/potential.hpp"

namespace ionglass::calculators {

struct PotentialCalculatorSettings {
  std::string file;  ///< potential file (any format load_potential reads)
};

class PotentialCalculator : public Calculator {
 public:
  /// Loads the potential once (InputError when the file cannot be read or is not a potential).
  explicit PotentialCalculator(PotentialCalculatorSettings settings);
  std::string name() const override { return "potential"; }
  /// The potential file's name and its whole content: another file with the same numbers gives
  /// the same hash, an edited parameter another.
  std::string settings_text() const override { return settings_text_; }
  CalculationJob prepare(const System& structure, const CalculationRequest& request,
                         const std::string& work_directory) const override;
  CalculationResult collect(const System& structure, const CalculationRequest& request,
                            const std::string& work_directory, const ChildProcessOutcome& outcome) const override;
  const PotentialCalculatorSettings& settings() const { return settings_; }

 private:
  PotentialCalculatorSettings settings_;
  std::string settings_text_;
  mutable std::mutex mutex_;  // the potential binds to each structure; one evaluation at a time
  std::unique_ptr<Potential> potential_;
};

/// The `potential:` section of a calculator configuration file.
std::unique_ptr<Calculator> make_potential_calculator(const std::string& config_path);

}  // namespace ionglass::calculators
