// `ionglass dynamics TRAJECTORY...`: MSD, diffusion coefficients, conductivity, van Hove functions,
// non-Gaussian parameter, hops and the mobility–structure link (docs/dynamics-analysis.md).
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <limits>
#include <set>

#include "ionglass/analysis/dynamics/arrhenius_fit.hpp"
#include "ionglass/analysis/dynamics/diffusion_coefficient.hpp"
#include "ionglass/analysis/dynamics/ion_hops.hpp"
#include "ionglass/analysis/dynamics/ionic_conductivity.hpp"
#include "ionglass/analysis/dynamics/mobility_descriptors.hpp"
#include "ionglass/analysis/dynamics/non_gaussian_parameter.hpp"
#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"
#include "ionglass/analysis/dynamics/van_hove.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/progress.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/report/csv_table.hpp"
#include "ionglass/report/svg_plot.hpp"

namespace ionglass::cli {

namespace {

struct DynamicsOptions {
  std::vector<std::string> files;
  StructureInputOptions input;
  double timestep_ps = 0, frame_interval_ps = 0;
  std::string species, charges, mobile, van_hove_times = "1,10,100", fit_window, cutoffs, former = "P";
  double temperature_K = 0;
  bool keep_drift = false, json = false;
  std::string out;
  double ballistic_ps = 1.0, beta_tolerance = 0.1, max_fraction = 0.2;
  int blocks = 5;
  double van_hove_bin_A = 0.05;
  double hop_threshold_A = 1.5, hop_persistence_ps = 1.0, site_radius_A = 1.0;
  double mobility_fraction = 0.2, mobility_window_ps = 0;
  int threads = 0;
};

// JSON cannot hold NaN: such values become null.
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

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

std::string canonical_symbol(const std::string& s) { return elements::by_symbol(s).symbol; }

void run_dynamics(const DynamicsOptions& o) {
  set_threads(o.threads);
  if (o.timestep_ps < 0 || o.frame_interval_ps < 0) throw InputError("times must be positive");
  if (o.temperature_K < 0) throw InputError("--temperature must be positive");
  std::map<std::string, double> charges;
  for (const auto& [symbol, q] : parse_assignments(o.charges, "--charges")) charges[canonical_symbol(symbol)] = q;

  UnwrapOptions unwrap;
  unwrap.remove_drift = !o.keep_drift;
  unwrap.timestep_ps = o.timestep_ps;
  unwrap.frame_interval_ps = o.frame_interval_ps;
  std::set<std::string> wanted;
  for (const std::string& s : split_symbol_list(o.species)) wanted.insert(canonical_symbol(s));
  if (!wanted.empty())
    for (const auto& [symbol, q] : charges) wanted.insert(symbol);
  unwrap.species.assign(wanted.begin(), wanted.end());
  const UnwrappedTrajectory t = read_unwrapped_trajectory(o.files, o.input.read_options(), unwrap);
  for (const auto& [symbol, q] : charges)
    if (t.atoms_of(elements::by_symbol(symbol).atomic_number).empty())
      throw InputError("--charges names " + symbol + ", which is not in the trajectory");

  const double dt = t.frame_interval_ps();
  const std::size_t frames = t.frame_count();
  const double temperature = o.temperature_K > 0 ? o.temperature_K : t.temperature_from_info_K();
  const std::vector<std::string> species = t.species();
  std::string mobile = o.mobile.empty() ? "" : canonical_symbol(o.mobile);
  if (mobile.empty()) {
    for (const auto& s : species)
      if (s == "Na") mobile = s;
    if (mobile.empty()) mobile = !charges.empty() ? charges.begin()->first : species.front();
  }
  if (std::find(species.begin(), species.end(), mobile) == species.end())
    throw InputError("--mobile " + mobile + " is not among the analysed species");

  DiffusionFitOptions fit;
  fit.ballistic_ps = o.ballistic_ps;
  fit.beta_tolerance = o.beta_tolerance;
  fit.max_fraction = o.max_fraction;
  fit.blocks = o.blocks;
  if (!o.fit_window.empty()) {
    const auto w = parse_number_list(o.fit_window, "--fit-window");
    if (w.size() != 2) throw InputError("--fit-window takes START,END in ps");
    fit.window_start_ps = w[0];
    fit.window_end_ps = w[1];
  }

  // Van Hove lags.
  std::vector<std::size_t> vh_lags;
  std::vector<double> vh_times = parse_number_list(o.van_hove_times, "--van-hove-times");
  const bool default_times = o.van_hove_times == "1,10,100";
  for (double time : vh_times) {
    const auto lag = static_cast<long long>(std::llround(time / dt));
    if (lag >= 1 && static_cast<std::size_t>(lag) < frames) vh_lags.push_back(static_cast<std::size_t>(lag));
    else if (!default_times)
      throw InputError(fmt::format("--van-hove-times: {} ps is outside the trajectory (frame interval {} ps, {} ps long)",
                                   time, dt, static_cast<double>(frames - 1) * dt));
  }
  if (vh_lags.empty()) vh_lags.push_back(std::max<std::size_t>(1, (frames - 1) / 2));
  std::sort(vh_lags.begin(), vh_lags.end());
  vh_lags.erase(std::unique(vh_lags.begin(), vh_lags.end()), vh_lags.end());

  const std::size_t stages = species.size() * 4 + (charges.empty() ? 0 : 1) + 2;
  Progress progress("dynamics analysis", static_cast<long long>(stages));

  nlohmann::json j;
  j["files"] = o.files;
  j["frames"] = frames;
  j["frame_interval_ps"] = dt;
  j["duration_ps"] = static_cast<double>(frames - 1) * dt;
  j["temperature_K"] = temperature > 0 ? nlohmann::json(temperature) : nlohmann::json(nullptr);
  j["volume_A3"] = t.mean_volume_A3();
  j["unwrapping"] = t.unwrapped_from_image_flags() ? "image flags" : "consecutive frames";
  j["drift_removed"] = t.drift_removed();
  double max_drift = 0;
  for (const Vec3& d : t.drift()) max_drift = std::max(max_drift, d.norm());
  j["max_centre_of_mass_drift_A"] = max_drift;
  j["mobile_species"] = mobile;

  std::map<std::string, DiffusionResult> diffusion;
  std::map<std::string, NonGaussianCurve> alpha2;
  std::map<std::string, std::vector<VanHoveCurve>> self_vh, distinct_vh;
  const auto ng_lags = log_spaced_lags(frames, 60);
  VanHoveOptions vh_options;
  vh_options.bin_width_A = o.van_hove_bin_A;
  for (const std::string& s : species) {
    const auto atoms = t.atoms_of(elements::by_symbol(s).atomic_number);
    diffusion[s] = analyse_diffusion(t.positions().data(), frames, 3 * t.atom_count(), atoms, dt, fit);
    progress.advance();
    alpha2[s] = non_gaussian_parameter(t, atoms, ng_lags);
    progress.advance();
    self_vh[s] = self_van_hove(t, atoms, vh_lags, vh_options);
    progress.advance();
    if (atoms.size() >= 2) distinct_vh[s] = distinct_van_hove(t, atoms, vh_lags, vh_options);
    progress.advance();

    const DiffusionResult& d = diffusion[s];
    nlohmann::json e;
    e["atoms"] = atoms.size();
    e["D_A2_per_ps"] = d.D_A2_per_ps();
    e["D_cm2_per_s"] = d.D_A2_per_ps() * A2_per_ps_to_cm2_per_s;
    e["D_stderr_A2_per_ps"] = d.D_stderr_A2_per_ps();
    e["D_stderr_cm2_per_s"] = d.D_stderr_A2_per_ps() * A2_per_ps_to_cm2_per_s;
    e["D_stderr_method"] = d.error_method;
    if (d.gls) {
      const double u = A2_per_ps_to_cm2_per_s;
      e["D_gls"] = {
          {"D_cm2_per_s", d.gls->D * u},
          {"D_stderr_cm2_per_s", d.gls->D_stderr * u},
          {"D_68_interval_cm2_per_s", {d.gls->D_68_low * u, d.gls->D_68_high * u}},
          {"D_95_interval_cm2_per_s", {d.gls->D_95_low * u, d.gls->D_95_high * u}},
          {"chi2", d.gls->chi2},
          {"lags_fitted", d.gls->points},
          {"method", "GLS with the overlapping-window random-walk MSD covariance (docs/dynamics-analysis.md)"}};
    } else {
      e["D_gls"] = nullptr;
      e["D_gls_reason"] = d.gls_note;
    }
    e["D_axis_cm2_per_s"] = {d.axis_slope_A2_per_ps[0] / 2 * A2_per_ps_to_cm2_per_s,
                             d.axis_slope_A2_per_ps[1] / 2 * A2_per_ps_to_cm2_per_s,
                             d.axis_slope_A2_per_ps[2] / 2 * A2_per_ps_to_cm2_per_s};
    e["fit_window_ps"] = {static_cast<double>(d.window.first) * dt, static_cast<double>(d.window.last) * dt};
    e["diffusive_window_found"] = d.window.diffusive;
    e["fit_window_rule"] = d.window.note;
    double beta_sum = 0;
    for (std::size_t m = d.window.first; m <= d.window.last; ++m) beta_sum += d.beta[m];
    e["beta_mean_in_window"] = number(beta_sum / static_cast<double>(d.window.last - d.window.first + 1));
    e["msd_at_window_end_A2"] = d.msd.total[d.window.last];
    const auto& a2 = alpha2[s];
    std::size_t peak = 0;
    for (std::size_t k = 0; k < a2.alpha2.size(); ++k)
      if (a2.alpha2[k] > a2.alpha2[peak]) peak = k;
    if (!a2.alpha2.empty()) {
      e["alpha2_max"] = a2.alpha2[peak];
      e["alpha2_max_time_ps"] = a2.time_ps[peak];
    }
    j["species"][s] = e;
  }

  // Conductivity and Haven ratio.
  std::optional<ConductivityResult> total;
  std::map<std::string, ConductivityResult> by_species;
  if (!charges.empty() && temperature > 0) {
    const std::string carrier = charges.count(mobile) ? mobile : charges.begin()->first;
    const FitWindow window = diffusion.at(carrier).window;
    total = ionic_conductivity(t, charges, diffusion, temperature, window, fit);
    for (const auto& [symbol, q] : charges) {
      by_species[symbol] = ionic_conductivity(t, {{symbol, q}}, diffusion, temperature, diffusion.at(symbol).window, fit);
      const auto& c = by_species[symbol];
      auto& e = j["species"][symbol];
      e["charge_e"] = q;
      e["conductivity_S_per_cm"] = {{"nernst_einstein", c.nernst_einstein_S_per_cm},
                                    {"nernst_einstein_stderr", c.nernst_einstein_stderr_S_per_cm},
                                    {"collective", c.collective_S_per_cm},
                                    {"collective_stderr", c.collective_stderr_S_per_cm}};
      e["sigma_T_S_K_per_cm"] = {{"nernst_einstein", c.nernst_einstein_S_per_cm * temperature},
                                 {"collective", c.collective_S_per_cm * temperature}};
      e["haven_ratio"] = number(c.haven_ratio);
      e["haven_ratio_stderr"] = number(c.haven_ratio_stderr);
    }
    j["charges_e"] = charges;
    j["conductivity_S_per_cm"] = {{"nernst_einstein", total->nernst_einstein_S_per_cm},
                                  {"nernst_einstein_stderr", total->nernst_einstein_stderr_S_per_cm},
                                  {"collective", total->collective_S_per_cm},
                                  {"collective_stderr", total->collective_stderr_S_per_cm},
                                  {"fit_window_ps", {static_cast<double>(window.first) * dt, static_cast<double>(window.last) * dt}},
                                  {"stderr_method", total->charge_msd.error_method}};
    j["haven_ratio"] = number(total->haven_ratio);
    j["haven_ratio_stderr"] = number(total->haven_ratio_stderr);
    const auto optional_number = [](const std::optional<double>& v) {
      return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    j["conductivity_gls_S_per_cm"] = {
        {"collective", optional_number(total->collective_gls_S_per_cm)},
        {"collective_stderr", optional_number(total->collective_gls_stderr_S_per_cm)},
        {"nernst_einstein_stderr", optional_number(total->nernst_einstein_gls_stderr_S_per_cm)}};
    j["haven_ratio_gls_stderr"] = optional_number(total->haven_ratio_gls_stderr);
    if (!total->charge_msd.gls) j["conductivity_gls_reason"] = total->charge_msd.gls_note;
    progress.advance();
  } else if (!charges.empty()) {
    j["conductivity_note"] = "no temperature (give --temperature or a trajectory with temperature info): conductivity not computed";
  }

  // Hops and mobility of the mobile species.
  HopOptions hop_options;
  hop_options.threshold_A = o.hop_threshold_A;
  hop_options.persistence_ps = o.hop_persistence_ps;
  hop_options.site_radius_A = o.site_radius_A;
  const auto mobile_atoms = t.atoms_of(elements::by_symbol(mobile).atomic_number);
  const HopResult hops = analyse_hops(t, mobile_atoms, hop_options);
  progress.advance();
  j["hops"] = {{"species", mobile},
               {"threshold_A", hop_options.threshold_A},
               {"persistence_ps", static_cast<double>(hops.persistence_frames) * dt},
               {"site_radius_A", hop_options.site_radius_A},
               {"hop_count", hops.hops.size()},
               {"hop_rate_per_ion_per_ps", hops.hop_rate_per_ion_per_ps},
               {"mean_residence_time_ps", hops.residence_times_ps.empty() ? nlohmann::json(nullptr) : nlohmann::json(hops.mean_residence_ps)},
               {"completed_residences", hops.residence_times_ps.size()},
               {"sites", hops.sites},
               {"largest_cluster_sites", hops.largest_cluster_sites},
               {"percolates", {{"a", hops.percolates[0]}, {"b", hops.percolates[1]}, {"c", hops.percolates[2]}}}};

  std::optional<MobilityResult> mobility;
  if (mobile_atoms.size() >= 2) {
    MobilityOptions mobility_options;
    mobility_options.fraction = o.mobility_fraction;
    mobility_options.window_ps = o.mobility_window_ps;
    mobility_options.former = canonical_symbol(o.former);
    for (const auto& [pair, value] : parse_assignments(o.cutoffs, "--cutoff")) {
      const auto dash = pair.find('-');
      if (dash == std::string::npos) throw InputError("--cutoff: '" + pair + "' must read A-B=VALUE");
      mobility_options.cutoffs[canonical_symbol(pair.substr(0, dash)) + "-" + canonical_symbol(pair.substr(dash + 1))] = value;
    }
    mobility = mobility_against_structure(t, mobile, mobility_options);
    nlohmann::json m;
    m["species"] = mobile;
    m["window_ps"] = mobility->window_ps;
    m["fraction"] = mobility_options.fraction;
    m["cutoffs_A"] = mobility->cutoffs_used;
    for (std::size_t k = 0; k < mobility->descriptor_names.size(); ++k)
      m["descriptors"][mobility->descriptor_names[k]] = {{"mean_fast", number(mobility->mean_fast[k])},
                                                         {"mean_slow", number(mobility->mean_slow[k])},
                                                         {"spearman_vs_displacement", number(mobility->spearman[k])}};
    j["mobility"] = m;
  }
  progress.advance();
  std::vector<double> vh_t;
  for (std::size_t lag : vh_lags) vh_t.push_back(static_cast<double>(lag) * dt);
  j["van_hove_times_ps"] = vh_t;
  progress.finish();

  if (!o.out.empty()) {
    std::filesystem::create_directories(o.out);
    const std::string dir = o.out + "/";
    // msd.csv and plots.
    CsvTable msd({});
    std::vector<double> time(frames);
    for (std::size_t m = 0; m < frames; ++m) time[m] = static_cast<double>(m) * dt;
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
    for (const auto& [s, d] : diffusion) {
      msd.add_column("MSD_" + s + "_A2", d.msd.total);
      msd.add_column("MSD_" + s + "_x_A2", d.msd.axis[0]);
      msd.add_column("MSD_" + s + "_y_A2", d.msd.axis[1]);
      msd.add_column("MSD_" + s + "_z_A2", d.msd.axis[2]);
      std::vector<double> beta = d.beta;
      for (double& b : beta)
        if (!std::isfinite(b)) b = 0;
      msd.add_column("beta_" + s, beta);
      PlotSeries series{s, {time.begin() + 1, time.end()}, {d.msd.total.begin() + 1, d.msd.total.end()}};
      msd_plot.series.push_back(series);
      PlotSeries fit_line_series{s + " fit (D = " + fmt::format("{:.3g}", d.D_A2_per_ps() * 1e-4) + " cm²/s)", {}, {}};
      for (std::size_t m = d.window.first; m <= d.window.last; m += std::max<std::size_t>(1, (d.window.last - d.window.first) / 50))
        if (m > 0) {
          fit_line_series.x.push_back(time[m]);
          fit_line_series.y.push_back(std::max(1e-12, 6 * d.D_A2_per_ps() * time[m] +
                                                          (d.msd.total[d.window.first] - 6 * d.D_A2_per_ps() * time[d.window.first])));
        }
      msd_plot.series.push_back(fit_line_series);
      msd_plot.bands.push_back({time[d.window.first], time[d.window.last], s + " fit window"});
      beta_plot.series.push_back({s, {time.begin() + 1, time.end()}, {beta.begin() + 1, beta.end()}});
      beta_plot.bands.push_back({time[d.window.first], time[d.window.last], s + " fit window"});
    }
    if (total) msd.add_column("charge_MSD_e2A2", total->charge_msd.msd.total);
    msd.save(dir + "msd.csv");
    msd_plot.save(dir + "msd.svg");
    beta_plot.y_min = 0;
    beta_plot.y_max = 2.2;
    beta_plot.save(dir + "beta.svg");

    // Van Hove.
    CsvTable self({}), distinct({});
    Plot self_plot, distinct_plot;
    self_plot.title = "Self van Hove function";
    self_plot.x_label = "r (Å)";
    self_plot.y_label = "4πr² G_s(r,t) (1/Å)";
    distinct_plot.title = "Distinct van Hove function";
    distinct_plot.x_label = "r (Å)";
    distinct_plot.y_label = "G_d(r,t)";
    std::size_t self_bins = 0;
    for (const auto& [s, curves] : self_vh) self_bins = std::max(self_bins, curves.front().r_A.size());
    std::vector<double> self_r(self_bins);
    for (std::size_t k = 0; k < self_bins; ++k) self_r[k] = (static_cast<double>(k) + 0.5) * o.van_hove_bin_A;
    self.add_column("r_A", self_r);
    for (const auto& [s, curves] : self_vh)
      for (const auto& c : curves) {
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
    for (const auto& [s, curves] : distinct_vh)
      for (const auto& c : curves) {
        if (first_distinct) distinct.add_column("r_A", c.r_A);
        first_distinct = false;
        distinct.add_column(fmt::format("G_d_{}_t{:g}ps", s, c.time_ps), c.values);
        distinct_plot.series.push_back({fmt::format("{} t = {:g} ps", s, c.time_ps), c.r_A, c.values});
      }
    if (!first_distinct) {
      distinct.save(dir + "van_hove_distinct.csv");
      distinct_plot.save(dir + "van_hove_distinct.svg");
    }

    // α₂.
    CsvTable a2({});
    Plot a2_plot;
    a2_plot.title = "Non-Gaussian parameter";
    a2_plot.x_label = "t (ps)";
    a2_plot.y_label = "α₂(t)";
    a2_plot.log_x = true;
    bool first_a2 = true;
    for (const auto& [s, c] : alpha2) {
      if (first_a2) a2.add_column("time_ps", c.time_ps);
      first_a2 = false;
      a2.add_column("alpha2_" + s, c.alpha2);
      a2.add_column("MSD_" + s + "_A2", c.msd_A2);
      a2.add_column("MSD4_" + s + "_A4", c.quartic_A4);
      a2_plot.series.push_back({s, c.time_ps, c.alpha2});
    }
    a2.save(dir + "alpha2.csv");
    a2_plot.save(dir + "alpha2.svg");

    // Hops.
    CsvTable hop_table({"ion_id", "time_ps", "from_site", "to_site", "length_A"});
    for (const Hop& h : hops.hops)
      hop_table.add_text_row({std::to_string(h.ion_id), fmt::format("{:.10g}", h.time_ps), std::to_string(h.from_site),
                              std::to_string(h.to_site), fmt::format("{:.10g}", h.length_A)});
    hop_table.save(dir + "hops.csv");
    CsvTable residence({});
    residence.add_column("residence_time_ps", hops.residence_histogram_bins_ps);
    residence.add_column("probability", hops.residence_histogram_probability);
    residence.save(dir + "residence_times.csv");
    if (!hops.residence_times_ps.empty()) {
      Plot rp;
      rp.title = "Residence times of " + mobile;
      rp.x_label = "residence time (ps)";
      rp.y_label = "fraction";
      rp.series.push_back({mobile, hops.residence_histogram_bins_ps, hops.residence_histogram_probability});
      rp.series.back().markers = true;
      rp.save(dir + "residence_times.svg");
    }

    // Mobility.
    if (mobility) {
      std::vector<std::string> header{"ion_id", "displacement_A", "group"};
      for (const auto& n : mobility->descriptor_names) header.push_back(n);
      CsvTable table(header);
      for (std::size_t n = 0; n < mobility->ids.size(); ++n) {
        std::vector<std::string> row{std::to_string(mobility->ids[n]), fmt::format("{:.10g}", mobility->displacement_A[n]),
                                     mobility->group[n] > 0 ? "fast" : mobility->group[n] < 0 ? "slow" : "middle"};
        for (const auto& values : mobility->descriptors) row.push_back(fmt::format("{:.10g}", values[n]));
        table.add_text_row(row);
      }
      table.save(dir + "mobility.csv");
      for (std::size_t k = 0; k < mobility->descriptor_names.size(); ++k) {
        Plot p;
        p.title = fmt::format("{} displacement over {:g} ps vs {} (Spearman {:.3f})", mobile, mobility->window_ps,
                              mobility->descriptor_names[k], mobility->spearman[k]);
        p.x_label = mobility->descriptor_names[k];
        p.y_label = "displacement (Å)";
        for (int g : {-1, 0, 1}) {
          PlotSeries series{g > 0 ? "fastest" : g < 0 ? "slowest" : "others", {}, {}};
          series.markers = true;
          series.line = false;
          for (std::size_t n = 0; n < mobility->ids.size(); ++n)
            if (mobility->group[n] == g) {
              series.x.push_back(mobility->descriptors[k][n]);
              series.y.push_back(mobility->displacement_A[n]);
            }
          if (!series.x.empty()) p.series.push_back(series);
        }
        p.save(dir + "mobility_" + mobility->descriptor_names[k] + ".svg");
      }
    }
    write_json(dir + "dynamics.json", j);
  }
  if (o.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << fmt::format("{} frames, {:g} ps apart ({:g} ps), unwrapped from {}, drift {}\n", frames, dt,
                             static_cast<double>(frames - 1) * dt, j["unwrapping"].get<std::string>(),
                             t.drift_removed() ? "removed" : "kept");
    for (const auto& [s, d] : diffusion)
      std::cout << fmt::format("  {:<3} D = {:.4g} ± {:.2g} cm²/s  (window {:g}–{:g} ps{})\n", s,
                               d.D_A2_per_ps() * 1e-4, d.D_stderr_A2_per_ps() * 1e-4, static_cast<double>(d.window.first) * dt,
                               static_cast<double>(d.window.last) * dt, d.window.diffusive ? "" : ", NOT diffusive");
    if (total)
      std::cout << fmt::format("  σ_NE = {:.4g} ± {:.2g} S/cm, σ = {:.4g} ± {:.2g} S/cm, Haven ratio {:.3g} ± {:.2g}\n",
                               total->nernst_einstein_S_per_cm, total->nernst_einstein_stderr_S_per_cm,
                               total->collective_S_per_cm, total->collective_stderr_S_per_cm, total->haven_ratio,
                               total->haven_ratio_stderr);
    std::cout << fmt::format("  {} hops: {} ({:.3g} per ion per ps), {} sites, percolates a/b/c: {}/{}/{}\n", mobile,
                             hops.hops.size(), hops.hop_rate_per_ion_per_ps, hops.sites, hops.percolates[0],
                             hops.percolates[1], hops.percolates[2]);
    if (!o.out.empty()) std::cout << "  results in " << o.out << "\n";
  }
}

}  // namespace

void register_dynamics(CLI::App& app) {
  auto* cmd = app.add_subcommand("dynamics",
                                 "Ion dynamics: MSD, diffusion coefficients, conductivity and Haven ratio, van Hove "
                                 "functions, non-Gaussian parameter, hops and mobility against local structure");
  cmd->footer(
      "Units: Å, ps, K, e; D in Å²/ps and cm²/s, σ in S/cm.\n"
      "Errors: D_stderr from blocks of time origins; D_gls (JSON) = GLS fit with the overlapping-window\n"
      "MSD covariance, calibrated standard error and 68 %/95 % intervals (docs/dynamics-analysis.md).\n"
      "Outputs (--out DIR): dynamics.json, msd.csv, van_hove_self.csv, van_hove_distinct.csv, alpha2.csv,\n"
      "mobility.csv, hops.csv, residence_times.csv and SVG plots.\n"
      "Example:\n  ionglass dynamics run.dump --types Fe,Na,O,P --timestep-ps 0.001 --species Na \\\n"
      "      --charges Na=1 --temperature 1000 --van-hove-times 1,10,100 --out dyn/");
  auto o = std::make_shared<DynamicsOptions>();
  cmd->add_option("trajectories", o->files, "Trajectory files (LAMMPS dump, extxyz, XDATCAR), read in order")->required();
  o->input.add_to(*cmd);
  auto* timestep = cmd->add_option("--timestep-ps", o->timestep_ps, "MD timestep (ps); frame times = MD step × this");
  auto* interval = cmd->add_option("--frame-interval-ps", o->frame_interval_ps, "Time between frames (ps)");
  timestep->excludes(interval);
  interval->excludes(timestep);
  cmd->add_option("--species", o->species, "Elements to analyse, e.g. Na,O (default: all; charged species are always kept)");
  cmd->add_option("--charges", o->charges, "Formal charges of the mobile ions (e), e.g. Na=1");
  cmd->add_option("--temperature", o->temperature_K, "Temperature (K) (default: from the trajectory's info)");
  cmd->add_option("--mobile", o->mobile, "Species for hops and mobility (default: Na, else the first charged species)");
  cmd->add_flag("--keep-drift", o->keep_drift, "Do not remove the centre-of-mass drift");
  cmd->add_option("--fit-window", o->fit_window, "Fixed diffusion fit window START,END (ps) instead of the automatic one");
  cmd->add_option("--ballistic-ps", o->ballistic_ps, "Never fit before this time (ps)")->capture_default_str();
  cmd->add_option("--beta-tolerance", o->beta_tolerance, "Allowed |β − 1| in the automatic window")->capture_default_str();
  cmd->add_option("--max-fit-fraction", o->max_fraction, "Never fit beyond this fraction of the trajectory")->capture_default_str();
  cmd->add_option("--blocks", o->blocks, "Blocks of time origins for standard errors")->capture_default_str();
  cmd->add_option("--van-hove-times", o->van_hove_times, "Times of the van Hove functions (ps)")->capture_default_str();
  cmd->add_option("--van-hove-bin", o->van_hove_bin_A, "Van Hove bin width (Å)")->capture_default_str();
  cmd->add_option("--hop-threshold", o->hop_threshold_A, "Hop displacement threshold (Å)")->capture_default_str();
  cmd->add_option("--hop-persistence-ps", o->hop_persistence_ps, "Time a hop must persist (ps)")->capture_default_str();
  cmd->add_option("--site-radius", o->site_radius_A, "Residences closer than this are one site (Å)")->capture_default_str();
  cmd->add_option("--mobility-fraction", o->mobility_fraction, "Fastest/slowest fraction compared")->capture_default_str();
  cmd->add_option("--mobility-window-ps", o->mobility_window_ps, "Window for the mobility ranking (ps; 0: whole trajectory)");
  cmd->add_option("--former", o->former, "Network former for bridging/non-bridging O")->capture_default_str();
  cmd->add_option("--cutoff", o->cutoffs, "Pair cutoffs (Å) for descriptors, e.g. Na-O=3.3,P-O=2.0,Fe-O=2.7,Na-Fe=4,Na-P=4");
  cmd->add_option("--out", o->out, "Directory for dynamics.json, CSV tables and SVG plots");
  cmd->add_flag("--json", o->json, "Print the JSON result to standard output");
  cmd->add_option("--threads", o->threads, "OpenMP threads (default: all)");
  cmd->callback([o] { run_dynamics(*o); });
}

}  // namespace ionglass::cli
