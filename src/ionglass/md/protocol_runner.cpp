#include "ionglass/md/protocol_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>

#include "ionglass/ace/ace_potential.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/progress.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/core/unphysical_structure_error.hpp"
#include "ionglass/io/extended_xyz.hpp"
#include "ionglass/io/lammps_dump.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/md/checkpoint.hpp"
#include "ionglass/md/fire_minimizer.hpp"
#include "ionglass/md/maxwell_boltzmann.hpp"
#include "ionglass/md/random_stream.hpp"
#include "ionglass/md/resumable_output.hpp"
#include "ionglass/md/safety_checks.hpp"
#include "ionglass/md/velocity_verlet.hpp"
#include "ionglass/potential/classical_force_field.hpp"
#include "ionglass/potential/classical_potential_file.hpp"
#include "ionglass/potential/lennard_jones_potential.hpp"
#include "ionglass/potential_loader/potential_loader.hpp"

namespace ionglass {

System build_initial_structure(const Protocol& p) {
  System s;
  if (p.structure.random) {
    s = random_packing(*p.structure.random);
  } else {
    ReadOptions read;
    read.type_elements = p.structure.types;
    read.format = p.structure.format;
    s = read_structure(p.structure.file, read);
  }
  if (!p.structure.charges.empty()) {
    s.charges.assign(s.size(), 0.0);
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto it = p.structure.charges.find(s.symbol(i));
      if (it == p.structure.charges.end())
        throw InputError(p.path, 0, std::string("structure.charges gives no charge for ") + s.symbol(i));
      s.charges[i] = it->second;
    }
  }
  return s;
}

namespace {

// Reads and parses a potential file once; the factory makes fresh instances (new neighbour
// lists) from the parsed description at every restart, without reading the file again. ACE
// instances share one evaluator; a classical force field is rebuilt from the text read.
PotentialFactory parsed_potential_factory(const std::string& file) {
  std::unique_ptr<Potential> first = load_potential(file);  // classifies the file and checks it
  if (const auto* ace = dynamic_cast<const ace::AcePotential*>(first.get()))
    return [evaluator = ace->shared_evaluator(), file] { return std::make_unique<ace::AcePotential>(evaluator, file); };
  if (dynamic_cast<const ClassicalForceField*>(first.get())) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return [text = text.str(), file] { return parse_classical_potential(text, file); };
  }
  return [file] { return load_potential(file); };
}

// Every instance `make` creates, told the thread count it will be evaluated with.
PotentialFactory with_thread_count(PotentialFactory make, int threads) {
  if (threads <= 0) return make;
  return [make = std::move(make), threads] {
    std::unique_ptr<Potential> potential = make();
    potential->set_thread_count(threads);
    return potential;
  };
}

}  // namespace

PotentialFactory make_potential_factory(const PotentialSpec& spec, int threads) {
  PotentialFactory make;
  if (spec.lennard_jones)
    make = [spec] { return std::make_unique<LennardJonesPotential>(spec.epsilon_eV, spec.sigma_A, spec.cutoff_A); };
  else
    make = parsed_potential_factory(spec.file);
  return with_thread_count(std::move(make), threads);
}

