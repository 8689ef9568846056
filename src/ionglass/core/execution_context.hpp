#pragma once
// The explicit execution context that every workflow and orchestrator (structure, dynamics,
// study, and later fit, learn, label) receives: how many threads, where outputs go, and whether
// progress is shown. Nothing below reads global state to learn these; the CLI and the Python
// module build one context and pass it down.
#include <string>

#include "ionglass/core/progress.hpp"

namespace ionglass {

struct ExecutionContext {
  /// OpenMP threads for the work; 0 means OpenMP's default (OMP_NUM_THREADS or all cores).
  int threads = 0;
  /// Folder for output files (absolute or relative to the working directory); empty: write none.
  std::string output_directory;
  /// Show progress bars (rate and ETA) on standard error.
  bool show_progress = true;

  /// The thread count the work will run with: `threads` when positive, else OpenMP's default.
  int resolved_threads() const;
  /// A progress bar for `total` units of work, silent when `show_progress` is false.
  Progress progress(std::string label, long long total) const;
  /// `output_directory`/`name` (or `name` when the directory is empty).
  std::string output_path(const std::string& name) const;
  /// The same context writing into `output_directory`/`subfolder`.
  ExecutionContext in_subfolder(const std::string& subfolder) const;
  /// Throws InputError for a negative thread count.
  void validate() const;
};

/// Sets OpenMP's thread count to the context's for the lifetime of the scope and restores the
/// previous count afterwards, so that a library call leaves no global change behind.
class ThreadScope {
public:
  explicit ThreadScope(const ExecutionContext& context);
  ~ThreadScope();
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;
  int threads() const { return threads_; }

private:
  int previous_;
  int threads_;
};

}  // namespace ionglass
