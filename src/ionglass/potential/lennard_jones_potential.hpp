#pragma once
// The 12-6 Lennard-Jones pair potential with one ε and σ for all atom pairs, truncated at r_c and
// shifted so that the energy is continuous there:
//   E = Σ_{i<j, r<r_c} 4ε[(σ/r)¹² − (σ/r)⁶] − 4ε[(σ/r_c)¹² − (σ/r_c)⁶].
// A model fluid for testing MD protocols, thermostats and barostats cheaply; selected in a
// protocol file with `potential: {lennard_jones: {epsilon_eV, sigma_A, cutoff_A}}`.
// Forces are summed over a full neighbour list, one atom per thread, so the result is
// bit-for-bit deterministic for any thread count.
#include "ionglass/neighbor/verlet_list_cache.hpp"
#include "ionglass/potential/potential.hpp"

namespace ionglass {

class LennardJonesPotential : public Potential {
public:
  /// Throws InputError unless ε > 0, σ > 0 and r_c > σ/2.
  LennardJonesPotential(double epsilon_eV, double sigma_A, double cutoff_A, double skin_A = 0.5);
  std::string name() const override { return "lennard_jones"; }
  double cutoff() const override { return cutoff_; }
  void bind(const System& system) override;
  void compute(const System& system, const EvaluationRequest& request, PotentialResult& result) override;
  std::string describe() const override;

private:
  double epsilon_, sigma_, cutoff_, skin_;
  double energy_shift_;
  VerletListCache list_cache_;
};

}  // namespace ionglass
