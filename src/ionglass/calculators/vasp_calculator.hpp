#pragma once
// The `vasp` reference calculator: writes INCAR, KPOINTS, POSCAR and POTCAR into the job folder,
// runs a user command there (`mpirun -np 64 vasp_gam`, or a script that submits and waits) and
// reads vasprun.xml (else OUTCAR) back: energy, forces, stress and, for ab initio MD, frames.
//
// Defaults are the settings of the published NaFePO4 labels (issue 22): PBE (GGA = PE), PAW,
// ENCUT 520 eV, Γ-point only, ISPIN 1, ISMEAR 0, SIGMA 0.05 eV, EDIFF 1e-5 eV, PREC Accurate,
// LREAL Auto, ALGO Normal, NELM 200; static runs IBRION −1, NSW 0. DFT+U (Dudarev, LDAUTYPE 2)
// is on only for the elements given in `hubbard_u_eV` (the library names no element; the
// documentation's example configuration gives the Materials Project value for Fe).
// docs/calculators/vasp.md gives every setting with its reason.
//
// The energy is the free energy TOTEN (e_fr_energy), the one the forces are the derivative of;
// energy(σ→0) and the energy without entropy go to extra_values. The stress becomes the pressure
// tensor in bar (VASP's kB × 1000; VASP's sign is already positive = compressive).
//
// Configuration section:
//   calculator: vasp
//   vasp:
//     command: mpirun -np 64 vasp_gam        # or a list; the program is looked up on PATH
//     cores: 64
//     potcar_library: /opt/vasp/potpaw_PBE   # folder with one sub-folder per POTCAR
//     potcars: {Na: Na_pv, Fe: Fe_pv, P: P, O: O}
//     encut_eV: 520
//     kpoints: [1, 1, 1]                     # Γ-centred mesh
//     hubbard_u_eV: {Fe: 5.3}                # DFT+U (Dudarev) on these elements, l = 2 (d)
//     incar: {NCORE: 8, LASPH: true}         # any further tag, or an override of a default
#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ionglass/calculators/calculator.hpp"
#include "ionglass/io/vasp_incar.hpp"

namespace ionglass::calculators {

struct VaspSettings {
  std::vector<std::string> command;            ///< program and arguments, run in the job folder
  int cores = 1;                               ///< cores the command uses (CalculationJob::cores)
  std::string potcar_library;                  ///< folder holding <potcar>/POTCAR for every entry
  std::map<std::string, std::string> potcars;  ///< element symbol → POTCAR folder ("Na" → "Na_pv")
  double encut_eV = 520;
  std::string gga = "PE";  ///< PBE
  std::string precision = "Accurate";
  std::string lreal = "Auto";
  std::string algorithm = "Normal";
  int spin_polarization = 1;  ///< ISPIN
  int smearing = 0;           ///< ISMEAR (0: Gaussian)
  double sigma_eV = 0.05;
  double ediff_eV = 1e-5;
  int electronic_step_limit = 200;             ///< NELM
  std::array<int, 3> kpoints{1, 1, 1};         ///< Γ-centred mesh
  std::map<std::string, double> hubbard_u_eV;  ///< DFT+U (Dudarev) U−J per element; empty: off
  /// Further INCAR tags (upper case → value); they override the defaults of the same name.
  IncarTags incar;
};

class VaspCalculator : public Calculator {
 public:
  /// InputError for an empty command, cores < 1, non-positive ENCUT/SIGMA/EDIFF or NELM, a
  /// k-point subdivision < 1, an unknown element in `potcars` or `hubbard_u_eV`, an INCAR tag in
  /// `incar` that ionglass writes itself for MD (IBRION, NSW, POTIM, TEBEG, TEEND, MDALGO).
  explicit VaspCalculator(VaspSettings settings);
  std::string name() const override { return "vasp"; }
  /// Every setting that changes the numbers and the content of each mapped POTCAR file that
  /// exists when the calculator is made (the command and cores do not change the numbers).
  std::string settings_text() const override { return settings_text_; }
  bool supports_molecular_dynamics() const override { return true; }
  /// Writes INCAR, KPOINTS, POSCAR (atoms grouped by element) and POTCAR (concatenated in the
  /// POSCAR's species order) and removes outputs of an earlier attempt. InputError for an element
  /// without a POTCAR entry or a POTCAR file that does not exist.
  CalculationJob prepare(const System& structure, const CalculationRequest& request,
                         const std::string& work_directory) const override;
  CalculationResult collect(const System& structure, const CalculationRequest& request,
                            const std::string& work_directory, const ChildProcessOutcome& outcome) const override;

  /// The INCAR this calculator writes for `request` on `structure` (species order of the POSCAR).
  IncarTags incar_for(const System& structure, const CalculationRequest& request) const;
  const VaspSettings& settings() const { return settings_; }

 private:
  VaspSettings settings_;
  std::string settings_text_;  ///< made once by the constructor (POTCAR files read then)
};

/// The `vasp:` section of a calculator configuration file (keys as in the header comment;
/// relative paths are relative to the file's folder).
std::unique_ptr<Calculator> make_vasp_calculator(const std::string& config_path);

}  // namespace ionglass::calculators
