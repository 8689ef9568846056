#include "ionglass/report/study_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/report/arrhenius_report.hpp"
#include "ionglass/report/dynamics_report.hpp"
#include "ionglass/report/html_report.hpp"
#include "ionglass/report/structure_report.hpp"
#include "ionglass/report/study_findings.hpp"
#include "ionglass/report/svg_plot.hpp"
#include "ionglass/study/study_layout.hpp"

namespace ionglass {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json load_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) return json();
  try {
    return json::parse(in);
  } catch (const json::exception&) {
    return json();
  }
}

// The JSON view of a step's result: from the typed result when the step ran in this call (built
// by the function that wrote the step's file, and read back as that file reads: NaN becomes
// null), else from the file the step saved (null when it is missing).
template <class Results, class ToJson>
json result_view(const std::optional<Results>& computed, ToJson to_json, const std::string& saved_file) {
  if (computed) return json::parse(to_json(*computed).dump());
  return load_json(saved_file);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A numeric CSV file as named columns.
std::map<std::string, std::vector<double>> read_csv(const std::string& path) {
  std::map<std::string, std::vector<double>> out;
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return out;
  std::vector<std::string> names;
  std::stringstream hs(line);
  std::string cell;
  while (std::getline(hs, cell, ',')) names.push_back(cell);
  while (std::getline(in, line)) {
    std::stringstream ls(line);
    for (std::size_t c = 0; c < names.size() && std::getline(ls, cell, ','); ++c)
      out[names[c]].push_back(cell.empty() ? std::nan("") : std::strtod(cell.c_str(), nullptr));
  }
  return out;
}

std::string number(const json& j, const char* format = "{:.3g}") {
  if (!j.is_number()) return "—";
  return fmt::format(fmt::runtime(format), j.get<double>());
}

std::string with_error(const json& value, const json& error, const char* format = "{:.3g}") {
  if (!value.is_number()) return "—";
  std::string s = fmt::format(fmt::runtime(format), value.get<double>());
  if (error.is_number()) s += " ± " + fmt::format(fmt::runtime(format), error.get<double>());
  return s;
}

// "Fe-O" as the report writes it, "Fe–O".
std::string pair_label(const std::string& pair) {
  const auto dash = pair.find('-');
  return dash == std::string::npos ? pair : pair.substr(0, dash) + "–" + pair.substr(dash + 1);
}

// The RDF figures shown: every cutoff pair (file names put the symbols in alphabetical order),
// then each neighbour element with itself (O-O for cation-O cutoffs).
std::vector<std::string> rdf_figure_pairs(const std::map<std::string, double>& cutoffs) {
  std::vector<std::string> pairs, self;
  for (const auto& [pair, r] : cutoffs) {
    const auto dash = pair.find('-');
    const std::string a = pair.substr(0, dash), b = pair.substr(dash + 1);
    pairs.push_back(a <= b ? a + "-" + b : b + "-" + a);
    if (std::find(self.begin(), self.end(), b + "-" + b) == self.end()) self.push_back(b + "-" + b);
  }
  // A self pair that is also a cutoff pair (Na-Na) is shown once.
  for (const std::string& s : self)
    if (std::find(pairs.begin(), pairs.end(), s) == pairs.end()) pairs.push_back(s);
  return pairs;
}

// The anion of the speciation columns when structure.json does not name it: the neighbour element
// all cutoffs share ("anion" when they share none).
std::string anion_label(const std::map<std::string, double>& cutoffs) {
  std::string anion;
  for (const auto& [pair, r] : cutoffs) {
    const std::string b = pair.substr(pair.find('-') + 1);
    if (!anion.empty() && anion != b) return "anion";
    anion = b;
  }
  return anion.empty() ? "anion" : anion;
}

json finite_or_null(double value) {
  return std::isfinite(value) ? json(value) : json();
}

const json& at(const json& j, std::initializer_list<const char*> path) {
  static const json null;
  const json* p = &j;
  for (const char* k : path) {
    if (!p->is_object() || !p->contains(k)) return null;
    p = &(*p)[k];
  }
  return *p;
}

// The Findings section: what differs beyond its uncertainty, what does not, what cannot be compared.
void write_findings_section(HtmlReport& report, const StudyFindings& findings) {
  report.section("Findings", "findings");
  std::vector<std::string> differs, unresolved, incomparable;
  std::vector<std::vector<std::string>> rows;
  for (const ModelDifference& d : findings.differences) {
    const std::string models = d.model_a + " vs " + d.model_b;
    if (d.verdict == FindingVerdict::differs)
      differs.push_back(d.sentence());
    else if (d.verdict == FindingVerdict::not_resolved)
      unresolved.push_back(d.quantity + " (" + models + ");");
    else
      incomparable.push_back(d.quantity + " (" + models + "): " + d.reason + ";");
    rows.push_back({d.quantity, d.model_a + " vs " + d.model_b,
                    d.comparison ? fmt::format("{:.3g} ± {:.2g}{}", d.comparison->difference,
                                               d.comparison->difference_error, d.unit.empty() ? "" : " " + d.unit)
                                 : "—",
                    d.comparison ? fmt::format("{:.2g}", d.p_adjusted) : "—", finding_verdict_name(d.verdict)});
  }
  report.paragraph(fmt::format(
      "Every quantity below is compared between every pair of models. Structure values are per-glass samples (mean ± "
      "standard error over the model's structures, Welch's t test); activation energies carry the propagated error of "
      "their weighted Arrhenius fit (z test). The {} tests are Holm-corrected together, so a difference is stated only "
      "where it holds at family-wise error rate {:g}. \"Not resolved\" means the data cannot tell the models apart, "
      "not that they agree.",
      findings.tests, findings.significance));
  auto list = [&](const std::string& heading, const std::vector<std::string>& sentences) {
    std::string text = heading + (sentences.empty() ? " none." : "");
    for (const std::string& sentence : sentences) text += " " + sentence;
    report.paragraph(text);
  };
  list("Differences that survive their uncertainties:", differs);
  list("Not resolved by the uncertainties:", unresolved);
  if (!incomparable.empty()) list("Not comparable:", incomparable);
  report.table({"quantity", "models (a vs b)", "b − a", "p (Holm)", "verdict"}, rows, "All model comparisons");
}

}  // namespace

