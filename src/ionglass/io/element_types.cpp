#include "ionglass/io/element_types.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "ionglass/core/elements.hpp"
#include "ionglass/io/line_reader.hpp"

namespace ionglass {

void assign_types_by_element(System& system, const std::vector<int>& atomic_number_per_atom) {
  std::set<int> present(atomic_number_per_atom.begin(), atomic_number_per_atom.end());
  std::vector<int> ordered(present.begin(), present.end());
  std::sort(ordered.begin(), ordered.end(), [](int a, int b) {
    return std::strcmp(elements::by_number(a).symbol, elements::by_number(b).symbol) < 0;
  });
  system.atom_types.clear();
  for (int z : ordered) system.type_for_element(z);
  std::vector<int> type_of(static_cast<std::size_t>(elements::max_atomic_number) + 1, 0);
  for (int z : ordered) type_of[static_cast<std::size_t>(z)] = system.type_for_element(z);
  system.types.resize(atomic_number_per_atom.size());
  for (std::size_t i = 0; i < atomic_number_per_atom.size(); ++i)
    system.types[i] = type_of[static_cast<std::size_t>(atomic_number_per_atom[i])];
}

int find_element(std::string_view symbol) {
  // POTCAR labels: "Fe_pv", "Fe_sv_GW", "Fe/6f3e2a" (VASP 6 hashes), "Fe1" (numbered sites).
  std::size_t end = 0;
  while (end < symbol.size() && std::isalpha(static_cast<unsigned char>(symbol[end]))) ++end;
  std::string_view letters = symbol.substr(0, end);
  if (letters.empty() || letters.size() > 2) return 0;
  if (end < symbol.size() && symbol[end] != '_' && symbol[end] != '/' && symbol[end] != '.' &&
      !std::isdigit(static_cast<unsigned char>(symbol[end])) && symbol[end] != '+' && symbol[end] != '-')
    return 0;
  auto z = elements::find_symbol(letters);
  return z ? *z : 0;
}

int element_from_symbol(std::string_view symbol, const LineReader& reader) {
  const int z = find_element(symbol);
  if (z == 0) reader.fail("unknown element '" + std::string(symbol) + "'");
  return z;
}

}  // namespace ionglass
