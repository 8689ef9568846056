#pragma once
// Process-wide tuning of the C library's memory allocator for long simulations.

namespace ionglass {

/// Keeps freed memory in the process for reuse instead of handing it back to the operating system
/// at once (glibc: fixed M_MMAP_THRESHOLD and M_TRIM_THRESHOLD of 32 MiB and 256 MiB).
///
/// Why: FFTW allocates and frees a work buffer of about a mesh's size inside every PPPM transform.
/// With glibc's defaults each free of such a block returns its pages to the kernel (munmap or heap
/// trimming), and the next step page-faults them back: on the 3003-atom Teter glass that cost
/// 10–25 % of a force evaluation, most with two threads. Call once at program start (the
/// `ionglass` program and the benchmarks do); a no-op where the C library is not glibc. Returns
/// whether the settings were applied.
bool keep_freed_memory_for_reuse();

}  // namespace ionglass
