#pragma once
// VASP's vasprun.xml, read one ionic step at a time (https://www.vasp.at/wiki/index.php/Vasprun.xml).
//
// No XML library: vasprun.xml has no DTD, no namespaces and no entities beyond &lt; &gt; &amp;, so
// a small tolerant tag scanner reads it (text between tags, start and end tags with their
// attributes; `<?...?>` and comments skipped).
//
// Read before the first ionic step (the header): the program version (<generator>), the species
// of every atom (<atominfo>, array "atoms", first column), the <incar> tags as written by VASP
// and every <i>/<v> of <parameters> (the first occurrence of a name wins) as trimmed text.
// Read per ionic step (each <calculation>): the lattice and fractional positions of its
// <structure> (positions are returned Cartesian, Å), the "forces" varray (eV/Å), the "stress"
// varray (kB, VASP's sign: positive = compressive, as the OUTCAR "in kB" line), the
// calculation-level <energy> e_fr_energy (the free energy TOTEN, whose gradient the forces are)
// and e_wo_entrp, the number of <scstep> (electronic steps), and e_0_energy (σ→0) of the LAST
// <scstep>: VASP 5.x writes a wrong e_0_energy into the calculation-level block (it holds the
// entropy term there; custodian's killed relaxation in tests/data shows it), the scstep value is
// right in every version.
//
// What a file cut short gives (a killed run): every ionic step whose </calculation> is in the
// file, in order; then next() returns false and cut_short() is true. A file cut before the first
// </calculation>, before <atominfo>, or a complete file without any <calculation> is an InputError
// naming the file and the line where it ends. A malformed complete step (missing forces, wrong
// number of rows, a number that is not one) is an InputError at its line.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ionglass/core/vector.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass {

struct VasprunHeader {
  std::string program_version;                    ///< e.g. "6.3.2"
  std::vector<int> atomic_numbers;                ///< one per atom, in the file's (POSCAR) order
  std::map<std::string, std::string> incar;       ///< <incar> as VASP echoes it: tag → trimmed text
  std::map<std::string, std::string> parameters;  ///< every <i>/<v> of <parameters>: name → text
  /// NELM (the electronic-step limit) from <parameters>, else <incar>, else VASP's default 60.
  int electronic_step_limit() const;
};

struct VasprunIonicStep {
  Mat3 lattice = Mat3::Zero();           ///< rows = lattice vectors (Å)
  std::vector<Vec3> positions;           ///< Cartesian (Å), file order
  std::vector<Vec3> forces;              ///< eV/Å, file order
  std::optional<Mat3> stress_kB;         ///< kB, VASP's sign (positive = compressive)
  double free_energy_eV = 0;             ///< e_fr_energy (TOTEN)
  double energy_without_entropy_eV = 0;  ///< e_wo_entrp
  double energy_sigma0_eV = 0;           ///< e_0_energy of the last electronic step
  int electronic_steps = 0;              ///< number of <scstep>
  long line = 0;                         ///< line of the step's </calculation>
};

class VasprunReader {
 public:
  /// Opens `path` and reads the header (up to the first <calculation>). InputError for a missing
  /// file or one that ends before <atominfo> and a first <calculation>.
  explicit VasprunReader(const std::string& path);
  ~VasprunReader();
  VasprunReader(const VasprunReader&) = delete;
  VasprunReader& operator=(const VasprunReader&) = delete;

  const VasprunHeader& header() const;
  /// The next complete ionic step; false after the last one (see the file comment for files cut
  /// short).
  bool next(VasprunIonicStep& step);
  /// True once </modeling> was read: the run ended normally.
  bool complete() const;
  /// True when the file ended before </modeling> (a killed or still running calculation).
  bool cut_short() const;
  long steps_read() const;
  const std::string& path() const;
  /// Fraction of the file read so far, in [0, 1] (progress output).
  double fraction_read() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// The whole file in memory: header, every complete step, and whether </modeling> was reached.
struct VasprunContent {
  VasprunHeader header;
  std::vector<VasprunIonicStep> steps;
  bool complete = false;
};
VasprunContent read_vasprun(const std::string& path);

/// vasprun.xml as a trajectory (`ionglass convert`, read_frames): one frame per complete ionic
/// step, as the OUTCAR reader gives them — cell, Cartesian positions, types by element, ids in
/// file order, properties["forces"] (eV/Å), info "free_energy_eV", "energy_without_entropy_eV",
/// "energy_sigma0_eV" and "stress_kB" (XX YY ZZ XY YZ ZX, VASP's sign), timestep = the ionic step.
std::unique_ptr<TrajectoryReader> open_vasprun(const std::string& path);

}  // namespace ionglass
