#include "ionglass/core/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>

namespace ionglass {

namespace {
std::atomic<bool> quiet_all{false};
}

void Progress::set_quiet(bool quiet) { quiet_all = quiet; }

Progress::Progress(std::string label, long long total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled && !quiet_all && total > 0),
      terminal_(::isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

Progress::~Progress() { finish(); }

void Progress::update(long long done) {
  done_ = done;
  if (!enabled_ || finished_) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double fraction = std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_));
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0;  // items per second
  if (terminal_) {
    if (std::chrono::duration<double>(now - last_draw_).count() < 0.2 && done_ < total_) return;
    last_draw_ = now;
    const int width = 30;
    const int filled = static_cast<int>(fraction * width);
    std::fprintf(stderr, "\r%s [%.*s%*s] %5.1f%%  %lld/%lld  %.3g/s  elapsed %.0fs  ETA %.0fs ", label_.c_str(), filled,
                 "##############################", width - filled, "", 100 * fraction, done_, total_, rate, elapsed,
                 eta);
    std::fflush(stderr);
  } else {
    // Plain lines only for work that lasts: nothing for the first second.
    const int decile = static_cast<int>(fraction * 10);
    if (decile > last_decile_ && elapsed >= 1.0) {
      last_decile_ = decile;
      std::fprintf(stderr, "%s: %3.0f%% (%lld/%lld), %.3g/s, elapsed %.1f s, ETA %.1f s\n", label_.c_str(),
                   100 * fraction, done_, total_, rate, elapsed, eta);
    }
  }
}

void Progress::finish() {
  if (finished_) return;
  if (enabled_ && done_ < total_) update(total_);
  if (enabled_ && terminal_) std::fprintf(stderr, "\n");
  finished_ = true;
}

}  // namespace ionglass
