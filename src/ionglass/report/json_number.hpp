#pragma once
// JSON has no NaN or infinity: such numbers are written as null.
#include <cmath>
#include <nlohmann/json.hpp>

namespace ionglass {

inline nlohmann::json json_number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

}  // namespace ionglass