namespace {

const char* thermo_header =
    "step,time_ps,stage,temperature_K,target_temperature_K,potential_energy_eV,kinetic_energy_eV,total_energy_eV,"
    "conserved_energy_eV,pressure_bar,volume_A3,density_g_cm3\n";

// Writes wrapped positions with image flags (the unwrapped trajectory stays recoverable).
System trajectory_frame(const MdSystem& md, long long step, bool velocities) {
  System f;
  f.cell = md.system.cell;
  f.ids = md.system.ids;
  f.types = md.system.types;
  f.atom_types = md.system.atom_types;
  f.charges = md.system.charges;
  f.images = md.system.images;
  f.positions.resize(md.system.size());
  for (std::size_t i = 0; i < f.positions.size(); ++i)
    f.positions[i] = f.cell.wrap(md.system.positions[i], &f.images[i]);
  if (velocities) f.velocities = md.system.velocities;
  f.timestep = step;
  if (!f.cell.is_lammps_form()) {
    Mat3 rotation;
    f.cell = f.cell.rotated_to_lammps(&rotation);
    for (auto& r : f.positions) r = rotation * r;
    for (auto& v : f.velocities) v = rotation * v;
  }
  return f;
}

// Size in bytes of the leading frames of an extended XYZ file written by this runner whose
// `timestep=` is at most `last_step`: on --resume the extrapolative trajectory is cut back to it
// (the checkpoint records no size for this file; its frames are in increasing step order).
std::uint64_t extended_xyz_bytes_up_to_step(const std::string& path, long long last_step) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot resume: the extrapolative trajectory is missing");
  std::uint64_t kept = 0;
  std::string count_line, comment, atom_line;
  long line = 0;
  while (std::getline(in, count_line)) {
    ++line;
    if (count_line.find_first_not_of(" \t\r") == std::string::npos) break;
    long long atoms = 0;
    try {
      atoms = std::stoll(count_line);
    } catch (const std::exception&) {
      throw InputError(path, line, "cannot resume: expected the atom count of a frame");
    }
    if (!std::getline(in, comment)) break;  // a frame cut off by a killed run: drop it
    ++line;
    const auto at = comment.find(" timestep=");
    if (at == std::string::npos) throw InputError(path, line, "cannot resume: a frame without timestep=");
    long long step = 0;
    try {
      step = std::stoll(comment.substr(at + 10));
    } catch (const std::exception&) {
      throw InputError(path, line, "cannot resume: unreadable timestep=");
    }
    bool complete = true;
    for (long long i = 0; i < atoms && complete; ++i, ++line) complete = static_cast<bool>(std::getline(in, atom_line));
    if (!complete || step > last_step) break;
    const auto end = in.tellg();
    kept = end < 0 ? std::filesystem::file_size(path) : static_cast<std::uint64_t>(end);
  }
  return kept;
}

bool is_extended_xyz(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".xyz" || ext == ".extxyz";
}

class Run {
 public:
  Run(const Protocol& p, const RunOptions& o, int threads, const PotentialFactory& loaded)
      : protocol_(p),
        options_(o),
        md_(build_initial_structure(p),
            loaded ? with_thread_count(loaded, threads) : make_potential_factory(p.potential, threads)),
        random_(p.seed) {
    if (p.extrapolation) monitor_ = std::make_unique<ace::ExtrapolationMonitor>(*p.extrapolation);
  }

