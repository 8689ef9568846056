#pragma once
// Self-contained SVG line and scatter plots (no external resources), for every curve the
// analyses produce and for the HTML report (which inlines them).
#include <optional>
#include <string>
#include <vector>

namespace ionglass {

struct PlotSeries {
  std::string label;
  std::vector<double> x, y;
  std::vector<double> y_error;  ///< optional error bars (same length as y) or empty
  bool markers = false;         ///< draw points instead of (or in addition to) a line
  bool line = true;
  std::string color;            ///< empty: from the palette
};

/// A vertical band to mark a range (e.g. the diffusion fit window).
struct PlotBand {
  double from = 0, to = 0;
  std::string label;
};

struct Plot {
  std::string title;
  std::string x_label;  ///< with the unit, e.g. "r (Å)"
  std::string y_label;
  bool log_x = false, log_y = false;
  std::optional<double> x_min, x_max, y_min, y_max;
  std::vector<PlotSeries> series;
  std::vector<PlotBand> bands;
  int width = 640, height = 420;

  /// The SVG document text.
  std::string to_svg() const;
  /// Writes the SVG atomically.
  void save(const std::string& path) const;
};

}  // namespace ionglass
