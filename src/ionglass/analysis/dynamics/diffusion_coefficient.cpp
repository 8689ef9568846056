#include "ionglass/analysis/dynamics/diffusion_coefficient.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ionglass/core/error.hpp"

namespace ionglass {

std::vector<double> local_exponent(const std::vector<double>& msd) {
  const std::size_t T = msd.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> beta(T, nan);
  if (T < 3) return beta;
  // Prefix sums of u = ln t, v = ln MSD over valid lags (t in units of the frame interval).
  std::vector<double> su(T + 1, 0), sv(T + 1, 0), suu(T + 1, 0), suv(T + 1, 0), sn(T + 1, 0);
  for (std::size_t m = 0; m < T; ++m) {
    const bool ok = m > 0 && msd[m] > 0 && std::isfinite(msd[m]);
    const double u = ok ? std::log(static_cast<double>(m)) : 0, v = ok ? std::log(msd[m]) : 0;
    su[m + 1] = su[m] + u;
    sv[m + 1] = sv[m] + v;
    suu[m + 1] = suu[m] + u * u;
    suv[m + 1] = suv[m] + u * v;
    sn[m + 1] = sn[m] + (ok ? 1 : 0);
  }
  for (std::size_t m = 1; m < T; ++m) {
    if (!(msd[m] > 0)) continue;
    std::size_t lo = static_cast<std::size_t>(std::floor(static_cast<double>(m) / std::sqrt(2.0)));
    std::size_t hi = static_cast<std::size_t>(std::ceil(static_cast<double>(m) * std::sqrt(2.0)));
    lo = std::max<std::size_t>(lo, 1);
    if (lo == m && m > 1) lo = m - 1;
    hi = std::min(std::max(hi, m + 1), T - 1);
    const double n = sn[hi + 1] - sn[lo];
    if (n < 2) continue;
    const double u = su[hi + 1] - su[lo], v = sv[hi + 1] - sv[lo];
    const double uu = suu[hi + 1] - suu[lo], uv = suv[hi + 1] - suv[lo];
    const double denominator = n * uu - u * u;
    if (denominator > 0) beta[m] = (n * uv - u * v) / denominator;
  }
  return beta;
}

FitWindow choose_fit_window(const std::vector<double>& beta, double dt, const DiffusionFitOptions& options) {
  const std::size_t T = beta.size();
  if (T < 3) throw InputError("too few frames to fit a diffusion coefficient (at least 3 are needed)");
  FitWindow w;
  if (options.window_start_ps >= 0 && options.window_end_ps >= 0) {
    if (options.window_end_ps <= options.window_start_ps) throw InputError("the fit window must end after it starts");
    w.first = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(options.window_start_ps / dt)));
    w.last = std::min(T - 1, static_cast<std::size_t>(std::llround(options.window_end_ps / dt)));
    if (w.last <= w.first) throw InputError("the fit window holds fewer than two frames");
    w.diffusive = true;
    for (std::size_t m = w.first; m <= w.last; ++m)
      if (!(std::abs(beta[m] - 1) <= options.beta_tolerance)) w.diffusive = false;
    w.note = "given window";
    return w;
  }
  const std::size_t max_lag =
      std::max<std::size_t>(2, static_cast<std::size_t>(options.max_fraction * static_cast<double>(T - 1)));
  std::size_t min_lag = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(options.ballistic_ps / dt - 1e-9)));
  w.note = fmt::format("longest run of |beta-1| <= {} after {} ps, up to {} of the trajectory", options.beta_tolerance,
                       options.ballistic_ps, options.max_fraction);
  if (min_lag + 2 > max_lag) {
    min_lag = std::max<std::size_t>(1, max_lag / 10);
    w.note += fmt::format("; the trajectory is too short to skip {} ps: started at lag {} ({} ps)",
                          options.ballistic_ps, min_lag, static_cast<double>(min_lag) * dt);
  }
  // Longest run (in time) of lags with |β − 1| ≤ tolerance.
  std::size_t best_first = 0, best_last = 0, run_first = 0;
  bool in_run = false, found = false;
  for (std::size_t m = min_lag; m <= max_lag; ++m) {
    const bool ok = std::abs(beta[m] - 1) <= options.beta_tolerance;
    if (ok && !in_run) {
      run_first = m;
      in_run = true;
    }
    if (in_run && (!ok || m == max_lag)) {
      const std::size_t run_last = ok ? m : m - 1;
      if (run_last > run_first && (!found || run_last - run_first > best_last - best_first)) {
        best_first = run_first;
        best_last = run_last;
        found = true;
      }
      in_run = false;
    }
  }
  if (found && best_last - best_first >= 4) {
    w.first = best_first;
    w.last = best_last;
    w.diffusive = true;
  } else {
    w.first = min_lag;
    w.last = max_lag;
    w.diffusive = false;
    w.note += "; no diffusive regime found (beta never stays near 1): fitted over the whole allowed range";
  }
  return w;
}

