#pragma once
// Early stopping of one ladder step (pacemaker's `early_stopping_patience`,
// `min_relative_train_loss_per_iter`, `min_relative_test_loss_per_iter`): the step ends when,
// over the last `patience` iterations, the loss fell by less than the given fraction per
// iteration, i.e. (L_{k−p} − L_k) / (p·|L_{k−p}|) < threshold, for the training loss or (when
// there is a test set) the test loss (a rising loss has a negative rate and stops too).
#include <optional>
#include <string>
#include <vector>

namespace ionglass::ace {

struct EarlyStoppingSettings {
  int patience = 0;                             ///< iterations in the window; 0 disables
  double min_relative_train_loss_per_iter = 0;  ///< 0: no train criterion
  double min_relative_test_loss_per_iter = 0;   ///< 0: no test criterion
};

/// The reason to stop after the last entry of the loss histories of the current step (one entry
/// per iteration; `test_losses` empty without a test set), or nothing to continue.
std::optional<std::string> early_stopping_reason(const std::vector<double>& train_losses,
                                                 const std::vector<double>& test_losses,
                                                 const EarlyStoppingSettings& settings);

}  // namespace ionglass::ace
