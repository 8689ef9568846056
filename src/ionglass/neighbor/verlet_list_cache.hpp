#pragma once
// The one Verlet-list cache for potentials that keep a neighbour list between evaluations
// (classical force field, ACE, Lennard-Jones).
//
// Rebuild rule: the list is rebuilt when
//   (a) it was never built or was invalidated (new options, a new system bound),
//   (b) the atom count changed,
//   (c) the cell matrix differs from the build cell in any entry, or
//   (d) any atom moved more than skin/2 (Cartesian) since the build.
// Reasoning: (d) is Verlet's criterion — two atoms approach by at most twice the largest
// displacement, so no pair can cross into the cutoff before one moves skin/2. Under a cell change
// the stored (j, image) pairs still follow the affine deformation through shift_vectors(cell), but
// the displacement of an image grows with the strain times the image's length, which the skin
// does not bound; any tolerance would have to depend on the image lengths. Rebuilding on every
// cell change is exact and is the rule the classical and ACE potentials always used, so their MD
// trajectories stay bit-identical; with NPT it rebuilds every step that the barostat moves the
// cell (a build costs about as much as one force evaluation). Positions are compared as given
// (not wrapped): an atom wrapped back into the cell counts as having moved, which only rebuilds
// early.
#include "ionglass/neighbor/neighbor_list.hpp"

namespace ionglass {

class VerletListCache {
 public:
  /// True when the rule above asks for a rebuild before evaluating `system`.
  bool needs_rebuild(const System& system) const;
  /// Builds the list for `system` and remembers its cell; counts the build.
  void rebuild(const System& system, const NeighborListOptions& options);
  /// Forgets the list: the next needs_rebuild() is true.
  void invalidate() { valid_ = false; }

  const NeighborList& list() const { return list_; }
  /// Number of builds so far (diagnostics, tests).
  long builds() const { return builds_; }

 private:
  NeighborList list_;
  Mat3 cell_ = Mat3::Zero();
  bool valid_ = false;
  long builds_ = 0;
};

}  // namespace ionglass
