#include "ionglass/analysis/dynamics/dynamics_workflow.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "ionglass/analysis/dynamics/log_spaced_lags.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {

std::string canonical_symbol(const std::string& symbol) {
  return elements::by_symbol(symbol).symbol;
}

// "A-B" with both sides canonical; throws for a key without a dash.
std::string canonical_pair(const std::string& pair) {
  const auto dash = pair.find('-');
  if (dash == std::string::npos) throw InputError("--cutoff: '" + pair + "' must read A-B=VALUE");
  return canonical_symbol(pair.substr(0, dash)) + "-" + canonical_symbol(pair.substr(dash + 1));
}

// The settings with every element symbol in its canonical spelling.
DynamicsSettings canonical(const DynamicsSettings& given) {
  given.validate();
  DynamicsSettings s = given;
  s.charges_e.clear();
  for (const auto& [symbol, q] : given.charges_e) s.charges_e[canonical_symbol(symbol)] = q;
  for (std::string& symbol : s.species) symbol = canonical_symbol(symbol);
  for (std::string& symbol : s.mobile_preference) symbol = canonical_symbol(symbol);
  for (std::string& symbol : s.matrix_species) symbol = canonical_symbol(symbol);
  if (!s.mobile.empty()) s.mobile = canonical_symbol(s.mobile);
  if (!s.network_former.empty()) s.network_former = canonical_symbol(s.network_former);
  s.descriptor_cutoffs_A.clear();
  for (const auto& [pair, value] : given.descriptor_cutoffs_A) s.descriptor_cutoffs_A[canonical_pair(pair)] = value;
  return s;
}

std::string choose_mobile(const DynamicsSettings& s, const std::vector<std::string>& species) {
  const auto present = [&](const std::string& symbol) {
    return std::find(species.begin(), species.end(), symbol) != species.end();
  };
  std::string mobile = s.mobile;
  if (mobile.empty())
    for (const std::string& symbol : s.mobile_preference)
      if (present(symbol)) {
        mobile = symbol;
        break;
      }
  if (mobile.empty()) mobile = !s.charges_e.empty() ? s.charges_e.begin()->first : species.front();
  if (!present(mobile)) throw InputError("--mobile " + mobile + " is not among the analysed species");
  return mobile;
}

// Van Hove times rounded to lags inside the trajectory, sorted and unique.
std::vector<std::size_t> van_hove_lags(const DynamicsSettings& s, double dt, std::size_t frames) {
  std::vector<std::size_t> lags;
  for (double time : s.van_hove_times_ps) {
    const auto lag = static_cast<long long>(std::llround(time / dt));
    if (lag >= 1 && static_cast<std::size_t>(lag) < frames)
      lags.push_back(static_cast<std::size_t>(lag));
    else if (s.van_hove_times_required)
      throw InputError(
          fmt::format("--van-hove-times: {} ps is outside the trajectory (frame interval {} ps, {} ps long)", time, dt,
                      static_cast<double>(frames - 1) * dt));
  }
  if (lags.empty()) lags.push_back(std::max<std::size_t>(1, (frames - 1) / 2));
  std::sort(lags.begin(), lags.end());
  lags.erase(std::unique(lags.begin(), lags.end()), lags.end());
  return lags;
}

MobilityOptions mobility_options(const DynamicsSettings& s) {
  MobilityOptions options;
  options.fraction = s.mobility_fraction;
  options.window_ps = s.mobility_window_ps;
  if (!s.network_former.empty()) options.former = s.network_former;
  options.cutoffs = s.descriptor_cutoffs_A;
  return options;
}

}  // namespace

void DynamicsSettings::validate() const {
  if (timestep_ps < 0 || frame_interval_ps < 0) throw InputError("times must be positive");
  if (temperature_K < 0) throw InputError("--temperature must be positive");
  for (const auto& [symbol, q] : charges_e) elements::by_symbol(symbol);
  for (const auto& [pair, value] : descriptor_cutoffs_A) canonical_pair(pair);
}

double SpeciesDynamics::beta_mean_in_window() const {
  const FitWindow& w = diffusion.window;
  double sum = 0;
  for (std::size_t m = w.first; m <= w.last; ++m) sum += diffusion.beta[m];
  return sum / static_cast<double>(w.last - w.first + 1);
}

std::optional<std::size_t> SpeciesDynamics::alpha2_peak() const {
  if (alpha2.alpha2.empty()) return std::nullopt;
  std::size_t peak = 0;
  for (std::size_t k = 0; k < alpha2.alpha2.size(); ++k)
    if (alpha2.alpha2[k] > alpha2.alpha2[peak]) peak = k;
  return peak;
}

UnwrapOptions dynamics_unwrap_options(const DynamicsSettings& given) {
  const DynamicsSettings s = canonical(given);
  UnwrapOptions unwrap;
  unwrap.remove_drift = s.remove_drift;
  unwrap.timestep_ps = s.timestep_ps;
  unwrap.frame_interval_ps = s.frame_interval_ps;
  std::set<std::string> wanted(s.species.begin(), s.species.end());
  if (!wanted.empty()) {
    for (const auto& [symbol, q] : s.charges_e) wanted.insert(symbol);
    wanted.insert(s.matrix_species.begin(), s.matrix_species.end());
  }
  unwrap.species.assign(wanted.begin(), wanted.end());
  return unwrap;
}

DynamicsResults analyze_dynamics(const DynamicsSettings& settings, const ExecutionContext& context) {
  const ThreadScope threads(context);
  const UnwrappedTrajectory trajectory = read_unwrapped_trajectory(
      settings.trajectory_files, settings.read, dynamics_unwrap_options(settings), context.show_progress);
  return analyze_dynamics(trajectory, settings, context);
}

