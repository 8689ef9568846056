#pragma once
// ACE active sets, extrapolation grades and D-optimal selection (pacemaker's pace_activeset /
// pace_select; Lysogorskiy et al., PRM 7, 043801 (2023); ../shared/docs/ace-evaluation.md §2, §7).
//
// For each element the active set is the m×m submatrix A_AS of the stacked training projections
// (m = number of B-functions of the element) of (near-)maximal |det|, found by MaxVol over all
// atoms of the data, batch by batch (cumulative MaxVol, then refinement passes that merge every
// environment still with γ > tolerance). The `.asi` file stores A_AS⁻¹ per element symbol as an
// uncompressed NumPy .npz (the format of pacemaker and LAMMPS pair_style pace/extrapolation).
// Extrapolation grade of an environment with projection b: γ = max_k |(b · A_AS⁻¹)_k|.
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ionglass/ace/projections.hpp"

namespace ionglass::ace {

struct ActiveSet {
  std::vector<std::string> elements;     ///< potential order (index μ)
  std::vector<Eigen::MatrixXd> inverse;  ///< A_AS⁻¹ per μ (m×m)
  std::size_t size() const { return elements.size(); }
};

/// Writes the `.asi` (.npz with one float64 m×m array per element symbol), atomically.
void write_active_set(const std::string& path, const ActiveSet& active_set);
/// Reads an `.asi` and checks it against the potential: one entry per element, each m×m with m the
/// element's number of B-functions. Throws InputError otherwise.
ActiveSet read_active_set(const std::string& path, const BBasisPotential& potential);

/// Grades γ of every atom of a structure (one per atom); +∞ for atoms of an element without an
/// active set (no training environments).
std::vector<double> extrapolation_grades(const AtomProjections& projections, const ActiveSet& active_set);

struct ActiveSetOptions {
  double tolerance = 1.01;        ///< MaxVol γ tolerance (> 1)
  int max_iterations = 300;       ///< row swaps per MaxVol run
  std::size_t batch_size = 20000; ///< environments per element held in memory before a MaxVol merge
  int refinement_passes = 5;      ///< passes over the data merging environments with γ > tolerance
  /// Projections of the whole data set are kept in memory up to this size (bytes) so that the
  /// refinement passes need not recompute them; larger data sets are streamed again.
  std::size_t cache_bytes = std::size_t(2) << 30;
};

struct ActiveSetElementReport {
  std::string element;
  std::size_t environments = 0;      ///< atoms of this element in the data
  std::size_t functions = 0;         ///< m
  std::size_t constant_columns = 0;  ///< projections constant over the data (regularised)
  int iterations = 0;                ///< MaxVol swaps in total
  int passes = 0;                    ///< cumulative pass + refinement passes used
  double max_training_gamma = 0;     ///< max γ of the training environments at the end
  std::vector<std::int64_t> active_ids;  ///< (structure index << 32 | atom index) of each active row
};

/// Calls `visit(structure, index)` for every structure of the data, in a fixed order; it is called
/// once per pass (the data are streamed, not held in memory).
using StructureStream = std::function<void(const std::function<void(const System&, std::size_t)>& visit)>;

/// Where a structure of a stream came from (file, frame in it, atom count), for reports.
struct StructureOrigin {
  std::string file;
  std::size_t frame = 0;
  std::size_t atoms = 0;
};

/// Checks the options of build_active_set / select_structures; throws InputError naming the CLI
/// option (--tolerance must be > 1, --max-iterations, --batch-size must be positive).
void check_active_set_options(const ActiveSetOptions& options);

/// Builds the active set of every element. Throws ComputationError when an element has fewer
/// environments than functions.
ActiveSet build_active_set(const BProjector& projector, const StructureStream& data, const ActiveSetOptions& options,
                           std::vector<ActiveSetElementReport>* report = nullptr);

/// Result of D-optimal selection for one candidate structure.
struct SelectedStructure {
  std::size_t index = 0;        ///< position in the candidate list
  std::size_t new_rows = 0;     ///< environments that entered the active set
  double max_gamma = 0;         ///< max γ against the given active set (0 without one)
};

/// D-optimal selection (pacemaker pace_select): stack the candidates' projections onto the active
/// set (if given), run MaxVol per element, count how many of each structure's atoms enter, and
/// return at most `max_structures` structures with at least one, most first (ties: larger γ first).
std::vector<SelectedStructure> select_structures(const BProjector& projector, const StructureStream& candidates,
                                                 const ActiveSet* active_set, std::size_t max_structures,
                                                 const ActiveSetOptions& options);

}  // namespace ionglass::ace
