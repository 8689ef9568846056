#include "ionglass/calculators/structure_hash.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

namespace ionglass::calculators {

std::string structure_hash(const System& structure) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a offset basis (Fowler, Noll, Vo)
  auto feed = [&hash](const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < bytes; ++i) {
      hash ^= p[i];
      hash *= 1099511628211ull;
    }
  };
  auto feed_double = [&feed](double value) {
    if (value == 0) value = 0;  // −0 and +0 are the same structure
    feed(&value, sizeof value);
  };
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) feed_double(structure.cell.matrix()(i, j));
  for (const bool periodic : structure.cell.periodic()) {
    const unsigned char flag = periodic ? 1 : 0;
    feed(&flag, 1);
  }
  const std::uint64_t atoms = structure.size();
  feed(&atoms, sizeof atoms);
  for (std::size_t a = 0; a < structure.size(); ++a) {
    const std::int32_t z = structure.atomic_number(a);
    feed(&z, sizeof z);
    for (int k = 0; k < 3; ++k) feed_double(structure.positions[a][k]);
  }
  return fmt::format("{:016x}", hash);
}

}  // namespace ionglass::calculators
