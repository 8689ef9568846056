#include "ionglass/ace/extrapolation_monitor.hpp"

#include <algorithm>

#include "ionglass/ace/structure_grades.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::ace {

void check_extrapolation_settings(const ExtrapolationSettings& s) {
  if (s.every < 1) throw InputError("extrapolation.every must be a positive integer (steps)");
  if (!(s.lower > 0) || !(s.upper > 0)) throw InputError("extrapolation thresholds must be positive");
  if (s.upper < s.lower) throw InputError("extrapolation.upper must be ≥ extrapolation.lower");
}

ExtrapolationMonitor::ExtrapolationMonitor(const ExtrapolationSettings& settings) : settings_(settings) {
  check_extrapolation_settings(settings_);
  if (settings_.potential.empty()) throw InputError("extrapolation monitoring needs the B-basis potential (.yaml)");
  const BBasisPotential potential = read_b_basis(settings_.potential);
  active_set_ = read_active_set(settings_.active_set, potential);
  projector_ = std::make_shared<const BProjector>(potential);
}

ExtrapolationMonitor::ExtrapolationMonitor(const BBasisPotential& potential, ActiveSet active_set,
                                           const ExtrapolationSettings& settings)
    : settings_(settings),
      projector_(std::make_shared<const BProjector>(potential)),
      active_set_(std::move(active_set)) {
  check_extrapolation_settings(settings_);
  if (active_set_.elements != potential.elements) throw InputError("active set and potential have different elements");
}

std::vector<double> ExtrapolationMonitor::grades(const System& system) const {
  return extrapolation_grades(projector_->compute(system), active_set_);
}

ExtrapolationCheck ExtrapolationMonitor::check(const System& system, long long step) const {
  ExtrapolationCheck c;
  c.step = step;
  c.gamma = grades(system);
  if (!c.gamma.empty()) {
    const auto it = std::max_element(c.gamma.begin(), c.gamma.end());
    c.max_gamma = *it;
    c.max_gamma_atom = static_cast<std::size_t>(it - c.gamma.begin());
  }
  if (c.max_gamma > settings_.upper)
    c.action = ExtrapolationAction::Stop;
  else if (c.max_gamma > settings_.lower)
    c.action = ExtrapolationAction::Record;
  return c;
}

System ExtrapolationMonitor::annotated(const System& system, const ExtrapolationCheck& check) {
  System copy = with_extrapolation_grades(system, check.gamma);
  copy.info["step"] = check.step;
  copy.timestep = check.step;
  return copy;
}

}  // namespace ionglass::ace
