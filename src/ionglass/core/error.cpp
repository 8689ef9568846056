#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {
std::string compose(const std::string& file, long line, const std::string& problem) {
  if (file.empty()) return problem;
  if (line > 0) return file + ":" + std::to_string(line) + ": " + problem;
  return file + ": " + problem;
}
}  // namespace

InputError::InputError(const std::string& problem) : Error(problem), problem_(problem) {}

InputError::InputError(const std::string& file, long line, const std::string& problem)
    : Error(compose(file, line, problem)), file_(file), line_(line), problem_(problem) {}

}  // namespace ionglass
