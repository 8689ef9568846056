#pragma once
// report.html of `ionglass fit`: summary, learning curves (loss and RMSEs per iteration, train
// and test, ladder steps marked) and train/test parity plots of energies and forces.
#include <string>

#include "ionglass/ace/potential_fit.hpp"

namespace ionglass {

/// The report's HTML text.
std::string format_fit_report(const ace::FitResult& result);
/// Writes the report to `path` atomically.
void write_fit_report(const std::string& path, const ace::FitResult& result);

}  // namespace ionglass
