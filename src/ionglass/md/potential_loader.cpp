#include "ionglass/md/potential_loader.hpp"

#include <filesystem>

#include "ionglass/core/error.hpp"

namespace ionglass {

std::unique_ptr<Potential> load_potential(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path, 0, "no such potential file");
  const std::string ext = std::filesystem::path(path).extension().string();
  // Each potential family adds its branch here.
  throw InputError(path, 0, "unknown potential file type '" + ext + "' (expected .yace or .yaml)");
}

}  // namespace ionglass
