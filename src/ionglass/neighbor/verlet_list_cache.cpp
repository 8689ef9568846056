#include "ionglass/neighbor/verlet_list_cache.hpp"

namespace ionglass {

bool VerletListCache::needs_rebuild(const System& system) const {
  return !valid_ || list_.atom_count() != system.size() || system.cell.matrix() != cell_ ||
         list_.needs_rebuild(system.positions);
}

void VerletListCache::rebuild(const System& system, const NeighborListOptions& options) {
  list_.build(system, options);
  cell_ = system.cell.matrix();
  valid_ = true;
  ++builds_;
}

}  // namespace ionglass
