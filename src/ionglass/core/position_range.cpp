#include "ionglass/core/position_range.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ionglass/core/error.hpp"

namespace ionglass {

void check_position_range(const Cell& cell, const std::vector<Vec3>& positions, const std::vector<long long>* ids,
                          const std::string& source) {
  constexpr std::size_t max_named = 5;
  const bool has_cell = cell.has_volume();
  std::string named;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const Vec3& r = positions[i];
    bool ok = r.allFinite();
    if (ok) {
      const Vec3 s = has_cell ? cell.to_fractional(r) : Vec3::Zero();
      for (int k = 0; k < 3 && ok; ++k) {
        if (has_cell && cell.periodic()[k])
          ok = std::abs(s[k]) <= Cell::max_fractional_coordinate;
        else
          ok = std::abs(r[k]) <= max_open_coordinate_A;
      }
    }
    if (ok) continue;
    if (++bad <= max_named) {
      const long long id = ids && ids->size() == positions.size() ? (*ids)[i] : static_cast<long long>(i + 1);
      named +=
          fmt::format("{}atom {} at ({:.6g}, {:.6g}, {:.6g}) Å", named.empty() ? "" : "; ", id, r.x(), r.y(), r.z());
    }
  }
  if (bad == 0) return;
  const std::string problem = fmt::format(
      "{} atom position(s) too far outside the cell to wrap exactly (non-finite, beyond {:g} cells along a periodic "
      "axis or {:g} Å along an open one): {}{}",
      bad, Cell::max_fractional_coordinate, max_open_coordinate_A, named, bad > max_named ? "; ..." : "");
  if (source.empty()) throw InputError(problem);
  throw InputError(source, 0, problem);
}

}  // namespace ionglass
