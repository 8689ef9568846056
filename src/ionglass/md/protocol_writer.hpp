#pragma once
// The one writer of MD protocol files: a Protocol value as the YAML text that read_protocol /
// parse_protocol (protocol.hpp) read back to the same value. Used where a protocol built in
// memory (the study's steps) is saved for the user and guards its resume (the checkpoint records
// the hash of this text).
#include <string>

#include "ionglass/md/protocol.hpp"

namespace ionglass {

/// YAML text of `protocol` with every setting spelled out (stage lengths as `steps`, numbers in
/// their shortest exact decimal form, paths as stored). parse_protocol(format_protocol(p), path)
/// gives back `p` (except `path`, `text` and `warnings`) when the paths in `p` are absolute.
std::string format_protocol(const Protocol& protocol);

/// `protocol` with `text` set to format_protocol(protocol) and `path` to `record_path`: the value
/// a run receives when it was built in memory and will be saved as `record_path`.
Protocol recorded_protocol(Protocol protocol, const std::string& record_path);

}  // namespace ionglass
