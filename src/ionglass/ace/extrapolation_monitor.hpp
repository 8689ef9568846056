#pragma once
// Extrapolation monitoring for MD with an ACE potential (the role of LAMMPS
// `pair_style pace/extrapolation` + `fix pair … gamma` + `fix halt`): every `every` steps the
// per-atom extrapolation grade γ of the current configuration is computed from the B-basis
// projections and the active set; a configuration whose max γ exceeds `lower` is to be written to
// its own trajectory, one above `upper` stops the run (after a checkpoint).
//
// The settings (ExtrapolationSettings, extrapolation_settings.hpp) are typed; the MD protocol
// reader (md/protocol.cpp) fills them from the protocol's `extrapolation:` section.
#include <memory>
#include <string>
#include <vector>

#include "ionglass/ace/active_set.hpp"
#include "ionglass/ace/extrapolation_settings.hpp"
#include "ionglass/ace/projections.hpp"

namespace ionglass::ace {

enum class ExtrapolationAction { None, Record, Stop };

/// The outcome of one check.
struct ExtrapolationCheck {
  long long step = 0;
  double max_gamma = 0;
  std::size_t max_gamma_atom = 0;
  ExtrapolationAction action = ExtrapolationAction::None;
  std::vector<double> gamma;  ///< per atom
};

class ExtrapolationMonitor {
 public:
  /// Loads the B-basis and the active set (InputError if they do not match, or if the settings
  /// fail check_extrapolation_settings).
  explicit ExtrapolationMonitor(const ExtrapolationSettings& settings);
  ExtrapolationMonitor(const BBasisPotential& potential, ActiveSet active_set, const ExtrapolationSettings& settings);

  const ExtrapolationSettings& settings() const { return settings_; }
  /// True on the steps where a check is due (multiples of `every`).
  bool due(long long step) const { return settings_.every > 0 && step % settings_.every == 0; }
  /// Per-atom γ of a configuration.
  std::vector<double> grades(const System& system) const;
  /// Computes γ and classifies: Stop if max γ > upper, Record if > lower, else None.
  ExtrapolationCheck check(const System& system, long long step) const;
  /// The configuration with a per-atom column `gamma` and info `max_gamma`, `step` (for writing).
  static System annotated(const System& system, const ExtrapolationCheck& check);

 private:
  ExtrapolationSettings settings_;
  std::shared_ptr<const BProjector> projector_;
  ActiveSet active_set_;
};

}  // namespace ionglass::ace
