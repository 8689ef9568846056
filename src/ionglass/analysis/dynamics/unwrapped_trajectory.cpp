#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/progress.hpp"

namespace ionglass {

std::vector<std::size_t> UnwrappedTrajectory::atoms_of(int atomic_number) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < atomic_numbers_.size(); ++i)
    if (atomic_numbers_[i] == atomic_number) out.push_back(i);
  return out;
}

std::vector<std::string> UnwrappedTrajectory::species() const {
  std::set<std::string> symbols;
  for (int z : atomic_numbers_) symbols.insert(elements::by_number(z).symbol);
  return {symbols.begin(), symbols.end()};
}

double UnwrappedTrajectory::mean_volume_A3() const {
  if (cells_.empty()) return 0;
  double sum = 0;
  for (const Cell& c : cells_) sum += c.volume();
  return sum / static_cast<double>(cells_.size());
}

TrajectoryUnwrapper::TrajectoryUnwrapper(UnwrapOptions options) : options_(std::move(options)) {
  result_.drift_removed_ = options_.remove_drift;
}

namespace {

std::string frame_name(const std::string& source, std::size_t frame) {
  return fmt::format("frame {}{}", frame, source.empty() ? "" : " of " + source);
}

bool read_temperature(const System& frame, double& value) {
  for (const char* key : {"temperature_K", "temperature", "Temperature", "temp", "Temp", "T"}) {
    auto it = frame.info.find(key);
    if (it == frame.info.end()) continue;
    if (const double* d = std::get_if<double>(&it->second)) {
      value = *d;
      return true;
    }
    if (const long long* i = std::get_if<long long>(&it->second)) {
      value = static_cast<double>(*i);
      return true;
    }
  }
  return false;
}

bool inside_cell(const Cell& cell, const Vec3& r) {
  const Vec3 s = cell.to_fractional(r);
  const double tolerance = 1e-6;
  for (int a = 0; a < 3; ++a)
    if (s[a] < -tolerance || s[a] > 1 + tolerance) return false;
  return true;
}

}  // namespace

void TrajectoryUnwrapper::match_atoms(const System& frame, const std::string& source) {
  const std::size_t f = result_.frame_count_;
  if (frame.ids.size() != atoms_total_) return;  // no ids: atoms keep their order
  bool same = true;
  for (std::size_t k = 0; k < atoms_total_ && same; ++k) same = frame.ids[order_[k]] == slot_ids_[k];
  if (same) return;
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return frame.ids[a] < frame.ids[b]; });
  for (std::size_t k = 0; k < atoms_total_; ++k)
    if (frame.ids[order_[k]] != slot_ids_[k])
      throw InputError(source, 0,
                       fmt::format("{}: atom id {} is not in the first frame (the atoms differ between frames)",
                                   frame_name(source, f), frame.ids[order_[k]]));
}

