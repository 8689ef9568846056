#pragma once
// VASP KPOINTS files with an automatic mesh (https://www.vasp.at/wiki/index.php/KPOINTS):
//   comment / 0 (automatic) / Gamma or Monkhorst-Pack / n1 n2 n3 / optional shift s1 s2 s3.
// Only the first letter of the third line counts (G/g: Γ-centred, M/m: Monkhorst–Pack), as in
// VASP. Explicit k-point lists and line mode are not read: InputError, as for a malformed file.
#include <array>
#include <string>

#include "ionglass/core/vector.hpp"

namespace ionglass {

struct KpointMesh {
  std::array<int, 3> divisions{1, 1, 1};  ///< subdivisions along the reciprocal vectors
  bool gamma_centered = true;             ///< Γ-centred (true) or Monkhorst–Pack
  Vec3 shift = Vec3::Zero();              ///< additional shift, in units of the mesh spacing
  bool operator==(const KpointMesh& other) const {
    return divisions == other.divisions && gamma_centered == other.gamma_centered && shift == other.shift;
  }
};

KpointMesh read_kpoints(const std::string& path);
std::string format_kpoints(const KpointMesh& mesh);
void write_kpoints(const std::string& path, const KpointMesh& mesh);

}  // namespace ionglass
