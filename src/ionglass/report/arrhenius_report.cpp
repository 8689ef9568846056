#include "ionglass/report/arrhenius_report.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/report/csv_table.hpp"
#include "ionglass/report/json_number.hpp"
#include "ionglass/report/svg_plot.hpp"

namespace ionglass {

namespace {

nlohmann::json fit_json(const ArrheniusSeriesFit& series, const ArrheniusResults& r, const std::string& unit) {
  nlohmann::json j;
  nlohmann::json used = nlohmann::json::array();
  for (std::size_t k : series.used) used.push_back(r.points[k].temperature_K);
  j["temperatures_fitted_K"] = used;
  j["excluded"] = series.excluded;
  j["note"] = series.note;
  if (!series.fit) {
    j["fitted"] = false;
    return j;
  }
  const ArrheniusFit& fit = *series.fit;
  j["fitted"] = true;
  j["points"] = fit.points;
  j["weighted"] = fit.weighted;
  j["activation_energy_eV"] = fit.activation_eV;
  j["activation_energy_stderr_eV"] = json_number(fit.activation_stderr_eV);
  j["prefactor_" + unit] = fit.prefactor();
  j["ln_prefactor"] = fit.ln_prefactor;
  j["ln_prefactor_stderr"] = json_number(fit.ln_prefactor_stderr);
  j["chi2"] = json_number(fit.chi2);
  j["degrees_of_freedom"] = fit.degrees_of_freedom;
  j["chi2_p_value"] = json_number(fit.chi2_p_value);
  j["error_scale"] = fit.error_scale;
  j["consistent"] = fit.consistent();
  j["validity_range_K"] = {series.validity_min_K, json_number(series.validity_max_K)};
  nlohmann::json e = nlohmann::json::array();
  for (const ArrheniusPrediction& p : series.predictions) {
    nlohmann::json x{{"temperature_K", p.temperature_K}, {"status", p.status}, {"reason", p.reason}};
    if (!p.refused) {
      x["value_" + unit] = p.value;
      x["ln_value_stderr"] = json_number(p.ln_stderr);
    }
    e.push_back(x);
  }
  j["extrapolated"] = e;
  return j;
}

struct ArrheniusSeries {
  std::string label;
  std::vector<double> values;
  const ArrheniusSeriesFit* fit;
};

// Values against 1000/T (log scale) with each fitted law over the temperatures it was fitted to.
void save_arrhenius_plot(const std::string& path, const std::string& title, const std::string& y_label,
                         const std::vector<double>& temperatures_K, const std::vector<ArrheniusSeries>& data) {
  Plot p;
  p.title = title;
  p.x_label = "1000 / T (1/K)";
  p.y_label = y_label;
  p.log_y = true;
  for (const ArrheniusSeries& d : data) {
    PlotSeries s{d.label, {}, {}};
    s.markers = true;
    s.line = false;
    for (std::size_t n = 0; n < temperatures_K.size(); ++n)
      if (d.values[n] > 0) {  // a log axis: a non-positive σ (noise) is not drawn
        s.x.push_back(1000 / temperatures_K[n]);
        s.y.push_back(d.values[n]);
      }
    p.series.push_back(s);
    if (!d.fit->fit) continue;
    const ArrheniusFit& f = *d.fit->fit;
    PlotSeries line{fmt::format("fit: E_a = {:.3f} ± {:.3f} eV", f.activation_eV, f.activation_stderr_eV), {}, {}};
    const double fit_lo = 1000 / f.temperature_max_K, fit_hi = 1000 / f.temperature_min_K;
    for (int i = 0; i <= 20; ++i) {
      const double x = fit_lo + (fit_hi - fit_lo) * i / 20.0;
      line.x.push_back(x);
      line.y.push_back(f.predict(1000 / x));
    }
    p.series.push_back(line);
  }
  p.save(path);
}

}  // namespace

nlohmann::json arrhenius_json(const ArrheniusResults& r) {
  nlohmann::json j;
  j["species"] = r.species;
  j["files"] = r.sources;
  j["temperatures_K"] = r.temperatures_K();
  j["D_cm2_per_s"] = r.D_cm2_per_s();
  nlohmann::json regimes = nlohmann::json::array(), states = nlohmann::json::array();
  for (const ArrheniusPoint& p : r.points) {
    regimes.push_back(p.regime.empty() ? nlohmann::json() : nlohmann::json(p.regime));
    states.push_back(p.matrix_state);
  }
  j["regimes"] = regimes;
  j["matrix_states"] = states;
  j["matrix_state"] = r.matrix_state;
  j["diffusion"] = fit_json(r.diffusion, r, "cm2_per_s");
  if (!r.has_conductivity) return j;
  j["sigma_T_collective_S_K_per_cm"] = r.sigma_T_collective_S_K_per_cm();
  j["sigma_T_nernst_einstein_S_K_per_cm"] = r.sigma_T_nernst_einstein_S_K_per_cm();
  j["sigma_T_nernst_einstein"] = fit_json(*r.sigma_T_nernst_einstein, r, "S_K_per_cm");
  j["sigma_T_collective"] = fit_json(*r.sigma_T_collective, r, "S_K_per_cm");
  return j;
}

void write_arrhenius_report(const ArrheniusResults& r, const std::string& directory) {
  std::filesystem::create_directories(directory);
  const std::vector<double> T = r.temperatures_K(), D = r.D_cm2_per_s();
  CsvTable table({});
  table.add_column("temperature_K", T);
  std::vector<double> inverse_kT;
  for (double t : T) inverse_kT.push_back(1.0 / (units::boltzmann_eV_per_K * t));
  table.add_column("inverse_kT_per_eV", inverse_kT);
  table.add_column("D_cm2_per_s", D);
  if (r.has_conductivity) {
    table.add_column("sigma_T_collective_S_K_per_cm", r.sigma_T_collective_S_K_per_cm());
    table.add_column("sigma_T_nernst_einstein_S_K_per_cm", r.sigma_T_nernst_einstein_S_K_per_cm());
  }
  table.save(directory + "/arrhenius.csv");
  save_arrhenius_plot(directory + "/arrhenius_D.svg", "Arrhenius plot of D(" + r.species + ")", "D (cm²/s)", T,
                      {{"D", D, &r.diffusion}});
  if (r.has_conductivity) {
    std::vector<ArrheniusSeries> data{
        {"σT Nernst–Einstein", r.sigma_T_nernst_einstein_S_K_per_cm(), &*r.sigma_T_nernst_einstein},
        {"σT collective", r.sigma_T_collective_S_K_per_cm(), &*r.sigma_T_collective}};
    save_arrhenius_plot(directory + "/arrhenius_sigma_T.svg", "Arrhenius plot of σT", "σT (S K/cm)", T, data);
  }
  write_file_atomically(directory + "/arrhenius.json", arrhenius_json(r).dump(2) + "\n");
}

std::string arrhenius_summary(const ArrheniusResults& r) {
  std::string text;
  const auto describe = [&](const std::string& name, const ArrheniusSeriesFit& s, const std::string& unit) {
    if (!s.fit) {
      text += fmt::format("{}: {}\n", name, s.note);
    } else {
      const ArrheniusFit& f = *s.fit;
      text +=
          fmt::format("{}: E_a = {:.4f} ± {:.4f} eV, prefactor {:.4g} {} ({} temperatures, {}", name, f.activation_eV,
                      f.activation_stderr_eV, f.prefactor(), unit, f.points, f.weighted ? "weighted" : "unweighted");
      if (f.weighted && f.degrees_of_freedom > 0)
        text += fmt::format(", chi2 = {:.3g} for {} dof, p = {:.2g}", f.chi2, f.degrees_of_freedom, f.chi2_p_value);
      text += ")\n";
      if (!s.note.empty()) text += "  note: " + s.note + "\n";
      for (const ArrheniusPrediction& p : s.predictions)
        text += p.refused ? fmt::format("  at {:g} K: refused: {}\n", p.temperature_K, p.reason)
                          : fmt::format("  at {:g} K: {:.4g} {} ({})\n", p.temperature_K, p.value, unit, p.status);
    }
    for (const std::string& e : s.excluded) text += "  left out: " + e + "\n";
  };
  describe("D(" + r.species + ")", r.diffusion, "cm²/s");
  if (r.sigma_T_nernst_einstein) describe("σT Nernst–Einstein", *r.sigma_T_nernst_einstein, "S K/cm");
  if (r.sigma_T_collective) describe("σT collective", *r.sigma_T_collective, "S K/cm");
  text += "matrix state of the points: " + r.matrix_state + "\n";
  return text;
}

}  // namespace ionglass
