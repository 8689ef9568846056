// `ionglass arrhenius DYNAMICS_JSON...`: activation energy and prefactor of D and σT from results
// of `ionglass dynamics` at several temperatures (docs/dynamics-analysis.md).
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "ionglass/analysis/dynamics/arrhenius_fit.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/report/csv_table.hpp"
#include "ionglass/report/svg_plot.hpp"

namespace ionglass::cli {

namespace {

struct ArrheniusOptions {
  std::vector<std::string> files;
  std::string species = "Na";
  std::vector<double> extrapolate_K;
  std::string out;
  bool json = false;
};

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

struct Point {
  std::string file;
  double temperature_K = 0;
  double D_cm2_per_s = 0, D_stderr_cm2_per_s = 0;
  bool has_sigma = false;
  double sigma_collective = 0, sigma_ne = 0;  // S/cm
};

Point read_point(const std::string& path, const std::string& species) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "cannot open the file");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, 0, std::string("not a JSON file: ") + e.what());
  }
  Point p;
  p.file = path;
  if (!j.contains("temperature_K") || !j["temperature_K"].is_number())
    throw InputError(path, 0, "no temperature_K (run ionglass dynamics with --temperature)");
  p.temperature_K = j["temperature_K"].get<double>();
  if (!j.contains("species") || !j["species"].contains(species))
    throw InputError(path, 0, "no results for species '" + species + "' (is this a dynamics.json?)");
  const auto& s = j["species"][species];
  if (!s.contains("D_cm2_per_s") || !s["D_cm2_per_s"].is_number()) throw InputError(path, 0, "no D_cm2_per_s for " + species);
  p.D_cm2_per_s = s["D_cm2_per_s"].get<double>();
  p.D_stderr_cm2_per_s = s.value("D_stderr_cm2_per_s", 0.0);
  if (s.contains("conductivity_S_per_cm")) {
    p.has_sigma = true;
    p.sigma_collective = s["conductivity_S_per_cm"]["collective"].get<double>();
    p.sigma_ne = s["conductivity_S_per_cm"]["nernst_einstein"].get<double>();
  }
  return p;
}

nlohmann::json describe(const ArrheniusFit& fit, const std::vector<double>& extrapolate, const std::string& unit) {
  nlohmann::json j;
  j["points"] = fit.points;
  j["activation_energy_eV"] = fit.activation_eV;
  j["activation_energy_stderr_eV"] = number(fit.activation_stderr_eV);
  j["prefactor_" + unit] = fit.prefactor();
  j["ln_prefactor"] = fit.ln_prefactor;
  j["ln_prefactor_stderr"] = number(fit.ln_prefactor_stderr);
  nlohmann::json e = nlohmann::json::array();
  for (double T : extrapolate) {
    double ln_error = 0;
    const double value = fit.predict(T, &ln_error);
    e.push_back({{"temperature_K", T}, {"value_" + unit, value}, {"ln_value_stderr", number(ln_error)}});
  }
  j["extrapolated"] = e;
  return j;
}

void arrhenius_plot(const std::string& path, const std::string& title, const std::string& y_label,
                    const std::vector<Point>& points, const std::vector<std::pair<std::string, std::vector<double>>>& data,
                    const std::vector<ArrheniusFit>& fits) {
  Plot p;
  p.title = title;
  p.x_label = "1000 / T (1/K)";
  p.y_label = y_label;
  p.log_y = true;
  double x_lo = 1e9, x_hi = 0;
  for (const Point& pt : points) {
    x_lo = std::min(x_lo, 1000 / pt.temperature_K);
    x_hi = std::max(x_hi, 1000 / pt.temperature_K);
  }
  for (std::size_t k = 0; k < data.size(); ++k) {
    PlotSeries s{data[k].first, {}, {}};
    s.markers = true;
    s.line = false;
    for (std::size_t n = 0; n < points.size(); ++n) {
      s.x.push_back(1000 / points[n].temperature_K);
      s.y.push_back(data[k].second[n]);
    }
    p.series.push_back(s);
    PlotSeries line{fmt::format("fit: E_a = {:.3f} eV", fits[k].activation_eV), {}, {}};
    for (int i = 0; i <= 20; ++i) {
      const double x = x_lo + (x_hi - x_lo) * i / 20.0;
      line.x.push_back(x);
      line.y.push_back(fits[k].predict(1000 / x));
    }
    p.series.push_back(line);
  }
  p.save(path);
}

