#include "ionglass/report/dynamics_json_reader.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "ionglass/core/error.hpp"

namespace ionglass {

ArrheniusPoint read_arrhenius_point(const std::string& path, const std::string& species) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "cannot open the file");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, 0, std::string("not a JSON file: ") + e.what());
  }
  ArrheniusPoint p;
  p.source = path;
  if (!j.contains("temperature_K") || !j["temperature_K"].is_number())
    throw InputError(path, 0, "no temperature_K (run ionglass dynamics with --temperature)");
  p.temperature_K = j["temperature_K"].get<double>();
  if (!j.contains("species") || !j["species"].contains(species))
    throw InputError(path, 0, "no results for species '" + species + "' (is this a dynamics.json?)");
  const auto& s = j["species"][species];
  if (!s.contains("D_cm2_per_s") || !s["D_cm2_per_s"].is_number())
    throw InputError(path, 0, "no D_cm2_per_s for " + species);
  p.D_cm2_per_s = s["D_cm2_per_s"].get<double>();
  p.D_stderr_cm2_per_s = s.value("D_stderr_cm2_per_s", 0.0);
  const auto number = [](const nlohmann::json& object, const char* key) -> std::optional<double> {
    if (object.is_object() && object.contains(key) && object[key].is_number()) return object[key].get<double>();
    return std::nullopt;
  };
  // Regimes, matrix state and GLS estimates: absent from files written before they existed.
  if (s.contains("D_gls") && s["D_gls"].is_object()) {
    p.D_gls_cm2_per_s = number(s["D_gls"], "D_cm2_per_s");
    p.D_gls_stderr_cm2_per_s = number(s["D_gls"], "D_stderr_cm2_per_s");
    // Scaled as arrhenius_point scales it when the GLS χ² says the window is not a straight line.
    const std::optional<double> chi2 = number(s["D_gls"], "chi2"), lags = number(s["D_gls"], "lags_fitted");
    if (p.D_gls_stderr_cm2_per_s && chi2 && lags)
      *p.D_gls_stderr_cm2_per_s *= gls_error_scale(*chi2, static_cast<std::size_t>(*lags));
  }
  const auto regime_of = [](const nlohmann::json& object) -> std::string {
    if (object.is_object() && object.contains("regime") && object["regime"].is_string())
      return object["regime"].get<std::string>();
    return "";
  };
  if (s.contains("regime")) {
    p.regime = regime_of(s["regime"]);
    p.regime_reason = s["regime"].value("reason", "");
  }
  if (j.contains("matrix") && j["matrix"].is_object()) p.matrix_state = j["matrix"].value("state", "unknown");
  if (s.contains("conductivity_S_per_cm")) {
    const auto& sigma = s["conductivity_S_per_cm"];
    if (!sigma.contains("collective") || !sigma["collective"].is_number() || !sigma.contains("nernst_einstein") ||
        !sigma["nernst_einstein"].is_number())
      throw InputError(path, 0,
                       "conductivity_S_per_cm of " + species + " needs numbers collective and nernst_einstein");
    p.collective_S_per_cm = sigma["collective"].get<double>();
    p.nernst_einstein_S_per_cm = sigma["nernst_einstein"].get<double>();
    p.collective_gls_S_per_cm = number(sigma, "collective_gls");
    p.collective_gls_stderr_S_per_cm = number(sigma, "collective_gls_stderr");
    p.nernst_einstein_gls_stderr_S_per_cm = number(sigma, "nernst_einstein_gls_stderr");
    if (sigma.contains("collective_regime")) p.collective_regime = regime_of(sigma["collective_regime"]);
  }
  return p;
}

}  // namespace ionglass
