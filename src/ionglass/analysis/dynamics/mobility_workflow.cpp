#include "ionglass/analysis/dynamics/mobility_workflow.hpp"

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {

std::vector<std::string> canonical_symbols(const std::vector<std::string>& symbols) {
  std::vector<std::string> out;
  for (const std::string& s : symbols) out.emplace_back(elements::by_symbol(s).symbol);
  return out;
}

}  // namespace

void IonMobilitySettings::validate() const {
  if (timestep_ps < 0 || frame_interval_ps < 0) throw InputError("times must be positive");
  if (learned.species.empty()) throw InputError("ion mobility: no mobile species given");
  if (trajectory_files.empty()) throw InputError("ion mobility: no trajectory files given");
}

IonMobilityResults analyze_ion_mobility(const IonMobilitySettings& given, const ExecutionContext& context) {
  given.validate();
  const ThreadScope threads(context);
  IonMobilityResults r;
  r.settings = given;
  IonMobilitySettings& s = r.settings;
  s.learned.species = elements::by_symbol(given.learned.species).symbol;
  s.learned.formers = canonical_symbols(given.learned.formers);
  s.learned.anions = canonical_symbols(given.learned.anions);
  s.sites.species = s.learned.species;
  s.sites.bootstrap = s.learned.bootstrap;

  UnwrapOptions unwrap;
  unwrap.remove_drift = s.remove_drift;
  unwrap.timestep_ps = s.timestep_ps;
  unwrap.frame_interval_ps = s.frame_interval_ps;
  for (const std::string& file : s.trajectory_files)
    r.replicas.push_back(read_unwrapped_trajectory({file}, s.read, unwrap, context.show_progress));
  std::vector<const UnwrappedTrajectory*> replicas;
  for (const UnwrappedTrajectory& t : r.replicas) replicas.push_back(&t);
  r.sites = analyse_site_hops(replicas, s.sites);
  r.learned = learn_mobility(replicas, s.learned);
  return r;
}

}  // namespace ionglass
