#include "ionglass/analysis/structure/persistent_homology.hpp"

#include <gudhi/Alpha_complex_3d.h>
#include <gudhi/Persistent_cohomology.h>
#include <gudhi/Simplex_tree.h>

#include <cmath>
#include <limits>

#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {

template <bool Periodic>
using AlphaComplex = Gudhi::alpha_complex::Alpha_complex_3d<Gudhi::alpha_complex::complexity::FAST, false, Periodic>;
using SimplexTree = Gudhi::Simplex_tree<>;
using Cohomology = Gudhi::persistent_cohomology::Persistent_cohomology<SimplexTree, Gudhi::persistent_cohomology::Field_Zp>;

bool is_axis_aligned_cube(const Cell& cell) {
  const Mat3& h = cell.matrix();
  const double l = h(0, 0);
  const double tol = 1e-9 * l;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      if (i != j && std::abs(h(i, j)) > tol) return false;
  return std::abs(h(1, 1) - l) <= tol && std::abs(h(2, 2) - l) <= tol;
}

std::vector<PersistencePair> diagram_of(SimplexTree& tree) {
  Cohomology cohomology(tree);
  cohomology.init_coefficients(2);
  cohomology.compute_persistent_cohomology(0.0);
  std::vector<PersistencePair> out;
  for (int dim = 0; dim <= 2; ++dim)
    for (const auto& [birth, death] : cohomology.intervals_in_dimension(dim))
      out.push_back({dim, birth, std::isfinite(death) ? death : std::numeric_limits<double>::infinity()});
  return out;
}

}  // namespace

std::vector<PersistencePair> alpha_persistence(const System& frame, bool* periodic) {
  if (frame.size() < 5) throw InputError("persistent homology needs at least 5 atoms");
  SimplexTree tree;
  const bool cube = frame.cell.fully_periodic() && frame.cell.has_volume() && is_axis_aligned_cube(frame.cell);
  bool used_periodic = false;
  if (cube) {
    using Complex = AlphaComplex<true>;
    const double l = frame.cell.matrix()(0, 0);
    const Vec3 o = frame.cell.origin();
    std::vector<Complex::Bare_point_3> points;
    points.reserve(frame.size());
    for (const Vec3& r : frame.positions) {
      Vec3 s = frame.cell.to_fractional(r);
      for (int k = 0; k < 3; ++k) {
        s[k] -= std::floor(s[k]);
        if (s[k] >= 1.0) s[k] = 0.0;
      }
      points.emplace_back(o[0] + s[0] * l, o[1] + s[1] * l, o[2] + s[2] * l);
    }
    try {
      Complex complex(points, o[0], o[1], o[2], o[0] + l, o[1] + l, o[2] + l);
      complex.create_complex(tree);
      used_periodic = true;
    } catch (const std::invalid_argument&) {
      tree = SimplexTree();  // too few points for a 1-sheeted periodic triangulation: non-periodic below
    }
  }
  if (!used_periodic) {
    using Complex = AlphaComplex<false>;
    std::vector<Complex::Bare_point_3> points;
    points.reserve(frame.size());
    for (const Vec3& r : frame.positions) points.emplace_back(r[0], r[1], r[2]);
    Complex complex(points);
    if (!complex.create_complex(tree)) throw InputError("the alpha complex could not be built (atoms on a plane?)");
  }
  if (periodic) *periodic = used_periodic;
  return diagram_of(tree);
}

void PersistentHomology::compute(const System& frame) {
  bool periodic = false;
  std::vector<PersistencePair> pairs = alpha_persistence(frame, &periodic);
  ++frames_;
  if (!periodic) ++non_periodic_frames_;
  last_.clear();
  for (const auto& p : pairs) {
    if (p.dimension < 1) continue;
    last_.push_back(p);
    if (!std::isfinite(p.death_A2)) {
      essential_[p.dimension] += 1;
      continue;
    }
    count_[p.dimension] += 1;
    birth_[p.dimension] += p.birth_A2;
    death_[p.dimension] += p.death_A2;
  }
}

std::string PersistentHomology::note() const {
  if (frames_ == 0) return "no frames";
  if (non_periodic_frames_ == 0) return "periodic alpha complex (cubic cell)";
  return "non-periodic alpha complex: periodic alpha complexes need an axis-aligned cubic cell (CGAL); features at the "
         "cell faces are missing";
}

PersistenceStatistics PersistentHomology::statistics(int dim) const {
  if (dim < 0 || dim > 2) throw InputError("homology dimension must be 0, 1 or 2");
  PersistenceStatistics s;
  if (frames_ == 0) return s;
  s.features_per_frame = count_[dim] / frames_;
  s.essential_per_frame = essential_[dim] / frames_;
  if (count_[dim] > 0) {
    s.mean_birth_A2 = birth_[dim] / count_[dim];
    s.mean_death_A2 = death_[dim] / count_[dim];
    s.mean_persistence_A2 = (death_[dim] - birth_[dim]) / count_[dim];
  }
  return s;
}

}  // namespace ionglass
