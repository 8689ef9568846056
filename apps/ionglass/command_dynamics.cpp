// `ionglass dynamics TRAJECTORY...`: MSD, diffusion coefficients, conductivity, van Hove functions,
// non-Gaussian parameter, hops and the mobility–structure link (docs/dynamics-analysis.md).
// Parses the options into DynamicsSettings, calls analyze_dynamics and writes with
// report/dynamics_report.
#include <fmt/format.h>

#include <iostream>

#include "ionglass/analysis/dynamics/dynamics_workflow.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/report/dynamics_report.hpp"

namespace ionglass::cli {

namespace {

constexpr const char* default_van_hove_times = "1,10,100";

struct DynamicsOptions {
  StructureInputOptions input;
  DynamicsSettings settings;
  std::string species, charges, mobile, van_hove_times = default_van_hove_times, fit_window, cutoffs, former = "P",
                                        matrix;
  bool keep_drift = false, json = false;
  std::string out;
  int threads = 0;
};

std::vector<double> parse_number_list(const std::string& text, const char* what) {
  std::vector<double> values;
  for (const std::string& token : split_symbol_list(text)) {
    double v;
    if (!try_parse_double(token, v)) throw InputError(fmt::format("{}: '{}' is not a number", what, token));
    values.push_back(v);
  }
  return values;
}

// "Na=1,O=-2" or "Na-O=3.3,P-O=2.0".
std::map<std::string, double> parse_assignments(const std::string& text, const char* what) {
  std::map<std::string, double> out;
  for (const std::string& token : split_symbol_list(text)) {
    const auto eq = token.find('=');
    double v;
    if (eq == std::string::npos || eq == 0 || !try_parse_double(token.substr(eq + 1), v))
      throw InputError(fmt::format("{}: '{}' must read NAME=VALUE", what, token));
    out[token.substr(0, eq)] = v;
  }
  return out;
}

DynamicsSettings settings_from(const DynamicsOptions& o) {
  DynamicsSettings s = o.settings;
  s.read = o.input.read_options();
  s.remove_drift = !o.keep_drift;
  s.charges_e = parse_assignments(o.charges, "--charges");
  s.species = split_symbol_list(o.species);
  s.matrix_species = split_symbol_list(o.matrix);
  s.mobile = o.mobile;
  s.mobile_preference = {"Na"};  // the documented default of --mobile
  if (!o.fit_window.empty()) {
    const auto w = parse_number_list(o.fit_window, "--fit-window");
    if (w.size() != 2) throw InputError("--fit-window takes START,END in ps");
    s.fit.window_start_ps = w[0];
    s.fit.window_end_ps = w[1];
  }
  s.van_hove_times_ps = parse_number_list(o.van_hove_times, "--van-hove-times");
  s.van_hove_times_required = o.van_hove_times != default_van_hove_times;
  s.network_former = o.former;
  s.descriptor_cutoffs_A = parse_assignments(o.cutoffs, "--cutoff");
  return s;
}

void run_dynamics(const DynamicsOptions& o) {
  const ExecutionContext context = command_context(o.threads, o.out);  // rejects a negative count
  const DynamicsResults results = analyze_dynamics(settings_from(o), context);
  if (!o.out.empty()) write_dynamics_report(results, o.out);
  print_json_or_text(
      o.json, [&] { return dynamics_json(results); }, [&] { return dynamics_summary(results, o.out); });
}

}  // namespace

void register_dynamics(CLI::App& app) {
  auto* cmd =
      add_command(app, "dynamics",
                  "Ion dynamics: MSD, diffusion coefficients, conductivity and Haven ratio, van Hove "
                  "functions, non-Gaussian parameter, hops and mobility against local structure",
                  "Units: Å, ps, K, e; D in Å²/ps and cm²/s, σ in S/cm.\n"
                  "Errors: D_stderr from blocks of time origins; D_gls (JSON) = GLS fit with the overlapping-window\n"
                  "MSD covariance, calibrated standard error and 68 %/95 % intervals (docs/dynamics-analysis.md).\n"
                  "Regimes: each MSD is ballistic, sub-diffusive (beta and the time diffusion would need), diffusive\n"
                  "or undetermined, from its long-time exponent beta and its error; the matrix (--matrix) is glass or\n"
                  "liquid. A D is a diffusion coefficient only in a diffusive regime.\n"
                  "Outputs (--out DIR): dynamics.json, msd.csv, van_hove_self.csv, van_hove_distinct.csv, alpha2.csv,\n"
                  "mobility.csv, hops.csv, residence_times.csv and SVG plots.\n"
                  "Example:\n  ionglass dynamics run.dump --types Fe,Na,O,P --timestep-ps 0.001 --species Na \\\n"
                  "      --charges Na=1 --temperature 1000 --van-hove-times 1,10,100 --out dyn/");
  auto o = std::make_shared<DynamicsOptions>();
  DynamicsSettings& s = o->settings;
  cmd->add_option("trajectories", s.trajectory_files, "Trajectory files (LAMMPS dump, extxyz, XDATCAR), read in order")
      ->required();
  o->input.add_to(*cmd);
  auto* timestep = cmd->add_option("--timestep-ps", s.timestep_ps, "MD timestep (ps); frame times = MD step × this");
  auto* interval = cmd->add_option("--frame-interval-ps", s.frame_interval_ps, "Time between frames (ps)");
  timestep->excludes(interval);
  interval->excludes(timestep);
  cmd->add_option("--species", o->species,
                  "Elements to analyse, e.g. Na,O (default: all; charged species are always kept)");
  cmd->add_option("--charges", o->charges, "Formal charges of the mobile ions (e), e.g. Na=1");
  cmd->add_option("--temperature", s.temperature_K, "Temperature (K) (default: from the trajectory's info)");
  cmd->add_option("--mobile", o->mobile, "Species for hops and mobility (default: Na, else the first charged species)");
  cmd->add_flag("--keep-drift", o->keep_drift, "Do not remove the centre-of-mass drift");
  cmd->add_option("--fit-window", o->fit_window,
                  "Fixed diffusion fit window START,END (ps) instead of the automatic one");
  cmd->add_option("--ballistic-ps", s.fit.ballistic_ps, "Never fit before this time (ps)")->capture_default_str();
  cmd->add_option("--beta-tolerance", s.fit.beta_tolerance, "Allowed |β − 1| in the automatic window")
      ->capture_default_str();
  cmd->add_option("--max-fit-fraction", s.fit.max_fraction, "Never fit beyond this fraction of the trajectory")
      ->capture_default_str();
  cmd->add_option("--blocks", s.fit.blocks, "Blocks of time origins for standard errors")->capture_default_str();
  cmd->add_option("--van-hove-times", o->van_hove_times, "Times of the van Hove functions (ps)")->capture_default_str();
  cmd->add_option("--van-hove-bin", s.van_hove_bin_A, "Van Hove bin width (Å)")->capture_default_str();
  cmd->add_option("--hop-threshold", s.hops.threshold_A, "Hop displacement threshold (Å)")->capture_default_str();
  cmd->add_option("--hop-persistence-ps", s.hops.persistence_ps, "Time a hop must persist (ps)")->capture_default_str();
  cmd->add_option("--site-radius", s.hops.site_radius_A, "Residences closer than this are one site (Å)")
      ->capture_default_str();
  cmd->add_option("--mobility-fraction", s.mobility_fraction, "Fastest/slowest fraction compared")
      ->capture_default_str();
  cmd->add_option("--mobility-window-ps", s.mobility_window_ps,
                  "Window for the mobility ranking (ps; 0: whole trajectory)");
  cmd->add_option("--matrix", o->matrix,
                  "Species whose own MSD tells a glass (frozen) from a liquid, e.g. P,Fe (default: every analysed "
                  "species that is neither the mobile one nor charged)");
  cmd->add_option("--former", o->former, "Network former for bridging/non-bridging O")->capture_default_str();
  cmd->add_option("--cutoff", o->cutoffs,
                  "Pair cutoffs (Å) for descriptors, e.g. Na-O=3.3,P-O=2.0,Fe-O=2.7,Na-Fe=4,Na-P=4");
  add_output_option(*cmd, o->out, "Directory for dynamics.json, CSV tables and SVG plots");
  add_json_flag(*cmd, o->json, "Print the JSON result to standard output");
  add_threads_option(*cmd, o->threads);
  cmd->callback([o] { run_dynamics(*o); });
}

}  // namespace ionglass::cli
