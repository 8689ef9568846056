#pragma once
// A rigid-ion classical force field: short-range pair models per species pair (Buckingham, Teter,
// Morse, ...) with per-pair cutoffs (truncated, optionally shifted), plus point-charge
// electrostatics (Ewald, PPPM or damped shifted force) and optional three-body angle terms.
//
// Short-range and real-space Coulomb terms are evaluated in one pass over a half neighbour list
// (cutoff max(pair cutoffs, Coulomb cutoff) + skin) that is kept between calls and rebuilt only when
// an atom moved more than skin/2, the atom count changed or the cell changed. Each thread adds into
// its own force array. With `tabulate`, every pair function is interpolated from a table in r²
// (see SquaredDistanceTable), which avoids exp/erfc/sqrt in the inner loop.
//
// Species: a type is named by its entry in `type_labels` when there is one, else by its label when
// the potential knows that label (e.g. "Fe2+" from the structure file), otherwise by its element
// symbol (species_of_each_type; evaluation and the LAMMPS export both use it).
//
// The typed getters below describe the force field completely (pair terms with their models,
// cutoffs and shifts; Coulomb settings; charges; angle terms), so that writers of other programs'
// inputs read parameters, never describe() text.
// Energy components: "short_range", "coulomb_real_space", "coulomb_kspace", "three_body".
#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ionglass/neighbor/verlet_list_cache.hpp"
#include "ionglass/potential/angle_term.hpp"
#include "ionglass/potential/coulomb_real_space_kernel.hpp"
#include "ionglass/potential/pair_model.hpp"
#include "ionglass/potential/potential.hpp"
#include "ionglass/potential/reciprocal_space_solver.hpp"
#include "ionglass/potential/squared_distance_table.hpp"

namespace ionglass {

enum class CoulombMethod { None, Ewald, Pppm, DampedShiftedForce };

struct CoulombSettings {
  CoulombMethod method = CoulombMethod::None;
  double cutoff = 10.0;              ///< real-space cutoff (Å)
  double accuracy = 1e-5;            ///< relative force accuracy (Ewald, PPPM), as LAMMPS kspace_style
  double alpha = 0;                  ///< 1/Å: DSF damping (required for DSF); Ewald/PPPM: 0 = choose from accuracy
  int order = 5;                     ///< PPPM assignment order
  std::array<int, 3> mesh{0, 0, 0};  ///< PPPM mesh; zeros = choose from accuracy
  bool allow_non_neutral = false;    ///< Ewald/PPPM: accept a net charge (uniform background)
  /// Ewald/PPPM real space: erfc from the Abramowitz–Stegun approximation as LAMMPS coul/long with
  /// `pair_modify table 0` (to reproduce LAMMPS to the meV); default: exact erfc.
  bool lammps_erfc = false;
};

/// One species pair: its models (summed; empty = explicitly no short-range interaction), cutoff
/// and whether the energy is shifted to zero at the cutoff.
struct PairTerm {
  std::string species_a, species_b;  ///< "*" matches any species
  std::vector<std::unique_ptr<PairModel>> models;
  double cutoff = 0;  ///< Å
  bool shift = false;
};

class ClassicalForceField : public Potential {
 public:
  explicit ClassicalForceField(std::string name, std::string source = "");

  // ---- configuration (before bind) ----
  /// Charges by species name (element symbol or type label).
  void set_charges(std::map<std::string, double> charges) { charges_by_species_ = std::move(charges); }
  /// Take the charges from the structure (System::charges) instead.
  void use_structure_charges(bool on = true) { structure_charges_ = on; }
  /// Names LAMMPS types explicitly: type number → species name (overrides labels and elements).
  void set_type_labels(std::map<int, std::string> labels) { type_labels_ = std::move(labels); }
  void add_pair(PairTerm term);
  void set_coulomb(const CoulombSettings& settings) { coulomb_ = settings; }
  void add_angle_term(AngleTerm term) { angle_terms_.push_back(std::move(term)); }
  void set_skin(double skin) { skin_ = skin; }
  /// Interpolate pair functions from r² tables (spacing in Å², analytic below `inner` Å).
  void set_tabulation(bool on, double spacing = 0.01, double inner = 1.0) {
    tabulate_ = on;
    table_spacing_ = spacing;
    table_inner_ = inner;
  }

  /// With exactly two threads (set_thread_count) and PPPM, run the k-space part and the real-space
  /// pairs at the same time, one thread each (default on). Off: both parts use both threads in turn.
  void set_kspace_overlap(bool on) { overlap_allowed_ = on; }

