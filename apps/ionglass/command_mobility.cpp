// `ionglass mobility TRAJECTORY...`: mobile-ion sites and hops, and learned mobility (softness) from
// local structure (docs/mobility.md). Each trajectory file is one replica; replicas are pooled.
// Parses the options into IonMobilitySettings, calls analyze_ion_mobility and writes with
// report/mobility_report.
#include <fmt/format.h>

#include <iostream>

#include "ionglass/analysis/dynamics/mobility_workflow.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/report/mobility_report.hpp"

namespace ionglass::cli {

namespace {

struct MobilityCliOptions {
  StructureInputOptions input;
  IonMobilitySettings settings;
  std::string ion = "Na", formers, anions, cutoffs;
  bool keep_drift = false, json = false;
  std::string out;
};

IonMobilitySettings settings_from(const MobilityCliOptions& o) {
  IonMobilitySettings s = o.settings;
  s.read = o.input.read_options();
  s.remove_drift = !o.keep_drift;
  s.learned.species = o.ion;
  s.learned.formers = split_symbol_list(o.formers);
  s.learned.anions = split_symbol_list(o.anions);
  for (const std::string& token : split_symbol_list(o.cutoffs)) {
    const auto eq = token.find('=');
    double v;
    if (eq == std::string::npos || !try_parse_double(token.substr(eq + 1), v))
      throw InputError(fmt::format("--cutoff: '{}' must read A-B=VALUE", token));
    s.learned.shell_cutoffs[token.substr(0, eq)] = v;
  }
  return s;
}

void run_mobility(const MobilityCliOptions& o) {
  const IonMobilityResults results = analyze_ion_mobility(settings_from(o), ExecutionContext{0, o.out, true});
  if (!o.out.empty()) write_mobility_report(results, o.out);
  print_json_or_text(
      o.json, [&] { return mobility_json(results); }, [&] { return mobility_summary(results, o.out); });
}

}  // namespace

void register_mobility(CLI::App& app) {
  auto* cmd = add_command(
      app, "mobility",
      "Mobile-ion sites, hop network and learned mobility (softness) from local structure; "
      "each trajectory is one replica, replicas are pooled",
      "Units: Å, ps. Outputs (--out DIR): mobility.json, sites.csv, hop_rates.csv, weights.csv, weights.svg,\n"
      "softness.csv (descriptors, label and softness per ion and sampled time) and softness_replicaN.extxyz\n"
      "(sampled frames with a per-atom 'softness' column). See docs/mobility.md.\n"
      "Example: ionglass mobility run1.dump run2.dump --ion Na --formers P,Fe --anions O --timestep-ps 0.001 \\\n"
      "           --hop-threshold-A 1.5 --horizon-ps 1 --out mobility/");
  auto o = std::make_shared<MobilityCliOptions>();
  LearnedMobilitySettings& learned = o->settings.learned;
  SiteSettings& sites = o->settings.sites;
  cmd->add_option("trajectories", o->settings.trajectory_files,
                  "Trajectory files (LAMMPS dump, extxyz, XDATCAR), one per replica")
      ->required();
  o->input.add_to(*cmd);
  cmd->add_option("--timestep-ps", o->settings.timestep_ps, "MD timestep (ps); frame times = MD step × this");
  cmd->add_option("--frame-interval-ps", o->settings.frame_interval_ps, "Time between frames (ps)");
  cmd->add_option("--ion", o->ion, "Mobile species")->capture_default_str();
  cmd->add_option("--formers", o->formers, "Network-former species, e.g. P,Fe (for bridging anions)");
  cmd->add_option("--anions", o->anions, "Anion species, e.g. O (for bridging anions)");
  cmd->add_option("--cutoff", o->cutoffs, "Shell cutoffs (Å) per pair, e.g. Na-O=3.3,Na-P=4");
  cmd->add_option("--shell-cutoff-A", learned.shell_cutoff_A, "Default shell cutoff (Å)")->capture_default_str();
  cmd->add_option("--former-anion-cutoff-A", learned.former_anion_cutoff_A, "Former–anion bond cutoff (Å)")
      ->capture_default_str();
  cmd->add_option("--symmetry-cutoff-A", learned.symmetry_cutoff_A, "Cutoff R_c of G2/G4 (Å)")->capture_default_str();
  cmd->add_option("--hop-threshold-A", learned.hop_threshold_A, "Displacement that counts as a hop (Å)")
      ->capture_default_str();
  cmd->add_option("--horizon-ps", learned.horizon_ps, "Hop within this time after t (ps)")->capture_default_str();
  cmd->add_option("--sample-interval-ps", learned.sample_interval_ps,
                  "Time between sampled frames (ps; 0: the horizon)");
  cmd->add_option("--folds", learned.folds, "Cross-validation folds (by ion)")->capture_default_str();
  cmd->add_option("--l2", learned.logistic.l2, "L2 strength on standardised descriptors")->capture_default_str();
  cmd->add_option("--resamples", learned.bootstrap.resamples, "Bootstrap resamples")->capture_default_str();
  cmd->add_option("--weight-resamples", learned.weight_resamples, "Bootstrap refits for weight intervals")
      ->capture_default_str();
  cmd->add_option("--site-window-ps", sites.averaging_window_ps, "Averaging window for residence samples (ps)")
      ->capture_default_str();
  cmd->add_option("--site-spread-A", sites.max_window_spread_A, "Largest RMS spread of a residence window (Å)")
      ->capture_default_str();
  cmd->add_option("--site-radius-A", sites.site_radius_A, "Clustering radius of sites (Å)")->capture_default_str();
  cmd->add_option("--core-radius-A", sites.core_radius_A, "Hysteresis core radius of a site (Å)")
      ->capture_default_str();
  cmd->add_flag("--keep-drift", o->keep_drift, "Do not remove the centre-of-mass drift");
  add_output_option(*cmd, o->out, "Directory for JSON, CSV, SVG and the softness trajectories");
  add_json_flag(*cmd, o->json, "Print the JSON result to standard output");
  cmd->callback([o] { run_mobility(*o); });
}

}  // namespace ionglass::cli
