#include "ionglass/io/lammps_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <unordered_map>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/unused_atom_types.hpp"
#include "ionglass/io/line_reader.hpp"

namespace ionglass {

namespace {

const std::set<std::string> known_sections = {"Atoms",
                                              "Velocities",
                                              "Masses",
                                              "Ellipsoids",
                                              "Lines",
                                              "Triangles",
                                              "Bodies",
                                              "Bonds",
                                              "Angles",
                                              "Dihedrals",
                                              "Impropers",
                                              "Pair Coeffs",
                                              "PairIJ Coeffs",
                                              "Bond Coeffs",
                                              "Angle Coeffs",
                                              "Dihedral Coeffs",
                                              "Improper Coeffs",
                                              "BondBond Coeffs",
                                              "BondAngle Coeffs",
                                              "MiddleBondTorsion Coeffs",
                                              "EndBondTorsion Coeffs",
                                              "AngleTorsion Coeffs",
                                              "AngleAngleTorsion Coeffs",
                                              "BondBond13 Coeffs",
                                              "AngleAngle Coeffs",
                                              "Atom Type Labels",
                                              "Bond Type Labels",
                                              "Angle Type Labels"};

std::string strip_comment(const std::string& line, std::string* comment = nullptr) {
  const auto hash = line.find('#');
  if (comment) *comment = hash == std::string::npos ? "" : line.substr(hash + 1);
  std::string body = hash == std::string::npos ? line : line.substr(0, hash);
  const auto first = body.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  const auto last = body.find_last_not_of(" \t");
  return body.substr(first, last - first + 1);
}

// Column layout of an atom style: positions of id, type, charge (−1 if none), x.
struct StyleColumns {
  int id = 0, type = 1, charge = -1, x = 2, count = 5;
};

StyleColumns columns_for(const std::string& style, const LineReader& reader) {
  std::string base = style.substr(0, style.find('/'));  // "charge/kk" → "charge"
  if (base == "atomic") return {0, 1, -1, 2, 5};
  if (base == "charge") return {0, 1, 2, 3, 6};
  if (base == "full") return {0, 2, 3, 4, 7};
  if (base == "molecular" || base == "bond" || base == "angle") return {0, 2, -1, 3, 6};
  reader.fail("unsupported atom style '" + style + "' (supported: atomic, charge, full, molecular)");
}

}  // namespace

void assign_elements_from_masses(System& system, const std::string& source) {
  for (std::size_t t = 0; t < system.atom_types.size(); ++t) {
    auto& at = system.atom_types[t];
    if (!(at.mass_amu > 0))
      throw InputError(
          source, 0,
          "atom type " + std::to_string(t + 1) +
              " has no mass, so its element is unknown; give the elements with --types (e.g. --types Fe,Na,O,P)");
    auto z = elements::from_mass(at.mass_amu, 0.05);
    if (!z)
      throw InputError(source, 0,
                       fmt::format("the mass {} of atom type {} matches no element (or several) within 0.05 amu; "
                                   "give the elements with --types (e.g. --types Fe,Na,O,P)",
                                   at.mass_amu, t + 1));
    at.atomic_number = *z;
    if (at.label.empty()) at.label = elements::by_number(*z).symbol;
  }
}

System read_lammps_data(const std::string& path, const ReadOptions& options) {
  LineReader reader(path);
  System system;
  std::string line;
  if (!reader.next(line)) reader.fail("empty file");  // first line is a title
  long long natoms = -1, ntypes = -1;
  LammpsBox box;
  bool have_x = false, have_y = false, have_z = false;
  std::string section, comment;
  // Header.
  while (reader.next(line)) {
    const std::string body = strip_comment(line, &comment);
    if (body.empty()) continue;
    if (known_sections.count(body)) {
      section = body;
      break;
    }
    auto tok = split_whitespace(body);
    auto has = [&](const char* a, const char* b = nullptr) {
      if (b) return tok.size() >= 2 && tok[tok.size() - 2] == a && tok.back() == b;
      return tok.back() == a;
    };
    if (tok.size() == 2 && tok[1] == "atoms") {
      natoms = parse_integer(tok[0], reader, "the number of atoms");
      // An Atoms row is at least "1 1 0 0 0" and a newline.
      reader.check_row_count(natoms, "atoms", 10);
    } else if (tok.size() == 3 && tok[1] == "atom" && tok[2] == "types")
      ntypes = parse_integer(tok[0], reader, "the number of atom types");
    else if (tok.size() == 4 && has("xlo", "xhi")) {
      box.xlo = parse_double(tok[0], reader, "xlo");
      box.xhi = parse_double(tok[1], reader, "xhi");
      have_x = true;
    } else if (tok.size() == 4 && has("ylo", "yhi")) {
      box.ylo = parse_double(tok[0], reader, "ylo");
      box.yhi = parse_double(tok[1], reader, "yhi");
      have_y = true;
    } else if (tok.size() == 4 && has("zlo", "zhi")) {
      box.zlo = parse_double(tok[0], reader, "zlo");
      box.zhi = parse_double(tok[1], reader, "zhi");
      have_z = true;
    } else if (tok.size() == 6 && tok[3] == "xy" && tok[4] == "xz" && tok[5] == "yz") {
      box.xy = parse_double(tok[0], reader, "xy");
      box.xz = parse_double(tok[1], reader, "xz");
      box.yz = parse_double(tok[2], reader, "yz");
      box.triclinic = true;
    } else if (tok.size() >= 2 &&
               (tok.back() == "types" || tok.back() == "bonds" || tok.back() == "angles" || tok.back() == "dihedrals" ||
                tok.back() == "impropers" || tok.back() == "ellipsoids" || tok.back() == "lines" ||
                tok.back() == "triangles" || tok.back() == "bodies" || tok.back() == "atom")) {
      // other counts (bond types, extra/atom ...) are not needed here
    } else if (tok.size() >= 2 && tok[tok.size() - 2] == "extra") {
    } else {
      reader.fail("unrecognised header line '" + body + "'");
    }
  }
  if (natoms == -1) reader.fail("the header has no 'N atoms' line");
  if (ntypes < 1) reader.fail("the header has no 'N atom types' line");
  if (!have_x || !have_y || !have_z) reader.fail("the header lacks the box (xlo xhi, ylo yhi, zlo zhi)");
  if (box.xhi <= box.xlo || box.yhi <= box.ylo || box.zhi <= box.zlo) reader.fail("the box has zero or negative size");
  system.cell = at_reader_line(reader, [&] { return Cell::from_lammps(box); });
  system.atom_types.assign(static_cast<std::size_t>(ntypes), AtomType{});

  bool have_atoms = false, have_masses = false;
  std::vector<long long> atom_ids;
  std::vector<Vec3> velocities;
  std::vector<long long> velocity_ids;
  std::string style = options.atom_style;
  while (!section.empty()) {
    const std::string hint = trim(comment);
    const long header_line = reader.line_number();
    // Every section starts with a blank line after its keyword.
    std::string next_section;
    auto read_rows = [&](long long expected, auto&& handle) {
      long long rows = 0;
      bool started = false;
      while (reader.next(line)) {
        const std::string body = strip_comment(line);
        if (body.empty()) {
          if (started && rows >= expected) break;
          continue;
        }
        if (known_sections.count(body)) {
          next_section = body;
          strip_comment(line, &comment);
          break;
        }
        started = true;
        if (rows >= expected)
          reader.fail(fmt::format("section '{}' (line {}) has more than the {} rows the header declares", section,
                                  header_line, expected));
        handle(split_whitespace(body));
        ++rows;
      }
      if (rows < expected)
        reader.fail(
            fmt::format("section '{}' (line {}) ends after {} of {} rows (truncated file or wrong count in "
                        "the header)",
                        section, header_line, rows, expected));
      // After the rows: blank lines up to the next section keyword (or the end of the file).
      while (next_section.empty() && reader.next(line)) {
        const std::string body = strip_comment(line);
        if (body.empty()) continue;
        if (!known_sections.count(body))
          reader.fail(fmt::format("section '{}' (line {}) has more than the {} rows the header declares", section,
                                  header_line, expected));
        next_section = body;
        strip_comment(line, &comment);
      }
    };
    if (section == "Masses") {
      have_masses = true;
      std::vector<long> mass_line(static_cast<std::size_t>(ntypes), 0);
      read_rows(ntypes, [&](const std::vector<std::string_view>& tok) {
        if (tok.size() < 2) reader.fail("a Masses row needs a type and a mass");
        const long long t = parse_integer(tok[0], reader, "the atom type");
        if (t < 1 || t > ntypes) reader.fail("atom type " + std::to_string(t) + " in Masses is not declared");
        if (mass_line[t - 1] != 0)
          reader.fail(fmt::format("atom type {} appears twice in Masses (first at line {})", t, mass_line[t - 1]));
        mass_line[t - 1] = reader.line_number();
        const double m = parse_double(tok[1], reader, "the mass");
        if (!(m > 0)) reader.fail("the mass of atom type " + std::to_string(t) + " must be positive");
        system.atom_types[t - 1].mass_amu = m;
      });
    } else if (section == "Atoms") {
      have_atoms = true;
      if (style.empty()) style = hint.empty() ? "" : std::string(split_whitespace(hint).front());
      StyleColumns cols;
      bool decided = !style.empty();
      if (decided) cols = columns_for(style, reader);
      system.positions.reserve(natoms);
      std::unordered_map<long long, long> atom_line;
      atom_line.reserve(static_cast<std::size_t>(natoms));
      read_rows(natoms, [&](const std::vector<std::string_view>& tok) {
        if (!decided) {
          // No style given: infer from the column count (with or without three image flags).
          const std::size_t n = tok.size();
          if (n == 5 || n == 8)
            style = "atomic";
          else if (n == 6 || n == 9)
            style = "charge";
          else if (n == 7 || n == 10)
            style = "full";
          else
            reader.fail(fmt::format("an Atoms row has {} columns; no atom style fits (say it with '# style')", n));
          cols = columns_for(style, reader);
          decided = true;
        }
        if (tok.size() != static_cast<std::size_t>(cols.count) &&
            tok.size() != static_cast<std::size_t>(cols.count + 3))
          reader.fail(fmt::format("an Atoms row of style {} needs {} columns (or {} with image flags), found {}", style,
                                  cols.count, cols.count + 3, tok.size()));
        const long long id = parse_integer(tok[cols.id], reader, "the atom id");
        if (const auto [it, fresh] = atom_line.emplace(id, reader.line_number()); !fresh)
          reader.fail(fmt::format("duplicate atom id {} in Atoms (first at line {})", id, it->second));
        const long long t = parse_integer(tok[cols.type], reader, "the atom type");
        if (t < 1 || t > ntypes)
          reader.fail(fmt::format("atom {} has type {} but the file declares {} atom types", id, t, ntypes));
        Vec3 r(parse_double(tok[cols.x], reader, "x"), parse_double(tok[cols.x + 1], reader, "y"),
               parse_double(tok[cols.x + 2], reader, "z"));
        system.ids.push_back(id);
        system.types.push_back(static_cast<int>(t));
        system.positions.push_back(r);
        if (cols.charge >= 0) system.charges.push_back(parse_double(tok[cols.charge], reader, "the charge"));
        if (tok.size() == static_cast<std::size_t>(cols.count + 3)) {
          Image img;
          for (int k = 0; k < 3; ++k)
            img[k] = static_cast<int>(parse_integer(tok[cols.count + k], reader, "an image flag"));
          system.images.push_back(img);
        }
      });
      if (!system.images.empty() && system.images.size() != system.positions.size())
        reader.fail("image flags are given for some atoms but not all");
    } else if (section == "Velocities") {
      read_rows(natoms, [&](const std::vector<std::string_view>& tok) {
        if (tok.size() < 4) reader.fail("a Velocities row needs id vx vy vz");
        velocity_ids.push_back(parse_integer(tok[0], reader, "the atom id"));
        velocities.emplace_back(parse_double(tok[1], reader, "vx"), parse_double(tok[2], reader, "vy"),
                                parse_double(tok[3], reader, "vz"));
      });
    } else {
      // A section this reader does not need (Bonds, Pair Coeffs, ...): skip to the next keyword.
      while (reader.next(line)) {
        const std::string body = strip_comment(line);
        if (known_sections.count(body)) {
          next_section = body;
          strip_comment(line, &comment);
          break;
        }
      }
    }
    section = next_section;
  }
  if (!have_atoms) reader.fail("the file has no Atoms section");
  if (!velocities.empty()) {
    std::unordered_map<long long, std::size_t> index;
    for (std::size_t i = 0; i < system.ids.size(); ++i) index[system.ids[i]] = i;
    system.velocities.assign(system.size(), Vec3::Zero());
    for (std::size_t k = 0; k < velocities.size(); ++k) {
      auto it = index.find(velocity_ids[k]);
      if (it == index.end())
        throw InputError(path, 0,
                         "Velocities names atom " + std::to_string(velocity_ids[k]) + " which is not in Atoms");
      system.velocities[it->second] = velocities[k];
    }
  }
  if (!options.type_elements.empty()) {
    apply_type_elements(system, options.type_elements, path);
  } else if (!have_masses) {
    throw InputError(
        path, 0,
        "the file has no Masses section, so elements are unknown; give them with --types (e.g. --types Fe,Na,O,P)");
  } else {
    // Only types that atoms use need an element; unused declared types (38-type tables) may be anything.
    std::vector<bool> used(system.atom_types.size(), false);
    for (int t : system.types) used[t - 1] = true;
    for (std::size_t t = 0; t < system.atom_types.size(); ++t) {
      if (!used[t]) {
        auto z = system.atom_types[t].mass_amu > 0 ? elements::from_mass(system.atom_types[t].mass_amu, 0.05)
                                                   : std::optional<int>{};
        system.atom_types[t].atomic_number = z ? *z : 0;
        if (z) system.atom_types[t].label = elements::by_number(*z).symbol;
        continue;
      }
      System one;
      one.atom_types = {system.atom_types[t]};
      try {
        assign_elements_from_masses(one, path);
      } catch (const InputError&) {
        throw InputError(path, 0,
                         fmt::format("the mass {} of atom type {} matches no element (or several) within 0.05 amu; "
                                     "give the elements with --types (e.g. --types Fe,Na,O,P)",
                                     system.atom_types[t].mass_amu, t + 1));
      }
      system.atom_types[t] = one.atom_types[0];
    }
  }
  mark_unused_atom_types(system);  // declared types that no atom uses
  system.validate(path);
  return system;
}

std::string format_lammps_data(const System& system, const WriteOptions& options) {
  std::string style = options.atom_style.empty() ? (system.has_charges() ? "charge" : "atomic") : options.atom_style;
  if (style != "atomic" && style != "charge" && style != "full")
    throw InputError("unsupported atom style '" + style + "' for writing (atomic, charge, full)");
  if ((style == "charge" || style == "full") && !system.has_charges())
    throw InputError("atom style " + style + " needs charges, but the structure has none");
  const LammpsBox box = system.cell.to_lammps();
  const int p = std::max(1, options.precision + 6);
  fmt::memory_buffer out;
  auto num = [&](double v) { return fmt::format("{:.{}g}", v, p); };
  fmt::format_to(std::back_inserter(out), "LAMMPS data file written by ionglass{}\n\n",
                 system.timestep >= 0 ? fmt::format(", timestep = {}", system.timestep) : "");
  fmt::format_to(std::back_inserter(out), "{} atoms\n{} atom types\n\n", system.size(), system.atom_types.size());
  fmt::format_to(std::back_inserter(out), "{} {} xlo xhi\n{} {} ylo yhi\n{} {} zlo zhi\n", num(box.xlo), num(box.xhi),
                 num(box.ylo), num(box.yhi), num(box.zlo), num(box.zhi));
  if (box.triclinic)
    fmt::format_to(std::back_inserter(out), "{} {} {} xy xz yz\n", num(box.xy), num(box.xz), num(box.yz));
  fmt::format_to(std::back_inserter(out), "\nMasses\n\n");
  for (std::size_t t = 0; t < system.atom_types.size(); ++t) {
    const auto& at = system.atom_types[t];
    fmt::format_to(std::back_inserter(out), "{} {} # {}\n", t + 1, num(at.mass_amu),
                   at.label.empty() ? elements::by_number(at.atomic_number).symbol : at.label);
  }
  fmt::format_to(std::back_inserter(out), "\nAtoms # {}\n\n", style);
  for (std::size_t i = 0; i < system.size(); ++i) {
    const Vec3& r = system.positions[i];
    if (style == "atomic")
      fmt::format_to(std::back_inserter(out), "{} {}", system.ids[i], system.types[i]);
    else if (style == "charge")
      fmt::format_to(std::back_inserter(out), "{} {} {}", system.ids[i], system.types[i], num(system.charges[i]));
    else
      fmt::format_to(std::back_inserter(out), "{} 1 {} {}", system.ids[i], system.types[i], num(system.charges[i]));
    fmt::format_to(std::back_inserter(out), " {} {} {}", num(r.x()), num(r.y()), num(r.z()));
    if (system.has_images())
      fmt::format_to(std::back_inserter(out), " {} {} {}", system.images[i][0], system.images[i][1],
                     system.images[i][2]);
    out.push_back('\n');
  }
  if (system.has_velocities()) {
    fmt::format_to(std::back_inserter(out), "\nVelocities\n\n");
    for (std::size_t i = 0; i < system.size(); ++i) {
      const Vec3& v = system.velocities[i];
      fmt::format_to(std::back_inserter(out), "{} {} {} {}\n", system.ids[i], num(v.x()), num(v.y()), num(v.z()));
    }
  }
  return fmt::to_string(out);
}

void write_lammps_data(const std::string& path, const System& system, const WriteOptions& options) {
  const std::string text = format_lammps_data(system, options);
  write_file_atomically(path, text);
}

}  // namespace ionglass
