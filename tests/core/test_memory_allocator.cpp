// The allocator tuning that keeps FFTW's per-transform work buffers from page-faulting every step.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "ionglass/core/memory_allocator.hpp"

namespace ionglass {
namespace {

TEST(MemoryAllocator, SettingsApplyUnderGlibcAndMemoryStaysUsable) {
  const bool applied = keep_freed_memory_for_reuse();
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  EXPECT_TRUE(applied);  // the sanitizers' allocator ignores mallopt
#else
  (void)applied;
#endif
  // Large blocks (above the old 128 KiB mmap threshold) are still allocated, written and freed.
  for (int round = 0; round < 3; ++round) {
    const std::size_t bytes = 8u << 20;
    auto* block = static_cast<unsigned char*>(std::malloc(bytes));
    ASSERT_NE(block, nullptr);
    std::memset(block, round, bytes);
    EXPECT_EQ(block[bytes - 1], round);
    std::free(block);
  }
}

}  // namespace
}  // namespace ionglass
