#pragma once
// summary.json of an MD run (`ionglass run --out DIR`, and each MD step of a study): the protocol,
// whether it resumed, step counts, timings (steps_per_second) and the final state.
#include <nlohmann/json.hpp>
#include <string>

#include "ionglass/md/protocol_runner.hpp"

namespace ionglass {

/// The content of summary.json; `protocol_path` as given on the command line.
nlohmann::json md_run_summary_json(const RunSummary& summary, const std::string& protocol_path);

/// Writes `directory`/summary.json (atomically).
void write_md_run_summary(const RunSummary& summary, const std::string& protocol_path, const std::string& directory);

}  // namespace ionglass
