#pragma once
// std::vector with storage aligned to a cache line (64 bytes). Hand-vectorised loops load 32-byte
// records (x, y, z, q of an atom; the four numbers of a table interval) from such arrays; with the
// 16-byte alignment malloc gives, half of those loads would straddle two cache lines, and which half
// changes from one process to the next (measured: the Teter force loop ran at 10 or 13.7 ms per step
// depending on where malloc placed its arrays).
#include <cstddef>
#include <new>
#include <vector>

namespace ionglass {

template <class T, std::size_t Alignment = 64>
struct AlignedAllocator {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = AlignedAllocator<U, Alignment>;
  };
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U, Alignment>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(Alignment))); }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, std::align_val_t(Alignment)); }
  template <class U>
  bool operator==(const AlignedAllocator<U, Alignment>&) const noexcept {
    return true;
  }
};

template <class T>
using AlignedVector = std::vector<T, AlignedAllocator<T>>;

}  // namespace ionglass
