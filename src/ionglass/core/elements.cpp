#include "ionglass/core/elements.hpp"

#include <cctype>
#include <cmath>
#include <string>

#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {
const Element table[elements::max_atomic_number] = {
#include "ionglass/core/elements_data.inc"
};
}  // namespace

double Element::xray_form_factor(double q_per_A) const {
  const double s = q_per_A / (4.0 * 3.14159265358979323846);
  double f = xray_c;
  for (int i = 0; i < 4; ++i) f += xray_a[i] * std::exp(-xray_b[i] * s * s);
  return f;
}

namespace elements {

const Element& by_number(int atomic_number) {
  if (atomic_number < 1 || atomic_number > max_atomic_number)
    throw InputError("atomic number " + std::to_string(atomic_number) + " is outside H..Cf");
  return table[atomic_number - 1];
}

std::optional<int> find_symbol(std::string_view symbol) {
  if (symbol.empty() || symbol.size() > 2) return std::nullopt;
  std::string canonical(symbol);
  canonical[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(canonical[0])));
  if (canonical.size() == 2) canonical[1] = static_cast<char>(std::tolower(static_cast<unsigned char>(canonical[1])));
  for (const auto& e : table)
    if (canonical == e.symbol) return e.atomic_number;
  return std::nullopt;
}

const Element& by_symbol(std::string_view symbol) {
  auto z = find_symbol(symbol);
  if (!z) throw InputError("unknown element '" + std::string(symbol) + "'");
  return table[*z - 1];
}

std::optional<int> from_mass(double mass_amu, double tolerance_amu) {
  std::optional<int> found;
  for (const auto& e : table) {
    if (std::abs(e.mass_amu - mass_amu) <= tolerance_amu) {
      if (found) return std::nullopt;  // ambiguous
      found = e.atomic_number;
    }
  }
  return found;
}

}  // namespace elements
}  // namespace ionglass
