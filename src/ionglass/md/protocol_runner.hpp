#pragma once
// Runs an MD protocol (see protocol.hpp, docs/md.md): builds the starting structure and the
// potential, runs the stages in order and writes thermo CSV, trajectory, checkpoints and the
// final structure into an output directory; resumes exactly from the last checkpoint.
//
// Exact resumption: at every checkpoint the positions are wrapped into the cell, the checkpoint is
// written, and the potential is created anew (fresh neighbour lists) before forces are
// recomputed. A resumed run does the same from the checkpoint, so both continue from bit-identical
// states (given the same thread count and a potential whose sums are deterministic).
#include <iosfwd>
#include <string>
#include <vector>

#include "ionglass/core/execution_context.hpp"
#include "ionglass/core/system.hpp"
#include "ionglass/md/md_system.hpp"
#include "ionglass/md/protocol.hpp"

namespace ionglass {

/// The older options form of run_protocol (tests and tools that set folder and progress only).
struct RunOptions {
  std::string output_dir = ".";
  bool resume = false;
  bool progress = true;
  std::ostream* console = nullptr;  ///< thermo lines and messages (nullptr: none)
};

struct RunSummary {
  long long steps = 0;        ///< MD steps done by this invocation
  long long total_steps = 0;  ///< MD step counter at the end
  double wall_seconds = 0;    ///< time spent in stages
  double force_seconds = 0;   ///< of which inside the potential
  long long force_evaluations = 0;
  double final_temperature_K = 0;
  double final_potential_energy_eV = 0;
  double final_pressure_bar = 0;
  double final_density_g_cm3 = 0;
  bool resumed = false;
};

/// The starting structure (read from the file, or randomly packed), with charges applied.
System build_initial_structure(const Protocol& protocol);
/// Creates the protocol's potential (each call a new instance). The file is read and parsed once,
/// here; the instances are made from that description (restarts at checkpoints re-read nothing).
/// `threads` > 0 is passed to every instance through Potential::set_thread_count (0: none is set).
PotentialFactory make_potential_factory(const PotentialSpec& spec, int threads = 0);

/// How a run started from a library workflow reports and what it reuses: `resume` continues from
/// the checkpoint in the output folder; `console` receives thermo lines and messages (nullptr:
/// none); `potential`, when set, is the protocol's potential already loaded by the caller
/// (make_potential_factory(protocol.potential)): the run, and a resumed run, make their instances
/// from it and read no potential file.
struct RunControl {
  bool resume = false;
  std::ostream* console = nullptr;
  PotentialFactory potential;
};

/// Runs `protocol` with the context's threads (set through ThreadScope for the run and passed to
/// every potential instance through Potential::set_thread_count), writing into
/// `context.output_directory` (empty: the working directory), with a progress bar when
/// `context.show_progress`. Throws InputError for bad input and ComputationError when a safety
/// check fails (the last checkpoint on disk stays valid).
RunSummary run_protocol(const Protocol& protocol, const ExecutionContext& context, const RunControl& control = {});

/// The same with a default context (threads 0: OpenMP's default count, resolved once and passed
/// down as above) and the options' folder, resume flag, progress and console.
RunSummary run_protocol(const Protocol& protocol, const RunOptions& options);

}  // namespace ionglass