  RunSummary execute() {
    const auto& out = protocol_.outputs;
    const std::string thermo_path = output_path(out.thermo_file);
    const std::string trajectory_path = output_path(out.trajectory_file);
    std::size_t stage_index = 0;
    long long stage_step = 0;
    std::vector<double> thermostat_state;
    if (options_.resume) {
      const Checkpoint c = read_checkpoint(output_path(out.checkpoint_file));
      if (c.protocol_hash != text_hash(protocol_.text))
        throw InputError(protocol_.path, 0, "the protocol changed since the checkpoint was written; cannot resume");
      if (c.positions.size() != md_.system.size())
        throw InputError(output_path(out.checkpoint_file), 0, "checkpoint has a different number of atoms");
      md_.system.cell = Cell(c.lattice, c.origin);
      md_.system.positions = c.positions;
      md_.system.velocities = c.velocities;
      md_.system.images = c.images;
      random_.set_state(c.random_state);
      stage_index = c.stage_index;
      stage_step = c.stage_step;
      step_ = c.step;
      time_ = c.time_ps;
      exchanged_ = c.exchanged_energy_eV;
      thermostat_state = c.thermostat_state;
      thermo_.resume(thermo_path, c.thermo_bytes);
      if (out.trajectory_every > 0) trajectory_.resume(trajectory_path, c.trajectory_bytes);
      if (monitor_) {
        const std::string path = output_path(monitor_->settings().file);
        extrapolative_.resume(path, extended_xyz_bytes_up_to_step(path, c.step));
      }
      say(fmt::format("resuming at step {} (stage {} of {}, {:.6g} ps)", step_, stage_index + 1,
                      protocol_.stages.size(), time_));
      summary_.resumed = true;
    } else {
      if (protocol_.initial_temperature_K)
        assign_maxwell_boltzmann_velocities(md_, *protocol_.initial_temperature_K, random_);
    }
    for (const auto& w : protocol_.warnings) say("warning: " + w);
    if (options_.resume) {
      md_.restart_potential(step_);
    } else {
      // At the first step the structure is the user's input: atoms on the same spot, or a
      // non-finite first evaluation, are a bad input file (InputError, exit status 2).
      try {
        check_min_distance(md_, protocol_.safety.min_distance_A, step_);
        md_.restart_potential(step_);
      } catch (const UnphysicalStructureError& e) {
        throw InputError(protocol_.structure.random ? protocol_.path : protocol_.structure.file, 0, e.what());
      }
      // Outputs only now that the potential has loaded and the first forces are finite (checked by
      // MdSystem::compute_forces): a run that cannot start leaves the output folder as it was.
      std::filesystem::create_directories(options_.output_dir);
      thermo_.create(thermo_path);
      thermo_.write(thermo_header);
      if (out.trajectory_every > 0) trajectory_.create(trajectory_path);
      if (monitor_) extrapolative_.create(output_path(monitor_->settings().file));
      write_thermo(0, nullptr, std::nan(""));
      if (out.trajectory_every > 0) write_frame();
      // γ of the starting configuration, unless a minimisation comes first (random packings).
      if (monitor_ && protocol_.stages.front().ensemble != Ensemble::Minimize && check_extrapolation())
        stop_extrapolating(0, 0, {});
    }

    long long remaining = 0;
    for (std::size_t k = stage_index; k < protocol_.stages.size(); ++k)
      if (protocol_.stages[k].ensemble != Ensemble::Minimize)
        remaining += protocol_.stages[k].steps - (k == stage_index ? stage_step : 0);
    Progress progress("md", remaining, options_.progress);
    const auto start = std::chrono::steady_clock::now();
    const double force_seconds_start = md_.force_seconds();
    const long long evaluations_start = md_.force_evaluations();
    for (; stage_index < protocol_.stages.size(); ++stage_index) {
      const StageSpec& stage = protocol_.stages[stage_index];
      say(fmt::format("stage {} of {}: {} ({}{})", stage_index + 1, protocol_.stages.size(), stage.name,
                      ensemble_name(stage.ensemble),
                      stage.ensemble == Ensemble::Minimize
                          ? ""
                          : fmt::format(", {} steps of {} ps", stage.steps, stage.timestep_ps)));
      if (stage.ensemble == Ensemble::Minimize)
        run_minimize(stage, stage_index);
      else
        run_dynamics(stage, stage_index, stage_step, thermostat_state, progress);
      stage_step = 0;
      thermostat_state.clear();
      write_checkpoint_now(stage_index + 1, 0, {});
    }
    progress.finish();
    summary_.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    summary_.force_seconds = md_.force_seconds() - force_seconds_start;
    summary_.force_evaluations = md_.force_evaluations() - evaluations_start;
    summary_.total_steps = step_;
    summary_.final_temperature_K = md_.temperature();
    summary_.final_potential_energy_eV = md_.potential_energy();
    summary_.final_pressure_bar = md_.pressure_bar();
    summary_.final_density_g_cm3 = md_.system.density_g_cm3();

    System final = md_.system;
    final.wrap_positions();
    if (!final.cell.is_lammps_form()) {
      Mat3 rotation;
      final.cell = final.cell.rotated_to_lammps(&rotation);
      for (auto& r : final.positions) r = rotation * r;
      for (auto& v : final.velocities) v = rotation * v;
    }
    final.timestep = step_;
    write_structure(output_path(out.final_structure), final);
    if (monitor_)
      say(fmt::format("extrapolation: {} checks, highest max gamma {:.6g}, {} frames above lower = {:.6g} in {}",
                      extrapolation_checks_, highest_gamma_, extrapolative_frames_, monitor_->settings().lower,
                      output_path(monitor_->settings().file)));
    say(fmt::format("done: {} steps in {:.3f} s ({:.4g} steps/s); final structure {}", summary_.steps,
                    summary_.wall_seconds, summary_.steps / std::max(summary_.wall_seconds, 1e-12),
                    output_path(out.final_structure)));
    return summary_;
  }

 private:
  std::string output_path(const std::string& name) const {
    std::filesystem::path p(name);
    return p.is_absolute() ? name : (std::filesystem::path(options_.output_dir) / p).string();
  }

  void say(const std::string& line) {
    if (options_.console) *options_.console << line << std::endl;
  }