  // ---- description (typed getters) ----
  const CoulombSettings& coulomb() const { return coulomb_; }
  /// The pair terms in the order of the potential file.
  const std::vector<PairTerm>& pairs() const { return pairs_; }
  /// The pair term that applies to species a–b (either order): exact names beat the wildcard "*",
  /// the first of equally specific terms wins; nullptr when none matches.
  const PairTerm* pair_term_for(const std::string& species_a, const std::string& species_b) const;
  /// Three-body angle terms (empty when the potential has none).
  const std::vector<AngleTerm>& angle_terms() const { return angle_terms_; }
  /// Charges by species name (e); empty when the charges come from the structure.
  const std::map<std::string, double>& charges() const { return charges_by_species_; }
  /// True when the charges are taken from the structure (System::charges).
  bool uses_structure_charges() const { return structure_charges_; }
  /// Explicit type number → species names (`type_labels`).
  const std::map<int, std::string>& type_labels() const { return type_labels_; }
  double skin() const { return skin_; }         ///< neighbour-list skin (Å)
  bool tabulated() const { return tabulate_; }  ///< pair functions interpolated from r² tables
  /// The species name of each atom type of `system` (index = type, 1-based; index 0 is empty):
  /// `type_labels` entry, else the type's label when the potential names it, else the element.
  std::vector<std::string> species_of_each_type(const System& system) const;
  /// The reciprocal-space solver (Ewald or PPPM) after bind, else nullptr.
  const ReciprocalSpaceSolver* reciprocal_solver() const { return solver_.get(); }
  /// The per-atom charges of the bound system (e).
  const std::vector<double>& atom_charges() const { return atom_charges_; }

  // ---- Potential ----
  std::string name() const override { return name_; }
  double cutoff() const override;
  void bind(const System& system) override;
  void compute(const System& system, const EvaluationRequest& request, PotentialResult& result) override;
  std::string describe() const override;
  /// Chooses the real/reciprocal overlap schedule from this count. Until it is called the count
  /// is OpenMP's (omp_get_max_threads() at each evaluation), as before the explicit count existed.
  void set_thread_count(int threads) override { thread_count_ = threads; }

 private:
  struct BoundPair {
    const PairTerm* term = nullptr;
    double cutoff2 = 0;
    double energy_shift = 0;
    SquaredDistanceTable table;
  };
  void ensure_neighbor_list(const System& system);
  void evaluate_pair(const BoundPair& pair, double r2, double& energy, double& derivative_over_r) const;
  void compute_pairs(const System& system, const EvaluationRequest& request, PotentialResult& result);
  void generic_pair_loop(const System& system, const EvaluationRequest& request, PotentialResult& result,
                         double& short_range, double& real_space);
  /// The fast path (tabulated, forces requested): returns short-range and real-space energies.
  template <bool Virial, bool PerAtom>
  void tabulated_pair_loop(const System& system, PotentialResult& result, double& short_range, double& real_space);
  void compute_angles(const System& system, const EvaluationRequest& request, PotentialResult& result);
  bool overlap_kspace_with_pairs() const;
  std::string species_of_type(const System& system, int type) const;
  int schedule_threads() const;  ///< thread_count_, or OpenMP's count when nobody set it

  std::string name_, source_;
  std::map<std::string, double> charges_by_species_;
  bool structure_charges_ = false;
  std::map<int, std::string> type_labels_;
  std::vector<PairTerm> pairs_;
  CoulombSettings coulomb_;
  std::vector<AngleTerm> angle_terms_;
  double skin_ = 1.0;
  bool tabulate_ = true;
  bool overlap_allowed_ = true;
  int thread_count_ = 0;           // from set_thread_count; 0: not given
  PotentialResult kspace_result_;  // the k-space part's own buffer when it overlaps with the pairs
  double table_spacing_ = 0.01, table_inner_ = 1.0;

  // bound state
  std::size_t bound_atoms_ = 0;
  int ntypes_ = 0;
  std::vector<int> type_pair_;  // ntypes² → index into bound_pairs_ or −1
  std::vector<BoundPair> bound_pairs_;
  std::vector<std::string> type_species_;
  std::vector<double> atom_charges_;
  CoulombRealSpaceKernel kernel_;
  SquaredDistanceTable coulomb_table_;
  std::unique_ptr<ReciprocalSpaceSolver> solver_;
  double list_cutoff_ = 0;
  VerletListCache list_cache_;
  std::vector<std::vector<Vec3>> thread_forces_;
  std::vector<std::vector<double>> thread_energies_;
  std::vector<AlignedVector<double>> thread_padded_forces_;  // x, y, z, unused per atom (tabulated loop)
  // Packed x, y, z, q per atom and flat table views for the tabulated loop.
  AlignedVector<std::array<double, 4>> packed_;
  // A table's interval records, its last interval and the squared cutoff (0: no interaction).
  struct TableView {
    const double* knots;
    int last_interval;
    double cut2;
  };
  TableView coulomb_view_{nullptr, 0, 0.0};
  std::vector<TableView> short_range_views_;  // ntypes²
};

}  // namespace ionglass
