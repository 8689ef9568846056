#include "ionglass/report/dynamics_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/report/csv_table.hpp"
#include "ionglass/report/json_number.hpp"
#include "ionglass/report/svg_plot.hpp"

namespace ionglass {

namespace {

nlohmann::json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json regime_json(const DiffusionRegimeResult& g, bool tracer);

nlohmann::json conductivity_json(const ConductivityResult& c) {
  return {
      {"nernst_einstein", c.nernst_einstein_S_per_cm},
      {"nernst_einstein_stderr", c.nernst_einstein_stderr_S_per_cm},
      {"collective", c.collective_S_per_cm},
      {"collective_stderr", c.collective_stderr_S_per_cm},
      {"collective_gls", optional_number(c.collective_gls_S_per_cm)},
      {"collective_gls_stderr", optional_number(c.collective_gls_stderr_S_per_cm)},
      {"nernst_einstein_gls_stderr", optional_number(c.nernst_einstein_gls_stderr_S_per_cm)},
      {"collective_gls_chi2", c.charge_msd.gls ? json_number(c.charge_msd.gls->chi2) : nlohmann::json()},
      {"collective_gls_lags_fitted", c.charge_msd.gls ? nlohmann::json(c.charge_msd.gls->points) : nlohmann::json()},
      {"collective_gls_error_scale",
       c.charge_msd.gls ? nlohmann::json(c.charge_msd.gls->error_scale()) : nlohmann::json()},
      {"collective_regime", regime_json(c.charge_msd.regime, false)}};
}

nlohmann::json regime_json(const DiffusionRegimeResult& g, bool tracer) {
  nlohmann::json j{{"regime", regime_name(g.regime)},
                   {"beta", json_number(g.beta)},
                   {"beta_stderr", json_number(g.beta_stderr)},
                   {"window_ps", {g.window_start_ps, g.window_end_ps}},
                   {"lags_fitted", g.lags},
                   {"reason", g.reason}};
  if (tracer) {
    j["msd_at_window_end_A2"] = g.msd_at_window_end;
    j["time_to_diffusive_ps"] = json_number(g.time_to_diffusive_ps);
  }
  return j;
}

nlohmann::json species_json(const DynamicsResults& r, const SpeciesDynamics& s) {
  const DiffusionResult& d = s.diffusion;
  const double u = A2_per_ps_to_cm2_per_s;
  nlohmann::json e;
  e["atoms"] = s.atoms;
  e["D_A2_per_ps"] = d.D_A2_per_ps();
  e["D_cm2_per_s"] = s.D_cm2_per_s();
  e["D_stderr_A2_per_ps"] = d.D_stderr_A2_per_ps();
  e["D_stderr_cm2_per_s"] = s.D_stderr_cm2_per_s();
  e["D_stderr_method"] = d.error_method;
  e["regime"] = regime_json(d.regime, true);
  if (d.gls) {
    e["D_gls"] = {{"D_cm2_per_s", d.gls->D * u},
                  {"D_stderr_cm2_per_s", d.gls->D_stderr * u},
                  {"D_68_interval_cm2_per_s", {d.gls->D_68_low * u, d.gls->D_68_high * u}},
                  {"D_95_interval_cm2_per_s", {d.gls->D_95_low * u, d.gls->D_95_high * u}},
                  {"chi2", d.gls->chi2},
                  {"lags_fitted", d.gls->points},
                  {"error_scale", d.gls->error_scale()},
                  {"method", "GLS with the overlapping-window random-walk MSD covariance (docs/dynamics-analysis.md)"}};
  } else {
    e["D_gls"] = nullptr;
    e["D_gls_reason"] = d.gls_note;
  }
  // D along each axis: ⟨Δx²⟩ = 2 D_x t.
  e["D_axis_cm2_per_s"] = {d.axis_slope_A2_per_ps[0] / 2 * u, d.axis_slope_A2_per_ps[1] / 2 * u,
                           d.axis_slope_A2_per_ps[2] / 2 * u};
  e["fit_window_ps"] = {r.time_ps(d.window.first), r.time_ps(d.window.last)};
  e["diffusive_window_found"] = d.window.diffusive;
  e["fit_window_rule"] = d.window.note;
  e["beta_mean_in_window"] = json_number(s.beta_mean_in_window());
  e["msd_at_window_end_A2"] = d.msd.total[d.window.last];
  if (const auto peak = s.alpha2_peak()) {
    e["alpha2_max"] = s.alpha2.alpha2[*peak];
    e["alpha2_max_time_ps"] = s.alpha2.time_ps[*peak];
  }
  if (s.conductivity) {
    const ConductivityResult& c = *s.conductivity;
    e["charge_e"] = *s.charge_e;
    e["conductivity_S_per_cm"] = conductivity_json(c);
    e["sigma_T_S_K_per_cm"] = {{"nernst_einstein", c.nernst_einstein_S_per_cm * r.temperature_K},
                               {"collective", c.collective_S_per_cm * r.temperature_K}};
    e["haven_ratio"] = json_number(c.haven_ratio);
    e["haven_ratio_stderr"] = json_number(c.haven_ratio_stderr);
  }
  return e;
}

void add_conductivity(const DynamicsResults& r, nlohmann::json& j) {
  if (r.conductivity_needs_temperature)
    j["conductivity_note"] =
        "no temperature (give --temperature or a trajectory with temperature info): conductivity not computed";
  if (!r.conductivity) return;
  const ConductivityResult& total = *r.conductivity;
  j["charges_e"] = r.settings.charges_e;
  j["conductivity_S_per_cm"] = conductivity_json(total);
  j["conductivity_S_per_cm"]["fit_window_ps"] = {r.time_ps(r.conductivity_window.first),
                                                 r.time_ps(r.conductivity_window.last)};
  j["conductivity_S_per_cm"]["stderr_method"] = total.charge_msd.error_method;
  j["haven_ratio"] = json_number(total.haven_ratio);
  j["haven_ratio_stderr"] = json_number(total.haven_ratio_stderr);
  j["conductivity_gls_S_per_cm"] = {
      {"collective", optional_number(total.collective_gls_S_per_cm)},
      {"collective_stderr", optional_number(total.collective_gls_stderr_S_per_cm)},
      {"nernst_einstein_stderr", optional_number(total.nernst_einstein_gls_stderr_S_per_cm)}};
  j["haven_ratio_gls_stderr"] = optional_number(total.haven_ratio_gls_stderr);
  if (!total.charge_msd.gls) j["conductivity_gls_reason"] = total.charge_msd.gls_note;
}

nlohmann::json hops_json(const DynamicsResults& r) {
  const HopResult& h = r.hops;
  return {{"species", r.mobile_species},
          {"threshold_A", r.settings.hops.threshold_A},
          {"persistence_ps", r.time_ps(h.persistence_frames)},
          {"site_radius_A", r.settings.hops.site_radius_A},
          {"hop_count", h.hops.size()},
          {"hop_rate_per_ion_per_ps", h.hop_rate_per_ion_per_ps},
          {"mean_residence_time_ps",
           h.residence_times_ps.empty() ? nlohmann::json(nullptr) : nlohmann::json(h.mean_residence_ps)},
          {"completed_residences", h.residence_times_ps.size()},
          {"sites", h.sites},
          {"largest_cluster_sites", h.largest_cluster_sites},
          {"percolates", {{"a", h.percolates[0]}, {"b", h.percolates[1]}, {"c", h.percolates[2]}}}};
}

nlohmann::json mobility_descriptors_json(const DynamicsResults& r) {
  const MobilityResult& m = *r.mobility;
  nlohmann::json j;
  j["species"] = r.mobile_species;
  j["window_ps"] = m.window_ps;
  j["fraction"] = r.settings.mobility_fraction;
  j["ions_per_group"] = std::count(m.group.begin(), m.group.end(), 1);  // the fastest; as many slowest
  j["cutoffs_A"] = m.cutoffs_used;
  for (std::size_t k = 0; k < m.descriptor_names.size(); ++k)
    j["descriptors"][m.descriptor_names[k]] = {{"mean_fast", json_number(m.mean_fast[k])},
                                               {"mean_slow", json_number(m.mean_slow[k])},
                                               {"spearman_vs_displacement", json_number(m.spearman[k])}};
  return j;
}

std::vector<double> lag_times(const DynamicsResults& r) {
  std::vector<double> time(r.frames);
  for (std::size_t m = 0; m < r.frames; ++m) time[m] = r.time_ps(m);
  return time;
}

// msd.csv (time, per species total and per-axis MSD and β, the charge MSD), msd.svg with the
// fitted line MSD = 6Dt + c over each window, beta.svg.
void write_msd(const DynamicsResults& r, const std::string& dir) {
  const std::vector<double> time = lag_times(r);
  CsvTable msd({});
  msd.add_column("time_ps", time);
  Plot msd_plot, beta_plot;
  msd_plot.title = "Mean-squared displacement";
  msd_plot.x_label = "t (ps)";
  msd_plot.y_label = "MSD (Å²)";
  msd_plot.log_x = msd_plot.log_y = true;
  beta_plot.title = "Local exponent β = d ln MSD / d ln t";
  beta_plot.x_label = "t (ps)";
  beta_plot.y_label = "β";
  beta_plot.log_x = true;
  for (const auto& [s, e] : r.species) {
    const DiffusionResult& d = e.diffusion;
    msd.add_column("MSD_" + s + "_A2", d.msd.total);
    msd.add_column("MSD_" + s + "_x_A2", d.msd.axis[0]);
    msd.add_column("MSD_" + s + "_y_A2", d.msd.axis[1]);
    msd.add_column("MSD_" + s + "_z_A2", d.msd.axis[2]);
    std::vector<double> beta = d.beta;
    for (double& b : beta)
      if (!std::isfinite(b)) b = 0;
    msd.add_column("beta_" + s, beta);
    msd_plot.series.push_back({s, {time.begin() + 1, time.end()}, {d.msd.total.begin() + 1, d.msd.total.end()}});
    PlotSeries fit_line{s + " fit (D = " + fmt::format("{:.3g}", d.D_A2_per_ps() * 1e-4) + " cm²/s)", {}, {}};
    const std::size_t first = d.window.first, last = d.window.last;
    for (std::size_t m = first; m <= last; m += std::max<std::size_t>(1, (last - first) / 50))
      if (m > 0) {
        fit_line.x.push_back(time[m]);
        fit_line.y.push_back(
            std::max(1e-12, 6 * d.D_A2_per_ps() * time[m] + (d.msd.total[first] - 6 * d.D_A2_per_ps() * time[first])));
      }
    msd_plot.series.push_back(fit_line);
    msd_plot.bands.push_back({time[first], time[last], s + " fit window"});
    beta_plot.series.push_back({s, {time.begin() + 1, time.end()}, {beta.begin() + 1, beta.end()}});
    beta_plot.bands.push_back({time[first], time[last], s + " fit window"});
  }
  if (r.conductivity) msd.add_column("charge_MSD_e2A2", r.conductivity->charge_msd.msd.total);
  msd.save(dir + "msd.csv");
  msd_plot.save(dir + "msd.svg");
  beta_plot.y_min = 0;
  beta_plot.y_max = 2.2;
  beta_plot.save(dir + "beta.svg");
}

// van_hove_self.csv/.svg (the plot shows 4πr² G_s, the radial displacement density) and
// van_hove_distinct.csv/.svg when some species has two atoms.
void write_van_hove(const DynamicsResults& r, const std::string& dir) {
  CsvTable self({}), distinct({});
  Plot self_plot, distinct_plot;
  self_plot.title = "Self van Hove function";
  self_plot.x_label = "r (Å)";
  self_plot.y_label = "4πr² G_s(r,t) (1/Å)";
  distinct_plot.title = "Distinct van Hove function";
  distinct_plot.x_label = "r (Å)";
  distinct_plot.y_label = "G_d(r,t)";
  std::size_t self_bins = 0;
  for (const auto& [s, e] : r.species) self_bins = std::max(self_bins, e.self_van_hove.front().r_A.size());
  std::vector<double> self_r(self_bins);
  for (std::size_t k = 0; k < self_bins; ++k) self_r[k] = (static_cast<double>(k) + 0.5) * r.settings.van_hove_bin_A;
  self.add_column("r_A", self_r);
  for (const auto& [s, e] : r.species)
    for (const auto& c : e.self_van_hove) {
      std::vector<double> v = c.values;
      v.resize(self_bins, 0.0);
      self.add_column(fmt::format("G_s_{}_t{:g}ps_per_A3", s, c.time_ps), v);
      PlotSeries series{fmt::format("{} t = {:g} ps", s, c.time_ps), self_r, {}};
      for (std::size_t k = 0; k < self_bins; ++k) series.y.push_back(4 * units::pi * self_r[k] * self_r[k] * v[k]);
      self_plot.series.push_back(series);
    }
  self.save(dir + "van_hove_self.csv");
  self_plot.save(dir + "van_hove_self.svg");
  bool first_distinct = true;
  for (const auto& [s, e] : r.species)
    for (const auto& c : e.distinct_van_hove) {
      if (first_distinct) distinct.add_column("r_A", c.r_A);
      first_distinct = false;
      distinct.add_column(fmt::format("G_d_{}_t{:g}ps", s, c.time_ps), c.values);
      distinct_plot.series.push_back({fmt::format("{} t = {:g} ps", s, c.time_ps), c.r_A, c.values});
    }
  if (!first_distinct) {
    distinct.save(dir + "van_hove_distinct.csv");
    distinct_plot.save(dir + "van_hove_distinct.svg");
  }
}

void write_alpha2(const DynamicsResults& r, const std::string& dir) {
  CsvTable a2({});
  Plot a2_plot;
  a2_plot.title = "Non-Gaussian parameter";
  a2_plot.x_label = "t (ps)";
  a2_plot.y_label = "α₂(t)";
  a2_plot.log_x = true;
  bool first = true;
  for (const auto& [s, e] : r.species) {
    const NonGaussianCurve& c = e.alpha2;
    if (first) a2.add_column("time_ps", c.time_ps);
    first = false;
    a2.add_column("alpha2_" + s, c.alpha2);
    a2.add_column("MSD_" + s + "_A2", c.msd_A2);
    a2.add_column("MSD4_" + s + "_A4", c.quartic_A4);
    a2_plot.series.push_back({s, c.time_ps, c.alpha2});
  }
  a2.save(dir + "alpha2.csv");
  a2_plot.save(dir + "alpha2.svg");
}

void write_hops(const DynamicsResults& r, const std::string& dir) {
  const HopResult& hops = r.hops;
  CsvTable hop_table({"ion_id", "time_ps", "from_site", "to_site", "length_A"});
  for (const Hop& h : hops.hops)
    hop_table.add_text_row({std::to_string(h.ion_id), fmt::format("{:.10g}", h.time_ps), std::to_string(h.from_site),
                            std::to_string(h.to_site), fmt::format("{:.10g}", h.length_A)});
  hop_table.save(dir + "hops.csv");
  CsvTable residence({});
  residence.add_column("residence_time_ps", hops.residence_histogram_bins_ps);
  residence.add_column("probability", hops.residence_histogram_probability);
  residence.save(dir + "residence_times.csv");
  if (hops.residence_times_ps.empty()) return;
  Plot plot;
  plot.title = "Residence times of " + r.mobile_species;
  plot.x_label = "residence time (ps)";
  plot.y_label = "fraction";
  plot.series.push_back({r.mobile_species, hops.residence_histogram_bins_ps, hops.residence_histogram_probability});
  plot.series.back().markers = true;
  plot.save(dir + "residence_times.svg");
}

const char* group_name(int group) {
  return group > 0 ? "fast" : group < 0 ? "slow" : "middle";
}

// mobility.csv (displacement, group and descriptors per ion) and one scatter plot per descriptor.
void write_mobility(const DynamicsResults& r, const std::string& dir) {
  const MobilityResult& m = *r.mobility;
  std::vector<std::string> header{"ion_id", "displacement_A", "group"};
  for (const auto& n : m.descriptor_names) header.push_back(n);
  CsvTable table(header);
  for (std::size_t n = 0; n < m.ids.size(); ++n) {
    std::vector<std::string> row{std::to_string(m.ids[n]), fmt::format("{:.10g}", m.displacement_A[n]),
                                 group_name(m.group[n])};
    for (const auto& values : m.descriptors) row.push_back(fmt::format("{:.10g}", values[n]));
    table.add_text_row(row);
  }
  table.save(dir + "mobility.csv");
  for (std::size_t k = 0; k < m.descriptor_names.size(); ++k) {
    Plot p;
    p.title = fmt::format("{} displacement over {:g} ps vs {} (Spearman {:.3f})", r.mobile_species, m.window_ps,
                          m.descriptor_names[k], m.spearman[k]);
    p.x_label = m.descriptor_names[k];
    p.y_label = "displacement (Å)";
    for (int g : {-1, 0, 1}) {
      PlotSeries series{g > 0 ? "fastest" : g < 0 ? "slowest" : "others", {}, {}};
      series.markers = true;
      series.line = false;
      for (std::size_t n = 0; n < m.ids.size(); ++n)
        if (m.group[n] == g) {
          series.x.push_back(m.descriptors[k][n]);
          series.y.push_back(m.displacement_A[n]);
        }
      if (!series.x.empty()) p.series.push_back(series);
    }
    p.save(dir + "mobility_" + m.descriptor_names[k] + ".svg");
  }
}

}  // namespace

nlohmann::json dynamics_json(const DynamicsResults& r) {
  nlohmann::json j;
  j["files"] = r.settings.trajectory_files;
  j["frames"] = r.frames;
  j["frame_interval_ps"] = r.frame_interval_ps;
  j["duration_ps"] = r.duration_ps();
  j["temperature_K"] = r.temperature_K > 0 ? nlohmann::json(r.temperature_K) : nlohmann::json(nullptr);
  j["volume_A3"] = r.volume_A3;
  j["unwrapping"] = r.unwrapped_from_image_flags ? "image flags" : "consecutive frames";
  j["drift_removed"] = r.drift_removed;
  j["max_centre_of_mass_drift_A"] = r.max_centre_of_mass_drift_A;
  j["mobile_species"] = r.mobile_species;
  j["matrix"] = {{"state", r.matrix.state}, {"species", r.matrix.species}, {"reason", r.matrix.reason}};
  for (const auto& [symbol, e] : r.species) j["species"][symbol] = species_json(r, e);
  add_conductivity(r, j);
  j["hops"] = hops_json(r);
  if (r.mobility) j["mobility"] = mobility_descriptors_json(r);
  j["van_hove_times_ps"] = r.van_hove_times_ps;
  return j;
}

void write_dynamics_report(const DynamicsResults& results, const std::string& directory) {
  std::filesystem::create_directories(directory);
  const std::string dir = directory + "/";
  write_msd(results, dir);
  write_van_hove(results, dir);
  write_alpha2(results, dir);
  write_hops(results, dir);
  if (results.mobility) write_mobility(results, dir);
  write_file_atomically(dir + "dynamics.json", dynamics_json(results).dump(2) + "\n");
}

std::string dynamics_summary(const DynamicsResults& r, const std::string& output_directory) {
  std::string text =
      fmt::format("{} frames, {:g} ps apart ({:g} ps), unwrapped from {}, drift {}\n", r.frames, r.frame_interval_ps,
                  r.duration_ps(), r.unwrapped_from_image_flags ? "image flags" : "consecutive frames",
                  r.drift_removed ? "removed" : "kept");
  for (const auto& [s, e] : r.species) {
    const DiffusionResult& d = e.diffusion;
    if (d.regime.is_diffusive())
      text += fmt::format("  {:<3} D = {:.4g} ± {:.2g} cm²/s  (window {:g}–{:g} ps)\n", s, d.D_A2_per_ps() * 1e-4,
                          d.D_stderr_A2_per_ps() * 1e-4, r.time_ps(d.window.first), r.time_ps(d.window.last));
    else
      text += fmt::format("  {:<3} {}: no D  ({})\n", s, regime_name(d.regime.regime), d.regime.reason);
  }
  text += fmt::format("  matrix: {} ({})\n", r.matrix.state, r.matrix.reason);
  if (const auto& c = r.conductivity)
    text += fmt::format("  σ_NE = {:.4g} ± {:.2g} S/cm, σ = {:.4g} ± {:.2g} S/cm, Haven ratio {:.3g} ± {:.2g}\n",
                        c->nernst_einstein_S_per_cm, c->nernst_einstein_stderr_S_per_cm, c->collective_S_per_cm,
                        c->collective_stderr_S_per_cm, c->haven_ratio, c->haven_ratio_stderr);
  const HopResult& h = r.hops;
  text +=
      fmt::format("  {} hops: {} ({:.3g} per ion per ps), {} sites, percolates a/b/c: {}/{}/{}\n", r.mobile_species,
                  h.hops.size(), h.hop_rate_per_ion_per_ps, h.sites, h.percolates[0], h.percolates[1], h.percolates[2]);
  if (!output_directory.empty()) text += "  results in " + output_directory + "\n";
  return text;
}

}  // namespace ionglass
