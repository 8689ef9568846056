#include "ionglass/ace/extrapolation_monitor.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "ionglass/core/error.hpp"

namespace ionglass::ace {

ExtrapolationSettings parse_extrapolation_settings(const YAML::Node& node, const std::string& source,
                                                   const std::string& base_directory) {
  auto line = [](const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; };
  if (!node.IsMap()) throw InputError(source, line(node), "extrapolation: must be a mapping");
  static const std::set<std::string> known{"potential", "active_set", "every", "lower", "upper", "file"};
  ExtrapolationSettings s;
  for (const auto& item : node) {
    const std::string key = item.first.Scalar();
    if (!known.count(key))
      throw InputError(source, line(item.first),
                       "unknown key 'extrapolation." + key + "' (known: potential, active_set, every, lower, upper, file)");
  }
  auto path = [&](const std::string& value) {
    if (value.empty() || base_directory.empty() || std::filesystem::path(value).is_absolute()) return value;
    return (std::filesystem::path(base_directory) / value).string();
  };
  auto number = [&](const char* key, double fallback) {
    if (!node[key]) return fallback;
    try {
      return node[key].as<double>();
    } catch (const YAML::Exception&) {
      throw InputError(source, line(node[key]), std::string("extrapolation.") + key + " must be a number");
    }
  };
  if (node["potential"]) s.potential = path(node["potential"].Scalar());
  if (!node["active_set"]) throw InputError(source, line(node), "extrapolation needs 'active_set' (the .asi file)");
  s.active_set = path(node["active_set"].Scalar());
  if (node["file"]) s.file = node["file"].Scalar();
  const double every = number("every", static_cast<double>(s.every));
  if (!(every >= 1) || every != static_cast<double>(static_cast<long long>(every)))
    throw InputError(source, line(node["every"] ? node["every"] : node), "extrapolation.every must be a positive integer (steps)");
  s.every = static_cast<long long>(every);
  s.lower = number("lower", s.lower);
  s.upper = number("upper", s.upper);
  if (!(s.lower > 0) || !(s.upper > 0)) throw InputError(source, line(node), "extrapolation thresholds must be positive");
  if (s.upper < s.lower) throw InputError(source, line(node), "extrapolation.upper must be ≥ extrapolation.lower");
  return s;
}

ExtrapolationMonitor::ExtrapolationMonitor(const ExtrapolationSettings& settings) : settings_(settings) {
  if (settings_.potential.empty()) throw InputError("extrapolation monitoring needs the B-basis potential (.yaml)");
  const BBasisPotential potential = read_b_basis(settings_.potential);
  active_set_ = read_active_set(settings_.active_set, potential);
  projector_ = std::make_shared<const BProjector>(potential);
}

ExtrapolationMonitor::ExtrapolationMonitor(const BBasisPotential& potential, ActiveSet active_set,
                                           const ExtrapolationSettings& settings)
    : settings_(settings), projector_(std::make_shared<const BProjector>(potential)), active_set_(std::move(active_set)) {
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
  System copy = system;
  PerAtomProperty p;
  p.kind = 'R';
  p.columns = 1;
  p.values = check.gamma;
  copy.properties["gamma"] = std::move(p);
  copy.info["max_gamma"] = check.max_gamma;
  copy.info["step"] = check.step;
  copy.timestep = check.step;
  return copy;
}

}  // namespace ionglass::ace
