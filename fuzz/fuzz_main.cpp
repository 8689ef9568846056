// One libFuzzer executable per entry of fuzz_targets.hpp, chosen at build time by
// IONGLASS_FUZZ_TARGET (fuzz/CMakeLists.txt). A broken promise (an InputError that does not name
// the file) aborts, and libFuzzer saves the input; crashes, sanitizer reports, escaping exceptions,
// hangs and memory blow-ups are caught by libFuzzer itself. Build and run: fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "fuzz_run.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string broken = ionglass::fuzz::run_target_named(IONGLASS_FUZZ_TARGET, data, size);
  if (!broken.empty()) {
    std::cerr << "ionglass fuzz: " << broken << "\n";
    std::abort();
  }
  return 0;
}
