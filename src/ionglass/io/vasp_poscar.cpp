#include "ionglass/io/vasp_poscar.hpp"

#include <Eigen/LU>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <numeric>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/element_types.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/io/number_format.hpp"

namespace ionglass {

namespace {

char first_char_lower(const std::string& line) {
  const std::string t = trim(line);
  return t.empty() ? '\0' : static_cast<char>(std::tolower(static_cast<unsigned char>(t[0])));
}

void next_or_fail(LineReader& reader, std::string& line, const char* what) {
  if (!reader.next(line)) reader.fail(std::string("the file ends before ") + what);
}

Vec3 parse_vector(const std::string& line, const LineReader& reader, const char* what, std::size_t min_tokens = 3) {
  auto tok = split_whitespace(line);
  if (tok.size() < min_tokens) reader.fail(fmt::format("expected three numbers for {}, found '{}'", what, trim(line)));
  return Vec3(parse_double(tok[0], reader, what), parse_double(tok[1], reader, what),
              parse_double(tok[2], reader, what));
}

}  // namespace

std::size_t VaspHeader::atom_count() const {
  return static_cast<std::size_t>(std::accumulate(counts.begin(), counts.end(), 0LL));
}

std::vector<int> VaspHeader::atomic_numbers() const {
  std::vector<int> z;
  z.reserve(atom_count());
  for (std::size_t g = 0; g < counts.size(); ++g) z.insert(z.end(), static_cast<std::size_t>(counts[g]), species[g]);
  return z;
}

VaspHeader read_vasp_header(LineReader& reader, const std::string& first_line,
                            const std::vector<std::string>& type_elements) {
  VaspHeader h;
  h.comment = trim(first_line);
  std::string line;
  next_or_fail(reader, line, "the scale factor");
  auto scale_tokens = split_whitespace(line);
  std::vector<double> scale;
  for (auto t : scale_tokens) {
    double v;
    if (!try_parse_double(t, v)) break;  // a trailing comment
    scale.push_back(v);
  }
  if (scale.size() != 1 && scale.size() != 3)
    reader.fail("expected the scale factor (one number, or three), found '" + trim(line) + "'");
  for (int r = 0; r < 3; ++r) {
    next_or_fail(reader, line, "the three lattice vectors");
    h.lattice.row(r) = parse_vector(line, reader, "a lattice vector").transpose();
  }
  const double raw_volume = std::abs(h.lattice.determinant());
  if (!(raw_volume > 0)) reader.fail("the lattice vectors span no volume");
  if (scale.size() == 3) {
    if (!(scale[0] > 0 && scale[1] > 0 && scale[2] > 0)) reader.fail("the three scale factors must be positive");
    h.cartesian_scale = Vec3(scale[0], scale[1], scale[2]);
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) h.lattice(r, c) *= scale[c];
  } else {
    double s = scale[0];
    if (s == 0) reader.fail("the scale factor is zero");
    // A negative scale factor is the cell volume in Å³ (VASP wiki, POSCAR).
    if (s < 0) s = std::cbrt(-s / raw_volume);
    h.cartesian_scale = Vec3::Constant(s);
    h.lattice *= s;
  }
  next_or_fail(reader, line, "the counts of atoms");
  auto tok = split_whitespace(line);
  long long first_count;
  if (tok.empty()) reader.fail("expected the species or the counts of atoms, found an empty line");
  if (!try_parse_integer(tok[0], first_count)) {
    for (auto t : tok) {
      if (t[0] == '!' || t[0] == '#') break;
      h.species.push_back(element_from_symbol(t, reader));
    }
    next_or_fail(reader, line, "the counts of atoms");
    tok = split_whitespace(line);
  }
  for (auto t : tok) {
    long long n;
    if (!try_parse_integer(t, n)) {
      if (h.counts.empty()) reader.fail("expected the counts of atoms, found '" + trim(line) + "'");
      break;
    }
    if (n < 0) reader.fail("negative count of atoms");
    h.counts.push_back(n);
  }
  // The atoms claimed must fit in the rest of the file (a position row is at least "0 0 0\n")
  // before anything is allocated for them; checked per count, so the sum cannot overflow.
  long long claimed = 0;
  for (long long n : h.counts) reader.check_row_count(claimed += n, "atoms", 6);
  if (h.species.empty()) {
    if (type_elements.empty())
      reader.fail(
          "the file has no species line (VASP 4 format), so elements are unknown; give them with --types "
          "in the order of the counts (e.g. --types Na,Fe,P,O)");
    if (type_elements.size() != h.counts.size())
      reader.fail(
          fmt::format("--types names {} elements but the file has {} counts", type_elements.size(), h.counts.size()));
    for (const auto& s : type_elements) {
      const int z = find_element(s);
      if (z == 0) reader.fail("unknown element '" + s + "' in --types");
      h.species.push_back(z);
    }
  }
  if (h.species.size() != h.counts.size())
    reader.fail(fmt::format("the species line names {} elements but the counts line has {} numbers", h.species.size(),
                            h.counts.size()));
  return h;
}

