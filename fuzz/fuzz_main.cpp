// One libFuzzer executable per entry of fuzz_targets.hpp, chosen at build time by
// IONGLASS_FUZZ_TARGET (fuzz/CMakeLists.txt). A broken promise (an InputError that does not name
// the file) aborts, and libFuzzer saves the input; crashes, sanitizer reports, escaping exceptions,
// hangs and memory blow-ups are caught by libFuzzer itself. Build and run: fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>

#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ionglass::fuzz::Target& target = ionglass::fuzz::target(IONGLASS_FUZZ_TARGET);
  const std::string broken = ionglass::fuzz::run_target(target, data, size);
  if (!broken.empty()) {
    std::cerr << "ionglass fuzz: " << broken << "\n";
    std::abort();
  }
  return 0;
}