void TrajectoryUnwrapper::add(const System& frame, const std::string& source) {
  const std::size_t f = result_.frame_count_;
  if (frame.size() == 0) throw InputError(source, 0, frame_name(source, f) + " has no atoms");
  if (!frame.cell.fully_periodic() || !frame.cell.has_volume())
    throw InputError(source, 0, frame_name(source, f) + " has no periodic cell; dynamics needs one");
  for (const Vec3& r : frame.positions)
    if (!r.allFinite()) throw InputError(source, 0, frame_name(source, f) + " has a non-finite position");
  if (!frame.images.empty() && frame.images.size() != frame.size())
    throw InputError(source, 0, frame_name(source, f) + ": image flags do not match the atom count");

  if (f == 0) {
    atoms_total_ = frame.size();
    // Slots in ascending id order, so that files that sort atoms differently still match.
    order_.resize(atoms_total_);
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    const bool has_ids = frame.ids.size() == atoms_total_;
    if (has_ids)
      std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return frame.ids[a] < frame.ids[b]; });
    slot_ids_.resize(atoms_total_);
    for (std::size_t k = 0; k < atoms_total_; ++k)
      slot_ids_[k] = has_ids ? frame.ids[order_[k]] : static_cast<long long>(k + 1);
    for (std::size_t k = 1; k < atoms_total_; ++k)
      if (slot_ids_[k] == slot_ids_[k - 1])
        throw InputError(source, 0, fmt::format("{}: atom id {} appears twice", frame_name(source, f), slot_ids_[k]));
    std::set<int> wanted_z;
    const auto present = frame.counts();
    for (const std::string& symbol : options_.species) {
      const auto z = elements::find_symbol(symbol);
      if (!z || !present.count(elements::by_number(*z).symbol)) {
        std::string list;
        for (const auto& entry : present) list += (list.empty() ? "" : ", ") + entry.first;
        throw InputError(source, 0, "species '" + symbol + "' is not in the trajectory (present: " + list + ")");
      }
      wanted_z.insert(*z);
    }
    masses_.resize(atoms_total_);
    for (std::size_t k = 0; k < atoms_total_; ++k) {
      const std::size_t i = order_[k];
      masses_[k] = frame.mass(i);
      total_mass_ += masses_[k];
      const int z = frame.atomic_number(i);
      if (wanted_z.empty() || wanted_z.count(z)) {
        result_.atomic_numbers_.push_back(z);
        result_.ids_.push_back(slot_ids_[k]);
        result_.system_indices_.push_back(i);
        selected_slots_.push_back(k);
      }
    }
    if (!(total_mass_ > 0)) throw InputError(source, 0, "atom masses are missing; give --types");
    result_.first_frame_ = frame;
    previous_raw_.resize(atoms_total_);
    previous_unwrapped_.resize(atoms_total_);
  } else {
    if (frame.size() != atoms_total_)
      throw InputError(source, 0,
                       fmt::format("{} has {} atoms, the first frame {}", frame_name(source, f), frame.size(), atoms_total_));
    match_atoms(frame, source);
  }

  // Unwrap every atom (the centre of mass needs all of them).
  const Cell& cell = frame.cell;
  const bool images = frame.has_images();
  if (images) result_.used_images_ = true;
  const double half_width = 0.5 * cell.perpendicular_widths().minCoeff();
  Vec3 com = Vec3::Zero();
  for (std::size_t k = 0; k < atoms_total_; ++k) {
    const std::size_t i = order_[k];
    const Vec3& raw = frame.positions[i];
    Vec3 unwrapped;
    if (images) {
      unwrapped = raw + cell.translation(frame.images[i]);
    } else if (f == 0) {
      unwrapped = raw;
    } else {
      Vec3 step = raw - previous_raw_[k];
      if (step.norm() > half_width) {
        // Either a crossing of the periodic boundary (wrapped positions) or a real jump.
        const Vec3 nearest = cell.minimum_image(step);
        if (nearest.norm() > half_width || !inside_cell(cell, raw) || !inside_cell(cell, previous_raw_[k]))
          throw InputError(source, 0,
                           fmt::format("{}: atom id {} moved {:.3f} Å since the previous frame, more than half the cell "
                                       "width ({:.3f} Å); it cannot be unwrapped without image flags (write ix iy iz or "
                                       "unwrapped xu yu zu, or dump more often)",
                                       frame_name(source, f), slot_ids_[k], nearest.norm() > half_width ? nearest.norm() : step.norm(),
                                       half_width));
        step = nearest;
      }
      unwrapped = previous_unwrapped_[k] + step;
    }
    previous_raw_[k] = raw;
    previous_unwrapped_[k] = unwrapped;
    com += masses_[k] * unwrapped;
  }
  com /= total_mass_;
  if (f == 0) first_com_ = com;
  const Vec3 drift = com - first_com_;
  result_.drift_.push_back(drift);
  const Vec3 shift = options_.remove_drift ? drift : Vec3::Zero();
  auto& store = result_.positions_;
  for (std::size_t k : selected_slots_) {
    const Vec3 r = previous_unwrapped_[k] - shift;
    store.push_back(r[0]);
    store.push_back(r[1]);
    store.push_back(r[2]);
  }
  result_.cells_.push_back(cell);
  timesteps_.push_back(frame.timestep);
  double temperature = 0;
  if (read_temperature(frame, temperature)) {
    result_.info_temperature_sum_ += temperature;
    ++result_.info_temperature_count_;
  }
  ++result_.frame_count_;
}

UnwrappedTrajectory TrajectoryUnwrapper::finish() {
  const std::size_t n = result_.frame_count_;
  if (n == 0) throw InputError("the trajectory holds no frames");
  if (n == 1) throw InputError("the trajectory holds a single frame; dynamics needs at least two");
  if (result_.atomic_numbers_.empty()) throw InputError("no atoms selected");
  const bool steps_known = std::all_of(timesteps_.begin(), timesteps_.end(), [](long long t) { return t >= 0; });
  if (steps_known) {
    const long long stride = timesteps_[1] - timesteps_[0];
    for (std::size_t f = 1; f < n; ++f)
      if (timesteps_[f] - timesteps_[f - 1] != stride || stride <= 0)
        throw InputError(fmt::format("frames are not evenly spaced in time (MD steps {}, {}, {}); the analysis needs a "
                                     "constant interval between frames",
                                     timesteps_[f > 1 ? f - 2 : 0], timesteps_[f - 1], timesteps_[f]));
    if (options_.frame_interval_ps <= 0 && options_.timestep_ps > 0)
      result_.frame_interval_ps_ = static_cast<double>(stride) * options_.timestep_ps;
  }
  if (options_.frame_interval_ps > 0) result_.frame_interval_ps_ = options_.frame_interval_ps;
  if (!(result_.frame_interval_ps_ > 0))
    throw InputError(steps_known ? "give the MD timestep (--timestep-ps) or the time between frames (--frame-interval-ps)"
                                 : "the frames carry no MD step numbers; give the time between frames (--frame-interval-ps)");
  result_.positions_.shrink_to_fit();
  return std::move(result_);
}

UnwrappedTrajectory read_unwrapped_trajectory(const std::vector<std::string>& paths, const ReadOptions& read_options,
                                              const UnwrapOptions& options, bool progress) {
  if (paths.empty()) throw InputError("no trajectory file given");
  TrajectoryUnwrapper unwrapper(options);
  Progress bar("reading trajectory files", static_cast<long long>(paths.size()), progress && paths.size() > 1);
  long long last_step = -1;
  for (const std::string& path : paths) {
    auto reader = open_trajectory(path, read_options);
    System frame;
    bool first_of_file = true;
    while (reader->next(frame)) {
      // A restarted run repeats the last frame of the previous file.
      const bool repeated = first_of_file && unwrapper.frame_count() > 0 && frame.timestep >= 0 && frame.timestep == last_step;
      first_of_file = false;
      last_step = frame.timestep;
      if (!repeated) unwrapper.add(frame, path);
    }
    if (first_of_file) throw InputError(path, 0, "the file holds no frames");
    bar.advance();
  }
  return unwrapper.finish();
}

}  // namespace ionglass