void run_arrhenius(const ArrheniusOptions& o) {
  std::vector<Point> points;
  for (const auto& f : o.files) points.push_back(read_point(f, o.species));
  std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.temperature_K < b.temperature_K; });
  std::vector<double> T, D;
  for (const Point& p : points) {
    T.push_back(p.temperature_K);
    D.push_back(p.D_cm2_per_s);
  }
  const ArrheniusFit d_fit = fit_arrhenius(T, D);
  nlohmann::json j;
  j["species"] = o.species;
  j["files"] = o.files;
  j["temperatures_K"] = T;
  j["D_cm2_per_s"] = D;
  j["diffusion"] = describe(d_fit, o.extrapolate_K, "cm2_per_s");
  const bool sigma = std::all_of(points.begin(), points.end(), [](const Point& p) { return p.has_sigma; });
  std::vector<double> sigma_t, sigma_ne_t;
  std::optional<ArrheniusFit> s_fit, ne_fit;
  if (sigma) {
    for (const Point& p : points) {
      sigma_t.push_back(p.sigma_collective * p.temperature_K);
      sigma_ne_t.push_back(p.sigma_ne * p.temperature_K);
    }
    j["sigma_T_collective_S_K_per_cm"] = sigma_t;
    j["sigma_T_nernst_einstein_S_K_per_cm"] = sigma_ne_t;
    ne_fit = fit_arrhenius(T, sigma_ne_t);
    j["sigma_T_nernst_einstein"] = describe(*ne_fit, o.extrapolate_K, "S_K_per_cm");
    if (std::all_of(sigma_t.begin(), sigma_t.end(), [](double v) { return v > 0; })) {
      s_fit = fit_arrhenius(T, sigma_t);
      j["sigma_T_collective"] = describe(*s_fit, o.extrapolate_K, "S_K_per_cm");
    } else {
      j["sigma_T_collective_note"] = "a collective conductivity is not positive: no fit";
    }
  }
  if (!o.out.empty()) {
    std::filesystem::create_directories(o.out);
    CsvTable table({});
    table.add_column("temperature_K", T);
    std::vector<double> inverse;
    for (double t : T) inverse.push_back(1.0 / (units::boltzmann_eV_per_K * t));
    table.add_column("inverse_kT_per_eV", inverse);
    table.add_column("D_cm2_per_s", D);
    if (sigma) {
      table.add_column("sigma_T_collective_S_K_per_cm", sigma_t);
      table.add_column("sigma_T_nernst_einstein_S_K_per_cm", sigma_ne_t);
    }
    table.save(o.out + "/arrhenius.csv");
    arrhenius_plot(o.out + "/arrhenius_D.svg", "Arrhenius plot of D(" + o.species + ")", "D (cm²/s)", points, {{"D", D}}, {d_fit});
    if (sigma) {
      std::vector<std::pair<std::string, std::vector<double>>> data{{"σT Nernst–Einstein", sigma_ne_t}};
      std::vector<ArrheniusFit> fits{*ne_fit};
      if (s_fit) {
        data.push_back({"σT collective", sigma_t});
        fits.push_back(*s_fit);
      }
      arrhenius_plot(o.out + "/arrhenius_sigma_T.svg", "Arrhenius plot of σT", "σT (S K/cm)", points, data, fits);
    }
    write_json(o.out + "/arrhenius.json", j);
  }
  if (o.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << fmt::format("D({}): E_a = {:.4f} ± {:.4f} eV, D0 = {:.4g} cm²/s ({} temperatures)\n", o.species, d_fit.activation_eV,
                             d_fit.activation_stderr_eV, d_fit.prefactor(), d_fit.points);
    if (ne_fit)
      std::cout << fmt::format("σT Nernst–Einstein: E_a = {:.4f} ± {:.4f} eV\n", ne_fit->activation_eV, ne_fit->activation_stderr_eV);
    if (s_fit)
      std::cout << fmt::format("σT collective: E_a = {:.4f} ± {:.4f} eV\n", s_fit->activation_eV, s_fit->activation_stderr_eV);
    for (double t : o.extrapolate_K) std::cout << fmt::format("D({:g} K) = {:.4g} cm²/s\n", t, d_fit.predict(t));
  }
}

}  // namespace

void register_arrhenius(CLI::App& app) {
  auto* cmd = app.add_subcommand("arrhenius", "Activation energy and prefactor of D and σT from dynamics results at several temperatures");
  cmd->footer(
      "Fits ln D = ln D0 − E_a/(k_B T) by least squares (E_a in eV, standard errors from residuals).\n"
      "Units: K, eV, cm²/s, S K/cm.\nExample:\n"
      "  ionglass arrhenius T700/dynamics.json T800/dynamics.json T900/dynamics.json --species Na --extrapolate 300 --out arr/");
  auto o = std::make_shared<ArrheniusOptions>();
  cmd->add_option("results", o->files, "dynamics.json files written by ionglass dynamics (temperature read from each)")->required();
  cmd->add_option("--species", o->species, "Species whose D (and conductivity) is fitted")->capture_default_str();
  cmd->add_option("--extrapolate", o->extrapolate_K, "Temperatures (K) to extrapolate to, e.g. 300")->delimiter(',');
  cmd->add_option("--out", o->out, "Directory for arrhenius.json, arrhenius.csv and SVG plots");
  cmd->add_flag("--json", o->json, "Print the JSON result to standard output");
  cmd->callback([o] { run_arrhenius(*o); });
}

}  // namespace ionglass::cli
