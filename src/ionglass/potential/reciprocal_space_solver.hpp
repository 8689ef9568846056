#pragma once
// The reciprocal-space (long-range) half of an Ewald-split Coulomb sum: Ewald summation or PPPM.
// Each solver chooses its splitting parameter α (LAMMPS g_ewald) and its resolution (k-vectors or
// mesh) from a relative force accuracy exactly as LAMMPS does (`kspace_style ewald|pppm ACC`:
// ACC × k_e is the target RMS force error in eV/Å, k_e·1e·1e/(1 Å)² being the force between two
// unit charges at 1 Å), and computes the reciprocal energy including the self term
// −k_e α/√π Σ qᵢ² and, for a non-neutral system, the uniform neutralising background
// −k_e π Q²/(2 V α²).
#include <string>
#include <vector>

#include "ionglass/core/cell.hpp"
#include "ionglass/potential/potential.hpp"

namespace ionglass {

class ReciprocalSpaceSolver {
public:
  virtual ~ReciprocalSpaceSolver() = default;
  virtual std::string name() const = 0;
  virtual std::string describe() const = 0;
  /// Chooses α and the resolution for `charges` in `cell` with real-space cutoff `cutoff` (Å).
  virtual void setup(const Cell& cell, const std::vector<double>& charges, double cutoff) = 0;
  /// The splitting parameter α (1/Å) chosen by setup().
  virtual double alpha() const = 0;
  /// Adds forces, virial and per-atom energies (as requested) into `result` and returns the
  /// reciprocal energy (eV) including the self and background terms (not added to `result`).
  virtual double compute(const Cell& cell, const std::vector<Vec3>& positions, const std::vector<double>& charges,
                         const EvaluationRequest& request, PotentialResult& result) = 0;
};

/// LAMMPS' initial estimate of α from the absolute accuracy (eV/Å), real-space cutoff (Å), atom
/// count, volume (Å³) and q2 = k_e Σ qᵢ² (kspace.cpp / ewald.cpp).
double lammps_initial_alpha(double accuracy, double cutoff, std::size_t natoms, double volume, double q2);

}  // namespace ionglass
