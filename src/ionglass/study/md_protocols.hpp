#pragma once
// The MD protocols a study runs (docs/study.md), built as values: the quench of a model's glass
// from its protocol file (read once, then given the replica's seed), and the equilibration and
// production runs of a downsized diffusion cell. Each carries its record text, written from the
// value by md/protocol_writer.hpp's format_protocol: the study saves it as the step's
// protocol.yaml, and its hash guards a resume.
#include <string>

#include "ionglass/md/protocol.hpp"
#include "ionglass/study/study_config.hpp"

namespace ionglass::study {

/// The quench protocol file of a model with seed `seed` (also the random packing's), the final
/// structure written to final.data and no console output; paths inside are absolute.
/// `record_path` names the protocol in messages (the step's protocol.yaml).
Protocol quench_protocol(const std::string& protocol_file, unsigned long seed, const std::string& record_path);

/// Atoms in one formula unit, from the element counts of `formula` (NaFePO4 → 7).
int atoms_per_formula_unit(const std::string& formula);

/// Random packing of `formula_units` formula units at `density_g_cm3`, FIRE relaxation (300
/// steps), then NVT at `temperature_K` for `equilibration_ps` (none when 0); final.data at the end.
Protocol equilibration_protocol(const DiffusionSettings& diffusion, const std::string& potential, double density_g_cm3,
                                double temperature_K, unsigned long seed, const std::string& record_path);

/// NVT at `temperature_K` for `equilibration_ps` (> 0) from one of the model's glasses
/// (`structure_file`, read with LAMMPS type elements `types` when given), velocities drawn at
/// `temperature_K` with `seed`; final.data at the end. Used with `diffusion.cells: structures`.
Protocol glass_equilibration_protocol(const DiffusionSettings& diffusion, const std::string& potential,
                                      const std::string& structure_file, const std::vector<std::string>& types,
                                      double temperature_K, unsigned long seed, const std::string& record_path);

/// NVT at `temperature_K` from `start_structure` (positions and velocities) for
/// `production_ps`, a trajectory frame every `frame_interval_ps`; seed `seed`.
Protocol production_protocol(const DiffusionSettings& diffusion, const std::string& potential,
                             const std::string& start_structure, double temperature_K, unsigned long seed,
                             const std::string& record_path);

}  // namespace ionglass::study
