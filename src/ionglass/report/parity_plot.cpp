#include "ionglass/report/parity_plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ionglass {

void thin_parity_points(const std::vector<double>& x, const std::vector<double>& y, std::size_t target,
                        double keep_above, std::vector<double>& xs, std::vector<double>& ys) {
  const std::size_t step = std::max<std::size_t>(1, x.size() / std::max<std::size_t>(target, 1));
  for (std::size_t i = 0; i < x.size(); ++i)
    if (i % step == 0 || std::abs(y[i] - x[i]) > keep_above) {
      xs.push_back(x[i]);
      ys.push_back(y[i]);
    }
}

Plot parity_plot(const std::string& title, const std::string& axis, const std::vector<ParitySet>& sets) {
  Plot plot;
  plot.title = title;
  plot.x_label = "reference " + axis;
  plot.y_label = "predicted " + axis;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& set : sets)
    for (const auto* values : {&set.reference, &set.predicted})
      for (double v : *values) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
  if (!(lo <= hi)) return plot;
  PlotSeries diagonal;
  diagonal.label = "y = x";
  diagonal.x = {lo, hi};
  diagonal.y = {lo, hi};
  diagonal.color = "#888888";
  plot.series.push_back(diagonal);
  for (const auto& set : sets) {
    if (set.reference.empty()) continue;
    PlotSeries points;
    points.label = set.label;
    points.x = set.reference;
    points.y = set.predicted;
    points.markers = true;
    points.line = false;
    plot.series.push_back(points);
  }
  return plot;
}

Plot parity_plot(const std::string& title, const std::string& axis, const std::vector<double>& reference,
                 const std::vector<double>& predicted, const std::string& label) {
  return parity_plot(title, axis, std::vector<ParitySet>{{label, reference, predicted}});
}

}  // namespace ionglass
