// `ionglass mobility TRAJECTORY...`: mobile-ion sites and hops, and learned mobility (softness) from
// local structure (docs/mobility.md). Each trajectory file is one replica; replicas are pooled.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iostream>

#include "ionglass/analysis/dynamics/ion_sites.hpp"
#include "ionglass/analysis/dynamics/learned_mobility.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/report/csv_table.hpp"
#include "ionglass/report/svg_plot.hpp"

namespace ionglass::cli {

namespace {

struct MobilityCliOptions {
  std::vector<std::string> files;
  StructureInputOptions input;
  double timestep_ps = 0, frame_interval_ps = 0;
  std::string ion = "Na", formers, anions, cutoffs;
  LearnedMobilitySettings learned;
  SiteSettings sites;
  bool keep_drift = false, json = false;
  std::string out;
};

nlohmann::json number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}
nlohmann::json interval(const BootstrapInterval& b) {
  return {{"estimate", number(b.estimate)}, {"low", number(b.low)}, {"high", number(b.high)}};
}
std::string g(double v) {
  return fmt::format("{:.10g}", v);
}

std::vector<std::string> symbols(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& s : split_symbol_list(text)) out.emplace_back(elements::by_symbol(s).symbol);
  return out;
}

void run_mobility(MobilityCliOptions o) {
  if (o.timestep_ps < 0 || o.frame_interval_ps < 0) throw InputError("times must be positive");
  const std::string ion = elements::by_symbol(o.ion).symbol;
  o.learned.species = o.sites.species = ion;
  o.learned.formers = symbols(o.formers);
  o.learned.anions = symbols(o.anions);
  for (const std::string& token : split_symbol_list(o.cutoffs)) {
    const auto eq = token.find('=');
    double v;
    if (eq == std::string::npos || !try_parse_double(token.substr(eq + 1), v))
      throw InputError(fmt::format("--cutoff: '{}' must read A-B=VALUE", token));
    o.learned.shell_cutoffs[token.substr(0, eq)] = v;
  }
  o.sites.bootstrap = o.learned.bootstrap;

  UnwrapOptions unwrap;
  unwrap.remove_drift = !o.keep_drift;
  unwrap.timestep_ps = o.timestep_ps;
  unwrap.frame_interval_ps = o.frame_interval_ps;
  std::vector<UnwrappedTrajectory> replicas;
  for (const auto& file : o.files)
    replicas.push_back(read_unwrapped_trajectory({file}, o.input.read_options(), unwrap));
  std::vector<const UnwrappedTrajectory*> pointers;
  for (const auto& r : replicas) pointers.push_back(&r);

  const SiteHopResult sites = analyse_site_hops(pointers, o.sites);
  const LearnedMobilityResult learned = learn_mobility(pointers, o.learned);

  nlohmann::json j;
  j["species"] = ion;
  j["replicas"] = o.files;
  j["sites"] = {{"ions", sites.ions},
                {"hops", sites.hops},
                {"hop_rate_per_ion_per_ps", interval(sites.hop_rate_per_ion_per_ps)},
                {"mean_residence_ps", interval(sites.mean_residence_ps)},
                {"sites_per_replica", nlohmann::json::array()}};
  for (const auto& r : sites.replicas) j["sites"]["sites_per_replica"].push_back(r.site_centres_A.size());
  j["learned"] = {{"samples", learned.samples.size()},
                  {"ions", learned.ions},
                  {"hop_fraction", learned.hop_fraction},
                  {"horizon_ps", o.learned.horizon_ps},
                  {"hop_threshold_A", o.learned.hop_threshold_A},
                  {"folds", o.learned.folds},
                  {"l2", o.learned.logistic.l2},
                  {"cross_validated_auc", interval(learned.auc)},
                  {"shuffled_label_auc", interval(learned.shuffled_auc)},
                  {"intercept", learned.model.intercept},
                  {"descriptors", nlohmann::json::array()}};
  for (std::size_t k = 0; k < learned.descriptor_names.size(); ++k)
    j["learned"]["descriptors"].push_back({{"name", learned.descriptor_names[k]},
                                           {"mean", learned.model.mean[static_cast<Eigen::Index>(k)]},
                                           {"std", learned.model.scale[static_cast<Eigen::Index>(k)]},
                                           {"standardised_weight", interval(learned.weights[k])},
                                           {"hop_minus_stay_mean", interval(learned.hop_minus_stay[k])}});

  if (!o.out.empty()) {
    std::filesystem::create_directories(o.out);
    const std::string dir = o.out + "/";
    CsvTable site_table({"replica", "site", "x_A", "y_A", "z_A", "samples", "time_ps", "escape_rate_per_ps",
                         "escape_rate_low_per_ps", "escape_rate_high_per_ps", "mean_residence_ps",
                         "mean_residence_low_ps", "mean_residence_high_ps"});
    CsvTable rate_table({"replica", "from_site", "to_site", "hops", "rate_per_ps"});
    for (std::size_t r = 0; r < sites.replicas.size(); ++r) {
      const auto& rep = sites.replicas[r];
      for (std::size_t c = 0; c < rep.site_centres_A.size(); ++c) {
        const auto& e = rep.escape_rate_per_ps[c];
        const auto& m = rep.site_residence_ps[c];
        site_table.add_row({double(r + 1), double(c), rep.site_centres_A[c].x(), rep.site_centres_A[c].y(),
                            rep.site_centres_A[c].z(), double(rep.site_samples[c]), rep.site_time_ps[c], e.estimate,
                            e.low, e.high, m.estimate, m.low, m.high});
        for (std::size_t d = 0; d < rep.site_centres_A.size(); ++d)
          if (rep.hop_counts[c][d])
            rate_table.add_row(
                {double(r + 1), double(c), double(d), double(rep.hop_counts[c][d]), rep.rate_per_ps[c][d]});
      }
    }
    site_table.save(dir + "sites.csv");
    rate_table.save(dir + "hop_rates.csv");

    CsvTable weights({"descriptor", "standardised_weight", "weight_low", "weight_high", "hop_minus_stay",
                      "hop_minus_stay_low", "hop_minus_stay_high"});
    Plot wp;
    wp.title = fmt::format("{} softness weights (CV AUC {:.3f}, shuffled {:.3f})", ion, learned.auc.estimate,
                           learned.shuffled_auc.estimate);
    wp.x_label = "descriptor index (see weights.csv)";
    wp.y_label = "standardised weight";
    PlotSeries ws{"weight, 95 % bootstrap interval", {}, {}};
    ws.markers = true;
    ws.line = false;
    for (std::size_t k = 0; k < learned.descriptor_names.size(); ++k) {
      const auto& w = learned.weights[k];
      const auto& h = learned.hop_minus_stay[k];
      weights.add_text_row(
          {learned.descriptor_names[k], g(w.estimate), g(w.low), g(w.high), g(h.estimate), g(h.low), g(h.high)});
      ws.x.push_back(double(k));
      ws.y.push_back(w.estimate);
      ws.y_error.push_back(std::isfinite(w.high - w.low) ? 0.5 * (w.high - w.low) : 0);
    }
    wp.series.push_back(ws);
    weights.save(dir + "weights.csv");
    wp.save(dir + "weights.svg");

    std::vector<std::string> header{"replica", "ion_id", "time_ps", "hops", "softness"};
    for (const auto& n : learned.descriptor_names) header.push_back(n);
    CsvTable samples(header);
    for (std::size_t i = 0; i < learned.samples.size(); ++i) {
      const auto& s = learned.samples[i];
      std::vector<std::string> row{std::to_string(s.replica + 1), std::to_string(s.ion_id), g(s.time_ps),
                                   std::to_string(s.label), g(s.softness)};
      for (Eigen::Index k = 0; k < learned.descriptors.cols(); ++k)
        row.push_back(g(learned.descriptors(static_cast<Eigen::Index>(i), k)));
      samples.add_text_row(row);
    }
    samples.save(dir + "softness.csv");

    // Softness-annotated trajectories: the sampled frames of each replica.
    for (std::size_t r = 0; r < replicas.size(); ++r) {
      auto writer = create_trajectory_writer(dir + fmt::format("softness_replica{}.extxyz", r + 1));
      std::size_t last = static_cast<std::size_t>(-1);
      for (const auto& s : learned.samples)
        if (s.replica == r && s.frame != last) {
          writer->write(softness_frame(replicas[r], learned, r, s.frame));
          last = s.frame;
        }
      writer->close();
    }
    write_json(dir + "mobility.json", j);
  }
  if (o.json) {
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << fmt::format(
      "{} replicas, {} {} ions: {} hops, {:.3g} [{:.3g}, {:.3g}] per ion per ps, mean residence {:.3g} ps\n",
      replicas.size(), sites.ions, ion, sites.hops, sites.hop_rate_per_ion_per_ps.estimate,
      sites.hop_rate_per_ion_per_ps.low, sites.hop_rate_per_ion_per_ps.high, sites.mean_residence_ps.estimate);
  std::cout << fmt::format(
      "softness: {} samples, hop fraction {:.3f}, CV AUC {:.3f} [{:.3f}, {:.3f}], shuffled {:.3f} [{:.3f}, {:.3f}]\n",
      learned.samples.size(), learned.hop_fraction, learned.auc.estimate, learned.auc.low, learned.auc.high,
      learned.shuffled_auc.estimate, learned.shuffled_auc.low, learned.shuffled_auc.high);
  if (!o.out.empty()) std::cout << "results in " << o.out << "\n";
}

}  // namespace

