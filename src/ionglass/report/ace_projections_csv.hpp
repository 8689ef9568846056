#pragma once
// The CSV of `ionglass ace projections`: one row per atom, columns structure_index, atom_index,
// element, b0, b1, … (B-function values, dimensionless, 17 significant digits; rows of elements
// with fewer functions are padded with empty cells to the widest element).
#include <cstddef>
#include <string>

#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/projections.hpp"

namespace ionglass {

class AceProjectionsCsv {
 public:
  explicit AceProjectionsCsv(const ace::BBasisPotential& potential);
  /// Appends the rows of the structure at position `structure_index` of the stream.
  void add(std::size_t structure_index, const ace::AtomProjections& projections);
  const std::string& text() const { return text_; }
  /// Writes the table atomically.
  void save(const std::string& path) const;

 private:
  const ace::BBasisPotential& potential_;
  std::size_t width_ = 0;
  std::string text_;
};

}  // namespace ionglass
