#pragma once
// Text form of real numbers in the files ionglass writes: the shortest decimal that reads back
// to exactly the same double (fmt's round-trip formatting), so that conversions lose nothing.
#include <fmt/format.h>

#include <iterator>
#include <utility>

namespace ionglass {

template <typename... Args>
void append_format(fmt::memory_buffer& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

inline void append_real(fmt::memory_buffer& out, double value) { fmt::format_to(std::back_inserter(out), "{}", value); }

}  // namespace ionglass
