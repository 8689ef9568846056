#include "ionglass/report/svg_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/report/xml_escape.hpp"

namespace ionglass {

namespace {

const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                         "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string escape(const std::string& s) { return xml_escape(s); }

// "Nice" tick positions covering [lo, hi].
std::vector<double> linear_ticks(double lo, double hi) {
  const double span = hi - lo;
  if (!(span > 0)) return {lo};
  const double raw = span / 6;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  std::vector<double> t;
  for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step) t.push_back(std::abs(v) < 1e-12 * step ? 0 : v);
  return t;
}

std::string tick_label(double v) {
  if (v == 0) return "0";
  const double a = std::abs(v);
  if (a >= 1e5 || a < 1e-3) return fmt::format("{:.2g}", v);
  return fmt::format("{:.6g}", v);
}

}  // namespace

std::string Plot::to_svg() const {
  const double left = 78, right = 20, top = title.empty() ? 20 : 40, bottom = 56;
  const double pw = width - left - right, ph = height - top - bottom;
  auto tx = [&](double v) { return log_x ? std::log10(v) : v; };
  auto ty = [&](double v) { return log_y ? std::log10(v) : v; };
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
  for (const auto& s : series)
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      if ((log_x && s.x[i] <= 0) || (log_y && s.y[i] <= 0)) continue;
      xlo = std::min(xlo, tx(s.x[i]));
      xhi = std::max(xhi, tx(s.x[i]));
      const double e = s.y_error.size() == s.y.size() ? s.y_error[i] : 0;
      ylo = std::min(ylo, ty(log_y ? s.y[i] : s.y[i] - e));
      yhi = std::max(yhi, ty(log_y ? s.y[i] : s.y[i] + e));
    }
  if (!std::isfinite(xlo)) xlo = 0, xhi = 1, ylo = 0, yhi = 1;
  if (x_min) xlo = tx(*x_min);
  if (x_max) xhi = tx(*x_max);
  if (y_min) ylo = ty(*y_min);
  if (y_max) yhi = ty(*y_max);
  if (xhi <= xlo) xhi = xlo + 1;
  if (yhi <= ylo) {
    yhi = ylo + (ylo == 0 ? 1 : std::abs(ylo) * 0.1);
    ylo -= (ylo == 0 ? 0 : std::abs(ylo) * 0.1);
  } else if (!y_min && !y_max) {
    const double pad = 0.05 * (yhi - ylo);
    yhi += pad;
    if (!log_y && ylo != 0) ylo -= pad;
  }
  auto px = [&](double v) { return left + (tx(v) - xlo) / (xhi - xlo) * pw; };
  auto py = [&](double v) { return top + ph - (ty(v) - ylo) / (yhi - ylo) * ph; };

  fmt::memory_buffer o;
  auto out = std::back_inserter(o);
  fmt::format_to(out,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
                 "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
                 width, height, width, height);
  if (!title.empty())
    fmt::format_to(out, "<text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{}</text>\n",
                   width / 2.0, escape(title));
  fmt::format_to(out, "<defs><clipPath id=\"plotarea\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs>\n",
                 left, top, pw, ph);
  for (const auto& b : bands) {
    const double x0 = std::clamp(px(b.from), left, left + pw), x1 = std::clamp(px(b.to), left, left + pw);
    fmt::format_to(out, "<rect x=\"{:.2f}\" y=\"{}\" width=\"{:.2f}\" height=\"{}\" fill=\"#ffe9a8\" opacity=\"0.6\"><title>{}</title></rect>\n",
                   std::min(x0, x1), top, std::abs(x1 - x0), ph, escape(b.label));
  }
  // Axes, ticks and grid.
  auto ticks_for = [&](double lo, double hi, bool log) {
    std::vector<double> t;
    if (log) {
      for (double e = std::floor(lo); e <= std::ceil(hi); e += 1)
        if (e >= lo - 1e-9 && e <= hi + 1e-9) t.push_back(std::pow(10, e));
      if (t.size() < 2) for (double v : linear_ticks(std::pow(10, lo), std::pow(10, hi))) if (v > 0) t.push_back(v);
    } else {
      t = linear_ticks(lo, hi);
    }
    return t;
  };
  for (double v : ticks_for(xlo, xhi, log_x)) {
    const double x = px(v);
    if (x < left - 0.5 || x > left + pw + 0.5) continue;
    fmt::format_to(out, "<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" stroke=\"#e5e5e5\"/>\n", x, top, top + ph);
    fmt::format_to(out, "<text x=\"{:.2f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x, top + ph + 16, tick_label(v));
  }
  for (double v : ticks_for(ylo, yhi, log_y)) {
    const double y = py(v);
    if (y < top - 0.5 || y > top + ph + 0.5) continue;
    fmt::format_to(out, "<line x1=\"{1}\" y1=\"{0:.2f}\" x2=\"{2}\" y2=\"{0:.2f}\" stroke=\"#e5e5e5\"/>\n", y, left, left + pw);
    fmt::format_to(out, "<text x=\"{}\" y=\"{:.2f}\" text-anchor=\"end\">{}</text>\n", left - 6, y + 4, tick_label(v));
  }
  fmt::format_to(out, "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"black\"/>\n", left, top, pw, ph);
  fmt::format_to(out, "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", left + pw / 2, height - 14, escape(x_label));
  fmt::format_to(out, "<text transform=\"translate(18,{}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n", top + ph / 2,
                 escape(y_label));
  // Data.
  for (std::size_t si = 0; si < series.size(); ++si) {
    const auto& s = series[si];
    const std::string color = s.color.empty() ? palette[si % 10] : s.color;
    fmt::format_to(out, "<g class=\"series\" clip-path=\"url(#plotarea)\"><title>{}</title>\n", escape(s.label));
    if (s.line) {
      std::string path;
      bool pen = false;
      for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
        const bool ok = std::isfinite(s.x[i]) && std::isfinite(s.y[i]) && !(log_x && s.x[i] <= 0) && !(log_y && s.y[i] <= 0);
        if (!ok) {
          pen = false;
          continue;
        }
        path += fmt::format("{}{:.2f},{:.2f}", pen ? " L" : " M", px(s.x[i]), py(s.y[i]));
        pen = true;
      }
      if (!path.empty())
        fmt::format_to(out, "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n", path, color);
    }
    if (s.markers) {
      for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
        if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]) || (log_x && s.x[i] <= 0) || (log_y && s.y[i] <= 0)) continue;
        if (s.y_error.size() == s.y.size() && s.y_error[i] > 0)
          fmt::format_to(out, "<line x1=\"{0:.2f}\" y1=\"{1:.2f}\" x2=\"{0:.2f}\" y2=\"{2:.2f}\" stroke=\"{3}\"/>\n", px(s.x[i]),
                         py(s.y[i] - s.y_error[i]), py(s.y[i] + s.y_error[i]), color);
        fmt::format_to(out, "<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"3\" fill=\"{}\"/>\n", px(s.x[i]), py(s.y[i]), color);
      }
    }
    fmt::format_to(out, "</g>\n");
  }
  // Legend.
  double ly = top + 14;
  for (std::size_t si = 0; si < series.size(); ++si) {
    if (series[si].label.empty()) continue;
    const std::string color = series[si].color.empty() ? palette[si % 10] : series[si].color;
    fmt::format_to(out, "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>\n", left + pw - 150,
                   ly - 4, left + pw - 130, ly - 4, color);
    fmt::format_to(out, "<text x=\"{}\" y=\"{}\">{}</text>\n", left + pw - 125, ly, escape(series[si].label));
    ly += 16;
  }
  fmt::format_to(out, "</svg>\n");
  return fmt::to_string(o);
}

void Plot::save(const std::string& path) const { write_file_atomically(path, to_svg()); }

}  // namespace ionglass
