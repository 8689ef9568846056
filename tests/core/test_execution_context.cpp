#include <gtest/gtest.h>
#include <omp.h>

#include "ionglass/core/error.hpp"
#include "ionglass/core/execution_context.hpp"

namespace ionglass {
namespace {

TEST(ExecutionContext, ThreadScopeSetsAndRestoresTheThreadCount) {
  const int before = omp_get_max_threads();
  {
    ExecutionContext c;
    c.threads = 3;
    ThreadScope scope(c);
    EXPECT_EQ(omp_get_max_threads(), 3);
    EXPECT_EQ(scope.threads(), 3);
  }
  EXPECT_EQ(omp_get_max_threads(), before);
  ExecutionContext defaults;
  EXPECT_EQ(defaults.resolved_threads(), before);
}

TEST(ExecutionContext, NegativeThreadsAreRefused) {
  ExecutionContext c;
  c.threads = -1;
  EXPECT_THROW(c.validate(), InputError);
  EXPECT_THROW(ThreadScope{c}, InputError);
}

TEST(ExecutionContext, OutputPaths) {
  ExecutionContext c;
  EXPECT_EQ(c.output_path("a.json"), "a.json");
  c.output_directory = "out";
  EXPECT_EQ(c.output_path("a.json"), "out/a.json");
  EXPECT_EQ(c.in_subfolder("md").output_path("x"), "out/md/x");
}

}  // namespace
}  // namespace ionglass
