#include "ionglass/ace/potential_validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/neighbor/closest_pair.hpp"
#include "ionglass/potential/finite_result_check.hpp"

namespace ionglass::ace {

void ErrorAccumulator::add(double error) {
  sum_squared += error * error;
  sum_absolute += std::abs(error);
  max_absolute = std::max(max_absolute, std::abs(error));
  ++count;
}

double ErrorAccumulator::rmse() const { return count ? std::sqrt(sum_squared / count) : 0.0; }
double ErrorAccumulator::mae() const { return count ? sum_absolute / count : 0.0; }

namespace {

std::string info_text(const InfoValue& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "T" : "F";
  if (const auto* i = std::get_if<long long>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  const auto& list = std::get<std::vector<double>>(v);
  std::string out;
  for (double x : list) out += (out.empty() ? "" : " ") + fmt::format("{}", x);
  return out;
}

bool info_number(const InfoValue& v, double& out) {
  if (const auto* d = std::get_if<double>(&v)) {
    out = *d;
    return true;
  }
  if (const auto* i = std::get_if<long long>(&v)) {
    out = static_cast<double>(*i);
    return true;
  }
  return false;
}

std::string composition_of(const System& s) {
  std::string out;
  for (const auto& [el, n] : s.counts()) out += el + std::to_string(n);
  return out;
}

}  // namespace

PotentialValidator::PotentialValidator(Potential& potential, ValidationOptions options)
    : potential_(potential), options_(std::move(options)) {
  for (const auto& [el, e] : options_.reference_energies) {
    (void)e;
    if (!elements::find_symbol(el)) throw InputError("unknown element '" + el + "' in the reference energies");
  }
}

const StructureValidation& PotentialValidator::add(const System& frame, long long index, const std::string& source) {
  StructureValidation v;
  v.index = index;
  v.natoms = frame.size();
  v.composition = composition_of(frame);
  const std::string where = fmt::format("frame {}", index);

  // Reference energy.
  if (energy_key_used_.empty()) {
    if (!options_.energy_key.empty()) energy_key_used_ = options_.energy_key;
    else
      for (const char* key : {"energy", "dft_energy", "REF_energy", "free_energy", "DFT_energy"})
        if (frame.info.count(key)) {
          energy_key_used_ = key;
          break;
        }
    if (energy_key_used_.empty())
      throw InputError(source, 0, where + ": no reference energy (none of energy, dft_energy, REF_energy, free_energy; use --energy-key)");
  }
  const auto it = frame.info.find(energy_key_used_);
  double reference_energy = 0;
  if (it == frame.info.end() || !info_number(it->second, reference_energy))
    throw InputError(source, 0, where + ": no numeric info key '" + energy_key_used_ + "' (reference energy, eV)");
  if (frame.size() == 0) throw InputError(source, 0, where + ": no atoms");

  if (forces_key_used_.empty()) {
    if (!options_.forces_key.empty()) forces_key_used_ = options_.forces_key;
    else
      for (const char* key : {"forces", "dft_forces", "REF_forces", "DFT_forces"})
        if (frame.properties.count(key)) {
          forces_key_used_ = key;
          break;
        }
  }
  const PerAtomProperty* reference_forces = nullptr;
  if (!forces_key_used_.empty()) {
    const auto f = frame.properties.find(forces_key_used_);
    if (f != frame.properties.end()) {
      if (f->second.kind != 'R' || f->second.columns != 3)
        throw InputError(source, 0, where + ": property '" + forces_key_used_ + "' must be 3 real columns (forces, eV/Å)");
      reference_forces = &f->second;
    } else if (!options_.forces_key.empty()) {
      throw InputError(source, 0, where + ": no per-atom property '" + forces_key_used_ + "' (reference forces)");
    }
  }
  if (!options_.group_by.empty()) {
    const auto g = frame.info.find(options_.group_by);
    v.group = g == frame.info.end() ? "(none)" : info_text(g->second);
  }

  double reference_sum = 0;
  for (std::size_t i = 0; i < frame.size(); ++i) {
    const auto e = options_.reference_energies.find(frame.symbol(i));
    if (e != options_.reference_energies.end()) reference_sum += e->second;
  }
  v.shortest_distance = shortest_interatomic_distance(frame);
  v.reference_energy_per_atom = reference_energy / frame.size();

  EvaluationRequest request;
  request.forces = reference_forces != nullptr;
  request.virial = false;
  PotentialResult result;
  try {
    potential_.bind(frame);
    result.reset(frame.size(), request);
    potential_.compute(frame, request, result);
    check_finite_result(result, frame);
  } catch (const ComputationError& e) {
    v.evaluated = false;
    v.problem = e.what();
    structures_.push_back(v);
    return structures_.back();
  }
  v.evaluated = true;
  v.predicted_energy_per_atom = (result.energy + reference_sum) / frame.size();
  v.energy_error_per_atom = v.predicted_energy_per_atom - v.reference_energy_per_atom;
  energy_.add(v.energy_error_per_atom);
  e_ref_.push_back(v.reference_energy_per_atom);
  e_pred_.push_back(v.predicted_energy_per_atom);
  if (!options_.group_by.empty()) energy_by_group_[v.group].add(v.energy_error_per_atom);
  if (reference_forces) {
    v.has_forces = true;
    for (std::size_t i = 0; i < frame.size(); ++i)
      for (int a = 0; a < 3; ++a) {
        const double ref = reference_forces->values[3 * i + a], pred = result.forces[i][a];
        const double error = pred - ref;
        v.force_error.add(error);
        forces_.add(error);
        forces_by_element_[frame.symbol(i)].add(error);
        if (!options_.group_by.empty()) forces_by_group_[v.group].add(error);
        f_ref_.push_back(ref);
        f_pred_.push_back(pred);
      }
  }
  structures_.push_back(v);
  return structures_.back();
}

double shortest_interatomic_distance(const System& system, double search_radius) {
  return closest_pair(system, search_radius).distance_A;
}

std::map<std::string, double> parse_reference_energies(const std::string& text) {
  std::map<std::string, double> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(pos, end - pos);
    pos = end + 1;
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos) throw InputError("reference energies: '" + item + "' is not ELEMENT=ENERGY_eV");
    const std::string el = item.substr(0, eq);
    if (!elements::find_symbol(el)) throw InputError("reference energies: unknown element '" + el + "'");
    const std::string value = item.substr(eq + 1);
    char* stop = nullptr;
    const double e = std::strtod(value.c_str(), &stop);
    if (value.empty() || *stop != '\0' || !std::isfinite(e))
      throw InputError("reference energies: '" + value + "' is not a number (for " + el + ")");
    out[el] = e;
  }
  return out;
}

}  // namespace ionglass::ace
