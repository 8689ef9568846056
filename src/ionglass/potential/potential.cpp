#include "ionglass/potential/potential.hpp"

#include <algorithm>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/core/unphysical_structure_error.hpp"
#include "ionglass/potential/finite_result_check.hpp"

namespace ionglass {

void PotentialResult::reset(std::size_t natoms, const EvaluationRequest& request) {
  energy = 0;
  components.clear();
  virial.setZero();
  if (request.forces) forces.assign(natoms, Vec3::Zero());
  else forces.clear();
  if (request.per_atom_energy) per_atom_energy.assign(natoms, 0.0);
  else per_atom_energy.clear();
}

void PotentialResult::add_component(const std::string& name, double value) {
  energy += value;
  for (auto& [n, v] : components)
    if (n == name) {
      v += value;
      return;
    }
  components.emplace_back(name, value);
}

double PotentialResult::component(const std::string& name) const {
  for (const auto& [n, v] : components)
    if (n == name) return v;
  return 0;
}

double PotentialResult::max_force() const {
  double m = 0;
  for (const auto& f : forces) m = std::max(m, f.norm());
  return m;
}

Mat3 PotentialResult::virial_pressure_bar(double volume_A3) const {
  return virial / volume_A3 * units::eV_per_A3_to_bar;
}

std::string PotentialSum::name() const {
  std::string out;
  for (const auto& t : terms_) out += (out.empty() ? "" : "+") + t->name();
  return out;
}

double PotentialSum::cutoff() const {
  double c = 0;
  for (const auto& t : terms_) c = std::max(c, t->cutoff());
  return c;
}

void PotentialSum::bind(const System& system) {
  for (auto& t : terms_) t->bind(system);
}

void PotentialSum::compute(const System& system, const EvaluationRequest& request, PotentialResult& result) {
  for (auto& t : terms_) t->compute(system, request, result);
}

void PotentialSum::set_thread_count(int threads) {
  for (auto& t : terms_) t->set_thread_count(threads);
}

std::string PotentialSum::describe() const {
  std::string out;
  for (const auto& t : terms_) out += t->describe() + "\n";
  return out;
}

PotentialResult evaluate(Potential& potential, const System& system, const EvaluationRequest& request,
                         const std::string& source) {
  PotentialResult r;
  potential.bind(system);
  r.reset(system.size(), request);
  try {
    potential.compute(system, request, r);
    check_finite_result(r, system);
  } catch (const UnphysicalStructureError& e) {
    if (source.empty()) throw;
    throw InputError(source, 0, e.what());
  }
  return r;
}

}  // namespace ionglass
