#include "fuzz_run.hpp"

#include "fuzz_targets.hpp"

namespace ionglass::fuzz {

std::string run_target_named(const char* name, const std::uint8_t* data, std::size_t size) {
  return run_target(target(name), data, size);
}

}  // namespace ionglass::fuzz
