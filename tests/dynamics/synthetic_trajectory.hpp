#pragma once
// Synthetic trajectories with known dynamics for the dynamics tests, and a LAMMPS dump writer
// (written here so that the tests control exactly what the file holds: wrapped coordinates with or
// without image flags, orthogonal or triclinic boxes).
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "ionglass/core/system.hpp"

namespace ionglass::test {

/// Unwrapped positions [frame][atom] and the cell.
struct SyntheticTrajectory {
  Cell cell;
  std::vector<int> types;  // 1 = Na, 2 = O
  std::vector<std::vector<Vec3>> positions;
};

inline Cell cubic_cell(double length) { return Cell(Mat3::Identity() * length); }
/// A LAMMPS-form triclinic cell.
inline Cell tilted_cell(double length) {
  Mat3 h;
  h << length, 0, 0, 0.3 * length, 0.95 * length, 0, 0.2 * length, -0.15 * length, 0.9 * length;
  return Cell(h);
}

/// Independent Gaussian random walks: per-axis step standard deviation `sigma` (Å) per frame.
/// `immobile` atoms follow; with `cage_sigma` > 0 they vibrate in harmonic cages (Ornstein–Uhlenbeck,
/// x' = 0.8 x + noise, per-axis spread `cage_sigma` Å) instead of standing still.
inline SyntheticTrajectory random_walks(std::size_t atoms, std::size_t frames, double sigma, const Cell& cell,
                                        unsigned seed, std::size_t immobile = 0, double cage_sigma = 0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> step(0, sigma);
  std::uniform_real_distribution<double> uniform(0, 1);
  SyntheticTrajectory t;
  t.cell = cell;
  const std::size_t n = atoms + immobile;
  for (std::size_t i = 0; i < n; ++i) t.types.push_back(i < atoms ? 1 : 2);
  std::vector<Vec3> r(n);
  for (auto& p : r) p = cell.to_cartesian(Vec3(uniform(rng), uniform(rng), uniform(rng)));
  const std::vector<Vec3> sites = r;
  std::normal_distribution<double> kick(0, cage_sigma * std::sqrt(1 - 0.8 * 0.8));
  for (std::size_t f = 0; f < frames; ++f) {
    t.positions.push_back(r);
    for (std::size_t i = 0; i < atoms; ++i) r[i] += Vec3(step(rng), step(rng), step(rng));
    if (cage_sigma > 0)
      for (std::size_t i = atoms; i < n; ++i)
        r[i] = sites[i] + 0.8 * (r[i] - sites[i]) + Vec3(kick(rng), kick(rng), kick(rng));
  }
  return t;
}

/// A System for frame f, positions wrapped into the cell (with image flags if requested).
inline System frame_system(const SyntheticTrajectory& t, std::size_t f, bool wrap, bool images) {
  System s;
  s.cell = t.cell;
  s.atom_types = {{11, 22.98976928, "Na"}, {8, 15.999, "O"}};
  for (std::size_t i = 0; i < t.types.size(); ++i) s.add_atom(static_cast<long long>(i + 1), t.types[i], t.positions[f][i]);
  if (wrap) {
    s.wrap_positions();
    if (!images) s.images.clear();
  }
  s.timestep = static_cast<long long>(f) * 100;
  return s;
}

/// Writes the trajectory as a LAMMPS text dump ("ITEM: ATOMS id type x y z [ix iy iz]").
inline void write_dump(const std::string& path, const SyntheticTrajectory& t, bool images, bool wrap = true) {
  std::ofstream out(path);
  out.precision(12);
  const LammpsBox box = t.cell.to_lammps();
  for (std::size_t f = 0; f < t.positions.size(); ++f) {
    const System s = frame_system(t, f, wrap, images);
    out << "ITEM: TIMESTEP\n" << s.timestep << "\nITEM: NUMBER OF ATOMS\n" << s.size() << "\n";
    if (box.triclinic || box.xy != 0 || box.xz != 0 || box.yz != 0) {
      const double xlo = box.xlo + std::min({0.0, box.xy, box.xz, box.xy + box.xz});
      const double xhi = box.xhi + std::max({0.0, box.xy, box.xz, box.xy + box.xz});
      const double ylo = box.ylo + std::min(0.0, box.yz), yhi = box.yhi + std::max(0.0, box.yz);
      out << "ITEM: BOX BOUNDS xy xz yz pp pp pp\n"
          << xlo << " " << xhi << " " << box.xy << "\n" << ylo << " " << yhi << " " << box.xz << "\n"
          << box.zlo << " " << box.zhi << " " << box.yz << "\n";
    } else {
      out << "ITEM: BOX BOUNDS pp pp pp\n" << box.xlo << " " << box.xhi << "\n" << box.ylo << " " << box.yhi << "\n"
          << box.zlo << " " << box.zhi << "\n";
    }
    out << "ITEM: ATOMS id type x y z" << (images ? " ix iy iz" : "") << "\n";
    for (std::size_t i = 0; i < s.size(); ++i) {
      out << s.ids[i] << " " << s.types[i] << " " << s.positions[i][0] << " " << s.positions[i][1] << " " << s.positions[i][2];
      if (images) out << " " << s.images[i][0] << " " << s.images[i][1] << " " << s.images[i][2];
      out << "\n";
    }
  }
}

/// A fresh temporary directory for one test.
inline std::string temporary_directory(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("ionglass_dynamics_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace ionglass::test
