// `ionglass arrhenius DYNAMICS_JSON...`: activation energy and prefactor of D and σT from results
// of `ionglass dynamics` at several temperatures (docs/dynamics-analysis.md). Reads the points
// with report/dynamics_json_reader, fits with analyze_arrhenius and writes with
// report/arrhenius_report.
#include <iostream>

#include "ionglass/analysis/dynamics/arrhenius_workflow.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/report/arrhenius_report.hpp"
#include "ionglass/report/dynamics_json_reader.hpp"

namespace ionglass::cli {

namespace {

struct ArrheniusOptions {
  std::vector<std::string> files;
  ArrheniusSettings settings{"Na", {}};
  std::string out;
  bool json = false;
};

void run_arrhenius(const ArrheniusOptions& o) {
  std::vector<ArrheniusPoint> points;
  for (const auto& file : o.files) points.push_back(read_arrhenius_point(file, o.settings.species));
  const ArrheniusResults results = analyze_arrhenius(std::move(points), o.settings);
  if (!o.out.empty()) write_arrhenius_report(results, o.out);
  print_json_or_text(
      o.json, [&] { return arrhenius_json(results); }, [&] { return arrhenius_summary(results); });
}

}  // namespace

void register_arrhenius(CLI::App& app) {
  auto* cmd = add_command(
      app, "arrhenius", "Activation energy and prefactor of D and σT from dynamics results at several temperatures",
      "Fits ln D = ln D0 − E_a/(k_B T) (and σT) by least squares, weighted by the calibrated (GLS) errors\n"
      "when every point has one (E_a error propagated; χ² and its p-value), over the points whose MSD is\n"
      "diffusive only (the others are listed with their regime). No fit across glass and liquid points;\n"
      "--extrapolate values only in the validity range (colder for a glass, hotter for a liquid), else\n"
      "refused with the reason (docs/dynamics-analysis.md).\n"
      "Units: K, eV, cm²/s, S K/cm.\nExample:\n"
      "  ionglass arrhenius T700/dynamics.json T800/dynamics.json T900/dynamics.json --species Na --extrapolate 300 "
      "--out arr/");
  auto o = std::make_shared<ArrheniusOptions>();
  cmd->add_option("results", o->files, "dynamics.json files written by ionglass dynamics (temperature read from each)")
      ->required();
  cmd->add_option("--species", o->settings.species, "Species whose D (and conductivity) is fitted")
      ->capture_default_str();
  cmd->add_option("--extrapolate", o->settings.extrapolate_K, "Temperatures (K) to extrapolate to, e.g. 300")
      ->delimiter(',');
  add_output_option(*cmd, o->out, "Directory for arrhenius.json, arrhenius.csv and SVG plots");
  add_json_flag(*cmd, o->json, "Print the JSON result to standard output");
  cmd->callback([o] { run_arrhenius(*o); });
}

}  // namespace ionglass::cli