System read_poscar(const std::string& path, const ReadOptions& options) {
  LineReader reader(path);
  std::string line;
  if (!reader.next(line)) reader.fail("empty file");
  const VaspHeader h = read_vasp_header(reader, line, options.type_elements);
  const std::size_t n = h.atom_count();
  System s;
  s.cell = at_reader_line(reader, [&] { return Cell(h.lattice); });
  if (!h.comment.empty()) s.info["comment"] = h.comment;
  next_or_fail(reader, line, "the coordinate mode (Direct or Cartesian)");
  bool selective = false;
  if (first_char_lower(line) == 's') {
    selective = true;
    next_or_fail(reader, line, "the coordinate mode (Direct or Cartesian)");
  }
  const char mode = first_char_lower(line);
  const bool cartesian = mode == 'c' || mode == 'k';
  if (!cartesian && mode != 'd')
    reader.fail("expected the coordinate mode (Direct or Cartesian), found '" + trim(line) + "'");
  s.positions.resize(n);
  PerAtomProperty flags;
  flags.kind = 'L';
  flags.columns = 3;
  if (selective) flags.values.resize(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!reader.next(line))
      reader.fail(
          fmt::format("the file ends after {} of the {} atom positions (truncated file or wrong counts)", i, n));
    auto tok = split_whitespace(line);
    if (tok.size() < (selective ? 6u : 3u))
      reader.fail(fmt::format("an atom line needs {} columns, found {}", selective ? 6 : 3, tok.size()));
    Vec3 v(parse_double(tok[0], reader, "a coordinate"), parse_double(tok[1], reader, "a coordinate"),
           parse_double(tok[2], reader, "a coordinate"));
    s.positions[i] = cartesian ? Vec3(v.cwiseProduct(h.cartesian_scale)) : s.cell.to_cartesian(v);
    if (selective)
      for (int k = 0; k < 3; ++k) {
        const auto f = tok[3 + k];
        if (f == "T" || f == "t")
          flags.values[3 * i + k] = 1;
        else if (f == "F" || f == "f")
          flags.values[3 * i + k] = 0;
        else
          reader.fail("a selective-dynamics flag must be T or F, found '" + std::string(f) + "'");
      }
  }
  if (selective) s.properties["selective_dynamics"] = std::move(flags);
  // Optional velocity block: [Lattice velocities and vectors + 7 lines], a mode line (blank or
  // Cartesian: Å/fs; Direct: fractional per fs), one line per atom.
  if (reader.next(line)) {
    if (trim(line).rfind("Lattice velocities", 0) == 0) {
      for (int k = 0; k < 7; ++k) next_or_fail(reader, line, "the end of the lattice velocity block");
      next_or_fail(reader, line, "the velocities");
    }
    const char vmode = first_char_lower(line);
    const bool direct_velocities = vmode == 'd';
    if (vmode != '\0' && vmode != 'c' && vmode != 'k' && !direct_velocities)
      reader.fail("expected the coordinate mode of the velocity block (blank, Cartesian or Direct), found '" +
                  trim(line) + "'");
    std::vector<Vec3> v;
    for (std::size_t i = 0; i < n; ++i) {
      if (!reader.next(line) || trim(line).empty()) {
        if (i == 0) break;  // a mode line without velocities
        reader.fail(fmt::format("the velocity block ends after {} of {} atoms", i, n));
      }
      Vec3 vi = parse_vector(line, reader, "a velocity");
      if (direct_velocities) vi = s.cell.matrix().transpose() * vi;
      v.push_back(vi * 1000.0);  // Å/fs → Å/ps
    }
    if (v.size() == n && n > 0) s.velocities = std::move(v);
  }
  s.ids.resize(n);
  std::iota(s.ids.begin(), s.ids.end(), 1LL);
  assign_types_by_element(s, h.atomic_numbers());
  s.validate(path);
  return s;
}