void register_mobility(CLI::App& app) {
  auto* cmd = app.add_subcommand("mobility",
                                 "Mobile-ion sites, hop network and learned mobility (softness) from local structure; "
                                 "each trajectory is one replica, replicas are pooled");
  auto o = std::make_shared<MobilityCliOptions>();
  cmd->footer(
      "Units: Å, ps. Outputs (--out DIR): mobility.json, sites.csv, hop_rates.csv, weights.csv, weights.svg,\n"
      "softness.csv (descriptors, label and softness per ion and sampled time) and softness_replicaN.extxyz\n"
      "(sampled frames with a per-atom 'softness' column). See docs/mobility.md.\n"
      "Example: ionglass mobility run1.dump run2.dump --ion Na --formers P,Fe --anions O --timestep-ps 0.001 \\\n"
      "           --hop-threshold-A 1.5 --horizon-ps 1 --out mobility/");
  cmd->add_option("trajectories", o->files, "Trajectory files (LAMMPS dump, extxyz, XDATCAR), one per replica")
      ->required();
  o->input.add_to(*cmd);
  cmd->add_option("--timestep-ps", o->timestep_ps, "MD timestep (ps); frame times = MD step × this");
  cmd->add_option("--frame-interval-ps", o->frame_interval_ps, "Time between frames (ps)");
  cmd->add_option("--ion", o->ion, "Mobile species")->capture_default_str();
  cmd->add_option("--formers", o->formers, "Network-former species, e.g. P,Fe (for bridging anions)");
  cmd->add_option("--anions", o->anions, "Anion species, e.g. O (for bridging anions)");
  cmd->add_option("--cutoff", o->cutoffs, "Shell cutoffs (Å) per pair, e.g. Na-O=3.3,Na-P=4");
  cmd->add_option("--shell-cutoff-A", o->learned.shell_cutoff_A, "Default shell cutoff (Å)")->capture_default_str();
  cmd->add_option("--former-anion-cutoff-A", o->learned.former_anion_cutoff_A, "Former–anion bond cutoff (Å)")
      ->capture_default_str();
  cmd->add_option("--symmetry-cutoff-A", o->learned.symmetry_cutoff_A, "Cutoff R_c of G2/G4 (Å)")
      ->capture_default_str();
  cmd->add_option("--hop-threshold-A", o->learned.hop_threshold_A, "Displacement that counts as a hop (Å)")
      ->capture_default_str();
  cmd->add_option("--horizon-ps", o->learned.horizon_ps, "Hop within this time after t (ps)")->capture_default_str();
  cmd->add_option("--sample-interval-ps", o->learned.sample_interval_ps,
                  "Time between sampled frames (ps; 0: the horizon)");
  cmd->add_option("--folds", o->learned.folds, "Cross-validation folds (by ion)")->capture_default_str();
  cmd->add_option("--l2", o->learned.logistic.l2, "L2 strength on standardised descriptors")->capture_default_str();
  cmd->add_option("--resamples", o->learned.bootstrap.resamples, "Bootstrap resamples")->capture_default_str();
  cmd->add_option("--weight-resamples", o->learned.weight_resamples, "Bootstrap refits for weight intervals")
      ->capture_default_str();
  cmd->add_option("--site-window-ps", o->sites.averaging_window_ps, "Averaging window for residence samples (ps)")
      ->capture_default_str();
  cmd->add_option("--site-spread-A", o->sites.max_window_spread_A, "Largest RMS spread of a residence window (Å)")
      ->capture_default_str();
  cmd->add_option("--site-radius-A", o->sites.site_radius_A, "Clustering radius of sites (Å)")->capture_default_str();
  cmd->add_option("--core-radius-A", o->sites.core_radius_A, "Hysteresis core radius of a site (Å)")
      ->capture_default_str();
  cmd->add_flag("--keep-drift", o->keep_drift, "Do not remove the centre-of-mass drift");
  cmd->add_option("--out", o->out, "Directory for JSON, CSV, SVG and the softness trajectories");
  cmd->add_flag("--json", o->json, "Print the JSON result to standard output");
  cmd->callback([o] { run_mobility(*o); });
}

}  // namespace ionglass::cli
