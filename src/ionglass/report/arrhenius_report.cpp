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

nlohmann::json fit_json(const ArrheniusFit& fit, const std::vector<double>& extrapolate, const std::string& unit) {
  nlohmann::json j;
  j["points"] = fit.points;
  j["activation_energy_eV"] = fit.activation_eV;
  j["activation_energy_stderr_eV"] = json_number(fit.activation_stderr_eV);
  j["prefactor_" + unit] = fit.prefactor();
  j["ln_prefactor"] = fit.ln_prefactor;
  j["ln_prefactor_stderr"] = json_number(fit.ln_prefactor_stderr);
  nlohmann::json e = nlohmann::json::array();
  for (double T : extrapolate) {
    double ln_error = 0;
    const double value = fit.predict(T, &ln_error);
    e.push_back({{"temperature_K", T}, {"value_" + unit, value}, {"ln_value_stderr", json_number(ln_error)}});
  }
  j["extrapolated"] = e;
  return j;
}

struct ArrheniusSeries {
  std::string label;
  std::vector<double> values;
  const ArrheniusFit* fit;
};

// Values against 1000/T (log scale) with each fitted law over the measured range.
void save_arrhenius_plot(const std::string& path, const std::string& title, const std::string& y_label,
                         const std::vector<double>& temperatures_K, const std::vector<ArrheniusSeries>& data) {
  Plot p;
  p.title = title;
  p.x_label = "1000 / T (1/K)";
  p.y_label = y_label;
  p.log_y = true;
  double x_lo = 1e9, x_hi = 0;
  for (double T : temperatures_K) {
    x_lo = std::min(x_lo, 1000 / T);
    x_hi = std::max(x_hi, 1000 / T);
  }
  for (const ArrheniusSeries& d : data) {
    PlotSeries s{d.label, {}, {}};
    s.markers = true;
    s.line = false;
    for (std::size_t n = 0; n < temperatures_K.size(); ++n) {
      s.x.push_back(1000 / temperatures_K[n]);
      s.y.push_back(d.values[n]);
    }
    p.series.push_back(s);
    PlotSeries line{fmt::format("fit: E_a = {:.3f} eV", d.fit->activation_eV), {}, {}};
    for (int i = 0; i <= 20; ++i) {
      const double x = x_lo + (x_hi - x_lo) * i / 20.0;
      line.x.push_back(x);
      line.y.push_back(d.fit->predict(1000 / x));
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
  j["diffusion"] = fit_json(r.diffusion, r.extrapolate_K, "cm2_per_s");
  if (!r.has_conductivity) return j;
  j["sigma_T_collective_S_K_per_cm"] = r.sigma_T_collective_S_K_per_cm();
  j["sigma_T_nernst_einstein_S_K_per_cm"] = r.sigma_T_nernst_einstein_S_K_per_cm();
  j["sigma_T_nernst_einstein"] = fit_json(*r.sigma_T_nernst_einstein, r.extrapolate_K, "S_K_per_cm");
  if (r.sigma_T_collective)
    j["sigma_T_collective"] = fit_json(*r.sigma_T_collective, r.extrapolate_K, "S_K_per_cm");
  else
    j["sigma_T_collective_note"] = "a collective conductivity is not positive: no fit";
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
        {"σT Nernst–Einstein", r.sigma_T_nernst_einstein_S_K_per_cm(), &*r.sigma_T_nernst_einstein}};
    if (r.sigma_T_collective)
      data.push_back({"σT collective", r.sigma_T_collective_S_K_per_cm(), &*r.sigma_T_collective});
    save_arrhenius_plot(directory + "/arrhenius_sigma_T.svg", "Arrhenius plot of σT", "σT (S K/cm)", T, data);
  }
  write_file_atomically(directory + "/arrhenius.json", arrhenius_json(r).dump(2) + "\n");
}

std::string arrhenius_summary(const ArrheniusResults& r) {
  const ArrheniusFit& d = r.diffusion;
  std::string text = fmt::format("D({}): E_a = {:.4f} ± {:.4f} eV, D0 = {:.4g} cm²/s ({} temperatures)\n", r.species,
                                 d.activation_eV, d.activation_stderr_eV, d.prefactor(), d.points);
  if (const auto& f = r.sigma_T_nernst_einstein)
    text += fmt::format("σT Nernst–Einstein: E_a = {:.4f} ± {:.4f} eV\n", f->activation_eV, f->activation_stderr_eV);
  if (const auto& f = r.sigma_T_collective)
    text += fmt::format("σT collective: E_a = {:.4f} ± {:.4f} eV\n", f->activation_eV, f->activation_stderr_eV);
  for (double t : r.extrapolate_K) text += fmt::format("D({:g} K) = {:.4g} cm²/s\n", t, d.predict(t));
  return text;
}

}  // namespace ionglass
