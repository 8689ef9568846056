#pragma once
// Mean-squared displacement over every time origin, by the FFT algorithm of Kneller et al.
// (nMOLDYN, Comput. Phys. Commun. 91 (1995) 191; Calandrini et al., JDN 12 (2011) 201):
// for a series x_0 … x_{T−1} and lag m,
//   MSD(m) = [ Σ_{k=0}^{T−1−m} (x_k² + x_{k+m}²) − 2 Σ_{k=0}^{T−1−m} x_k x_{k+m} ] / (T − m).
// The first sum comes from prefix sums of x² (O(T)); the second is the autocorrelation, computed
// by FFTW as the inverse transform of |X(ω)|² of the zero-padded series (O(T log T)). Because the
// inverse transform is linear, the power spectra of all atoms of a group are summed first and
// transformed back once per axis.
#include <array>
#include <cstddef>
#include <vector>

namespace ionglass {

/// MSD (Å²) against lag index m = 0 … T−1, averaged over the atoms of a group.
struct MsdCurves {
  std::array<std::vector<double>, 3> axis;  ///< ⟨Δx²⟩, ⟨Δy²⟩, ⟨Δz²⟩
  std::vector<double> total;                ///< ⟨|Δr|²⟩ = sum of the three
};

/// MSD of the atoms `atoms` of frame-major data: the x, y, z of atom i in frame f are
/// data[f·frame_stride + 3i + 0..2]. `frames` frames starting at `data`. Multithreaded (OpenMP);
/// the same bit for bit on every run with the same thread count.
MsdCurves msd_fft(const double* data, std::size_t frames, std::size_t frame_stride, const std::vector<std::size_t>& atoms);

/// The same by the direct O(T²) double loop over origins and lags (reference for tests).
MsdCurves msd_direct(const double* data, std::size_t frames, std::size_t frame_stride, const std::vector<std::size_t>& atoms);

/// Smallest length ≥ n whose only prime factors are 2, 3, 5 and 7 (fast FFTW sizes).
std::size_t fft_friendly_size(std::size_t n);

}  // namespace ionglass