void write_study_report(const study::StudySpec& spec, const study::StudyResults& results) {
  const std::string& out = results.output_directory;
  const json structure =
      result_view(results.structure, structure_json, study::structure_directory(out) + "/structure.json");
  std::vector<std::string> pairs;
  for (const auto& [pair, r] : spec.structure.cutoffs_A) pairs.push_back(pair);
  const auto& D = spec.diffusion;
  json study;
  study["title"] = spec.title;
  study["study_file"] = fs::absolute(spec.path).string();
  study["units"] = "LAMMPS metal: Å, eV, ps, K, amu, e, bar";
  json settings;
  settings["structure"] = {{"cutoffs_A", spec.structure.cutoffs_A}, {"rmax_A", spec.structure.r_max_A},
                           {"dr_A", spec.structure.dr_A},           {"qmax_per_A", spec.structure.q_max_per_A},
                           {"formers", spec.structure.formers},     {"rings", spec.structure.rings}};
  settings["diffusion"] = {{"enabled", D.enabled},
                           {"species", D.species},
                           {"charges_e", D.charges_e},
                           {"temperatures_K", D.temperatures_K},
                           {"timestep_ps", D.timestep_ps},
                           {"equilibration_ps", D.equilibration_ps},
                           {"production_ps", D.production_ps},
                           {"frame_interval_ps", D.frame_interval_ps},
                           {"thermostat", D.thermostat},
                           {"damping_ps", D.damping_ps},
                           {"cells", D.cells},
                           {"formula", D.formula},
                           {"formula_units", D.formula_units},
                           {"density_g_cm3", D.density_g_cm3 > 0 ? json(D.density_g_cm3) : json("model mean")},
                           {"min_distance_A", D.min_distance_A},
                           {"extrapolate_to_K", D.extrapolate_to_K},
                           {"matrix_species", D.matrix_species},
                           {"seed", D.seed}};
  study["settings"] = settings;

  HtmlReport report(spec.title);
  std::vector<std::string> header{"model", "structures", "density (g/cm³)"};
  for (const auto& pair : pairs) header.push_back(pair_label(pair) + " CN");
  for (const auto& former : spec.structure.formers)
    for (int n = 0; n <= 4; ++n) header.push_back(fmt::format("Q{} ({})", n, former));
  const json& bridging_anion = at(structure, {"settings", "bridging_anion"});
  const std::string anion =
      bridging_anion.is_string() ? bridging_anion.get<std::string>() : anion_label(spec.structure.cutoffs_A);
  header.insert(header.end(), {anion + " free", anion + " non-bridging", anion + " bridging"});
  for (double T : D.temperatures_K) header.push_back(fmt::format("D({}) {:g} K (cm²/s)", D.species, T));
  header.insert(header.end(),
                {"E_a D (eV)", "E_a σT (eV)", fmt::format("σ {:g} K (S/cm)", D.extrapolate_to_K), "Haven ratio"});
  std::vector<std::vector<std::string>> rows;

  Plot msd_plot;
  msd_plot.title = D.species + " mean-squared displacement";
  msd_plot.x_label = "t (ps)";
  msd_plot.y_label = "MSD (Å²)";
  msd_plot.log_x = msd_plot.log_y = true;
  Plot arrhenius_plot;
  arrhenius_plot.title = "Arrhenius plot of D(" + D.species + ")";
  arrhenius_plot.x_label = "1000/T (1/K)";
  arrhenius_plot.y_label = "D (cm²/s)";
  arrhenius_plot.log_y = true;
  // The regime exponent of every run: D exists only where β is 1 within its tolerance.
  Plot beta_plot;
  beta_plot.title = "Long-time MSD exponent β of " + D.species;
  beta_plot.x_label = "T (K)";
  beta_plot.y_label = "β (95 % interval)";

  json models = json::object();
  std::vector<std::pair<std::string, std::string>> mobility_figures;
  std::vector<std::vector<std::string>> mobility_rows;
  std::vector<std::string> regime_notes;  // regimes of every run, and fits or extrapolations refused
  for (const auto& m : spec.models) {
    json mj;
    mj["potential"] = m.potential;
    const auto found = results.models.find(m.name);
    static const study::ModelResults no_results;
    const study::ModelResults& model = found != results.models.end() ? found->second : no_results;
    mj["structures"] = model.structures;
    const json& g = at(structure, {"groups", m.name.c_str()});
    mj["density_g_cm3"] = at(g, {"density_g_cm3"});
    json coordination = json::object();
    for (const auto& pair : pairs)
      if (g.is_object() && g.contains("coordination") && g["coordination"].contains(pair))
        coordination[pair] = {{"mean", g["coordination"][pair]["mean"]},
                              {"std", g["coordination"][pair].value("mean_std", json())},
                              {"cutoff_A", g["coordination"][pair]["cutoff_A"]},
                              {"distribution", g["coordination"][pair]["distribution"]}};
    mj["coordination"] = coordination;
    mj["qn"] = at(g, {"qn"});
    mj["oxygen_speciation"] = at(g, {"oxygen_speciation"});

    std::vector<std::string> row{
        m.name, std::to_string(mj["structures"].size()),
        with_error(at(g, {"density_g_cm3", "mean"}), at(g, {"density_g_cm3", "std"}), "{:.4f}")};
    for (const auto& pair : pairs)
      row.push_back(
          with_error(at(coordination, {pair.c_str(), "mean"}), at(coordination, {pair.c_str(), "std"}), "{:.3f}"));
    for (const auto& former : spec.structure.formers)
      for (int n = 0; n <= 4; ++n)
        row.push_back(number(at(g, {"qn", former.c_str(), std::to_string(n).c_str()}), "{:.3f}"));
    for (const char* k : {"free", "nonbridging", "bridging"})
      row.push_back(number(at(g, {"oxygen_speciation", k}), "{:.3f}"));

    json diffusion = json::object();
    PlotSeries arrhenius_points{m.name, {}, {}};
    PlotSeries beta_points{m.name, {}, {}};
    beta_points.markers = true;
    arrhenius_points.markers = true;
    arrhenius_points.line = false;
    double haven_sum = 0;
    int haven_count = 0;
    for (std::size_t ti = 0; ti < D.temperatures_K.size(); ++ti) {
      const double T = D.temperatures_K[ti];
      const std::string label = study::temperature_label(T);
      const std::string dir = study::dynamics_directory(out, m.name, T);
      static const std::optional<DynamicsResults> not_run;
      const json dyn =
          result_view(ti < model.dynamics.size() ? model.dynamics[ti] : not_run, dynamics_json, dir + "/dynamics.json");
      const json& s = at(dyn, {"species", D.species.c_str()});
      // D from the typed point the pipeline passed on; the rest of the run from its dynamics.json.
      const bool has_point = ti < model.diffusion.size();
      // D and its error: the calibrated GLS estimate where there is one, else the OLS slope and its block error.
      const ArrheniusPoint* point = has_point ? &model.diffusion[ti] : nullptr;
      const bool gls = point && point->D_gls_cm2_per_s && point->D_gls_stderr_cm2_per_s;
      json entry{
          {"temperature_K", T},
          {"D_cm2_per_s", !point ? json() : finite_or_null(gls ? *point->D_gls_cm2_per_s : point->D_cm2_per_s)},
          {"D_stderr_cm2_per_s",
           !point ? json() : finite_or_null(gls ? *point->D_gls_stderr_cm2_per_s : point->D_stderr_cm2_per_s)},
          {"D_method",
           !point ? json() : json(gls ? "GLS (calibrated; Birge-scaled if inconsistent)" : "OLS slope, block error")},
          {"fit_window_ps", at(s, {"fit_window_ps"})},
          {"regime", at(s, {"regime"})},
          {"matrix", at(dyn, {"matrix"})},
          {"conductivity_S_per_cm", at(s, {"conductivity_S_per_cm"})},
          {"haven_ratio", at(s, {"haven_ratio"})},
          {"hops", at(dyn, {"hops"})},
          {"mobility", at(dyn, {"mobility"})}};
      // A D only where the MSD is diffusive; otherwise the regime and its exponent.
      const json& regime = entry["regime"];
      const std::string regime_label = at(regime, {"regime"}).is_string() ? regime["regime"].get<std::string>() : "";
      // The Haven ratio D_tracer/D_σ needs both MSDs diffusive: withheld, with the reason, otherwise.
      const json& collective_regime = at(s, {"conductivity_S_per_cm", "collective_regime", "regime"});
      if (!entry["haven_ratio"].is_null() &&
          (regime_label != "diffusive" || !collective_regime.is_string() || collective_regime != "diffusive")) {
        entry["haven_ratio"] = json();
        entry["haven_ratio_note"] =
            fmt::format("withheld: the tracer MSD is {} and the collective MSD is {}",
                        regime_label.empty() ? "unclassified" : regime_label,
                        collective_regime.is_string() ? collective_regime.get<std::string>() : "unclassified");
      }
      // Nor a D in study.json where the MSD is not diffusive: the regime says why.
      if (!regime_label.empty() && regime_label != "diffusive" && !entry["D_cm2_per_s"].is_null()) {
        entry["D_cm2_per_s"] = json();
        entry["D_stderr_cm2_per_s"] = json();
        entry["D_note"] = fmt::format("withheld: the MSD is {} (β = {})", regime_label,
                                      with_error(at(regime, {"beta"}), at(regime, {"beta_stderr"}), "{:.3f}"));
      }
      diffusion[label] = entry;
      if (regime_label.empty() || regime_label == "diffusive")
        row.push_back(with_error(entry["D_cm2_per_s"], entry["D_stderr_cm2_per_s"]));
      else
        row.push_back(regime_label + " (β " + with_error(at(regime, {"beta"}), at(regime, {"beta_stderr"}), "{:.2f}") +
                      ")");
      regime_notes.push_back(fmt::format(
          "{} at {:g} K: {} is {}; matrix {}.", m.name, T, D.species,
          regime_label.empty() ? "of unrecorded regime" : regime_label,
          at(entry["matrix"], {"state"}).is_string()
              ? entry["matrix"]["state"].get<std::string>() + " (" + entry["matrix"].value("reason", "") + ")"
              : "state unknown"));
      if (at(regime, {"beta"}).is_number() && at(regime, {"beta_stderr"}).is_number()) {
        beta_points.x.push_back(T);
        beta_points.y.push_back(regime["beta"].get<double>());
        beta_points.y_error.push_back(1.959964 * regime["beta_stderr"].get<double>());
      }
      if (entry["D_cm2_per_s"].is_number() && entry["D_cm2_per_s"].get<double>() > 0) {
        arrhenius_points.x.push_back(1000.0 / T);
        arrhenius_points.y.push_back(entry["D_cm2_per_s"].get<double>());
      }
      if (entry["haven_ratio"].is_number() && std::isfinite(entry["haven_ratio"].get<double>())) {
        haven_sum += entry["haven_ratio"].get<double>();
        ++haven_count;
      }
      const auto msd = read_csv(dir + "/msd.csv");
      const std::string column = "MSD_" + D.species + "_A2";
      if (msd.count("time_ps") && msd.count(column)) {
        PlotSeries series{fmt::format("{} {:g} K", m.name, T), {}, {}};
        for (std::size_t k = 1; k < msd.at("time_ps").size(); ++k) {
          series.x.push_back(msd.at("time_ps")[k]);
          series.y.push_back(msd.at(column)[k]);
        }
        msd_plot.series.push_back(series);
      }
      const json& mob = at(dyn, {"mobility", "descriptors"});
      if (mob.is_object() && T == D.temperatures_K.back()) {
        for (const auto& [name, d] : mob.items())
          mobility_rows.push_back({m.name, fmt::format("{:g}", T), name, number(d["mean_fast"], "{:.3f}"),
                                   number(d["mean_slow"], "{:.3f}"), number(d["spearman_vs_displacement"], "{:.3f}")});
        if (fs::exists(dir))
          for (const auto& entry : fs::directory_iterator(dir)) {
            const std::string f = entry.path().filename().string();
            if (f.rfind("mobility_", 0) == 0 && entry.path().extension() == ".svg" &&
                f.find("bridging") != std::string::npos)
              mobility_figures.emplace_back(entry.path().string(), fmt::format("{} at {:g} K: {}", m.name, T, f));
          }
      }
    }
    mj["diffusion"] = diffusion;
    const json arr =
        result_view(model.arrhenius, arrhenius_json, study::arrhenius_directory(out, m.name) + "/arrhenius.json");
    mj["arrhenius"] = arr;
    const json& dfit = at(arr, {"diffusion"});
    for (const char* fit_name : {"diffusion", "sigma_T_collective"}) {
      const json& f = at(arr, {fit_name});
      const std::string what = std::string(fit_name) == "diffusion" ? "E_a of D" : "E_a of collective σT";
      if (at(f, {"note"}).is_string() && !f["note"].get<std::string>().empty())
        regime_notes.push_back(m.name + ", " + what + ": " + f["note"].get<std::string>() + ".");
      if (at(f, {"extrapolated"}).is_array())
        for (const auto& e : f["extrapolated"])
          if (e.value("status", "") == "refused")
            regime_notes.push_back(fmt::format("{}, {} at {:g} K refused: {}.", m.name, what,
                                               e.value("temperature_K", 0.0), e.value("reason", "")));
    }
    row.push_back(with_error(at(dfit, {"activation_energy_eV"}), at(dfit, {"activation_energy_stderr_eV"}), "{:.3f}"));
    const json& sfit = arr.is_object() && arr.contains("sigma_T_collective") ? arr["sigma_T_collective"]
                                                                             : at(arr, {"sigma_T_nernst_einstein"});
    row.push_back(with_error(at(sfit, {"activation_energy_eV"}), at(sfit, {"activation_energy_stderr_eV"}), "{:.3f}"));
    // σ at the extrapolation temperature = (σT)(T)/T.
    std::string sigma = "—";
    json sigma_value;
    const json& ex = at(sfit, {"extrapolated"});
    if (ex.is_array())
      for (const auto& e : ex)
        if (e.value("temperature_K", 0.0) == D.extrapolate_to_K && e.contains("value_S_K_per_cm")) {
          sigma_value = e["value_S_K_per_cm"].get<double>() / D.extrapolate_to_K;
          sigma = fmt::format("{:.3g}", sigma_value.get<double>());
        }
    row.push_back(sigma);
    mj["sigma_extrapolated_S_per_cm"] = {{"temperature_K", D.extrapolate_to_K}, {"value", sigma_value}};
    mj["haven_ratio_mean"] = haven_count ? json(haven_sum / haven_count) : json();
    row.push_back(haven_count ? fmt::format("{:.2f}", haven_sum / haven_count) : "—");
    rows.push_back(row);
    models[m.name] = mj;

    if (!beta_points.x.empty()) beta_plot.series.push_back(beta_points);
    if (!arrhenius_points.x.empty()) {
      arrhenius_plot.series.push_back(arrhenius_points);
      if (at(dfit, {"activation_energy_eV"}).is_number() && at(dfit, {"ln_prefactor"}).is_number()) {
        const double ea = dfit["activation_energy_eV"].get<double>(), ln0 = dfit["ln_prefactor"].get<double>();
        PlotSeries fit{m.name + " fit", {}, {}};
        for (double x = 1000.0 / *std::max_element(D.temperatures_K.begin(), D.temperatures_K.end()) * 0.95;
             x <= 1000.0 / *std::min_element(D.temperatures_K.begin(), D.temperatures_K.end()) * 1.05; x += 0.01) {
          fit.x.push_back(x);
          fit.y.push_back(std::exp(ln0 - ea / (units::boltzmann_eV_per_K * 1000.0 / x)));
        }
        fit.color = "#999999";
        arrhenius_plot.series.push_back(fit);
      }
    }
  }
  study["models"] = models;

  // Findings first: the model comparisons that survive their uncertainties, and those that do not.
  std::vector<std::string> model_names;
  json arrhenius_by_model = json::object();
  for (const auto& m : spec.models) {
    model_names.push_back(m.name);
    arrhenius_by_model[m.name] = models[m.name]["arrhenius"];
  }
  const StudyFindings findings = compare_models(study_quantities(structure, arrhenius_by_model, model_names));
  study["findings"] = findings_json(findings);
  write_file_atomically(results.json_path, study.dump(2) + "\n");
  write_findings_section(report, findings);

  report.section("Overview", "overview");
  report.paragraph(
      "Each model is a potential and a set of glass structures. Structure is analysed over all structures of a model "
      "(mean ± standard deviation across replicas); " +
      D.species + " diffusion is measured by NVT molecular dynamics at each temperature (" +
      (D.cells == "structures" ? std::string("in the model's glasses") : std::string("in downsized packed cells")) +
      "), and Arrhenius laws are fitted to D and σT. Units: Å, eV, ps, K, g/cm³, S/cm.");

  report.table(header, rows,
               "Models at a glance (mean ± std over structures; D ± standard error, shown only where the MSD is "
               "diffusive)");
  if (!regime_notes.empty()) {
    std::string text = "Regimes (docs/dynamics-analysis.md): ";
    for (const std::string& note : regime_notes) text += note + " ";
    report.paragraph(text);
  }

  report.section("Structure", "structure");
  auto inline_svg = [&](const std::string& file, const std::string& caption, const std::string& id) {
    const std::string path = study::structure_directory(out) + "/" + file;
    if (fs::exists(path))
      report.figure(read_text(path), caption, id);
    else
      report.paragraph("Figure missing: " + file + " was not produced.");
  };
  report.subsection("Pair distribution functions");
  for (const auto& pair : rdf_figure_pairs(spec.structure.cutoffs_A))
    inline_svg("rdf_g_" + pair + ".svg", "Partial RDF g(r) " + pair + ", all models", "rdf-" + pair);
  report.subsection("Structure factors");
  inline_svg("sq_neutron_S_neutron.svg", "Neutron-weighted total S(Q)", "sq-neutron");
  inline_svg("sq_xray_S_xray.svg", "X-ray-weighted total S(Q)", "sq-xray");
  inline_svg("gr_total_G.svg", "Neutron-weighted total G(r)", "gr-total");
  report.subsection("Coordination and network");
  for (const auto& pair : pairs)
    inline_svg("coordination_distribution_" + pair + ".svg", "Coordination-number distribution " + pair, "cn-" + pair);
  for (const auto& f : spec.structure.formers) inline_svg("qn_" + f + ".svg", "Qⁿ distribution of " + f, "qn-" + f);

  report.section("Dynamics", "dynamics");
  if (!D.enabled) {
    report.paragraph("Diffusion runs were disabled in this study.");
  } else {
    report.figure(msd_plot.to_svg(), "MSD of " + D.species + " for every model and temperature (log–log)", "msd");
    if (!beta_plot.series.empty()) {
      const auto [low, high] = std::minmax_element(D.temperatures_K.begin(), D.temperatures_K.end());
      PlotSeries diffusive{"diffusive (β = 1)", {*low, *high}, {1.0, 1.0}};
      diffusive.color = "#999999";
      beta_plot.series.push_back(diffusive);
      report.figure(beta_plot.to_svg(),
                    "Long-time exponent β of the " + D.species +
                        " MSD with its 95 % interval: diffusive at 1, sub-diffusive below, ballistic above",
                    "beta");
    }
    if (!arrhenius_plot.series.empty())
      report.figure(arrhenius_plot.to_svg(), "Arrhenius plot: D against 1000/T with the fitted laws", "arrhenius");
    else
      report.paragraph("No Arrhenius plot: no run's " + D.species +
                       " MSD is diffusive, so there is no D to plot (the regimes are below).");
    std::vector<std::vector<std::string>> drows;
    for (const auto& m : spec.models)
      for (double T : D.temperatures_K) {
        const json& e = models[m.name]["diffusion"][study::temperature_label(T)];
        // Each number only where its MSD's regime supports it; otherwise the regime.
        const std::string tracer =
            at(e, {"regime", "regime"}).is_string() ? e["regime"]["regime"].get<std::string>() : "";
        const json& cr = at(e, {"conductivity_S_per_cm", "collective_regime", "regime"});
        const std::string collective = cr.is_string() ? cr.get<std::string>() : "";
        auto if_diffusive = [](const std::string& regime, const std::string& text) {
          return regime.empty() || regime == "diffusive" ? text : regime;
        };
        const json& c = at(e, {"conductivity_S_per_cm"});
        const bool gls_sigma = at(c, {"collective_gls"}).is_number();
        drows.push_back(
            {m.name, fmt::format("{:g}", T),
             if_diffusive(tracer, with_error(e["D_cm2_per_s"], e["D_stderr_cm2_per_s"])),
             if_diffusive(tracer,
                          with_error(at(c, {"nernst_einstein"}), gls_sigma ? at(c, {"nernst_einstein_gls_stderr"})
                                                                           : at(c, {"nernst_einstein_stderr"}))),
             if_diffusive(collective, gls_sigma ? with_error(c["collective_gls"], at(c, {"collective_gls_stderr"}))
                                                : with_error(at(c, {"collective"}), at(c, {"collective_stderr"}))),
             e["haven_ratio"].is_number() ? number(e["haven_ratio"], "{:.2f}") : "withheld",
             number(at(e, {"hops", "hop_rate_per_ion_per_ps"})),
             at(e, {"hops", "percolates", "a"}).is_boolean()
                 ? ((e["hops"]["percolates"]["a"].get<bool>() || e["hops"]["percolates"]["b"].get<bool>() ||
                     e["hops"]["percolates"]["c"].get<bool>())
                        ? "yes"
                        : "no")
                 : "—"});
      }
    report.table({"model", "T (K)", "D (cm²/s)", "σ Nernst–Einstein (S/cm)", "σ collective (S/cm)", "Haven ratio",
                  "hops per ion per ps", "visited sites percolate"},
                 drows, "Diffusion and conductivity per run");
  }

  report.section("Mobile vs immobile " + D.species, "mobility");
  report.paragraph(
      D.species +
      " ions ranked by displacement; the fastest and slowest fractions are compared on local-structure descriptors "
      "taken at the start of the window (highest temperature of each model). Spearman ρ > 0 means the descriptor "
      "grows with mobility.");
  report.table({"model", "T (K)", "descriptor", "mean (fast)", "mean (slow)", "Spearman ρ"}, mobility_rows,
               "Local environment of mobile and immobile " + D.species);
  for (const auto& [path, caption] : mobility_figures) report.figure(read_text(path), caption);

  report.section("Methods", "methods");
  std::vector<std::pair<std::string, std::string>> methods{
      {"study file", fs::absolute(spec.path).string()},
      {"RDF", fmt::format("r_max {:g} Å, bin {:g} Å, exact shell volumes, N_a(N_b − δ_ab) normalisation",
                          spec.structure.r_max_A, spec.structure.dr_A)},
      {"S(Q)",
       fmt::format("Faber–Ziman from g(r) up to r_max, Q_max {:g} Å⁻¹, neutron (Sears) and X-ray (IT92) weights",
                   spec.structure.q_max_per_A)},
  };
  std::string cut;
  for (const auto& [p, r] : spec.structure.cutoffs_A) cut += fmt::format("{} {:g} Å; ", p, r);
  methods.emplace_back("coordination cutoffs", cut.empty() ? "automatic (first minimum of g(r))" : cut);
  std::string formers;
  for (const auto& f : spec.structure.formers) formers += f + " ";
  methods.emplace_back("network formers (Qⁿ, O speciation)", formers);
  for (const auto& m : spec.models) {
    methods.emplace_back("model " + m.name + " potential", m.potential);
    std::string files;
    for (const auto& f : models[m.name]["structures"]) files += f.get<std::string>() + " ";
    methods.emplace_back("model " + m.name + " structures", files);
  }
  if (D.enabled) {
    std::string temps;
    for (double T : D.temperatures_K) temps += fmt::format("{:g} ", T);
    const std::string cells =
        D.cells == "structures"
            ? std::string(
                  "the model's own glasses (temperature k in structure k mod count), with the model's potential")
            : fmt::format(
                  "{} formula units of {} randomly packed (min distance {:g} Å) at the model's mean glass "
                  "density, FIRE relaxation",
                  D.formula_units, D.formula, D.min_distance_A);
    methods.emplace_back("diffusion MD", fmt::format("{}; NVT {} thermostat (τ = {:g} ps), timestep {:g} ps, "
                                                     "equilibration {:g} ps, production {:g} ps, frames every {:g} ps, "
                                                     "seed {}",
                                                     cells, D.thermostat, D.damping_ps, D.timestep_ps,
                                                     D.equilibration_ps, D.production_ps, D.frame_interval_ps, D.seed));
    methods.emplace_back("temperatures (K)", temps);
    std::string charges;
    for (const auto& [el, q] : D.charges_e) charges += fmt::format("{} {:g} e; ", el, q);
    methods.emplace_back("conductivity", "Nernst–Einstein and collective (charge MSD) with formal charges " + charges +
                                             "Haven ratio D_tracer/D_σ");
    methods.emplace_back("diffusion fit",
                         "D = slope/6 of the tracer MSD by generalised least squares with the random-walk covariance "
                         "of the all-origin MSD (after kinisi), over the window in each run's dynamics.json "
                         "(fit_window_ps); block-averaged least squares as a cross-check. Each MSD is classified "
                         "diffusive, sub-diffusive or ballistic from its exponent β = d ln MSD/d ln t and β's "
                         "uncertainty; D, σ and the Haven ratio are shown only where their MSD is diffusive "
                         "(docs/dynamics-analysis.md)");
    methods.emplace_back("Arrhenius",
                         fmt::format("ln D = ln D₀ − E_a/(k_B T), weighted least squares with the per-temperature "
                                     "errors and a χ² consistency check (errors Birge-scaled when p < 0.01); only "
                                     "diffusive runs enter; σ at {:g} K from the σT fit, refused outside the validity "
                                     "range recorded in arrhenius.json",
                                     D.extrapolate_to_K));
  }
  report.definition_list(methods);
  report.paragraph("Every step's command line, inputs and outputs are recorded in step.json in its folder under " +
                   out + ".");
  report.save(results.report_path);
}

}  // namespace ionglass