  void run_dynamics(const StageSpec& stage, std::size_t stage_index, long long first_done,
                    const std::vector<double>& thermostat_state, Progress& progress) {
    VelocityVerlet integrator(stage.timestep_ps);
    integrator.set_max_displacement(protocol_.safety.max_displacement_A);
    integrator.set_exchanged_energy(exchanged_);
    if (stage.ensemble != Ensemble::Nve) {
      integrator.set_thermostat(make_thermostat(stage.thermostat, stage.damping_ps));
      if (!thermostat_state.empty()) integrator.thermostat()->set_state(thermostat_state);
    }
    if (stage.ensemble == Ensemble::Npt)
      integrator.set_barostat(std::make_unique<StochasticCellRescaling>(
          stage.coupling, stage.pressure_bar, stage.pressure_damping_ps, stage.compressibility_per_bar));
    const auto& out = protocol_.outputs;
    const auto& safety = protocol_.safety;
    for (long long k = first_done + 1; k <= stage.steps; ++k) {
      const double target = stage.ensemble == Ensemble::Nve ? std::nan("") : stage.temperature_at(k);
      try {
        integrator.step(md_, step_ + 1, target, random_);
      } catch (const ExcessiveDisplacementError& e) {
        // The timestep is the protocol's: a bad input, named with the stage (exit status 2).
        throw InputError(protocol_.path, 0,
                         fmt::format("stage {} (timestep_ps {:g}): {}", stage_index + 1, stage.timestep_ps, e.what()));
      }
      ++step_;
      ++summary_.steps;
      time_ += stage.timestep_ps;
      exchanged_ = integrator.exchanged_energy();
      const bool checkpoint_due = out.checkpoint_every > 0 && step_ % out.checkpoint_every == 0 && k < stage.steps;
      if (step_ % safety.check_every == 0 || checkpoint_due) {
        check_temperature(md_, safety.max_temperature_K, step_);
        check_min_distance(md_, safety.min_distance_A, step_);
      }
      if (step_ % out.thermo_every == 0 || k == stage.steps) {
        check_temperature(md_, safety.max_temperature_K, step_);
        write_thermo(stage_index + 1, &integrator, target);
      }
      if (out.trajectory_every > 0 && step_ % out.trajectory_every == 0) write_frame();
      if (monitor_ && monitor_->due(step_) && check_extrapolation()) {
        if (k == stage.steps) stop_extrapolating(stage_index + 1, 0, {});
        stop_extrapolating(stage_index, k,
                           integrator.thermostat() ? integrator.thermostat()->state() : std::vector<double>{});
      }
      if (checkpoint_due) {
        write_checkpoint_now(stage_index, k,
                             integrator.thermostat() ? integrator.thermostat()->state() : std::vector<double>{});
      }
      progress.advance();
    }
  }

  void run_minimize(const StageSpec& stage, std::size_t stage_index) {
    const FireResult r = minimize_fire(md_, stage.fire);
    say(fmt::format("  FIRE: {} after {} steps, max force {:.4g} eV/A{}, energy {:.8g} eV",
                    r.converged ? "converged" : "NOT converged (max_steps reached)", r.steps, r.max_force_eV_per_A,
                    stage.fire.cell == CellRelaxation::None
                        ? ""
                        : fmt::format(", pressure deviation {:.4g} bar", r.max_pressure_deviation_bar),
                    md_.potential_energy()));
    write_thermo(stage_index + 1, nullptr, std::nan(""));
  }

  void write_thermo(std::size_t stage_number, const VelocityVerlet* integrator, double target) {
    const double kinetic = md_.kinetic_energy();
    const double potential = md_.potential_energy();
    const double conserved = integrator ? integrator->conserved_energy(md_) : kinetic + potential;
    auto number = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{:.10g}", v); };
    const std::string row =
        fmt::format("{},{:.10g},{},{:.8g},{},{:.12g},{:.12g},{:.12g},{},{:.8g},{:.10g},{:.8g}\n", step_, time_,
                    stage_number, md_.temperature(), number(target), potential, kinetic, potential + kinetic,
                    integrator || stage_number == 0 ? number(conserved) : std::string(), md_.pressure_bar(),
                    md_.system.cell.volume(), md_.system.density_g_cm3());
    thermo_.write(row);
    thermo_.flush();
    if (protocol_.outputs.console && options_.console) {
      if (!header_printed_) {
        *options_.console << fmt::format("{:>10} {:>10} {:>10} {:>16} {:>16} {:>12} {:>10}\n", "step", "time_ps", "T_K",
                                         "E_pot_eV", "E_total_eV", "P_bar", "rho_g_cm3");
        header_printed_ = true;
      }
      *options_.console << fmt::format("{:>10} {:>10.4f} {:>10.2f} {:>16.6f} {:>16.6f} {:>12.1f} {:>10.4f}", step_,
                                       time_, md_.temperature(), potential, potential + kinetic, md_.pressure_bar(),
                                       md_.system.density_g_cm3())
                        << std::endl;
    }
  }

  void write_frame() {
    const System frame = trajectory_frame(md_, step_, protocol_.outputs.trajectory_velocities);
    std::string text;
    if (is_extended_xyz(trajectory_.path())) {
      System f = frame;
      f.info["time_ps"] = time_;
      format_extended_xyz_frame(text, f);
    } else {
      format_lammps_dump_frame(text, frame, step_);
    }
    trajectory_.write(text);
    trajectory_.flush();
  }

