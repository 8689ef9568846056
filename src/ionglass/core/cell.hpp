#pragma once
// A general triclinic periodic cell.
//
// The lattice vectors a, b, c are the ROWS of `matrix()` (the extended-XYZ / ASE convention):
// a Cartesian position is r = origin + s·H with s the fractional coordinates (a row vector).
// LAMMPS restricts cells to a lower-triangular H (a along x, b in the xy plane):
//   a = (xhi−xlo, 0, 0), b = (xy, yhi−ylo, 0), c = (xz, yz, zhi−zlo), origin = (xlo, ylo, zlo).
#include <array>
#include <string>

#include "ionglass/core/vector.hpp"

namespace ionglass {

/// LAMMPS box description (data-file header or dump "ITEM: BOX BOUNDS").
struct LammpsBox {
  double xlo = 0, xhi = 0, ylo = 0, yhi = 0, zlo = 0, zhi = 0;
  double xy = 0, xz = 0, yz = 0;
  bool triclinic = false;
};

class Cell {
public:
  /// A cell with any periodic axis must satisfy V ≥ min_relative_volume·|a||b||c| (lattice
  /// vectors not nearly coplanar) and have every face-to-face distance V/|b×c|, ... ≥
  /// min_perpendicular_width_A; the constructor throws InputError otherwise.
  static constexpr double min_relative_volume = 1e-6;
  static constexpr double min_perpendicular_width_A = 0.01;
  /// Fractional coordinates beyond ±max_fractional_coordinate (cells) along a periodic axis
  /// cannot be wrapped exactly into the cell (see check_position_range in position_range.hpp).
  static constexpr double max_fractional_coordinate = 1e6;

  Cell();  ///< a non-periodic, zero-volume cell
  /// Rows of `lattice` are the lattice vectors a, b, c (Å).
  explicit Cell(const Mat3& lattice, const Vec3& origin = Vec3::Zero(),
                std::array<bool, 3> periodic = {true, true, true});

  static Cell from_lammps(const LammpsBox& box);
  /// The LAMMPS box of this cell. Throws InputError if the cell is not lower-triangular
  /// (use `rotated_to_lammps()` first).
  LammpsBox to_lammps() const;
  bool is_lammps_form(double tolerance = 1e-9) const;
  /// The same cell rotated so that a ∥ x and b lies in the xy plane; `rotation` (if given)
  /// receives R with r_new = R · r_old for Cartesian column vectors.
  Cell rotated_to_lammps(Mat3* rotation = nullptr) const;

  const Mat3& matrix() const { return lattice_; }
  const Mat3& inverse() const { return inverse_; }
  const Vec3& origin() const { return origin_; }
  void set_origin(const Vec3& origin) { origin_ = origin; }
  const std::array<bool, 3>& periodic() const { return periodic_; }
  bool fully_periodic() const { return periodic_[0] && periodic_[1] && periodic_[2]; }
  bool has_volume() const { return volume_ > 0; }

  Vec3 vector(int axis) const { return lattice_.row(axis).transpose(); }
  double volume() const { return volume_; }  ///< Å³
  /// Lengths |a|, |b|, |c| (Å).
  Vec3 lengths() const;
  /// Angles α (b,c), β (a,c), γ (a,b) in degrees.
  Vec3 angles_deg() const;
  /// Distances between opposite faces (Å): V/|b×c|, V/|a×c|, V/|a×b|.
  Vec3 perpendicular_widths() const;

  /// Fractional coordinates s of a Cartesian position r (relative to the origin).
  Vec3 to_fractional(const Vec3& r) const { return inverse_.transpose() * (r - origin_); }
  Vec3 to_cartesian(const Vec3& s) const { return origin_ + lattice_.transpose() * s; }
  /// Cartesian translation n_a a + n_b b + n_c c.
  Vec3 translation(const Image& n) const {
    return lattice_.transpose() * Vec3(n[0], n[1], n[2]);
  }
  /// Maps r into the cell along periodic axes (fractional coordinates in [0, 1)); `image`, when
  /// given, is updated so that r_unwrapped = r_wrapped + translation(image) still holds.
  Vec3 wrap(const Vec3& r, Image* image = nullptr) const;
  /// Shortest periodic image of a displacement (exact for displacements within about one cell).
  Vec3 minimum_image(const Vec3& d) const;

  /// Same cell scaled homogeneously or deformed: r' = r·(I + strain) for every lattice row.
  Cell deformed(const Mat3& deformation_gradient) const;

private:
  Mat3 lattice_;
  Mat3 inverse_;
  Vec3 origin_;
  std::array<bool, 3> periodic_;
  double volume_ = 0;
};

}  // namespace ionglass
