#pragma once
// Conversion of a B-basis potential (.yaml) to the C-tilde basis (.yace) that the ACE evaluator
// runs, and the .yace writer.
//
// For each central element, B-functions are grouped by (μ0, μs, ns, ls); functions differing only
// in their intermediate couplings (lint) merge. Each m-tuple of the half basis gets
//   c̃^{(p)}_{ms} = Σ_{functions f in the group} c_f^{(p)} · C^{gen}_f(ms)
// (ML-PACE `convert_B_to_Ctilde_basis_functions` / `summation_over_LS`; ../shared/docs/
// ace-evaluation.md §1.5, §7). m-tuples are listed in lexicographic order and functions sorted by
// (rank, μ0, μs, ns, ls), as pacemaker writes them, so the result reproduces the shipped `.yace`.
#include <string>

#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/ctilde_basis.hpp"

namespace ionglass::ace {

/// The bond of a B-basis in the C-tilde (evaluator) form: the same radial basis, coefficients,
/// cutoffs and core repulsion under the .yace names.
AceBond ace_bond(const BBasisBond& bond);

/// The C-tilde form of a B-basis potential (E0 = 0 for every element, as pacemaker writes it).
/// Throws InputError when an element pair has no bond (the .yace needs all of them).
AceCTildeBasis convert_to_ctilde(const BBasisPotential& potential);

/// The .yace text of a C-tilde basis, in the layout pacemaker / pace_yaml2yace writes
/// (numbers with 17 significant digits, so the file reads back bit for bit).
std::string format_yace(const AceCTildeBasis& basis);

/// Writes the .yace file atomically.
void write_yace(const std::string& path, const AceCTildeBasis& basis);

}  // namespace ionglass::ace
