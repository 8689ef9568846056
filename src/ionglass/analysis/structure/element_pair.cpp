#include "ionglass/analysis/structure/element_pair.hpp"

#include <algorithm>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

std::string element_symbol(int atomic_number) { return elements::by_number(atomic_number).symbol; }

std::string ElementPair::name() const { return element_symbol(centre) + "-" + element_symbol(neighbor); }

ElementPair parse_element_pair(const std::string& text, const std::string& context) {
  const auto dash = text.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 >= text.size())
    throw InputError(context.empty() ? "'" + text + "' is not an element pair like Fe-O"
                                     : context + ": '" + text + "' is not an element pair like Fe-O");
  auto element = [&](const std::string& symbol) {
    const auto z = elements::find_symbol(symbol);
    if (!z) throw InputError((context.empty() ? "" : context + ": ") + "unknown element '" + symbol + "' in '" + text + "'");
    return *z;
  };
  return {element(text.substr(0, dash)), element(text.substr(dash + 1))};
}

bool is_anion(int z) {
  // O, F, S, Cl, N, Se, Br, Te, I
  return z == 8 || z == 9 || z == 16 || z == 17 || z == 7 || z == 34 || z == 35 || z == 52 || z == 53;
}

std::vector<int> type_elements(const System& frame) {
  std::vector<int> out(frame.atom_types.size());
  for (std::size_t t = 0; t < out.size(); ++t) out[t] = frame.atom_types[t].atomic_number;
  return out;
}

std::vector<int> present_elements(const System& frame) {
  std::vector<bool> used(frame.atom_types.size(), false);
  for (int t : frame.types) used[t - 1] = true;
  std::vector<int> z;
  for (std::size_t t = 0; t < used.size(); ++t)
    if (used[t] && std::find(z.begin(), z.end(), frame.atom_types[t].atomic_number) == z.end())
      z.push_back(frame.atom_types[t].atomic_number);
  std::sort(z.begin(), z.end(), [](int a, int b) { return element_symbol(a) < element_symbol(b); });
  return z;
}

}  // namespace ionglass
