#pragma once
// The one chemical-formula parser: "P2O5" → {P: 2, O: 5}.
//
// A formula is a sequence of element symbols (an upper-case letter and optional lower-case
// letters, checked against the elements table), each followed by an optional positive whole
// count (1 when absent, at most 10⁶). Repeated symbols add up ("FeOFe" → {Fe: 2, O: 1}).
// Parentheses, hydrates and fractional counts are not supported.
#include <map>
#include <string>

namespace ionglass {

/// Element counts of a formula: "NaFePO4" → {Fe: 1, Na: 1, O: 4, P: 1}. Throws InputError naming
/// the formula and the offending part for empty text, unknown elements, stray characters and zero
/// or absurd counts.
std::map<std::string, long long> parse_formula(const std::string& formula);

/// Atoms in one formula unit: the sum of parse_formula's counts ("NaFePO4" → 7).
long long formula_atom_count(const std::string& formula);

}  // namespace ionglass
