#pragma once
// Parity plots (predicted against reference, with the y = x diagonal) shared by the validation
// and the fit reports.
#include <string>
#include <vector>

#include "ionglass/report/svg_plot.hpp"

namespace ionglass {

/// One labelled set of points of a parity plot.
struct ParitySet {
  std::string label;
  std::vector<double> reference, predicted;
};

/// A parity plot of several sets (e.g. train and test) on one diagonal; `axis` names the
/// quantity with its unit, e.g. "energy (eV/atom)".
Plot parity_plot(const std::string& title, const std::string& axis, const std::vector<ParitySet>& sets);
/// The same for one set.
Plot parity_plot(const std::string& title, const std::string& axis, const std::vector<double>& reference,
                 const std::vector<double>& predicted, const std::string& label);

/// Every k-th point plus all points whose |predicted − reference| exceeds `keep_above`, so that a
/// parity plot of ~10⁵ points stays small while every outlier is drawn (about `target` points).
void thin_parity_points(const std::vector<double>& reference, const std::vector<double>& predicted, std::size_t target,
                        double keep_above, std::vector<double>& kept_reference, std::vector<double>& kept_predicted);

}  // namespace ionglass
