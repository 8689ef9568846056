#pragma once
// `repulsion: auto` (pacemaker): the inner cutoff r_in of every element pair from the shortest
// distance of that pair in the training data; pairs absent from the data take the sum of the
// covalent radii. The inner core is ZBL with delta_in = 0.1 Å and core-repulsion [1, 1], as the
// shipped NaFePO4 potential has it.
#include <map>
#include <string>
#include <vector>

namespace ionglass::ace {

/// r_in per unordered pair "A B" (alphabetical) of `elements`, Å: the shortest distance in the
/// data (`shortest_distance_A`, keys "A B") or, if absent, the sum of covalent radii.
std::map<std::string, double> automatic_inner_cutoffs(const std::vector<std::string>& elements,
                                                      const std::map<std::string, double>& shortest_distance_A);

}  // namespace ionglass::ace
