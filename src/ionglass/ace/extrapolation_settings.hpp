#pragma once
// Typed settings of the ACE extrapolation monitor (extrapolation_monitor.hpp). The MD protocol
// reader fills them from the protocol's `extrapolation:` section (docs/ace-active-learning.md):
//   extrapolation:
//     potential: NaFePO4.yaml    # B-basis (.yaml); defaults to the MD potential when that is a .yaml
//     active_set: NaFePO4.asi    # required
//     every: 20                  # steps between checks (> 0)
//     lower: 5                   # write frames with max γ > lower
//     upper: 25                  # stop cleanly when max γ > upper (upper ≥ lower)
//     file: extrapolative.extxyz # frames above `lower`, with per-atom column `gamma`
#include <string>

namespace ionglass::ace {

struct ExtrapolationSettings {
  std::string potential;   ///< B-basis .yaml (may be empty when the caller supplies it)
  std::string active_set;  ///< .asi
  long long every = 20;    ///< steps between checks
  double lower = 5.0;      ///< record threshold (dimensionless γ)
  double upper = 25.0;     ///< stop threshold
  std::string file = "extrapolative.extxyz";
};

/// Throws InputError (without a file position: the protocol reader reports those) when every ≤ 0,
/// a threshold is not positive or upper < lower.
void check_extrapolation_settings(const ExtrapolationSettings& settings);

}  // namespace ionglass::ace
