#include "ionglass/potential/squared_distance_table.hpp"

#include <cmath>

#include "ionglass/core/error.hpp"

namespace ionglass {

SquaredDistanceTable::SquaredDistanceTable(const std::function<void(double, double&, double&)>& function,
                                           double s_min, double s_max, double spacing) {
  if (!(s_min > 0) || !(s_max > s_min) || !(spacing > 0)) throw InputError("invalid table range");
  intervals_ = static_cast<int>(std::ceil((s_max - s_min) / spacing - 1e-9));
  if (intervals_ < 1) intervals_ = 1;
  s_min_ = s_min;
  s_max_ = s_max;
  const double ds = spacing;
  inverse_spacing_ = 1.0 / ds;
  knots_.resize(intervals_ + 1);
  for (int k = 0; k <= intervals_; ++k) {
    const double s = s_min + k * ds;
    const double r = std::sqrt(s);
    double f = 0, dfdr = 0;
    function(r, f, dfdr);
    knots_[k] = Knot{f, ds * dfdr / (2.0 * r)};  // df/ds = (df/dr) / (2r)
  }
}

}  // namespace ionglass
