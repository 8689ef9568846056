#include "ionglass/potential/squared_distance_table.hpp"

#include <algorithm>
#include <cmath>

#include "ionglass/core/error.hpp"

namespace ionglass {

SquaredDistanceTable::SquaredDistanceTable(const std::function<void(double, double&, double&)>& function, double s_min,
                                           double s_max, double spacing) {
  if (!(s_min > 0) || !(s_max > s_min) || !(spacing > 0)) throw InputError("invalid table range");
  constexpr double break_s = 9.0;  // (3 Å)²: fine spacing below, 8× coarser above
  fine_ = spacing;
  coarse_ = 8.0 * spacing;
  inverse_fine_ = 1.0 / fine_;
  inverse_coarse_ = 1.0 / coarse_;
  s_min_ = s_min;
  s_max_ = s_max;
  fine_intervals_ =
      std::max(1, static_cast<int>(std::ceil((std::max(break_s, s_min + spacing) - s_min) / fine_ - 1e-9)));
  s_break_ = s_min + fine_intervals_ * fine_;
  const int coarse_intervals = s_max > s_break_ ? static_cast<int>(std::ceil((s_max - s_break_) / coarse_ - 1e-9)) : 0;
  intervals_ = fine_intervals_ + coarse_intervals;
  std::vector<double> value(intervals_ + 1), slope(intervals_ + 1);
  for (int k = 0; k <= intervals_; ++k) {
    const double s = k <= fine_intervals_ ? s_min + k * fine_ : s_break_ + (k - fine_intervals_) * coarse_;
    const double r = std::sqrt(s);
    double f = 0, dfdr = 0;
    function(r, f, dfdr);
    value[k] = f;
    slope[k] = dfdr / (2.0 * r);  // df/ds = (df/dr) / (2r)
  }
  // One record per interval with both ends, so that a lookup is one aligned 32-byte load.
  knots_.resize(4 * static_cast<std::size_t>(intervals_));
  for (int k = 0; k < intervals_; ++k) {
    knots_[4 * k] = value[k];
    knots_[4 * k + 1] = slope[k];
    knots_[4 * k + 2] = value[k + 1];
    knots_[4 * k + 3] = slope[k + 1];
  }
}

}  // namespace ionglass