  // Computes γ of the current configuration; a frame above `lower` goes to the extrapolative
  // trajectory (with the per-atom column gamma and info max_gamma). Returns true when max γ
  // exceeds `upper`.
  bool check_extrapolation() {
    const System frame = trajectory_frame(md_, step_, false);
    const ace::ExtrapolationCheck check = monitor_->check(frame, step_);
    last_check_ = check;
    ++extrapolation_checks_;
    highest_gamma_ = std::max(highest_gamma_, check.max_gamma);
    if (check.action == ace::ExtrapolationAction::None) return false;
    System annotated = ace::ExtrapolationMonitor::annotated(frame, check);
    annotated.info["time_ps"] = time_;
    std::string text;
    format_extended_xyz_frame(text, annotated);
    extrapolative_.write(text);
    extrapolative_.flush();
    ++extrapolative_frames_;
    return check.action == ace::ExtrapolationAction::Stop;
  }

  // Keeps a checkpoint of the extrapolating state and ends the run (ComputationError).
  [[noreturn]] void stop_extrapolating(std::size_t stage_index, long long stage_step,
                                       const std::vector<double>& thermostat_state) {
    write_checkpoint_now(stage_index, stage_step, thermostat_state);
    const auto& settings = monitor_->settings();
    const std::size_t atom = last_check_.max_gamma_atom;
    const std::string message = fmt::format(
        "extrapolation: max gamma {:.6g} (atom id {}, {}) exceeds upper = {:.6g} at step {}; the run stopped, "
        "checkpoint {} kept, frame written to {}",
        last_check_.max_gamma,
        md_.system.ids.empty() ? static_cast<long long>(atom + 1) : static_cast<long long>(md_.system.ids[atom]),
        md_.system.symbol(atom), settings.upper, step_, output_path(protocol_.outputs.checkpoint_file),
        output_path(settings.file));
    throw ComputationError(message);
  }

  void write_checkpoint_now(std::size_t stage_index, long long stage_step,
                            const std::vector<double>& thermostat_state) {
    // Wrap (a fresh potential will build new lists), record, then restart the potential.
    for (std::size_t i = 0; i < md_.system.size(); ++i)
      md_.system.positions[i] = md_.system.cell.wrap(md_.system.positions[i], &md_.system.images[i]);
    Checkpoint c;
    c.protocol_hash = text_hash(protocol_.text);
    c.stage_index = stage_index;
    c.stage_step = stage_step;
    c.step = step_;
    c.time_ps = time_;
    c.lattice = md_.system.cell.matrix();
    c.origin = md_.system.cell.origin();
    c.positions = md_.system.positions;
    c.velocities = md_.system.velocities;
    c.images = md_.system.images;
    c.random_state = random_.state();
    c.thermostat_state = thermostat_state;
    c.exchanged_energy_eV = exchanged_;
    c.thermo_bytes = thermo_.flush();
    c.trajectory_bytes = trajectory_.is_open() ? trajectory_.flush() : 0;
    write_checkpoint(output_path(protocol_.outputs.checkpoint_file), c);
    if (stage_index < protocol_.stages.size()) md_.restart_potential(step_);
  }

  const Protocol& protocol_;
  RunOptions options_;
  MdSystem md_;
  RandomStream random_;
  ResumableOutput thermo_, trajectory_, extrapolative_;
  std::unique_ptr<ace::ExtrapolationMonitor> monitor_;
  ace::ExtrapolationCheck last_check_;
  long long extrapolation_checks_ = 0, extrapolative_frames_ = 0;  ///< in this invocation
  double highest_gamma_ = 0;
  long long step_ = 0;
  double time_ = 0;
  double exchanged_ = 0;
  bool header_printed_ = false;
  RunSummary summary_;
};

}  // namespace

RunSummary run_protocol(const Protocol& protocol, const ExecutionContext& context, const RunControl& control) {
  const ThreadScope threads(context);
  RunOptions options;
  options.output_dir = context.output_directory.empty() ? "." : context.output_directory;
  options.resume = control.resume;
  options.progress = context.show_progress;
  options.console = control.console;
  Run run(protocol, options, threads.threads(), control.potential);
  return run.execute();
}

RunSummary run_protocol(const Protocol& protocol, const RunOptions& options) {
  ExecutionContext context;
  context.output_directory = options.output_dir;
  context.show_progress = options.progress;
  RunControl control;
  control.resume = options.resume;
  control.console = options.console;
  return run_protocol(protocol, context, control);
}

}  // namespace ionglass