namespace {

MatrixState matrix_state(const DynamicsSettings& s, const DynamicsResults& r) {
  MatrixState m;
  if (!s.matrix_species.empty()) {
    for (const std::string& symbol : s.matrix_species)
      if (r.species.count(symbol)) m.species.push_back(symbol);
  } else {
    for (const auto& [symbol, e] : r.species)
      if (symbol != r.mobile_species && !s.charges_e.count(symbol)) m.species.push_back(symbol);
  }
  if (m.species.empty()) {
    m.reason = "no matrix species analysed";
    return m;
  }
  bool any_diffusive = false, all_sub_diffusive = true;
  for (const std::string& symbol : m.species) {
    const DiffusionRegimeResult& regime = r.species.at(symbol).diffusion.regime;
    any_diffusive = any_diffusive || regime.regime == DiffusionRegime::diffusive;
    all_sub_diffusive = all_sub_diffusive && regime.regime == DiffusionRegime::sub_diffusive;
    if (!m.reason.empty()) m.reason += "; ";
    m.reason += symbol + " " + regime_name(regime.regime) + " (beta = " + fmt::format("{:.3f}", regime.beta) + ")";
  }
  m.state = any_diffusive ? "liquid" : all_sub_diffusive ? "glass" : "unknown";
  return m;
}

}  // namespace

DynamicsResults analyze_dynamics(const UnwrappedTrajectory& t, const DynamicsSettings& settings,
                                 const ExecutionContext& context) {
  const ThreadScope threads(context);
  DynamicsResults r;
  r.settings = canonical(settings);
  const DynamicsSettings& s = r.settings;
  for (const auto& [symbol, q] : s.charges_e)
    if (t.atoms_of(elements::by_symbol(symbol).atomic_number).empty())
      throw InputError("--charges names " + symbol + ", which is not in the trajectory");

  const double dt = t.frame_interval_ps();
  r.frames = t.frame_count();
  r.frame_interval_ps = dt;
  r.temperature_K = s.temperature_K > 0 ? s.temperature_K : t.temperature_from_info_K();
  r.volume_A3 = t.mean_volume_A3();
  r.unwrapped_from_image_flags = t.unwrapped_from_image_flags();
  r.drift_removed = t.drift_removed();
  for (const Vec3& d : t.drift()) r.max_centre_of_mass_drift_A = std::max(r.max_centre_of_mass_drift_A, d.norm());
  const std::vector<std::string> species = t.species();
  r.mobile_species = choose_mobile(s, species);
  const std::vector<std::size_t> vh_lags = van_hove_lags(s, dt, r.frames);

  const std::size_t stages = species.size() * 4 + (s.charges_e.empty() ? 0 : 1) + 2;
  Progress progress = context.progress("dynamics analysis", static_cast<long long>(stages));

  // Per species: MSD and D, α₂, self and distinct van Hove functions.
  const auto alpha2_lags = log_spaced_lags(r.frames, 60);
  VanHoveOptions van_hove;
  van_hove.bin_width_A = s.van_hove_bin_A;
  std::map<std::string, DiffusionResult> diffusion;
  for (const std::string& symbol : species) {
    SpeciesDynamics& e = r.species[symbol];
    e.symbol = symbol;
    const auto atoms = t.atoms_of(elements::by_symbol(symbol).atomic_number);
    e.atoms = atoms.size();
    e.diffusion = analyse_diffusion(t.positions().data(), r.frames, 3 * t.atom_count(), atoms, dt, s.fit);
    diffusion[symbol] = e.diffusion;
    progress.advance();
    e.alpha2 = non_gaussian_parameter(t, atoms, alpha2_lags);
    progress.advance();
    e.self_van_hove = self_van_hove(t, atoms, vh_lags, van_hove);
    progress.advance();
    if (atoms.size() >= 2) e.distinct_van_hove = distinct_van_hove(t, atoms, vh_lags, van_hove);
    progress.advance();
  }

  r.matrix = matrix_state(s, r);

  // Conductivity and Haven ratio: all charged species together over the carrier's fit window
  // (the mobile species when charged), and each charged species alone over its own window.
  if (!s.charges_e.empty() && r.temperature_K > 0) {
    const std::string carrier = s.charges_e.count(r.mobile_species) ? r.mobile_species : s.charges_e.begin()->first;
    r.conductivity_window = diffusion.at(carrier).window;
    r.conductivity = ionic_conductivity(t, s.charges_e, diffusion, r.temperature_K, r.conductivity_window, s.fit);
    for (const auto& [symbol, q] : s.charges_e) {
      SpeciesDynamics& e = r.species.at(symbol);
      e.charge_e = q;
      e.conductivity =
          ionic_conductivity(t, {{symbol, q}}, diffusion, r.temperature_K, diffusion.at(symbol).window, s.fit);
    }
    progress.advance();
  } else if (!s.charges_e.empty()) {
    r.conductivity_needs_temperature = true;
    for (const auto& [symbol, q] : s.charges_e) r.species.at(symbol).charge_e = q;
  }

  // Hops and mobility of the mobile species.
  const auto mobile_atoms = t.atoms_of(elements::by_symbol(r.mobile_species).atomic_number);
  r.hops = analyse_hops(t, mobile_atoms, s.hops);
  progress.advance();
  if (mobile_atoms.size() >= 2) r.mobility = mobility_against_structure(t, r.mobile_species, mobility_options(s));
  progress.advance();
  for (std::size_t lag : vh_lags) r.van_hove_times_ps.push_back(r.time_ps(lag));
  progress.finish();
  return r;
}

}  // namespace ionglass
