#pragma once
// Stochastic cell rescaling barostat (M. Bernetti, G. Bussi, J. Chem. Phys. 153, 114107 (2020)).
//
// Isotropic: the volume strain ε = ln V follows (their eq. 5)
//   dε = −(β_T/τ_p)(P₀ − P_int − k_BT/V) dt + sqrt(2 k_BT β_T/(V τ_p)) dW,
// positions and cell scale by exp(dε/3) and velocities by exp(−dε/3).
// Anisotropic: each Cartesian axis α scales independently (cell tilts scale with their axes):
//   d ln L_α = −(β_T/(3τ_p))(P₀ − P_αα − k_BT/V) dt + sqrt(2 k_BT β_T/(3 V τ_p)) dW_α,
// which reduces to the isotropic equation for the volume when all P_αα are equal and samples
// the NPT distribution of an orthorhombic cell (the k_BT/V term is the Jacobian of V).
// P_int is the instantaneous pressure (kinetic + virial). β_T only sets the time scale with τ_p.
#include "ionglass/md/md_system.hpp"
#include "ionglass/md/random_stream.hpp"

namespace ionglass {

enum class BarostatCoupling { Isotropic, Anisotropic };

/// "isotropic"/"iso", "anisotropic"/"aniso"; throws InputError otherwise.
BarostatCoupling parse_barostat_coupling(const std::string& name);

class StochasticCellRescaling {
public:
  /// damping_ps: τ_p; compressibility_per_bar: β_T (1/bar).
  StochasticCellRescaling(BarostatCoupling coupling, double pressure_bar, double damping_ps,
                          double compressibility_per_bar);
  /// One barostat step of length dt at temperature T, using the virial of the last force
  /// evaluation and the current velocities. Scales positions (about the cell origin), cell and
  /// velocities. Returns the energy the barostat put into K + U + P₀V (eV; U to first order in
  /// the strain, −Σ_α W_αα δ_α), which the runner subtracts to form the conserved energy.
  double step(MdSystem& md, double dt, double temperature_K, RandomStream& random);
  double target_pressure_bar() const { return pressure_; }
  /// P₀ V in eV for volume V (Å³).
  double pressure_volume_eV(double volume_A3) const;

private:
  BarostatCoupling coupling_;
  double pressure_, damping_, compressibility_;
};

}  // namespace ionglass
