#include "ionglass/core/chemical_formula.hpp"

#include <cctype>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

std::map<std::string, long long> parse_formula(const std::string& formula) {
  std::map<std::string, long long> counts;
  std::size_t k = 0;
  if (formula.empty()) throw InputError("empty chemical formula");
  while (k < formula.size()) {
    if (!std::isupper(static_cast<unsigned char>(formula[k])))
      throw InputError("cannot read chemical formula '" + formula + "' (expected an element symbol at '" +
                       formula.substr(k) + "')");
    std::string symbol(1, formula[k++]);
    while (k < formula.size() && std::islower(static_cast<unsigned char>(formula[k]))) symbol += formula[k++];
    if (!elements::find_symbol(symbol))
      throw InputError("unknown element '" + symbol + "' in formula '" + formula + "'");
    long long n = 0;
    bool digits = false;
    while (k < formula.size() && std::isdigit(static_cast<unsigned char>(formula[k]))) {
      n = n * 10 + (formula[k++] - '0');
      digits = true;
      if (n > 1000000) throw InputError("count too large in formula '" + formula + "'");
    }
    if (digits && n == 0) throw InputError("zero count in formula '" + formula + "'");
    counts[symbol] += digits ? n : 1;
  }
  return counts;
}

long long formula_atom_count(const std::string& formula) {
  long long total = 0;
  for (const auto& [symbol, count] : parse_formula(formula)) total += count;
  return total;
}

}  // namespace ionglass
