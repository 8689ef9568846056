#include "ionglass/study/study_pipeline.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/chemical_formula.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/study/study_report.hpp"
#include "ionglass/study/study_steps.hpp"

namespace ionglass::study {

namespace fs = std::filesystem;

namespace {

std::string temperature_label(double t) { return fmt::format("{:g}K", t); }

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

// A quench protocol made independent of its folder (absolute paths) with its own seed.
std::string derived_quench_protocol(const std::string& path, unsigned long seed) {
  YAML::Node root = YAML::LoadFile(path);
  const fs::path dir = fs::absolute(path).parent_path();
  auto absolute = [&](const std::string& p) {
    return fs::path(p).is_absolute() ? p : (dir / p).lexically_normal().string();
  };
  root["seed"] = seed;
  if (root["structure"] && root["structure"]["file"])
    root["structure"]["file"] = absolute(root["structure"]["file"].as<std::string>());
  if (root["structure"] && root["structure"]["random"]) root["structure"]["random"]["seed"] = seed;
  if (root["potential"] && root["potential"].IsScalar()) root["potential"] = absolute(root["potential"].as<std::string>());
  else if (root["potential"] && root["potential"]["file"])
    root["potential"]["file"] = absolute(root["potential"]["file"].as<std::string>());
  root["outputs"]["final_structure"] = "final.data";  // the study reads the quenched glass from here
  root["outputs"]["console"] = false;
  YAML::Emitter e;
  e << root;
  return std::string(e.c_str()) + "\n";
}

}  // namespace

StudyOutcome run_study(const StudySpec& spec, const StudyOptions& options) {
  const std::string out = fs::absolute(options.output_dir).lexically_normal().string();
  fs::create_directories(out);
  StepRunner runner(current_executable(), options.force);
  const std::string threads = options.threads > 0 ? std::to_string(options.threads) : std::string();
  auto with_threads = [&](std::vector<std::string> args) {
    if (!threads.empty()) {
      args.push_back("--threads");
      args.push_back(threads);
    }
    return args;
  };

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
      s.directory = fmt::format("{}/quench/{}/replica_{}", out, m.name, r);
      s.arguments = with_threads({"run", s.directory + "/protocol.yaml", "--out", s.directory});
      s.inputs = {m.quench_protocol};
      s.outputs = {s.directory + "/final.data"};
      s.resumable_md = true;
      const std::string protocol = m.quench_protocol;
      const unsigned long seed = spec.diffusion.seed + static_cast<unsigned long>(r);
      s.prepare = [protocol, seed](const Step& step) {
        if (!fs::exists(step.directory + "/protocol.yaml"))
          write_file_atomically(step.directory + "/protocol.yaml", derived_quench_protocol(protocol, seed));
      };
      runner.run(s);
      structures[m.name].push_back(s.directory + "/final.data");
    }
  }

  // 2. Structure analysis, one group per model.
  {
    Step s;
    s.id = "structure";
    s.directory = out + "/structure";
    s.arguments = {"structure"};
    std::vector<std::string> cutoffs;
    for (const auto& [pair, r] : spec.structure.cutoffs_A) cutoffs.push_back(fmt::format("{}={:g}", pair, r));
    for (const auto& m : spec.models) {
      s.arguments.push_back("--group");
      s.arguments.push_back(m.name + "=" + join(structures[m.name], ","));
      s.inputs.insert(s.inputs.end(), structures[m.name].begin(), structures[m.name].end());
    }
    // Types, when given, must be the same for all models (one --types per run).
    for (const auto& m : spec.models)
      if (!m.types.empty()) {
        s.arguments.push_back("--types");
        s.arguments.push_back(m.types);
        break;
      }
    if (!cutoffs.empty()) {
      s.arguments.push_back("--cutoffs");
      s.arguments.push_back(join(cutoffs, ","));
    }
    s.arguments.insert(s.arguments.end(), {"--rmax", fmt::format("{:g}", spec.structure.r_max_A), "--dr",
                                           fmt::format("{:g}", spec.structure.dr_A), "--qmax",
                                           fmt::format("{:g}", spec.structure.q_max_per_A), "--formers",
                                           join(spec.structure.formers, ","), "--out", s.directory});
    if (!spec.structure.rings.empty()) {
      s.arguments.push_back("--rings");
      s.arguments.push_back(join(spec.structure.rings, ","));
    }
    s.arguments = with_threads(s.arguments);
    s.outputs = {s.directory + "/structure.json"};
    runner.run(s);
  }

  // 3. Na diffusion on downsized cells, 4. dynamics, 5. Arrhenius.
  if (spec.diffusion.enabled) {
    const auto& D = spec.diffusion;
    const int atoms_per_unit = static_cast<int>(formula_atom_count(D.formula));  // NaFePO4 → 7
    for (const auto& m : spec.models) {
      std::vector<std::string> dynamics_results;
      for (std::size_t ti = 0; ti < D.temperatures_K.size(); ++ti) {
        const double T = D.temperatures_K[ti];
        const std::string base = fmt::format("{}/md/{}/{}", out, m.name, temperature_label(T));
        const unsigned long seed = D.seed + 1000 * (ti + 1);
        // Equilibration: random packing of the downsized cell at the model's glass density, FIRE,
        // then NVT at T.
        Step eq;
        eq.id = fmt::format("md/{}/{}/equilibration", m.name, temperature_label(T));
        eq.directory = base + "/equilibration";
        eq.arguments = with_threads({"run", eq.directory + "/protocol.yaml", "--out", eq.directory});
        eq.inputs = {m.diffusion_potential};
        eq.outputs = {eq.directory + "/final.data"};
        eq.resumable_md = true;
        const auto model_structures = structures[m.name];
        const std::string types = m.types;
        const std::string potential = m.diffusion_potential;
        eq.prepare = [=](const Step& step) {
          if (fs::exists(step.directory + "/checkpoint.bin")) return;  // resuming: keep the protocol it started with
          const double density = D.density_g_cm3 > 0 ? D.density_g_cm3 : mean_density(model_structures, types);
          YAML::Emitter e;
          e << YAML::BeginMap;
          e << YAML::Key << "description" << YAML::Value
            << fmt::format("study equilibration: {} formula units of {} at {:.4f} g/cm3, {:g} K", D.formula_units,
                           D.formula, density, T);
          e << YAML::Key << "structure" << YAML::Value << YAML::BeginMap << YAML::Key << "random" << YAML::Value
            << YAML::BeginMap;
          e << YAML::Key << "composition" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << D.formula
            << YAML::Value << 1 << YAML::EndMap;
          e << YAML::Key << "atoms" << YAML::Value << D.formula_units * atoms_per_unit;
          e << YAML::Key << "density_g_cm3" << YAML::Value << density;
          e << YAML::Key << "min_distance_A" << YAML::Value << D.min_distance_A;
          e << YAML::Key << "seed" << YAML::Value << seed;
          e << YAML::EndMap << YAML::EndMap;
          e << YAML::Key << "potential" << YAML::Value << potential;
          e << YAML::Key << "seed" << YAML::Value << seed;
          e << YAML::Key << "initial_temperature_K" << YAML::Value << T;
          e << YAML::Key << "stages" << YAML::Value << YAML::BeginSeq;
          e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "relax packing" << YAML::Key << "ensemble"
            << YAML::Value << "minimize" << YAML::Key << "max_steps" << YAML::Value << 300 << YAML::EndMap;
          if (D.equilibration_ps > 0) {
            e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "equilibrate" << YAML::Key << "ensemble"
              << YAML::Value << "nvt" << YAML::Key << "thermostat" << YAML::Value << D.thermostat << YAML::Key
              << "damping_ps" << YAML::Value << D.damping_ps << YAML::Key << "temperature_K" << YAML::Value << T
              << YAML::Key << "timestep_ps" << YAML::Value << D.timestep_ps << YAML::Key << "duration_ps"
              << YAML::Value << D.equilibration_ps << YAML::EndMap;
          }
          e << YAML::EndSeq;
          e << YAML::Key << "outputs" << YAML::Value << YAML::BeginMap << YAML::Key << "thermo_every" << YAML::Value
            << 100 << YAML::Key << "console" << YAML::Value << false << YAML::Key << "checkpoint_every" << YAML::Value
            << 500 << YAML::Key << "final_structure" << YAML::Value << "final.data" << YAML::EndMap;
          e << YAML::EndMap;
          write_file_atomically(step.directory + "/protocol.yaml", std::string(e.c_str()) + "\n");
        };
        runner.run(eq);

        // Production: NVT from the equilibrated state (its velocities), trajectory every frame.
        Step prod;
        prod.id = fmt::format("md/{}/{}/production", m.name, temperature_label(T));
        prod.directory = base + "/production";
        prod.arguments = with_threads({"run", prod.directory + "/protocol.yaml", "--out", prod.directory});
        prod.inputs = {eq.directory + "/final.data", m.diffusion_potential};
        prod.outputs = {prod.directory + "/trajectory.dump", prod.directory + "/final.data"};
        prod.resumable_md = true;
        const long long every = std::llround(D.frame_interval_ps / D.timestep_ps);
        const std::string start = eq.directory + "/final.data";
        prod.prepare = [=](const Step& step) {
          if (fs::exists(step.directory + "/checkpoint.bin")) return;  // resuming: keep the protocol it started with
          YAML::Emitter e;
          e << YAML::BeginMap;
          e << YAML::Key << "description" << YAML::Value << fmt::format("study production run at {:g} K", T);
          e << YAML::Key << "structure" << YAML::Value << YAML::BeginMap << YAML::Key << "file" << YAML::Value << start
            << YAML::EndMap;
          e << YAML::Key << "potential" << YAML::Value << potential;
          e << YAML::Key << "seed" << YAML::Value << seed + 1;
          e << YAML::Key << "stages" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
          e << YAML::Key << "name" << YAML::Value << "production" << YAML::Key << "ensemble" << YAML::Value << "nvt"
            << YAML::Key << "thermostat" << YAML::Value << D.thermostat << YAML::Key << "damping_ps" << YAML::Value
            << D.damping_ps << YAML::Key << "temperature_K" << YAML::Value << T << YAML::Key << "timestep_ps"
            << YAML::Value << D.timestep_ps << YAML::Key << "duration_ps" << YAML::Value << D.production_ps;
          e << YAML::EndMap << YAML::EndSeq;
          e << YAML::Key << "outputs" << YAML::Value << YAML::BeginMap << YAML::Key << "thermo_every" << YAML::Value
            << every * 5 << YAML::Key << "console" << YAML::Value << false << YAML::Key << "trajectory_every"
            << YAML::Value << every << YAML::Key << "trajectory_file" << YAML::Value << "trajectory.dump" << YAML::Key
            << "checkpoint_every" << YAML::Value << every * 50 << YAML::Key << "final_structure" << YAML::Value
            << "final.data" << YAML::EndMap;
          e << YAML::EndMap;
          write_file_atomically(step.directory + "/protocol.yaml", std::string(e.c_str()) + "\n");
        };
        runner.run(prod);

        Step dyn;
        dyn.id = fmt::format("dynamics/{}/{}", m.name, temperature_label(T));
        dyn.directory = fmt::format("{}/dynamics/{}/{}", out, m.name, temperature_label(T));
        std::vector<std::string> charges;
        for (const auto& [el, q] : D.charges_e) charges.push_back(fmt::format("{}={:g}", el, q));
        dyn.arguments = {"dynamics", prod.directory + "/trajectory.dump", "--frame-interval-ps",
                         fmt::format("{:g}", D.frame_interval_ps), "--species", D.species, "--charges",
                         join(charges, ","), "--temperature", fmt::format("{:g}", T), "--out", dyn.directory};
        std::vector<std::string> cutoffs;
        for (const auto& [pair, r] : spec.structure.cutoffs_A) cutoffs.push_back(fmt::format("{}={:g}", pair, r));
        if (!cutoffs.empty()) {
          dyn.arguments.push_back("--cutoff");
          dyn.arguments.push_back(join(cutoffs, ","));
        }
        dyn.arguments = with_threads(dyn.arguments);
        dyn.inputs = {prod.directory + "/trajectory.dump"};
        dyn.outputs = {dyn.directory + "/dynamics.json"};
        runner.run(dyn);
        dynamics_results.push_back(dyn.directory + "/dynamics.json");
      }
      Step arr;
      arr.id = fmt::format("arrhenius/{}", m.name);
      arr.directory = fmt::format("{}/arrhenius/{}", out, m.name);
      arr.arguments = {"arrhenius"};
      arr.arguments.insert(arr.arguments.end(), dynamics_results.begin(), dynamics_results.end());
      arr.arguments.insert(arr.arguments.end(), {"--species", D.species, "--extrapolate",
                                                 fmt::format("{:g}", D.extrapolate_to_K), "--out", arr.directory});
      arr.inputs = dynamics_results;
      arr.outputs = {arr.directory + "/arrhenius.json"};
      runner.run(arr);
    }
  }

  // 6. study.json and report.html (always rebuilt: cheap, and reflects every completed step).
  StudyOutcome outcome;
  outcome.json_path = out + "/study.json";
  outcome.report_path = out + "/report.html";
  write_study_report(spec, out, structures, outcome.json_path, outcome.report_path);
  outcome.steps_run = runner.executed();
  outcome.steps_skipped = runner.skipped();
  return outcome;
}

}  // namespace ionglass::study
