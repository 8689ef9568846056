#include "ionglass/report/mobility_report.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/report/csv_table.hpp"
#include "ionglass/report/json_number.hpp"
#include "ionglass/report/svg_plot.hpp"

namespace ionglass {

namespace {

nlohmann::json interval_json(const BootstrapInterval& b) {
  return {{"estimate", json_number(b.estimate)}, {"low", json_number(b.low)}, {"high", json_number(b.high)}};
}

std::string number_text(double v) {
  return fmt::format("{:.10g}", v);
}

// sites.csv (centre, samples, time, escape rate and residence per site) and hop_rates.csv
// (k_ij = N_ij / T_i for every observed pair).
void write_sites(const SiteHopResult& sites, const std::string& dir) {
  CsvTable site_table({"replica", "site", "x_A", "y_A", "z_A", "samples", "time_ps", "escape_rate_per_ps",
                       "escape_rate_low_per_ps", "escape_rate_high_per_ps", "mean_residence_ps",
                       "mean_residence_low_ps", "mean_residence_high_ps"});
  CsvTable rate_table({"replica", "from_site", "to_site", "hops", "rate_per_ps"});
  for (std::size_t r = 0; r < sites.replicas.size(); ++r) {
    const ReplicaSites& rep = sites.replicas[r];
    const double replica = static_cast<double>(r + 1);
    for (std::size_t c = 0; c < rep.site_centres_A.size(); ++c) {
      const auto& e = rep.escape_rate_per_ps[c];
      const auto& m = rep.site_residence_ps[c];
      site_table.add_row({replica, double(c), rep.site_centres_A[c].x(), rep.site_centres_A[c].y(),
                          rep.site_centres_A[c].z(), double(rep.site_samples[c]), rep.site_time_ps[c], e.estimate,
                          e.low, e.high, m.estimate, m.low, m.high});
      for (std::size_t d = 0; d < rep.site_centres_A.size(); ++d)
        if (rep.hop_counts[c][d])
          rate_table.add_row({replica, double(c), double(d), double(rep.hop_counts[c][d]), rep.rate_per_ps[c][d]});
    }
  }
  site_table.save(dir + "sites.csv");
  rate_table.save(dir + "hop_rates.csv");
}

// weights.csv and weights.svg: standardised logistic weights with bootstrap intervals.
void write_weights(const IonMobilityResults& r, const std::string& dir) {
  const LearnedMobilityResult& learned = r.learned;
  CsvTable weights({"descriptor", "standardised_weight", "weight_low", "weight_high", "hop_minus_stay",
                    "hop_minus_stay_low", "hop_minus_stay_high"});
  Plot plot;
  plot.title = fmt::format("{} softness weights (CV AUC {:.3f}, shuffled {:.3f})", r.settings.learned.species,
                           learned.auc.estimate, learned.shuffled_auc.estimate);
  plot.x_label = "descriptor index (see weights.csv)";
  plot.y_label = "standardised weight";
  PlotSeries series{"weight, 95 % bootstrap interval", {}, {}};
  series.markers = true;
  series.line = false;
  for (std::size_t k = 0; k < learned.descriptor_names.size(); ++k) {
    const auto& w = learned.weights[k];
    const auto& h = learned.hop_minus_stay[k];
    weights.add_text_row({learned.descriptor_names[k], number_text(w.estimate), number_text(w.low), number_text(w.high),
                          number_text(h.estimate), number_text(h.low), number_text(h.high)});
    series.x.push_back(double(k));
    series.y.push_back(w.estimate);
    series.y_error.push_back(std::isfinite(w.high - w.low) ? 0.5 * (w.high - w.low) : 0);
  }
  plot.series.push_back(series);
  weights.save(dir + "weights.csv");
  plot.save(dir + "weights.svg");
}

// softness.csv: one row per sample (replica, ion, time, label, softness, descriptors).
void write_samples(const LearnedMobilityResult& learned, const std::string& dir) {
  std::vector<std::string> header{"replica", "ion_id", "time_ps", "hops", "softness"};
  for (const auto& n : learned.descriptor_names) header.push_back(n);
  CsvTable samples(header);
  for (std::size_t i = 0; i < learned.samples.size(); ++i) {
    const auto& s = learned.samples[i];
    std::vector<std::string> row{std::to_string(s.replica + 1), std::to_string(s.ion_id), number_text(s.time_ps),
                                 std::to_string(s.label), number_text(s.softness)};
    for (Eigen::Index k = 0; k < learned.descriptors.cols(); ++k)
      row.push_back(number_text(learned.descriptors(static_cast<Eigen::Index>(i), k)));
    samples.add_text_row(row);
  }
  samples.save(dir + "softness.csv");
}

// Softness-annotated trajectories: the sampled frames of each replica.
void write_softness_trajectories(const IonMobilityResults& r, const std::string& dir) {
  for (std::size_t replica = 0; replica < r.replicas.size(); ++replica) {
    auto writer = create_trajectory_writer(dir + fmt::format("softness_replica{}.extxyz", replica + 1));
    std::size_t last = static_cast<std::size_t>(-1);
    for (const auto& s : r.learned.samples)
      if (s.replica == replica && s.frame != last) {
        writer->write(softness_frame(r.replicas[replica], r.learned, replica, s.frame));
        last = s.frame;
      }
    writer->close();
  }
}

}  // namespace

nlohmann::json mobility_json(const IonMobilityResults& r) {
  const SiteHopResult& sites = r.sites;
  const LearnedMobilityResult& learned = r.learned;
  const LearnedMobilitySettings& settings = r.settings.learned;
  nlohmann::json j;
  j["species"] = settings.species;
  j["replicas"] = r.settings.trajectory_files;
  j["sites"] = {{"ions", sites.ions},
                {"hops", sites.hops},
                {"hop_rate_per_ion_per_ps", interval_json(sites.hop_rate_per_ion_per_ps)},
                {"mean_residence_ps", interval_json(sites.mean_residence_ps)},
                {"sites_per_replica", nlohmann::json::array()}};
  for (const auto& replica : sites.replicas) j["sites"]["sites_per_replica"].push_back(replica.site_centres_A.size());
  j["learned"] = {{"samples", learned.samples.size()},
                  {"ions", learned.ions},
                  {"hop_fraction", learned.hop_fraction},
                  {"horizon_ps", settings.horizon_ps},
                  {"hop_threshold_A", settings.hop_threshold_A},
                  {"folds", settings.folds},
                  {"l2", settings.logistic.l2},
                  {"cross_validated_auc", interval_json(learned.auc)},
                  {"shuffled_label_auc", interval_json(learned.shuffled_auc)},
                  {"intercept", learned.model.intercept},
                  {"descriptors", nlohmann::json::array()}};
  for (std::size_t k = 0; k < learned.descriptor_names.size(); ++k) {
    const auto index = static_cast<Eigen::Index>(k);
    j["learned"]["descriptors"].push_back({{"name", learned.descriptor_names[k]},
                                           {"mean", learned.model.mean[index]},
                                           {"std", learned.model.scale[index]},
                                           {"standardised_weight", interval_json(learned.weights[k])},
                                           {"hop_minus_stay_mean", interval_json(learned.hop_minus_stay[k])}});
  }
  return j;
}

void write_mobility_report(const IonMobilityResults& results, const std::string& directory) {
  std::filesystem::create_directories(directory);
  const std::string dir = directory + "/";
  write_sites(results.sites, dir);
  write_weights(results, dir);
  write_samples(results.learned, dir);
  write_softness_trajectories(results, dir);
  write_file_atomically(dir + "mobility.json", mobility_json(results).dump(2) + "\n");
}

std::string mobility_summary(const IonMobilityResults& r, const std::string& output_directory) {
  const SiteHopResult& sites = r.sites;
  const LearnedMobilityResult& learned = r.learned;
  std::string text = fmt::format(
      "{} replicas, {} {} ions: {} hops, {:.3g} [{:.3g}, {:.3g}] per ion per ps, mean residence {:.3g} ps\n",
      r.replicas.size(), sites.ions, r.settings.learned.species, sites.hops, sites.hop_rate_per_ion_per_ps.estimate,
      sites.hop_rate_per_ion_per_ps.low, sites.hop_rate_per_ion_per_ps.high, sites.mean_residence_ps.estimate);
  text += fmt::format(
      "softness: {} samples, hop fraction {:.3f}, CV AUC {:.3f} [{:.3f}, {:.3f}], shuffled {:.3f} [{:.3f}, {:.3f}]\n",
      learned.samples.size(), learned.hop_fraction, learned.auc.estimate, learned.auc.low, learned.auc.high,
      learned.shuffled_auc.estimate, learned.shuffled_auc.low, learned.shuffled_auc.high);
  if (!output_directory.empty()) text += "results in " + output_directory + "\n";
  return text;
}

}  // namespace ionglass
