#pragma once
// The structure workflow of `ionglass structure` as one library call: partial RDFs, S(Q), G(r),
// T(r), D(r), coordination numbers, bond angles, Qⁿ, bridging-anion speciation, polyhedron
// connectivity, rings, voids and persistent homology per file, and per group of replica files
// the mean ± sample standard deviation across files,
//   mean = Σ x_i / n,   std = sqrt(Σ (x_i − mean)² / (n − 1))   (0 for fewer than two files).
// Two passes over every file: (1) partial g_ab(r) of every file, from which the automatic cutoffs
// (first minimum after the first peak of g averaged over all files) follow, so every file uses
// the same cutoffs; (2) the bond network of every frame and the local-structure accumulators.
// Writing structure.json, the CSV tables and the SVG plots is report/structure_report.hpp.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ionglass/analysis/structure/bond_angles.hpp"
#include "ionglass/analysis/structure/element_pair.hpp"
#include "ionglass/analysis/structure/pair_cutoffs.hpp"
#include "ionglass/analysis/structure/persistent_homology.hpp"
#include "ionglass/analysis/structure/ring_statistics.hpp"
#include "ionglass/core/execution_context.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass {

/// Named replica files analysed together (their results are averaged).
struct StructureFileGroup {
  std::string name;
  std::vector<std::string> files;
};

/// A cutoff given by the user for one element pair (centre first, as written).
struct GivenPairCutoff {
  ElementPair pair;
  double cutoff_A = 0;
};

struct StructureSettings {
  /// Groups of files (at least one; names unique). The CLI puts plain FILE arguments in "all".
  std::vector<StructureFileGroup> groups;
  ReadOptions read;
  /// Frames START:STOP:STEP (Python slice); empty: all frames.
  std::string frames;
  /// Given cutoffs; every other needed pair gets an automatic one.
  std::vector<GivenPairCutoff> cutoffs;
  /// RDF range r_max (Å); 0: min(12 Å, half the smallest perpendicular width of the first
  /// frame's cell), rounded down to a whole number of bins.
  double r_max_A = 0;
  double bin_width_A = 0.02;
  /// Largest Q of S(Q) (Å⁻¹, > 0.5).
  double q_max_per_A = 25;
  /// Network formers (atomic numbers) for Qⁿ, speciation, connectivity and rings.
  std::vector<int> formers;
  /// When true a former absent from the structures is an InputError; when false it is skipped.
  bool formers_must_be_present = true;
  /// The anion whose free / non-bridging / bridging speciation is reported and that links two
  /// formers (Qⁿ, rings, former–anion–former angles). Unset: default_bridging_anion() of the
  /// elements of the first file.
  std::optional<int> bridging_anion;
  /// Extra bond angles A-B-C (centre B) besides the automatic ones.
  std::vector<BondAngleTriplet> extra_angles;
  /// Ring criteria (empty: no ring statistics); largest ring in former atoms, 3..24.
  std::vector<RingKind> ring_kinds;
  int max_ring_size = 10;
  bool voids = false;
  double void_grid_A = 0.2;   ///< (0, 0.2] Å
  double void_probe_A = 0.0;  ///< added to the covalent radii, ≥ 0
  bool homology = false;
  /// Two-column Q (Å⁻¹), S(Q) file: R_chi of the simulated total S(Q) against it; empty: none.
  std::string experiment_sq_file;

  /// Throws InputError for values out of range (the messages name the CLI options).
  void validate() const;
};

/// Mean and sample standard deviation across files.
struct MeanStd {
  double mean = 0;
  double std = 0;
};
/// Mean and sample std of `values` (mean 0 for none, std 0 for fewer than two).
MeanStd mean_and_std(const std::vector<double>& values);

/// Curves of one table: column name → values; `x_column` names the abscissa column.
struct CurveTable {
  std::string x_column;
  std::map<std::string, std::vector<double>> columns;
};

struct CoordinationSummary {
  ElementPair pair;  ///< centre first
  double cutoff_A = 0;
  bool cutoff_automatic = false;
  double mean = 0;
  std::map<int, double> distribution;  ///< CN → fraction of centre atoms
  double mean_bond_length_A = 0;
};

struct BondAngleSummary {
  BondAngleTriplet triplet;
  double mean_deg = 0;
  double angles_per_frame = 0;
};

/// Fractions of the bridging anion bonded to no former, one former, two or more formers.
struct AnionSpeciation {
  double free = 0, nonbridging = 0, bridging = 0;
};

/// Polyhedra of two formers/cations sharing one (corner), two (edge) or ≥ 3 (face) anions.
struct SharingSummary {
  double corner_per_frame = 0, edge_per_frame = 0, face_per_frame = 0;
  double corner_fraction = 0, edge_fraction = 0, face_fraction = 0;
};

struct VoidStatistics {
  double free_volume_fraction = 0, cavities_per_frame = 0, mean_cavity_volume_A3 = 0, largest_cavity_volume_A3 = 0;
  std::array<double, 3> percolating_fraction{0, 0, 0};  ///< fraction of frames, x y z
  double grid_spacing_A = 0;
};

struct HomologySummary {
  bool periodic = false;
  std::string note;
  std::size_t frames = 0;
  std::array<PersistenceStatistics, 2> statistics;  ///< H1, H2
  std::vector<PersistencePair> last_frame_diagram;  ///< H1 and H2 pairs of the last frame
};

