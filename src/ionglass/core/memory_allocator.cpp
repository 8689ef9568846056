#include "ionglass/core/memory_allocator.hpp"

#include <cstdlib>  // defines __GLIBC__ under glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ionglass {

bool keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
  // Setting either threshold explicitly also turns off glibc's dynamic threshold adjustment.
  const bool mmap_ok = mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) == 1;
  const bool trim_ok = mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024) == 1;
  return mmap_ok && trim_ok;
#else
  return false;
#endif
}

}  // namespace ionglass
