#include "ionglass/ace/early_stopping.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ionglass::ace {
namespace {

// Relative decrease per iteration over the last `patience` entries.
double relative_decrease_per_iteration(const std::vector<double>& losses, int patience) {
  const double before = losses[losses.size() - 1 - patience], now = losses.back();
  const double scale = std::abs(before) > 0 ? std::abs(before) : 1.0;
  return (before - now) / (patience * scale);
}

}  // namespace

std::optional<std::string> early_stopping_reason(const std::vector<double>& train_losses,
                                                 const std::vector<double>& test_losses,
                                                 const EarlyStoppingSettings& settings) {
  const int p = settings.patience;
  if (p <= 0) return std::nullopt;
  if (settings.min_relative_train_loss_per_iter > 0 && static_cast<int>(train_losses.size()) > p) {
    const double rate = relative_decrease_per_iteration(train_losses, p);
    if (rate < settings.min_relative_train_loss_per_iter)
      return fmt::format("train loss fell by {:.3g} per iteration over the last {} iterations (< {:.3g})", rate, p,
                         settings.min_relative_train_loss_per_iter);
  }
  if (settings.min_relative_test_loss_per_iter > 0 && static_cast<int>(test_losses.size()) > p) {
    const double rate = relative_decrease_per_iteration(test_losses, p);
    if (rate < settings.min_relative_test_loss_per_iter)
      return fmt::format("test loss fell by {:.3g} per iteration over the last {} iterations (< {:.3g})", rate, p,
                         settings.min_relative_test_loss_per_iter);
  }
  return std::nullopt;
}

}  // namespace ionglass::ace
