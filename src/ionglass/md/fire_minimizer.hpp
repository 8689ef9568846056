#pragma once
// Energy minimisation with FIRE, the fast inertial relaxation engine (E. Bitzek, P. Koskinen,
// F. Gähler, M. Moseler, P. Gumbsch, Phys. Rev. Lett. 97, 170201 (2006)), with parameters
// N_min = 5, f_inc = 1.1, f_dec = 0.5, α_start = 0.1, f_α = 0.99, unit masses (1 amu),
// Δt₀ = 1 fs, Δt_max = 10 fs, and at most `max_step_A` displacement per step.
//
// With cell relaxation the cell strain joins the coordinates as in ASE's UnitCellFilter: the
// coordinate N·ε has the generalised force (W − P₀ V I)/N (W: virial, W_αβ = −∂E/∂ε_αβ), so that
// minimising drives the pressure tensor to P₀. Isotropic: one strain for all axes; anisotropic:
// the three Cartesian axes independently (cell tilts scale with their axes).
#include <functional>

#include "ionglass/md/md_system.hpp"

namespace ionglass {

enum class CellRelaxation { None, Isotropic, Anisotropic };

struct FireOptions {
  double force_tolerance_eV_per_A = 1e-2;  ///< converged when every |F_i| is below this
  long long max_steps = 5000;
  double max_step_A = 0.2;
  CellRelaxation cell = CellRelaxation::None;
  double pressure_bar = 0;                 ///< target with cell relaxation
  double pressure_tolerance_bar = 100;     ///< converged when every relaxed P_αα is this close to P₀
};

struct FireResult {
  long long steps = 0;
  bool converged = false;
  double max_force_eV_per_A = 0;
  double max_pressure_deviation_bar = 0;  ///< 0 without cell relaxation
};

/// Minimises the potential energy (+ P₀V with cell relaxation) of `md` in place; `md`'s forces
/// must be current. `on_step(step)` is called after every step (progress, output). Velocities are
/// left unchanged. Throws InputError for impossible options.
FireResult minimize_fire(MdSystem& md, const FireOptions& options,
                         const std::function<void(long long)>& on_step = {});

}  // namespace ionglass
