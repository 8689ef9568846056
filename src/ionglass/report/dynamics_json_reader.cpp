#include "ionglass/report/dynamics_json_reader.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

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
  if (s.contains("conductivity_S_per_cm")) {
    const auto& sigma = s["conductivity_S_per_cm"];
    if (!sigma.contains("collective") || !sigma["collective"].is_number() || !sigma.contains("nernst_einstein") ||
        !sigma["nernst_einstein"].is_number())
      throw InputError(path, 0,
                       "conductivity_S_per_cm of " + species + " needs numbers collective and nernst_einstein");
    p.collective_S_per_cm = sigma["collective"].get<double>();
    p.nernst_einstein_S_per_cm = sigma["nernst_einstein"].get<double>();
  }
  return p;
}

}  // namespace ionglass
