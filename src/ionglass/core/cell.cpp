#include "ionglass/core/cell.hpp"

#include <Eigen/Geometry>
#include <Eigen/LU>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {

Cell::Cell() : lattice_(Mat3::Zero()), inverse_(Mat3::Zero()), origin_(Vec3::Zero()), periodic_{false, false, false} {}

Cell::Cell(const Mat3& lattice, const Vec3& origin, std::array<bool, 3> periodic)
    : lattice_(lattice), inverse_(Mat3::Zero()), origin_(origin), periodic_(periodic) {
  volume_ = std::abs(lattice_.determinant());
  if (!(volume_ > 0) || !std::isfinite(volume_)) {
    volume_ = 0;
    if (periodic_[0] || periodic_[1] || periodic_[2])
      throw InputError("a periodic cell needs three independent lattice vectors (zero or non-finite volume)");
    return;
  }
  if (periodic_[0] || periodic_[1] || periodic_[2]) {
    // A nearly flat cell has a positive determinant but no room for atoms: neighbour searches
    // would need millions of periodic images (or divide by ~0). Refuse it here, once for all
    // readers and builders (tolerances documented in docs/file-formats.md, "Bad input").
    const Vec3 length = lengths();
    const double flatness = volume_ / (length[0] * length[1] * length[2]);
    if (!(flatness >= min_relative_volume))
      throw InputError(
          fmt::format("degenerate periodic cell: volume {:.6g} Å³ is {:.3g} of |a||b||c| (at least "
                      "{:g} needed; the lattice vectors are nearly coplanar)",
                      volume_, flatness, min_relative_volume));
    const Vec3 width = perpendicular_widths();
    const double thinnest = width.minCoeff();
    if (!(thinnest >= min_perpendicular_width_A))
      throw InputError(
          fmt::format("degenerate periodic cell: the distance between opposite faces is {:.6g} Å "
                      "(at least {:g} Å needed)",
                      thinnest, min_perpendicular_width_A));
  }
  inverse_ = lattice_.inverse();
}

Cell Cell::from_lammps(const LammpsBox& box) {
  Mat3 h;
  h << box.xhi - box.xlo, 0, 0, box.xy, box.yhi - box.ylo, 0, box.xz, box.yz, box.zhi - box.zlo;
  return Cell(h, Vec3(box.xlo, box.ylo, box.zlo));
}

bool Cell::is_lammps_form(double tolerance) const {
  const double scale = std::max(1.0, lattice_.cwiseAbs().maxCoeff());
  return std::abs(lattice_(0, 1)) <= tolerance * scale && std::abs(lattice_(0, 2)) <= tolerance * scale &&
         std::abs(lattice_(1, 2)) <= tolerance * scale && lattice_(0, 0) > 0 && lattice_(1, 1) > 0 &&
         lattice_(2, 2) > 0;
}

LammpsBox Cell::to_lammps() const {
  if (!is_lammps_form())
    throw InputError("cell is not in LAMMPS form (a along x, b in the xy plane, right-handed); rotate it first");
  LammpsBox box;
  box.xlo = origin_.x();
  box.ylo = origin_.y();
  box.zlo = origin_.z();
  box.xhi = box.xlo + lattice_(0, 0);
  box.yhi = box.ylo + lattice_(1, 1);
  box.zhi = box.zlo + lattice_(2, 2);
  box.xy = lattice_(1, 0);
  box.xz = lattice_(2, 0);
  box.yz = lattice_(2, 1);
  box.triclinic = box.xy != 0 || box.xz != 0 || box.yz != 0;
  return box;
}

Cell Cell::rotated_to_lammps(Mat3* rotation) const {
  // LAMMPS Howto triclinic: ax = |a|, bx = b·â, by = |â×b|, cx = c·â, cy = (b·c − bx cx)/by,
  // cz = sqrt(|c|² − cx² − cy²).
  const Vec3 a = vector(0), b = vector(1), c = vector(2);
  const double ax = a.norm();
  const Vec3 ahat = a / ax;
  const double bx = b.dot(ahat);
  const double by = ahat.cross(b).norm();
  const double cx = c.dot(ahat);
  const double cy = (b.dot(c) - bx * cx) / by;
  const double cz = std::sqrt(std::max(0.0, c.squaredNorm() - cx * cx - cy * cy));
  Mat3 h;
  h << ax, 0, 0, bx, by, 0, cx, cy, cz;
  // R maps old Cartesian vectors onto new ones: H_new^T = R H_old^T.
  const Mat3 r = h.transpose() * lattice_.transpose().inverse();
  if (rotation) *rotation = r;
  if (lattice_.determinant() < 0) throw InputError("left-handed cell cannot be written in LAMMPS form");
  return Cell(h, r * origin_, periodic_);
}

Vec3 Cell::lengths() const { return Vec3(vector(0).norm(), vector(1).norm(), vector(2).norm()); }

Vec3 Cell::angles_deg() const {
  auto angle = [](const Vec3& u, const Vec3& v) {
    return std::acos(std::clamp(u.dot(v) / (u.norm() * v.norm()), -1.0, 1.0)) * 180.0 / units::pi;
  };
  return Vec3(angle(vector(1), vector(2)), angle(vector(0), vector(2)), angle(vector(0), vector(1)));
}

Vec3 Cell::perpendicular_widths() const {
  const Vec3 a = vector(0), b = vector(1), c = vector(2);
  return Vec3(volume_ / b.cross(c).norm(), volume_ / a.cross(c).norm(), volume_ / a.cross(b).norm());
}

Vec3 Cell::wrap(const Vec3& r, Image* image) const {
  if (volume_ <= 0) return r;
  Vec3 s = to_fractional(r);
  for (int k = 0; k < 3; ++k) {
    if (!periodic_[k]) continue;
    double shift = std::floor(s[k]);
    s[k] -= shift;
    if (s[k] >= 1.0) {  // a value just below an integer rounded up to 1: it belongs to the next image
      s[k] = 0.0;
      shift += 1.0;
    }
    if (image) (*image)[k] += static_cast<int>(shift);
  }
  return to_cartesian(s);
}

Vec3 Cell::minimum_image(const Vec3& d) const {
  if (volume_ <= 0) return d;
  Vec3 s = inverse_.transpose() * d;
  for (int k = 0; k < 3; ++k)
    if (periodic_[k]) s[k] -= std::nearbyint(s[k]);
  // Rounding fractional coordinates is exact for orthogonal cells; in skewed cells a neighbouring
  // image can be shorter, so the 26 neighbours of the rounded image are checked too.
  Vec3 best = lattice_.transpose() * s;
  double best2 = best.squaredNorm();
  for (int a = -1; a <= 1; ++a)
    for (int b = -1; b <= 1; ++b)
      for (int c = -1; c <= 1; ++c) {
        if ((a && !periodic_[0]) || (b && !periodic_[1]) || (c && !periodic_[2])) continue;
        const Vec3 trial = lattice_.transpose() * (s + Vec3(a, b, c));
        const double t2 = trial.squaredNorm();
        if (t2 < best2) {
          best2 = t2;
          best = trial;
        }
      }
  return best;
}

Cell Cell::deformed(const Mat3& deformation_gradient) const {
  // Each lattice vector (row) v becomes F v  ⇔  H' = H Fᵀ.
  return Cell(lattice_ * deformation_gradient.transpose(), deformation_gradient * origin_, periodic_);
}

}  // namespace ionglass
