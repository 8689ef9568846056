#pragma once
// VASP OUTCAR files, one frame per ionic step, streamed.
//
// Read per step: the lattice (last "direct lattice vectors" block before the positions), the
// positions and forces ("POSITION ... TOTAL-FORCE (eV/Angst)" block; forces go to
// properties["forces"], eV/Å), the free energy ("free  energy   TOTEN", info
// "free_energy_eV"), "energy  without entropy" (info "energy_without_entropy_eV") and
// energy(sigma->0) ("energy_sigma0_eV"), and the stress ("in kB" line before the positions: info
// "stress_kB" = XX YY ZZ XY YZ ZX in kB with VASP's sign, positive = compressive pressure).
// Elements from the TITEL (else VRHFIN, else POTCAR) lines and "ions per type"; --types when the
// file has none. The ionic step number (1, 2, ...) goes to System::timestep. A last step cut off
// before its energies is returned without them; a cut-off POSITION block is an error.
#include <memory>
#include <string>
#include <vector>

#include "ionglass/io/structure_io.hpp"

namespace ionglass {

std::unique_ptr<TrajectoryReader> open_outcar(const std::string& path, const ReadOptions& options = {});

}  // namespace ionglass

namespace ionglass {

/// Every complete ionic step of an OUTCAR (positions, forces and the energies present), for runs
/// that may have been killed: a file that ends inside a POSITION block or before a step's
/// energies gives the complete steps before it and sets `*cut_short`. InputError when not one
/// step is complete, or for a file malformed anywhere but at its end.
std::vector<System> read_outcar_complete_steps(const std::string& path, bool* cut_short = nullptr);

}  // namespace ionglass
