#include "ionglass/study/study_pipeline.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <stdexcept>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/study/md_protocols.hpp"
#include "ionglass/study/study_layout.hpp"
#include "ionglass/study/study_step.hpp"

namespace ionglass::study {

namespace fs = std::filesystem;

namespace {

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : separator) + s;
  return out;
}

// Mean density (g/cm³) of structure files.
double mean_density(const std::vector<std::string>& files, const std::string& types) {
  ReadOptions o;
  o.type_elements = split_symbol_list(types);
  double sum = 0;
  for (const auto& f : files) sum += read_structure(f, o).density_g_cm3();
  return sum / static_cast<double>(files.size());
}

// "Fe-O=2.7,Na-O=3.3,P-O=2" as the CLI options write cutoffs.
std::string cutoff_list(const std::map<std::string, double>& cutoffs) {
  std::vector<std::string> items;
  for (const auto& [pair, r] : cutoffs) items.push_back(fmt::format("{}={:g}", pair, r));
  return join(items, ",");
}

// One parsed description per potential file for the whole study: every MD step, and a resumed
// one, makes its potential instances from it (md/protocol_runner.hpp RunControl::potential), so
// no step reads a potential file again.
class LoadedPotentials {
 public:
  PotentialFactory of(const PotentialSpec& spec) {
    if (spec.lennard_jones) return make_potential_factory(spec);
    auto found = by_file_.find(spec.file);
    if (found == by_file_.end()) found = by_file_.emplace(spec.file, make_potential_factory(spec)).first;
    return found->second;
  }
  /// Loads `file` now (its errors surface before any step runs).
  void load(const std::string& file) {
    PotentialSpec spec;
    spec.file = file;
    of(spec);
  }

 private:
  std::map<std::string, PotentialFactory> by_file_;
};

// Runs an MD protocol in the step's folder: a fresh run saves the protocol (written from the
// value) as protocol.yaml first; a resumed run continues with the protocol.yaml it started with
// (its text is what the checkpoint's hash guards). The step's summary.json comes last.
void run_md_step(const StepExecution& execution, const std::function<Protocol()>& build, LoadedPotentials& potentials,
                 const StudyWriters& writers) {
  const std::string record = execution.context.output_path("protocol.yaml");
  Protocol protocol;
  if (execution.resume) {
    protocol = read_protocol(record);
  } else {
    protocol = build();
    write_file_atomically(record, protocol.text);
  }
  RunControl control;
  control.resume = execution.resume;
  control.console = execution.log;
  control.potential = potentials.of(protocol.potential);
  const RunSummary summary = run_protocol(protocol, execution.context, control);
  writers.md_summary(summary, record, execution.context.output_directory);
}

std::vector<std::string> md_command(const Step& step, int threads) {
  std::vector<std::string> c{"run", step.directory + "/protocol.yaml", "--out", step.directory};
  if (threads > 0) c.insert(c.end(), {"--threads", std::to_string(threads)});
  return c;
}

ionglass::StructureSettings structure_settings(const StudySpec& spec,
                                               const std::map<std::string, std::vector<std::string>>& structures) {
  ionglass::StructureSettings s;
  for (const auto& m : spec.models) s.groups.push_back({m.name, structures.at(m.name)});
  // Types, when given, are the first model's that gives them (one set for all structures).
  for (const auto& m : spec.models)
    if (!m.types.empty()) {
      s.read.type_elements = split_symbol_list(m.types);
      break;
    }
  for (const auto& [pair, r] : spec.structure.cutoffs_A) s.cutoffs.push_back({parse_element_pair(pair), r});
  s.r_max_A = spec.structure.r_max_A;
  s.bin_width_A = spec.structure.dr_A;
  s.q_max_per_A = spec.structure.q_max_per_A;
  for (const auto& f : spec.structure.formers) s.formers.push_back(elements::by_symbol(f).atomic_number);
  s.formers_must_be_present = false;  // a former absent from the glasses is skipped
  if (!spec.structure.rings.empty()) s.ring_kinds = parse_ring_kinds(join(spec.structure.rings, ","));
  return s;
}

DynamicsSettings dynamics_settings(const StudySpec& spec, const std::string& trajectory, double temperature_K) {
  const auto& D = spec.diffusion;
  DynamicsSettings s;
  s.trajectory_files = {trajectory};
  s.frame_interval_ps = D.frame_interval_ps;
  s.species = {D.species};
  s.charges_e = D.charges_e;
  s.temperature_K = temperature_K;
  s.mobile = D.species;
  if (!spec.structure.formers.empty()) s.network_former = spec.structure.formers.front();
  s.matrix_species = D.matrix_species;
  s.mobility_fraction = D.mobility_fraction;
  s.descriptor_cutoffs_A = spec.structure.cutoffs_A;
  return s;
}

}  // namespace

