#include "ionglass/ace/fit_checkpoint.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::ace {

namespace {
constexpr const char* kind = "ionglass fit checkpoint";
}

void write_fit_checkpoint(const std::string& path, const FitCheckpoint& c) {
  nlohmann::json log = nlohmann::json::array();
  for (const auto& row : c.log) log.push_back(to_json(row));
  const nlohmann::json json{{"kind", kind},
                            {"version", 1},
                            {"ladder_step", c.ladder_step},
                            {"step_iterations", c.step_iterations},
                            {"step_finished", c.step_finished},
                            {"wall_time_s", c.wall_time_s},
                            {"input_fingerprint", c.input_fingerprint},
                            {"log", log},
                            {"step_stop_reasons", c.step_stop_reasons},
                            {"potential_yaml", c.potential_yaml}};
  write_file_atomically(path, json.dump(1) + "\n");
}

FitCheckpoint read_fit_checkpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open the fit checkpoint (nothing to resume)");
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    const auto json = nlohmann::json::parse(buffer.str());
    if (json.at("kind") != kind || json.at("version") != 1) throw InputError(path, 0, "not an ionglass fit checkpoint");
    FitCheckpoint c;
    c.ladder_step = json.at("ladder_step").get<int>();
    c.step_iterations = json.at("step_iterations").get<int>();
    c.step_finished = json.at("step_finished").get<bool>();
    c.wall_time_s = json.at("wall_time_s").get<double>();
    c.input_fingerprint = json.at("input_fingerprint").get<std::string>();
    c.potential_yaml = json.at("potential_yaml").get<std::string>();
    c.step_stop_reasons = json.at("step_stop_reasons").get<std::vector<std::string>>();
    for (const auto& row : json.at("log")) c.log.push_back(fit_log_row_from_json(row));
    if (c.ladder_step < 1 || c.step_iterations < 0) throw InputError(path, 0, "checkpoint with an impossible position");
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, 0, std::string("malformed fit checkpoint: ") + e.what());
  }
}

}  // namespace ionglass::ace
