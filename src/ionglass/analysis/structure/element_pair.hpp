#pragma once
// Pairs of elements ("Fe-O", centre first) and the cation/anion split used by the structure analyses.
#include <string>
#include <vector>

#include "ionglass/core/system.hpp"

namespace ionglass {

/// An ordered pair of elements by atomic number: `centre` first ("Fe-O": Fe centre, O neighbour).
struct ElementPair {
  int centre = 0;
  int neighbor = 0;
  std::string name() const;  ///< "Fe-O"
  ElementPair reversed() const { return {neighbor, centre}; }
  /// The pair with the smaller atomic number first (the key of unordered quantities).
  ElementPair unordered() const { return centre <= neighbor ? *this : reversed(); }
  friend bool operator==(const ElementPair&, const ElementPair&) = default;
  friend auto operator<=>(const ElementPair&, const ElementPair&) = default;
};

/// Parses "Fe-O" (element symbols). Throws InputError naming `context` for unknown elements.
ElementPair parse_element_pair(const std::string& text, const std::string& context = "");
std::string element_symbol(int atomic_number);
/// Anions: O, F, S, Cl, N, Se, Br, Te, I (everything else counts as a cation/network former).
bool is_anion(int atomic_number);

/// Element of each atom type (index type−1) of a frame.
std::vector<int> type_elements(const System& frame);
/// Distinct atomic numbers present in a frame, sorted by symbol.
std::vector<int> present_elements(const System& frame);

}  // namespace ionglass
