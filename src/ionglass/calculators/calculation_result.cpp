#include "ionglass/calculators/calculation_result.hpp"

#include <array>
#include <utility>

#include "ionglass/core/error.hpp"

namespace ionglass::calculators {
namespace {
constexpr std::array<std::pair<CalculationStatus, const char*>, 8> status_names{{
    {CalculationStatus::ok, "ok"},
    {CalculationStatus::not_converged, "not_converged"},
    {CalculationStatus::crashed, "crashed"},
    {CalculationStatus::bad_output, "bad_output"},
    {CalculationStatus::missing_executable, "missing_executable"},
    {CalculationStatus::input_error, "input_error"},
    {CalculationStatus::timed_out, "timed_out"},
    {CalculationStatus::cancelled, "cancelled"},
}};
}  // namespace

std::string status_name(CalculationStatus status) {
  for (const auto& [s, name] : status_names)
    if (s == status) return name;
  return "unknown";
}

CalculationStatus parse_status(const std::string& name) {
  std::string allowed;
  for (const auto& [s, n] : status_names) {
    if (name == n) return s;
    allowed += (allowed.empty() ? "" : ", ") + std::string(n);
  }
  throw InputError("unknown calculation status '" + name + "' (allowed: " + allowed + ")");
}

CalculationResult failed_result(CalculationStatus status, std::string message) {
  CalculationResult r;
  r.status = status;
  r.message = std::move(message);
  return r;
}

}  // namespace ionglass::calculators
