#include "ionglass/core/system.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <sstream>
#include <unordered_set>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/position_range.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {

const char* System::symbol(std::size_t atom) const { return elements::by_number(atomic_number(atom)).symbol; }

std::vector<int> System::elements_present() const {
  std::vector<bool> used(atom_types.size(), false);
  for (int t : types) used[t - 1] = true;
  std::set<int> z;
  for (std::size_t t = 0; t < atom_types.size(); ++t)
    if (used[t]) z.insert(atom_types[t].atomic_number);
  std::vector<int> out(z.begin(), z.end());
  std::sort(out.begin(), out.end(), [](int a, int b) {
    return std::strcmp(elements::by_number(a).symbol, elements::by_number(b).symbol) < 0;
  });
  return out;
}

std::map<std::string, std::size_t> System::counts() const {
  std::map<std::string, std::size_t> out;
  for (std::size_t i = 0; i < size(); ++i) ++out[symbol(i)];
  return out;
}

std::vector<std::size_t> System::atoms_of_element(int z) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < size(); ++i)
    if (atomic_number(i) == z) out.push_back(i);
  return out;
}

double System::total_mass_amu() const {
  double m = 0;
  for (std::size_t i = 0; i < size(); ++i) m += mass(i);
  return m;
}

double System::density_g_cm3() const {
  if (!cell.has_volume()) return 0;
  return total_mass_amu() / cell.volume() * units::amu_per_A3_to_g_per_cm3;
}

double System::total_charge() const {
  double q = 0;
  for (double c : charges) q += c;
  return q;
}

void System::add_atom(long long id, int type, const Vec3& position) {
  if (type < 1 || type > static_cast<int>(atom_types.size()))
    throw InputError("atom type " + std::to_string(type) + " is not defined");
  ids.push_back(id);
  types.push_back(type);
  positions.push_back(position);
}

int System::type_for_element(int z) {
  for (std::size_t t = 0; t < atom_types.size(); ++t)
    if (atom_types[t].atomic_number == z) return static_cast<int>(t) + 1;
  const Element& e = elements::by_number(z);
  atom_types.push_back(AtomType{z, e.mass_amu, e.symbol});
  return static_cast<int>(atom_types.size());
}

std::vector<Vec3> System::unwrapped_positions() const {
  std::vector<Vec3> out(positions);
  if (!has_images()) return out;
  for (std::size_t i = 0; i < size(); ++i) out[i] += cell.translation(images[i]);
  return out;
}

void System::wrap_positions() {
  if (!has_images()) images.assign(size(), Image{0, 0, 0});
  for (std::size_t i = 0; i < size(); ++i) positions[i] = cell.wrap(positions[i], &images[i]);
}

void System::validate(const std::string& source) const {
  const std::size_t n = size();
  auto fail = [&](const std::string& what) { throw InputError(source, 0, what); };
  if (ids.size() != n || types.size() != n) fail("inconsistent number of atom ids, types and positions");
  if (!velocities.empty() && velocities.size() != n) fail("velocities given for only some atoms");
  if (!images.empty() && images.size() != n) fail("image flags given for only some atoms");
  if (!charges.empty() && charges.size() != n) fail("charges given for only some atoms");
  for (const auto& [name, p] : properties) {
    const std::size_t expect = n * static_cast<std::size_t>(p.columns);
    if ((p.kind == 'S' ? p.strings.size() : p.values.size()) != expect)
      fail("per-atom property '" + name + "' has the wrong length");
  }
  for (std::size_t t = 0; t < atom_types.size(); ++t) {
    const auto& at = atom_types[t];
    if (at.atomic_number < 1 || at.atomic_number > elements::max_atomic_number)
      fail("atom type " + std::to_string(t + 1) + " has no element");
    if (!(at.mass_amu > 0) || !std::isfinite(at.mass_amu))
      fail("atom type " + std::to_string(t + 1) + " has no valid mass");
  }
  std::unordered_set<long long> seen;
  seen.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    if (types[i] < 1 || types[i] > static_cast<int>(atom_types.size()))
      fail("atom " + std::to_string(ids[i]) + " has undefined type " + std::to_string(types[i]));
    if (!seen.insert(ids[i]).second) fail("atom id " + std::to_string(ids[i]) + " appears twice");
    if (!positions[i].allFinite()) fail("atom " + std::to_string(ids[i]) + " has a non-finite position");
  }
  check_position_range(cell, positions, &ids, source);
}

std::vector<std::string> split_symbol_list(const std::string& list) {
  std::vector<std::string> out;
  std::string item;
  for (char c : list) {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else {
      item.push_back(c);
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

void apply_type_elements(System& system, const std::vector<std::string>& symbols, const std::string& source) {
  if (symbols.size() < system.atom_types.size())
    throw InputError(source, 0,
                     "--types names " + std::to_string(symbols.size()) + " elements but the file declares " +
                         std::to_string(system.atom_types.size()) + " atom types");
  for (std::size_t t = 0; t < system.atom_types.size(); ++t) {
    auto z = elements::find_symbol(symbols[t]);
    if (!z) throw InputError(source, 0, "unknown element '" + symbols[t] + "' in --types");
    auto& at = system.atom_types[t];
    at.atomic_number = *z;
    if (!(at.mass_amu > 0)) at.mass_amu = elements::by_number(*z).mass_amu;
    if (at.label.empty()) at.label = elements::by_number(*z).symbol;
  }
}

}  // namespace ionglass
