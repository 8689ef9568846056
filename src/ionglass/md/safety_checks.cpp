#include "ionglass/md/safety_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ionglass/core/error.hpp"
#include "ionglass/core/unphysical_structure_error.hpp"
#include "ionglass/neighbor/closest_pair.hpp"

namespace ionglass {

void check_min_distance(const MdSystem& md, double min_distance_A, long long step) {
  if (!(min_distance_A > 0)) return;
  const System& s = md.system;
  // A search radius of at least 2 Å keeps the neighbour-list bin count moderate.
  const ClosestPair pair = closest_pair(s, std::max(min_distance_A, 2.0));
  const bool found = pair.found && pair.distance_A < min_distance_A;
  const std::size_t a = pair.first, b = pair.second;
  const double closest = pair.distance_A;
  if (found)
    throw UnphysicalStructureError(
        fmt::format("step {}: atoms id {} ({}) and id {} ({}) are {:.4f} A apart, closer than the safety limit {} A "
                    "(the potential lets atoms collapse, or the timestep is too large)",
                    step, s.ids[a], s.symbol(a), s.ids[b], s.symbol(b), closest, min_distance_A));
}

void check_temperature(const MdSystem& md, double max_temperature_K, long long step) {
  const double t = md.temperature();
  if (std::isfinite(t) && t <= max_temperature_K) return;
  // Name the fastest atom to help find the cause.
  std::size_t fastest = 0;
  double vmax = 0;
  for (std::size_t i = 0; i < md.system.size(); ++i) {
    const double v = md.system.velocities[i].norm();
    if (!(v <= vmax)) {
      vmax = v;
      fastest = i;
    }
  }
  throw ComputationError(fmt::format(
      "step {}: the temperature {:.6g} K exceeds the safety limit {} K; fastest atom id {} ({}) at {:.6g} A/ps", step,
      t, max_temperature_K, md.system.ids[fastest], md.system.symbol(fastest), vmax));
}

}  // namespace ionglass
