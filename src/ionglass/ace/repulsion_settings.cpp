#include "ionglass/ace/repulsion_settings.hpp"

#include <algorithm>

#include "ionglass/core/elements.hpp"

namespace ionglass::ace {

std::map<std::string, double> automatic_inner_cutoffs(const std::vector<std::string>& elements,
                                                      const std::map<std::string, double>& shortest_distance_A) {
  std::vector<std::string> sorted = elements;
  std::sort(sorted.begin(), sorted.end());
  std::map<std::string, double> r_in;
  for (std::size_t i = 0; i < sorted.size(); ++i)
    for (std::size_t j = i; j < sorted.size(); ++j) {
      const std::string key = sorted[i] + " " + sorted[j];
      const auto it = shortest_distance_A.find(key);
      r_in[key] = it != shortest_distance_A.end() ? it->second
                                                  : elements::by_symbol(sorted[i]).covalent_radius_A +
                                                        elements::by_symbol(sorted[j]).covalent_radius_A;
    }
  return r_in;
}

}  // namespace ionglass::ace