/// R_chi of the simulated total S(Q) against the experiment (scattering.hpp r_chi).
struct RChiSummary {
  double neutron = 0, neutron_lorch = 0, xray = 0, xray_lorch = 0;
};

/// Everything measured on one file.
struct FileStructure {
  std::string path;
  std::size_t frames = 0;
  std::size_t atoms = 0;
  double density_g_cm3 = 0;
  double number_density_per_A3 = 0;
  std::vector<CoordinationSummary> coordination;  ///< in StructureResults::coordination_pairs order
  std::vector<BondAngleSummary> bond_angles;      ///< in StructureResults::angles order
  std::map<int, std::map<int, double>> qn;        ///< former → n → fraction (n ≤ 4 always, larger n when > 0)
  std::optional<AnionSpeciation> anion_speciation;
  std::map<ElementPair, SharingSummary> polyhedron_sharing;
  std::map<RingKind, std::map<int, double>> rings_per_frame;  ///< criterion → ring size → rings per frame
  std::optional<VoidStatistics> voids;
  std::optional<HomologySummary> homology;
  std::optional<RChiSummary> r_chi;
  /// Curve tables: rdf, running_coordination, sq_neutron, sq_xray, sq_partial, gr_total, angles
  /// and (with voids) cavity_volumes.
  std::map<std::string, CurveTable> curves;
};

struct CoordinationAcrossFiles {
  ElementPair pair;
  double cutoff_A = 0;
  bool cutoff_automatic = false;
  MeanStd mean, mean_bond_length_A;
  std::map<int, MeanStd> distribution;  ///< a CN missing in a file counts as fraction 0 there
};

struct SharingAcrossFiles {
  MeanStd corner_per_frame, edge_per_frame, face_per_frame, corner_fraction, edge_fraction, face_fraction;
};

struct VoidsAcrossFiles {
  MeanStd free_volume_fraction, cavities_per_frame, mean_cavity_volume_A3;
  std::array<MeanStd, 3> percolating_fraction;
};

struct HomologyAcrossFiles {
  MeanStd features_per_frame, mean_birth_A2, mean_death_A2, mean_persistence_A2;
};

/// Mean (and std across files) of every column of a curve table.
struct CurveAcrossFiles {
  std::vector<double> mean, std;
};

/// A group: its files and the mean ± std across them. Keyed values (Qⁿ n, ring sizes, sharing
/// pairs) are averaged over the files that have the key.
struct GroupStructure {
  std::string name;
  std::vector<FileStructure> files;
  MeanStd density_g_cm3;
  std::vector<CoordinationAcrossFiles> coordination;
  std::vector<std::pair<BondAngleTriplet, MeanStd>> bond_angle_mean_deg;
  std::map<int, std::map<int, MeanStd>> qn;
  std::optional<std::array<MeanStd, 3>> anion_speciation;        ///< free, non-bridging, bridging
  std::map<ElementPair, SharingAcrossFiles> polyhedron_sharing;  ///< pairs of the first file
  std::map<RingKind, std::map<int, MeanStd>> rings_per_frame;
  std::optional<VoidsAcrossFiles> voids;
  std::optional<std::array<HomologyAcrossFiles, 2>> homology;  ///< H1, H2
  std::optional<std::array<MeanStd, 4>> r_chi;                 ///< neutron, neutron Lorch, X-ray, X-ray Lorch
  /// table → column (x column excluded) → mean and std across files, on the first file's x.
  std::map<std::string, std::map<std::string, CurveAcrossFiles>> curves;
};

/// The reduction of a group's files: mean ± std of every per-file quantity.
GroupStructure summarize_group(std::string name, std::vector<FileStructure> files);

struct StructureResults {
  double r_max_A = 0, bin_width_A = 0, q_max_per_A = 0;
  std::string frames;                 ///< as given ("" → all)
  std::vector<int> formers;           ///< as given
  std::vector<int> active_formers;    ///< formers present in the structures
  std::optional<int> bridging_anion;  ///< resolved (unset when the structures hold no anion)
  std::vector<int> elements;          ///< elements present (atomic numbers)
  std::vector<ElementPair> coordination_pairs;
  std::vector<BondAngleTriplet> angles;
  PairCutoffs cutoffs;
  std::vector<RingKind> ring_kinds;
  int max_ring_size = 0;
  bool voids = false, homology = false;
  double void_probe_A = 0;
  std::string experiment_sq_file;
  std::vector<GroupStructure> groups;
};

/// The default bridging anion: among the anions present (is_anion in element_pair.hpp), the one
/// with the largest concentration (atom fraction); ties go to the lower atomic number. Unset
/// when no anion is present. `concentration` maps atomic number → atom fraction.
std::optional<int> default_bridging_anion(const std::map<int, double>& concentration);

/// Reads a two-column Q (Å⁻¹), S(Q) file (whitespace or comma separated, '#' comments, a header
/// line allowed). Throws InputError (file:line) for malformed lines or fewer than two points.
std::vector<std::pair<double, double>> read_structure_factor_table(const std::string& path);

/// Runs the whole structure analysis. Threads come from `context` (ThreadScope), progress bars
/// from context.progress(); nothing is written (see write_structure_report).
StructureResults analyze_structure(const StructureSettings& settings, const ExecutionContext& context);

}  // namespace ionglass
