#include "ionglass/potential_loader/potential_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "ionglass/ace/ace_potential.hpp"
#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/strict_yaml.hpp"
#include "ionglass/potential/classical_potential_file.hpp"

namespace ionglass {

namespace {

std::unique_ptr<Potential> load_potential_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path, 0, "no such potential file");
  const std::string ext = std::filesystem::path(path).extension().string();
  // Each potential family adds its branch here.
  if (ext == ".yace") return ace::load_ace_potential(path);  // ACE C-tilde basis (docs/ace.md)
  if (ext == ".yaml" || ext == ".yml") {
    // Classical force fields: YAML files without a top-level `species:` block (docs/potentials.md).
    const YAML::Node root = load_yaml_file_strict(path);
    if (root.IsMap() && !root["species"]) {
      // A pacemaker B-basis without its species block would otherwise be read as a classical force
      // field and refused for its first unknown key.
      for (const auto& entry : root) {
        const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
        if (key == "metadata" || key == "global")
          throw InputError(
              path, entry.first.Mark().is_null() ? 0 : entry.first.Mark().line + 1,
              "looks like an ACE B-basis potential (it has '" + key + "') but has no top-level 'species:' block");
      }
    }
    if (!(root.IsMap() && root["species"])) return load_classical_potential(path);
    // ACE B-basis (pacemaker .yaml with `species:`): converted to the C-tilde form
    // (docs/ace-active-learning.md).
    return std::make_unique<ace::AcePotential>(ace::convert_to_ctilde(ace::read_b_basis(path)), path);
  }
  throw InputError(path, 0, "unknown potential file type '" + ext + "' (expected .yace or .yaml)");
}

}  // namespace

std::unique_ptr<Potential> load_potential(const std::string& path) {
  try {
    return load_potential_file(path);
  } catch (const InputError& e) {
    if (!e.file().empty()) throw;
    throw InputError(path, 0, e.problem());  // checks deep in a potential name the file too
  }
}

std::unique_ptr<Potential> load_potential(const std::string& path, const ExecutionContext& context) {
  auto potential = load_potential(path);
  potential->set_thread_count(context.resolved_threads());
  return potential;
}

}  // namespace ionglass
