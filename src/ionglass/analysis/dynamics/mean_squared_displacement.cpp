#include "ionglass/analysis/dynamics/mean_squared_displacement.hpp"

#include <fftw3.h>
#include <omp.h>

#include <algorithm>
#include <complex>
#include <cstring>
#include <memory>
#include <mutex>

#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {

std::mutex planner_mutex;  // FFTW planning is not thread-safe; execution is.

struct FftwDeleter {
  void operator()(void* p) const { fftw_free(p); }
};
template <class T>
using FftwBuffer = std::unique_ptr<T[], FftwDeleter>;
template <class T>
FftwBuffer<T> fftw_buffer(std::size_t n) {
  auto* p = static_cast<T*>(fftw_malloc(sizeof(T) * std::max<std::size_t>(n, 1)));
  if (!p) throw std::bad_alloc();
  std::memset(static_cast<void*>(p), 0, sizeof(T) * std::max<std::size_t>(n, 1));
  return FftwBuffer<T>(p);
}

// Plans for one padded length, shared by all threads (new-array execution).
struct Plans {
  std::size_t length;
  fftw_plan forward = nullptr, backward = nullptr;
  explicit Plans(std::size_t n) : length(n) {
    auto in = fftw_buffer<double>(n);
    auto out = fftw_buffer<fftw_complex>(n / 2 + 1);
    std::lock_guard lock(planner_mutex);
    forward = fftw_plan_dft_r2c_1d(static_cast<int>(n), in.get(), out.get(), FFTW_ESTIMATE);
    backward = fftw_plan_dft_c2r_1d(static_cast<int>(n), out.get(), in.get(), FFTW_ESTIMATE);
  }
  ~Plans() {
    std::lock_guard lock(planner_mutex);
    fftw_destroy_plan(forward);
    fftw_destroy_plan(backward);
  }
};

}  // namespace

std::size_t fft_friendly_size(std::size_t n) {
  for (std::size_t m = std::max<std::size_t>(n, 1);; ++m) {
    std::size_t r = m;
    for (std::size_t p : {2, 3, 5, 7})
      while (r % p == 0) r /= p;
    if (r == 1) return m;
  }
}

