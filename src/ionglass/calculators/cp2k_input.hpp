#pragma once
// The CP2K input file of one calculation: the settings of the `cp2k` calculator and the writer
// that turns a structure and a request into a CP2K input (docs/calculators.md, "cp2k").
//
// Defaults are chosen for hot, disordered oxide cells and to come close to PBE plane-wave (VASP)
// labels: PBE; GTH pseudopotentials with the valence each MOLOPT basis was made for; the
// short-range double-zeta MOLOPT basis (DZVP-MOLOPT-SR-GTH, VandeVondele & Hutter 2007); a 600 Ry
// density cutoff (semicore s/p states such as Na's q9 need it: at 400 Ry their forces are off by
// ~1 eV/Å) with REL_CUTOFF 60; the Γ point only; Fermi–Dirac smearing at 580 K (k_B T = 0.05 eV,
// the width of VASP's SIGMA 0.05) with extra empty orbitals, because hot cells are often
// metallic at the Fermi level; diagonalisation with Broyden density mixing, damped (ALPHA 0.1)
// and Kerker-preconditioned (BETA 1.5/Bohr), which brings a 100-atom Na–Fe–P–O cell to 1e-4 in
// 33 steps without DFT+U (docs/calculators.md, "CP2K against the published labels"). DFT+U
// (Dudarev: one U_eff = U − J per element on its d, or chosen l, shell, Mulliken projection) and
// spin polarisation are options.
#include <map>
#include <string>
#include <vector>

#include "ionglass/calculators/calculator.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass::calculators {

/// One element's basis set and pseudopotential, when the defaults do not suit it.
struct Cp2kKind {
  std::string basis_set;  ///< name in the basis-set file; empty: Cp2kSettings::basis_set
  std::string potential;  ///< name in the potential file; empty: potential_family + "-qN"
};

struct Cp2kSettings {
  /// Program (and any launcher, e.g. mpirun -np 4 cp2k.psmp); the calculator appends -i/-o.
  std::vector<std::string> command = {"cp2k"};
  int cores = 1;                                  ///< OpenMP threads of one calculation (OMP_NUM_THREADS)
  std::string data_directory;                     ///< "" = $CP2K_DATA_DIR, else /usr/share/cp2k
  std::string basis_set_file = "BASIS_MOLOPT";    ///< relative names are looked up in the data folder
  std::string potential_file = "GTH_POTENTIALS";  ///< likewise
  std::string functional = "PBE";                 ///< &XC_FUNCTIONAL name
  std::string basis_set = "DZVP-MOLOPT-SR-GTH";
  std::string potential_family = "GTH-PBE";  ///< potential = FAMILY-qN, N the basis set's valence
  std::map<std::string, Cp2kKind> kinds;     ///< element symbol → overrides
  double cutoff_Ry = 600;                    ///< &MGRID CUTOFF (Ry)
  double relative_cutoff_Ry = 60;            ///< &MGRID REL_CUTOFF (Ry)
  double eps_default = 1e-12;                ///< &QS EPS_DEFAULT
  /// Fermi–Dirac electronic temperature (K); 0 = no smearing (then no extra orbitals either).
  double smearing_temperature_K = 580;
  /// Empty orbitals added for smearing: max(minimum_added_mos, ceil(fraction × occupied orbitals)).
  double added_mos_fraction = 0.25;
  int minimum_added_mos = 10;
  double eps_scf = 1e-6;  ///< SCF convergence on the density-matrix error
  int max_scf = 300;      ///< SCF iterations before the run counts as not converged
  std::string mixing_method = "BROYDEN_MIXING";
  double mixing_alpha = 0.1;
  /// Kerker damping wave number (1/Bohr) that suppresses charge sloshing in large cells.
  double mixing_beta = 1.5;
  int mixing_history = 8;  ///< NBROYDEN (or NBUFFER for Pulay)
  /// DFT+U, Dudarev form: element → U_eff = U − J (eV) on the shell of angular momentum
  /// hubbard_l (default 2, d). Empty: plain DFT.
  std::map<std::string, double> hubbard_U_eV;
  std::map<std::string, int> hubbard_l;
  std::string plus_u_method = "MULLIKEN";  ///< &DFT PLUS_U_METHOD (MULLIKEN supports forces and stress)
  /// U ramping (CP2K &DFT_PLUS_U U_RAMPING, eV): U_eff starts at 0 and grows by this step each
  /// time the SCF error falls below eps_U_ramping, until it reaches hubbard_U_eV; 0 = off (the
  /// full U from the first SCF step). Lets a DFT+U SCF of a hot, Fe-rich cell converge from the
  /// atomic guess where the full U makes the density slosh.
  double hubbard_U_ramping_eV = 0;
  double eps_U_ramping = 1e-3;               ///< &DFT_PLUS_U EPS_U_RAMPING (SCF error)
  bool spin_polarized = false;               ///< UKS
  int multiplicity = 0;                      ///< spin multiplicity 2S+1; 0 = CP2K's choice (lowest)
  int charge = 0;                            ///< total charge (e)
  bool stress = true;                        ///< analytical stress tensor for single points
  double thermostat_time_constant_fs = 100;  ///< CSVR thermostat of molecular dynamics (fs)
  /// A whole input file to use instead of the built-in one; "{{project}}", "{{run_type}}",
  /// "{{cell}}", "{{coordinates}}", "{{kinds}}" and "{{motion}}" are replaced by the generated text.
  std::string template_file;
};

/// The project name of every calculation (file names PROJECT-pos-1.xyz, ...).
inline const std::string cp2k_project = "ionglass";

/// The CP2K input for `structure`: a single point (energy, forces and stress) or NVT molecular
/// dynamics as `request` asks. InputError for an element with no basis set or pseudopotential
/// in the data files, a non-periodic cell, or a template that lacks a placeholder it needs.
std::string write_cp2k_input(const System& structure, const CalculationRequest& request, const Cp2kSettings& settings);

/// The text the settings hash is taken over: every setting that changes the numbers, and the
/// template's text when there is one.
std::string cp2k_settings_text(const Cp2kSettings& settings);

}  // namespace ionglass::calculators
