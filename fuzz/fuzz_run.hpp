#pragma once
// The one entry point the libFuzzer executables call (fuzz_main.cpp): the table of targets and
// the readers behind it (fuzz_targets.hpp) are compiled once, in fuzz_run.cpp, and linked into
// every executable, instead of once per target.
#include <cstddef>
#include <cstdint>
#include <string>

namespace ionglass::fuzz {

/// Runs the target named `name` (an entry of fuzz_targets.hpp; aborts for an unknown name) on the
/// fuzzer's bytes; returns "" when the promise for bad input held, else what broke it.
std::string run_target_named(const char* name, const std::uint8_t* data, std::size_t size);

}  // namespace ionglass::fuzz
