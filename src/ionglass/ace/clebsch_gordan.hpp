#pragma once
// Clebsch–Gordan coefficients and the generalised (tree-coupled) Clebsch–Gordan coefficients that
// couple r spherical harmonics to a rotation invariant (total L = 0) in the ACE B-basis.
//
// Ordinary coefficients ⟨j1 m1 j2 m2 | J M⟩ follow the Condon–Shortley convention (Racah's
// closed formula, e.g. Varshalovich, "Quantum Theory of Angular Momentum", §8.2, eq. (8.2.1.5)).
//
// Coupling tree (Drautz, PRB 99, 014104 (2019), eq. (29); pacemaker `generate_coupling_tree`):
//   rank 2: (l0 l1) → 0
//   rank 3: (l0 l1) → L0, (L0 l2) → 0                       (so L0 = l2)
//   rank 4: (l0 l1) → L0, (l2 l3) → L1, (L0 L1) → 0          (so L0 = L1)
//   rank r in general: pair the l's left to right, then pair intermediates left to right, and
//   couple a left-over single l last. `lint` (LS) lists the r − 2 intermediate L values.
// The generalised coefficient of an m-tuple is the product of the ordinary coefficients over the
// tree's nodes, with every intermediate M fixed by the sums of the m's below it.
#include <vector>

namespace ionglass::ace {

/// ⟨j1 m1 j2 m2 | J M⟩ for integer angular momenta; 0 when the triangle or m rules fail.
double clebsch_gordan(int j1, int m1, int j2, int m2, int J, int M);

/// One node of the coupling tree: children `left`, `right` (indices into the list of l's
/// followed by the intermediate L's) couple to `coupled` (−1: the root, total L = 0).
struct CouplingNode {
  int left = 0;
  int right = 0;
  int coupled = -1;
};

/// The coupling tree for `rank` angular momenta (rank − 1 nodes; empty for rank < 2).
std::vector<CouplingNode> coupling_tree(int rank);

/// An m-tuple and its generalised Clebsch–Gordan coefficient.
struct MsCoupling {
  std::vector<int> ms;
  double coefficient = 0;
};

/// All m-tuples (Σm = 0) with non-zero generalised coefficient for the ls and intermediate LS,
/// coupled to total L = 0. With `half_basis`, only tuples whose first non-zero m is positive, and
/// the all-zero tuple, are kept; the positive-leading ones carry a factor 2 for their mirror
/// (−ms) partner. Enumeration order: m of the first l varies fastest (as pacemaker).
/// Throws std::invalid_argument when LS has the wrong length.
std::vector<MsCoupling> generalized_clebsch_gordan(const std::vector<int>& ls, const std::vector<int>& LS,
                                                   bool half_basis = true);

}  // namespace ionglass::ace
