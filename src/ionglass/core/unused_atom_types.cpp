#include "ionglass/core/unused_atom_types.hpp"

namespace ionglass {

void mark_unused_atom_types(System& system) {
  for (AtomType& type : system.atom_types)
    if (type.atomic_number == 0) {
      type.atomic_number = 1;
      type.label = "unused";
      if (!(type.mass_amu > 0)) type.mass_amu = 1.0;
    }
}

}  // namespace ionglass
