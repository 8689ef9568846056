#pragma once
// Study files (YAML): which models (a potential and a set of structures — given files or made by
// a quench protocol with N replicas) to compare, and how (structure analysis settings, Na
// diffusion MD at a list of temperatures). Every key is documented in docs/study.md. The whole
// file is checked before any computation: missing structures, unknown potentials and
// contradictory settings are InputErrors naming the file and line.
#include <map>
#include <string>
#include <vector>

namespace ionglass::study {

struct ModelSpec {
  std::string name;
  std::string potential;                ///< absolute path
  std::string diffusion_potential;      ///< potential for the downsized diffusion cells (default: potential)
  std::vector<std::string> structures;  ///< absolute paths (globs expanded), may be empty with a quench
  std::string types;                    ///< --types for the structures ("Fe,Na,O,P"), optional
  std::string quench_protocol;          ///< absolute path of an `ionglass run` protocol, optional
  int replicas = 0;                     ///< quench replicas (seeds seed+1..seed+N)
  long line = 0;
};

struct StructureSettings {
  std::map<std::string, double> cutoffs_A;  ///< "P-O" → 2.0
  double r_max_A = 10.0;
  double dr_A = 0.02;
  double q_max_per_A = 20.0;
  std::vector<std::string> formers{"P"};
  std::vector<std::string> rings;  ///< king, guttman, primitive (empty: none)
};

struct DiffusionSettings {
  bool enabled = true;
  std::string species = "Na";
  std::map<std::string, double> charges_e{{"Na", 1.0}};  ///< formal charges for conductivity
  std::vector<double> temperatures_K;
  double timestep_ps = 0.001;
  double equilibration_ps = 1.0;
  double production_ps = 5.0;
  double frame_interval_ps = 0.02;
  std::string thermostat = "bussi";
  double damping_ps = 0.1;
  /// "packed": a downsized cell of `formula_units` randomly packed at the glass density, relaxed
  /// and equilibrated; "structures": the model's own glasses (temperature k runs in structure
  /// k mod count), equilibrated at T with the model's potential.
  std::string cells = "packed";
  int formula_units = 40;  ///< downsized cell: this many formula units, randomly packed
  std::string formula = "NaFePO4";
  double density_g_cm3 = 0;  ///< 0: the mean density of the model's structures
  double min_distance_A = 1.6;
  double extrapolate_to_K = 300;
  /// Species whose own MSD says whether a run is a glass or a liquid (dynamics_workflow.hpp);
  /// read_study sets structure.formers when the file gives none.
  std::vector<std::string> matrix_species;
  /// Fastest and slowest fraction of the mobile ions whose local structure is compared
  /// (mobility_descriptors.hpp), in (0, 0.5].
  double mobility_fraction = 0.2;
  unsigned long seed = 1;
};

struct StudySpec {
  std::string path;  ///< the study file
  std::string title;
  std::vector<ModelSpec> models;
  StructureSettings structure;
  DiffusionSettings diffusion;
  int threads = 0;
};

/// Reads and checks a study file; paths inside are relative to the file.
StudySpec read_study(const std::string& path);

}  // namespace ionglass::study