MsdCurves msd_fft(const double* data, std::size_t frames, std::size_t frame_stride, const std::vector<std::size_t>& atoms) {
  if (frames < 1) throw InputError("MSD of an empty trajectory");
  const std::size_t T = frames;
  const std::size_t L = fft_friendly_size(2 * T);  // zero padding: no circular wrap-around
  const std::size_t spectrum = L / 2 + 1;
  const Plans plans(L);
  constexpr std::size_t block = 8;  // atoms gathered together (cache-friendly reads of frame-major data)

  // Per-thread sums: power spectra and Σ(x_k² + x_{k+m}²) per axis. Each thread takes a fixed,
  // contiguous range of blocks (static schedule) and the thread sums are added in thread order, so
  // the result is the same bit for bit on every run with the same thread count.
  std::vector<std::vector<double>> power_parts(static_cast<std::size_t>(omp_get_max_threads()));
  std::vector<std::vector<double>> square_parts(power_parts.size());
  const long long blocks = static_cast<long long>((atoms.size() + block - 1) / block);
#pragma omp parallel num_threads(static_cast<int>(power_parts.size()))
  {
    std::vector<double> power(3 * spectrum, 0.0), squares(3 * T, 0.0), prefix(T + 1);
    std::vector<double> gathered(block * 3 * T);
    auto in = fftw_buffer<double>(L);
    auto out = fftw_buffer<fftw_complex>(spectrum);
#pragma omp for schedule(static)
    for (long long b = 0; b < blocks; ++b) {
      const std::size_t first = static_cast<std::size_t>(b) * block;
      const std::size_t count = std::min(block, atoms.size() - first);
      for (std::size_t f = 0; f < T; ++f) {
        const double* row = data + f * frame_stride;
        for (std::size_t j = 0; j < count; ++j)
          for (int a = 0; a < 3; ++a) gathered[(j * 3 + a) * T + f] = row[3 * atoms[first + j] + a];
      }
      for (std::size_t s = 0; s < count * 3; ++s) {
        const std::size_t a = s % 3;
        const double* x = gathered.data() + s * T;
        // Removing the mean leaves the MSD unchanged and avoids cancellation in S1 − 2 S2.
        double mean = 0;
        for (std::size_t f = 0; f < T; ++f) mean += x[f];
        mean /= static_cast<double>(T);
        prefix[0] = 0;
        for (std::size_t f = 0; f < T; ++f) {
          const double v = x[f] - mean;
          in[f] = v;
          prefix[f + 1] = prefix[f] + v * v;
        }
        std::fill(in.get() + T, in.get() + L, 0.0);
        double* sq = squares.data() + a * T;
        for (std::size_t m = 0; m < T; ++m) sq[m] += (prefix[T] - prefix[m]) + prefix[T - m];
        fftw_execute_dft_r2c(plans.forward, in.get(), out.get());
        double* p = power.data() + a * spectrum;
        for (std::size_t k = 0; k < spectrum; ++k) p[k] += out[k][0] * out[k][0] + out[k][1] * out[k][1];
      }
    }
    const auto id = static_cast<std::size_t>(omp_get_thread_num());
    power_parts[id] = std::move(power);
    square_parts[id] = std::move(squares);
  }
  std::vector<double> power_sum(3 * spectrum, 0.0), square_sum(3 * T, 0.0);
  for (std::size_t id = 0; id < power_parts.size(); ++id) {
    if (power_parts[id].empty()) continue;  // a team smaller than asked for
    for (std::size_t k = 0; k < power_sum.size(); ++k) power_sum[k] += power_parts[id][k];
    for (std::size_t k = 0; k < square_sum.size(); ++k) square_sum[k] += square_parts[id][k];
  }

  MsdCurves result;
  result.total.assign(T, 0.0);
  auto in = fftw_buffer<double>(L);
  auto out = fftw_buffer<fftw_complex>(spectrum);
  const double n_atoms = static_cast<double>(std::max<std::size_t>(atoms.size(), 1));
  for (int a = 0; a < 3; ++a) {
    for (std::size_t k = 0; k < spectrum; ++k) {
      out[k][0] = power_sum[a * spectrum + k];
      out[k][1] = 0;
    }
    fftw_execute_dft_c2r(plans.backward, out.get(), in.get());
    auto& curve = result.axis[a];
    curve.resize(T);
    for (std::size_t m = 0; m < T; ++m) {
      const double autocorrelation = in[m] / static_cast<double>(L);
      curve[m] = (square_sum[a * T + m] - 2 * autocorrelation) / static_cast<double>(T - m) / n_atoms;
      result.total[m] += curve[m];
    }
    curve[0] = 0;
  }
  result.total[0] = 0;
  return result;
}

MsdCurves msd_direct(const double* data, std::size_t frames, std::size_t frame_stride, const std::vector<std::size_t>& atoms) {
  const std::size_t T = frames;
  MsdCurves result;
  result.total.assign(T, 0.0);
  for (int a = 0; a < 3; ++a) result.axis[a].assign(T, 0.0);
  for (std::size_t m = 0; m < T; ++m) {
    for (std::size_t i : atoms)
      for (std::size_t k = 0; k + m < T; ++k)
        for (int a = 0; a < 3; ++a) {
          const double d = data[(k + m) * frame_stride + 3 * i + a] - data[k * frame_stride + 3 * i + a];
          result.axis[a][m] += d * d;
        }
    const double norm = static_cast<double>(T - m) * static_cast<double>(std::max<std::size_t>(atoms.size(), 1));
    for (int a = 0; a < 3; ++a) {
      result.axis[a][m] /= norm;
      result.total[m] += result.axis[a][m];
    }
  }
  return result;
}

}  // namespace ionglass
