#include "ionglass/md/potential_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "ionglass/ace/ace_potential.hpp"
#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/strict_yaml.hpp"
#include "ionglass/potential/classical_potential_file.hpp"

namespace ionglass {

std::unique_ptr<Potential> load_potential(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path, 0, "no such potential file");
  const std::string ext = std::filesystem::path(path).extension().string();
  // Each potential family adds its branch here.
  if (ext == ".yace") return load_ace_potential(path);  // ACE C-tilde basis (docs/ace.md)
  if (ext == ".yaml" || ext == ".yml") {
    // Classical force fields: YAML files without a top-level `species:` block (docs/potentials.md).
    const YAML::Node root = load_yaml_file_strict(path);
    if (!(root.IsMap() && root["species"])) return load_classical_potential(path);
    // ACE B-basis (pacemaker .yaml with `species:`): converted to the C-tilde form
    // (docs/ace-active-learning.md).
    return std::make_unique<AcePotential>(ace::convert_to_ctilde(ace::read_b_basis(path)), path);
  }
  throw InputError(path, 0, "unknown potential file type '" + ext + "' (expected .yace or .yaml)");
}

}  // namespace ionglass