std::vector<std::size_t> vasp_atom_order(const System& s) {
  // Elements in order of first appearance, so that files already grouped keep their order.
  std::vector<int> rank(static_cast<std::size_t>(elements::max_atomic_number) + 1, -1);
  int next_rank = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    int& r = rank[static_cast<std::size_t>(s.atomic_number(i))];
    if (r < 0) r = next_rank++;
  }
  std::vector<std::size_t> order(s.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return rank[static_cast<std::size_t>(s.atomic_number(a))] < rank[static_cast<std::size_t>(s.atomic_number(b))];
  });
  return order;
}

std::string format_vasp_header(std::string comment, const System& s, const std::vector<std::size_t>& order) {
  fmt::memory_buffer out;
  for (char& c : comment)
    if (c == '\n' || c == '\r') c = ' ';
  append_format(out, "{}\n1.0\n", comment);
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      out.push_back(' ');
      append_real(out, s.cell.matrix()(r, c));
    }
    out.push_back('\n');
  }
  std::vector<std::string> species;
  std::vector<std::size_t> counts;
  for (std::size_t i : order) {
    if (species.empty() || species.back() != s.symbol(i)) {
      species.emplace_back(s.symbol(i));
      counts.push_back(0);
    }
    ++counts.back();
  }
  for (const auto& sp : species) append_format(out, " {:>4}", sp);
  out.push_back('\n');
  for (std::size_t c : counts) append_format(out, " {:>4}", c);
  out.push_back('\n');
  return fmt::to_string(out);
}

std::string format_poscar(const System& s) {
  if (!s.cell.has_volume()) throw InputError("the structure has no cell, but a POSCAR needs one");
  const auto order = vasp_atom_order(s);
  fmt::memory_buffer out;
  std::string comment;
  if (auto it = s.info.find("comment"); it != s.info.end() && std::holds_alternative<std::string>(it->second))
    comment = std::get<std::string>(it->second);
  if (comment.empty())
    for (const auto& [el, n] : s.counts()) comment += fmt::format("{}{}", el, n);
  const std::string header = format_vasp_header(std::move(comment), s, order);
  out.append(header.data(), header.data() + header.size());
  const PerAtomProperty* flags = nullptr;
  if (auto it = s.properties.find("selective_dynamics");
      it != s.properties.end() && it->second.columns == 3 && it->second.kind != 'S')
    flags = &it->second;
  if (flags) append_format(out, "Selective dynamics\n");
  append_format(out, "Direct\n");
  for (std::size_t i : order) {
    const Vec3 f = s.cell.inverse().transpose() * s.positions[i];
    for (int k = 0; k < 3; ++k) {
      out.push_back(' ');
      append_real(out, f[k]);
    }
    if (flags)
      for (int k = 0; k < 3; ++k) append_format(out, " {}", flags->values[3 * i + k] != 0 ? 'T' : 'F');
    out.push_back('\n');
  }
  if (s.has_velocities()) {
    out.push_back('\n');  // blank mode line: Cartesian velocities in Å/fs
    for (std::size_t i : order) {
      for (int k = 0; k < 3; ++k) {
        out.push_back(' ');
        append_real(out, s.velocities[i][k] / 1000.0);
      }
      out.push_back('\n');
    }
  }
  return fmt::to_string(out);
}

void write_poscar(const std::string& path, const System& system) {
  write_file_atomically(path, format_poscar(system));
}

}  // namespace ionglass
