#pragma once
// Progress of long work on standard error: a bar with the rate (items per second: MD steps,
// frames, structures) and ETA on a terminal, plain lines (every 10 %, after the first second)
// otherwise. Silent when disabled (--quiet) or when the total is zero.
#include <chrono>
#include <string>

namespace ionglass {

class Progress {
public:
  Progress(std::string label, long long total, bool enabled = true);
  ~Progress();
  void update(long long done);  ///< absolute count done so far
  void advance(long long steps = 1) { update(done_ + steps); }
  void finish();
  /// Globally silence all progress output (the CLI's --quiet).
  static void set_quiet(bool quiet);

private:
  std::string label_;
  long long total_;
  long long done_ = 0;
  bool enabled_;
  bool terminal_;
  bool finished_ = false;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace ionglass
