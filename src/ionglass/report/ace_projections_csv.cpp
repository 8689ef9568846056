#include "ionglass/report/ace_projections_csv.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ionglass/core/atomic_file.hpp"

namespace ionglass {

AceProjectionsCsv::AceProjectionsCsv(const ace::BBasisPotential& potential) : potential_(potential) {
  for (std::size_t mu = 0; mu < potential.elements.size(); ++mu)
    width_ = std::max(width_, potential.function_count(static_cast<int>(mu)));
  text_ = "structure_index,atom_index,element";
  for (std::size_t k = 0; k < width_; ++k) text_ += ",b" + std::to_string(k);
  text_ += "\n";
}

void AceProjectionsCsv::add(std::size_t structure_index, const ace::AtomProjections& projections) {
  for (std::size_t i = 0; i < projections.size(); ++i) {
    text_ += fmt::format("{},{},{}", structure_index, i, potential_.elements[projections.species[i]]);
    const auto row = projections.row(i);
    for (double v : row) text_ += fmt::format(",{:.17g}", v);
    for (std::size_t k = row.size(); k < width_; ++k) text_ += ",";
    text_ += "\n";
  }
}

void AceProjectionsCsv::save(const std::string& path) const {
  write_file_atomically(path, text_);
}

}  // namespace ionglass