StudyResults run_study(const StudySpec& spec, const ExecutionContext& context, const StudyWriters& writers,
                       bool force) {
  context.validate();
  if (context.output_directory.empty()) throw InputError("a study needs an output folder");
  if (!writers.md_summary || !writers.structure || !writers.dynamics || !writers.read_arrhenius_point ||
      !writers.arrhenius || !writers.report)
    throw std::invalid_argument("run_study: every member of StudyWriters must be set");
  // Every potential loads (once) before any computation starts.
  LoadedPotentials potentials;
  for (const auto& m : spec.models) {
    potentials.load(m.potential);
    potentials.load(m.diffusion_potential);
  }
  const std::string out = fs::absolute(context.output_directory).lexically_normal().string();
  fs::create_directories(out);
  StepRunner runner(context, force);
  int total_steps = 1;  // the structure analysis
  for (const auto& m : spec.models) {
    if (!m.quench_protocol.empty()) total_steps += m.replicas;
    // equilibration, production and dynamics per temperature, and one Arrhenius fit
    if (spec.diffusion.enabled) total_steps += 3 * static_cast<int>(spec.diffusion.temperatures_K.size()) + 1;
  }
  runner.set_total(total_steps);
  const int threads = context.threads;
  auto with_threads = [&](std::vector<std::string> args) {
    if (threads > 0) args.insert(args.end(), {"--threads", std::to_string(threads)});
    return args;
  };
  StudyResults results;
  results.output_directory = out;

  // 1. Structures of every model (quench replicas when the model is made by a protocol).
  std::map<std::string, std::vector<std::string>> structures;
  for (const auto& m : spec.models) {
    if (m.quench_protocol.empty()) {
      structures[m.name] = m.structures;
      continue;
    }
    for (int r = 1; r <= m.replicas; ++r) {
      Step s;
      s.id = fmt::format("quench/{}/replica_{}", m.name, r);
      s.directory = quench_directory(out, m.name, r);
      s.command = md_command(s, threads);
      s.inputs = {m.quench_protocol};
      s.outputs = {s.directory + "/final.data"};
      s.resumable_md = true;
      const unsigned long seed = spec.diffusion.seed + static_cast<unsigned long>(r);
      s.run = [&, seed](const StepExecution& e) {
        run_md_step(
            e, [&] { return quench_protocol(m.quench_protocol, seed, e.context.output_path("protocol.yaml")); },
            potentials, writers);
      };
      runner.run(s);
      structures[m.name].push_back(s.directory + "/final.data");
    }
  }

  // 2. Structure analysis, one group per model.
  {
    Step s;
    s.id = "structure";
    s.directory = structure_directory(out);
    s.command = {"structure"};
    for (const auto& m : spec.models) {
      s.command.insert(s.command.end(), {"--group", m.name + "=" + join(structures[m.name], ",")});
      s.inputs.insert(s.inputs.end(), structures[m.name].begin(), structures[m.name].end());
    }
    const ionglass::StructureSettings settings = structure_settings(spec, structures);
    if (!settings.read.type_elements.empty())
      s.command.insert(s.command.end(), {"--types", join(settings.read.type_elements, ",")});
    if (!spec.structure.cutoffs_A.empty())
      s.command.insert(s.command.end(), {"--cutoffs", cutoff_list(spec.structure.cutoffs_A)});
    s.command.insert(s.command.end(), {"--rmax", fmt::format("{:g}", spec.structure.r_max_A), "--dr",
                                       fmt::format("{:g}", spec.structure.dr_A), "--qmax",
                                       fmt::format("{:g}", spec.structure.q_max_per_A), "--formers",
                                       join(spec.structure.formers, ","), "--out", s.directory});
    if (!spec.structure.rings.empty()) s.command.insert(s.command.end(), {"--rings", join(spec.structure.rings, ",")});
    s.command = with_threads(s.command);
    s.outputs = {s.directory + "/structure.json"};
    s.run = [&](const StepExecution& e) {
      results.structure = analyze_structure(settings, e.context);
      writers.structure(*results.structure, e.context.output_directory);
    };
    runner.run(s);
  }
  for (const auto& m : spec.models) results.models[m.name].structures = structures[m.name];

  // 3. Diffusion MD on downsized cells, 4. dynamics, 5. Arrhenius.
  if (spec.diffusion.enabled) {
    const auto& D = spec.diffusion;
    for (const auto& m : spec.models) {
      ModelResults& model = results.models[m.name];
      std::vector<std::string> dynamics_files;
      for (std::size_t ti = 0; ti < D.temperatures_K.size(); ++ti) {
        const double T = D.temperatures_K[ti];
        const std::string base = md_directory(out, m.name, T);
        const unsigned long seed = D.seed + 1000 * (ti + 1);
        // Equilibration: random packing of the downsized cell at the model's glass density, FIRE,
        // then NVT at T; or (cells: structures) one of the model's glasses, NVT at T.
        const bool glasses = D.cells == "structures";
        const std::string potential = glasses ? m.potential : m.diffusion_potential;
        const std::string glass = glasses ? structures.at(m.name).at(ti % structures.at(m.name).size()) : "";
        Step eq;
        eq.id = fmt::format("md/{}/{}/equilibration", m.name, temperature_label(T));
        eq.directory = base + "/equilibration";
        eq.command = md_command(eq, threads);
        eq.inputs = {potential};
        if (glasses) eq.inputs.push_back(glass);
        eq.outputs = {eq.directory + "/final.data"};
        eq.resumable_md = true;
        eq.run = [&, T, seed, potential, glass, glasses](const StepExecution& e) {
          run_md_step(
              e,
              [&] {
                if (glasses)
                  return glass_equilibration_protocol(D, potential, glass, split_symbol_list(m.types), T, seed,
                                                      e.context.output_path("protocol.yaml"));
                const double density =
                    D.density_g_cm3 > 0 ? D.density_g_cm3 : mean_density(structures.at(m.name), m.types);
                return equilibration_protocol(D, potential, density, T, seed, e.context.output_path("protocol.yaml"));
              },
              potentials, writers);
        };
        runner.run(eq);

        // Production: NVT from the equilibrated state (its velocities), trajectory every frame.
        Step prod;
        prod.id = fmt::format("md/{}/{}/production", m.name, temperature_label(T));
        prod.directory = base + "/production";
        prod.command = md_command(prod, threads);
        prod.inputs = {eq.directory + "/final.data", potential};
        prod.outputs = {prod.directory + "/trajectory.dump", prod.directory + "/final.data"};
        prod.resumable_md = true;
        const std::string start = eq.directory + "/final.data";
        prod.run = [&, T, seed, start, potential](const StepExecution& e) {
          run_md_step(
              e,
              [&] {
                return production_protocol(D, potential, start, T, seed + 1, e.context.output_path("protocol.yaml"));
              },
              potentials, writers);
        };
        runner.run(prod);

        Step dyn;
        dyn.id = fmt::format("dynamics/{}/{}", m.name, temperature_label(T));
        dyn.directory = dynamics_directory(out, m.name, T);
        const std::string trajectory = prod.directory + "/trajectory.dump";
        const std::string dynamics_json = dyn.directory + "/dynamics.json";
        std::vector<std::string> charges;
        for (const auto& [el, q] : D.charges_e) charges.push_back(fmt::format("{}={:g}", el, q));
        dyn.command = {"dynamics",
                       trajectory,
                       "--frame-interval-ps",
                       fmt::format("{:g}", D.frame_interval_ps),
                       "--species",
                       D.species,
                       "--charges",
                       join(charges, ","),
                       "--temperature",
                       fmt::format("{:g}", T),
                       "--out",
                       dyn.directory};
        if (!spec.structure.cutoffs_A.empty())
          dyn.command.insert(dyn.command.end(), {"--cutoff", cutoff_list(spec.structure.cutoffs_A)});
        if (!D.matrix_species.empty()) dyn.command.insert(dyn.command.end(), {"--matrix", join(D.matrix_species, ",")});
        dyn.command = with_threads(dyn.command);
        dyn.inputs = {trajectory};
        dyn.outputs = {dynamics_json};
        std::optional<DynamicsResults> dynamics;
        dyn.run = [&, T](const StepExecution& e) {
          dynamics = analyze_dynamics(dynamics_settings(spec, trajectory, T), e.context);
          writers.dynamics(*dynamics, e.context.output_directory);
        };
        runner.run(dyn);
        model.diffusion.push_back(dynamics ? arrhenius_point(*dynamics, D.species, dynamics_json)
                                           : writers.read_arrhenius_point(dynamics_json, D.species));
        model.dynamics.push_back(std::move(dynamics));
        dynamics_files.push_back(dynamics_json);
      }
      Step arr;
      arr.id = fmt::format("arrhenius/{}", m.name);
      arr.directory = arrhenius_directory(out, m.name);
      arr.command = {"arrhenius"};
      arr.command.insert(arr.command.end(), dynamics_files.begin(), dynamics_files.end());
      arr.command.insert(arr.command.end(), {"--species", D.species, "--extrapolate",
                                             fmt::format("{:g}", D.extrapolate_to_K), "--out", arr.directory});
      arr.inputs = dynamics_files;
      arr.outputs = {arr.directory + "/arrhenius.json"};
      arr.run = [&](const StepExecution& e) {
        ArrheniusSettings settings;
        settings.species = D.species;
        settings.extrapolate_K = {D.extrapolate_to_K};
        model.arrhenius = analyze_arrhenius(model.diffusion, settings);
        writers.arrhenius(*model.arrhenius, e.context.output_directory);
      };
      runner.run(arr);
    }
  }

  // 6. study.json and report.html (always rebuilt: cheap, and reflects every completed step).
  results.json_path = out + "/study.json";
  results.report_path = out + "/report.html";
  results.steps_run = runner.executed();
  results.steps_skipped = runner.skipped();
  writers.report(spec, results);
  return results;
}

}  // namespace ionglass::study
