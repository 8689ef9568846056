#pragma once
// Where a study keeps each step's outputs under its output folder (docs/study.md):
//   quench/MODEL/replica_N/, structure/, md/MODEL/TK/{equilibration,production}/,
//   dynamics/MODEL/TK/, arrhenius/MODEL/, study.json, report.html.
// The pipeline writes there and the report reads the saved outputs from there.
#include <fmt/format.h>

#include <string>

namespace ionglass::study {

/// "2500K" for 2500 (shortest exact form, as in folder names).
inline std::string temperature_label(double temperature_K) {
  return fmt::format("{:g}K", temperature_K);
}

inline std::string quench_directory(const std::string& out, const std::string& model, int replica) {
  return fmt::format("{}/quench/{}/replica_{}", out, model, replica);
}
inline std::string structure_directory(const std::string& out) {
  return out + "/structure";
}
inline std::string md_directory(const std::string& out, const std::string& model, double temperature_K) {
  return fmt::format("{}/md/{}/{}", out, model, temperature_label(temperature_K));
}
inline std::string dynamics_directory(const std::string& out, const std::string& model, double temperature_K) {
  return fmt::format("{}/dynamics/{}/{}", out, model, temperature_label(temperature_K));
}
inline std::string arrhenius_directory(const std::string& out, const std::string& model) {
  return fmt::format("{}/arrhenius/{}", out, model);
}

}  // namespace ionglass::study
