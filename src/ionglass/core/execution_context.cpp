#include "ionglass/core/execution_context.hpp"

#include <omp.h>

#include <filesystem>

#include "ionglass/core/error.hpp"

namespace ionglass {

int ExecutionContext::resolved_threads() const { return threads > 0 ? threads : omp_get_max_threads(); }

Progress ExecutionContext::progress(std::string label, long long total) const {
  return Progress(std::move(label), total, show_progress);
}

std::string ExecutionContext::output_path(const std::string& name) const {
  if (output_directory.empty()) return name;
  return (std::filesystem::path(output_directory) / name).string();
}

ExecutionContext ExecutionContext::in_subfolder(const std::string& subfolder) const {
  ExecutionContext c = *this;
  c.output_directory = output_path(subfolder);
  return c;
}

void ExecutionContext::validate() const {
  if (threads < 0)
    throw InputError("threads " + std::to_string(threads) +
                     ": give a positive number of OpenMP threads (0, the default, means all cores)");
}

ThreadScope::ThreadScope(const ExecutionContext& context) : previous_(omp_get_max_threads()) {
  context.validate();
  threads_ = context.resolved_threads();
  omp_set_num_threads(threads_);
}

ThreadScope::~ThreadScope() { omp_set_num_threads(previous_); }

}  // namespace ionglass