LineFit fit_line(const std::vector<double>& y, double dt, std::size_t first, std::size_t last) {
  LineFit fit;
  const double n = static_cast<double>(last - first + 1);
  if (last <= first || last >= y.size()) throw InputError("fit window outside the data");
  double st = 0, sy = 0;
  for (std::size_t m = first; m <= last; ++m) {
    st += static_cast<double>(m) * dt;
    sy += y[m];
  }
  const double mt = st / n, my = sy / n;
  double stt = 0, sty = 0;
  for (std::size_t m = first; m <= last; ++m) {
    const double t = static_cast<double>(m) * dt - mt;
    stt += t * t;
    sty += t * (y[m] - my);
  }
  fit.slope = sty / stt;
  fit.intercept = my - fit.slope * mt;
  if (n > 2) {
    double rss = 0;
    for (std::size_t m = first; m <= last; ++m) {
      const double r = y[m] - fit.intercept - fit.slope * static_cast<double>(m) * dt;
      rss += r * r;
    }
    fit.slope_stderr = std::sqrt(rss / (n - 2) / stt);
  }
  return fit;
}

DiffusionResult analyse_diffusion(const double* data, std::size_t frames, std::size_t frame_stride,
                                  const std::vector<std::size_t>& atoms, double dt, const DiffusionFitOptions& options,
                                  const FitWindow* fixed_window) {
  if (frames < 3) throw InputError("too few frames to fit a diffusion coefficient (at least 3 are needed)");
  DiffusionResult r;
  r.msd = msd_fft(data, frames, frame_stride, atoms);
  r.beta = local_exponent(r.msd.total);
  r.window = fixed_window ? *fixed_window : choose_fit_window(r.beta, dt, options);
  r.window.last = std::min(r.window.last, frames - 1);
  const LineFit fit = fit_line(r.msd.total, dt, r.window.first, r.window.last);
  r.slope_A2_per_ps = fit.slope;
  for (int a = 0; a < 3; ++a)
    r.axis_slope_A2_per_ps[a] = fit_line(r.msd.axis[a], dt, r.window.first, r.window.last).slope;
  // Standard error from independent blocks of time origins when the window fits in a block.
  const std::size_t blocks = static_cast<std::size_t>(std::max(options.blocks, 0));
  const std::size_t block_frames = blocks > 1 ? frames / blocks : 0;
  if (blocks > 1 && block_frames > r.window.last) {
    std::vector<double> slopes;
    for (std::size_t b = 0; b < blocks; ++b) {
      const MsdCurves part = msd_fft(data + b * block_frames * frame_stride, block_frames, frame_stride, atoms);
      slopes.push_back(fit_line(part.total, dt, r.window.first, r.window.last).slope);
    }
    double mean = 0, var = 0;
    for (double s : slopes) mean += s;
    mean /= static_cast<double>(blocks);
    for (double s : slopes) var += (s - mean) * (s - mean);
    var /= static_cast<double>(blocks - 1);
    r.slope_stderr_A2_per_ps = std::sqrt(var / static_cast<double>(blocks));
    r.error_method = fmt::format("blocks of time origins ({} blocks of {} frames)", blocks, block_frames);
  } else {
    r.slope_stderr_A2_per_ps = fit.slope_stderr;
    r.error_method = "fit residuals (the window is longer than a block of time origins)";
  }
  try {
    r.gls = gls_diffusion_fit(r.msd.total, dt, std::max<std::size_t>(r.window.first, 1), r.window.last,
                              static_cast<double>(atoms.size()), frames);
  } catch (const InputError& e) {
    r.gls_note = e.what();
  }
  DiffusionRegimeOptions regime;
  regime.max_fraction = options.max_fraction;
  regime.beta_tolerance = options.beta_tolerance;
  regime.diffusive_length_A = options.diffusive_length_A;
  r.regime = classify_diffusion_regime(r.msd.total, dt, static_cast<double>(atoms.size()), frames, regime);
  return r;
}

}  // namespace ionglass
