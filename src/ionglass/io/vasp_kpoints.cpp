#include "ionglass/io/vasp_kpoints.hpp"

#include <fmt/format.h>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/line_reader.hpp"

namespace ionglass {

KpointMesh read_kpoints(const std::string& path) {
  LineReader reader(path);
  std::string line;
  auto next_line = [&](const char* what) {
    if (!reader.next(line)) reader.fail(std::string("the file ends before ") + what);
  };
  next_line("the comment line");
  next_line("the number of k-points");
  const auto count = split_whitespace(line);
  if (count.empty() || parse_integer(count[0], reader, "the number of k-points") != 0)
    reader.fail("only automatic meshes (0 on the second line) are read");
  next_line("the mesh type");
  const std::string type = trim(line);
  KpointMesh mesh;
  if (!type.empty() && (type[0] == 'G' || type[0] == 'g'))
    mesh.gamma_centered = true;
  else if (!type.empty() && (type[0] == 'M' || type[0] == 'm'))
    mesh.gamma_centered = false;
  else
    reader.fail("the mesh type must be Gamma or Monkhorst-Pack, not '" + type + "'");
  next_line("the subdivisions");
  const auto n = split_whitespace(line);
  if (n.size() < 3) reader.fail("the subdivisions line needs three whole numbers");
  for (int k = 0; k < 3; ++k) {
    const long long d = parse_integer(n[k], reader, "a subdivision");
    if (d < 1) reader.fail(fmt::format("subdivisions must be at least 1 (got {})", d));
    mesh.divisions[k] = static_cast<int>(d);
  }
  if (reader.next(line) && !trim(line).empty()) {
    const auto s = split_whitespace(line);
    if (s.size() < 3) reader.fail("the shift line needs three numbers");
    for (int k = 0; k < 3; ++k) mesh.shift[k] = parse_double(s[k], reader, "a shift");
  }
  return mesh;
}

std::string format_kpoints(const KpointMesh& mesh) {
  return fmt::format("{}\n0\n{}\n{} {} {}\n{} {} {}\n",
                     mesh.gamma_centered ? "Gamma-centred mesh (ionglass)" : "Monkhorst-Pack mesh (ionglass)",
                     mesh.gamma_centered ? "Gamma" : "Monkhorst-Pack", mesh.divisions[0], mesh.divisions[1],
                     mesh.divisions[2], mesh.shift[0], mesh.shift[1], mesh.shift[2]);
}

void write_kpoints(const std::string& path, const KpointMesh& mesh) {
  write_file_atomically(path, format_kpoints(mesh));
}

}  // namespace ionglass
