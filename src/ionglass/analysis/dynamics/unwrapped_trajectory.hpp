#pragma once
// Unwrapped positions of the selected atoms of a trajectory, read frame by frame.
//
// Only the selected atoms' unwrapped positions are stored (float64, frame-major: frame f, atom i,
// axis a at positions()[(f·atoms + i)·3 + a]), so memory scales with selected atoms × frames.
// Unwrapping uses image flags when a frame has them; otherwise consecutive frames: the step of
// each atom is its raw displacement when that is below half the smallest perpendicular cell width,
// else its minimum-image displacement when the positions are wrapped into the cell; a step that
// remains longer than half the cell width cannot be unwrapped unambiguously and is an InputError
// naming the frame and the atom. The centre-of-mass drift of the whole system (mass-weighted, all
// atoms) is removed unless switched off.
#include <memory>
#include <string>
#include <vector>

#include "ionglass/core/system.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass {

struct UnwrapOptions {
  /// Element symbols whose atoms are stored; empty: every element present.
  std::vector<std::string> species;
  bool remove_drift = true;
  /// Time between frames (ps). When > 0 it is used directly; otherwise frame times come from the
  /// frames' MD step numbers times `timestep_ps`.
  double frame_interval_ps = 0;
  double timestep_ps = 0;
};

/// The stored trajectory of the selected atoms.
class UnwrappedTrajectory {
public:
  std::size_t frame_count() const { return frame_count_; }
  std::size_t atom_count() const { return atomic_numbers_.size(); }
  /// x, y, z of atom i in frame f (Å), after unwrapping and drift removal.
  const double* position(std::size_t frame, std::size_t atom) const {
    return positions_.data() + (frame * atom_count() + atom) * 3;
  }
  const std::vector<double>& positions() const { return positions_; }
  const std::vector<int>& atomic_numbers() const { return atomic_numbers_; }
  const std::vector<long long>& ids() const { return ids_; }
  /// Indices (into the stored atoms) of the atoms of one element.
  std::vector<std::size_t> atoms_of(int atomic_number) const;
  /// Symbols of the stored elements, alphabetical.
  std::vector<std::string> species() const;

  double frame_interval_ps() const { return frame_interval_ps_; }
  /// Cell of each frame (the same object repeated when the cell does not change).
  const Cell& cell(std::size_t frame) const { return cells_[frame]; }
  double mean_volume_A3() const;
  /// The first frame, complete (all atoms, wrapped as read), for structural descriptors.
  const System& first_frame() const { return first_frame_; }
  /// Index of each stored atom in first_frame().
  const std::vector<std::size_t>& system_indices() const { return system_indices_; }
  /// Mean temperature from the frames' info (keys temperature_K, temperature, temp, T), 0 if none.
  double temperature_from_info_K() const { return info_temperature_count_ ? info_temperature_sum_ / info_temperature_count_ : 0; }
  /// Centre-of-mass displacement of the whole system relative to the first frame (Å), per frame.
  const std::vector<Vec3>& drift() const { return drift_; }
  bool unwrapped_from_image_flags() const { return used_images_; }
  bool drift_removed() const { return drift_removed_; }

private:
  friend class TrajectoryUnwrapper;
  std::size_t frame_count_ = 0;
  std::vector<double> positions_;
  std::vector<int> atomic_numbers_;
  std::vector<long long> ids_;
  std::vector<std::size_t> system_indices_;
  std::vector<Cell> cells_;
  std::vector<Vec3> drift_;
  System first_frame_;
  double frame_interval_ps_ = 0;
  double info_temperature_sum_ = 0;
  long info_temperature_count_ = 0;
  bool used_images_ = false;
  bool drift_removed_ = true;
};

/// Builds an UnwrappedTrajectory from frames given one at a time (from files or from memory).
class TrajectoryUnwrapper {
public:
  explicit TrajectoryUnwrapper(UnwrapOptions options);
  /// Adds the next frame. `source` names the file for error messages.
  void add(const System& frame, const std::string& source = "");
  std::size_t frame_count() const { return result_.frame_count_; }
  /// The finished trajectory. Throws InputError with fewer than two frames or without a time base.
  UnwrappedTrajectory finish();

private:
  UnwrapOptions options_;
  UnwrappedTrajectory result_;
  void match_atoms(const System& frame, const std::string& source);
  std::vector<std::size_t> order_;         // atom index in the current frame for each slot
  std::vector<long long> slot_ids_;        // atom ids of the slots (ascending ids of the first frame)
  std::vector<Vec3> previous_raw_;         // raw positions of the previous frame (all atoms)
  std::vector<Vec3> previous_unwrapped_;   // unwrapped positions of the previous frame (all atoms)
  std::vector<std::size_t> selected_slots_;
  std::vector<double> masses_;
  std::vector<long long> timesteps_;
  Vec3 first_com_ = Vec3::Zero();
  double total_mass_ = 0;
  std::size_t atoms_total_ = 0;
};

/// Reads one or more trajectory files (concatenated in order; a first frame repeating the previous
/// file's last MD step is skipped) and unwraps the selected atoms.
UnwrappedTrajectory read_unwrapped_trajectory(const std::vector<std::string>& paths, const ReadOptions& read_options,
                                              const UnwrapOptions& options, bool progress = true);

}  // namespace ionglass
