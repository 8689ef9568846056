#pragma once
// LAMMPS "metal" units: Å, eV, ps, K, amu, e, bar. Conversion constants (as LAMMPS defines them).
namespace ionglass::units {

// Values are those of LAMMPS (src/update.cpp, metal) so that results agree with it exactly.
inline constexpr double boltzmann_eV_per_K = 8.617343e-5;
/// Coulomb constant e²/(4πε₀) in eV·Å (LAMMPS metal `qqr2e`).
inline constexpr double coulomb_eV_A = 14.399645;
/// 1 eV/Å³ in bar.
inline constexpr double eV_per_A3_to_bar = 1.6021765e6;
/// Kinetic energy: ½ m v² with m in amu and v in Å/ps gives energy in amu·Å²/ps²; times this → eV.
inline constexpr double amu_A2_per_ps2_to_eV = 1.0364269e-4;
/// Force in eV/Å divided by mass in amu gives acceleration in eV/(Å·amu); times this → Å/ps².
inline constexpr double eV_per_A_amu_to_A_per_ps2 = 1.0 / 1.0364269e-4;
/// amu/Å³ → g/cm³.
inline constexpr double amu_per_A3_to_g_per_cm3 = 1.66053906660;
inline constexpr double pi = 3.14159265358979323846;
/// Hartree energy in eV (CODATA 2018, NIST: 27.211386245988 eV).
inline constexpr double hartree_to_eV = 27.211386245988;
/// Bohr radius in Å (CODATA 2018, NIST: 0.529177210903 Å).
inline constexpr double bohr_to_A = 0.529177210903;
/// 1 GPa in bar.
inline constexpr double GPa_to_bar = 1.0e4;

}  // namespace ionglass::units
