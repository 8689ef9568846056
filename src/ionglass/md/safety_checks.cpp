#include "ionglass/md/safety_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ionglass/core/error.hpp"
#include "ionglass/neighbor/neighbor_list.hpp"

namespace ionglass {

void check_min_distance(const MdSystem& md, double min_distance_A, long long step) {
  if (!(min_distance_A > 0)) return;
  const System& s = md.system;
  NeighborListOptions options;
  options.cutoff = std::max(min_distance_A, 2.0);  // keeps the bin count moderate
  options.half = true;
  NeighborList list;
  list.build(s, options);
  const auto shifts = list.shift_vectors(s.cell);
  double closest = min_distance_A;
  std::size_t a = 0, b = 0;
  bool found = false;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
      const auto& e = list.entry(k);
      const double r = (s.positions[e.atom] - s.positions[i] + shifts[e.image]).norm();
      if (r < closest) {
        closest = r;
        a = i;
        b = static_cast<std::size_t>(e.atom);
        found = true;
      }
    }
  if (found)
    throw ComputationError(fmt::format(
        "step {}: atoms id {} ({}) and id {} ({}) are {:.4f} A apart, closer than the safety limit {} A "
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
      "step {}: the temperature {:.6g} K exceeds the safety limit {} K; fastest atom id {} ({}) at {:.6g} A/ps",
      step, t, max_temperature_K, md.system.ids[fastest], md.system.symbol(fastest), vmax));
}

}  // namespace ionglass
