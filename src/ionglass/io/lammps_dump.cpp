#include "ionglass/io/lammps_dump.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/element_types.hpp"
#include "ionglass/io/lammps_orientation.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/io/number_format.hpp"
#include "ionglass/io/text_trajectory.hpp"

namespace ionglass {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// What one ATOMS column holds.
enum class Role { Id, Type, Element, Coordinate, Image, Velocity, Force, Charge, Property, Ignored };

struct Column {
  Role role = Role::Ignored;
  int axis = 0;          // x, y, z for vector roles; column within a property
  int family = 0;        // coordinates: 0 x, 1 xu, 2 xs, 3 xsu
  std::string property;  // property name
};

// Splits "c_stress[2]" into ("c_stress", 2); returns index 0 when there is no [k] suffix.
std::pair<std::string, int> split_indexed_name(const std::string& name) {
  if (name.size() < 4 || name.back() != ']') return {name, 0};
  const auto open = name.rfind('[');
  if (open == std::string::npos || open == 0) return {name, 0};
  long long k;
  if (!try_parse_integer(std::string_view(name).substr(open + 1, name.size() - open - 2), k) || k < 1) return {name, 0};
  return {name.substr(0, open), static_cast<int>(k)};
}

class LammpsDumpReader : public TextTrajectoryReader {
 public:
  LammpsDumpReader(const std::string& path, const ReadOptions& options)
      : TextTrajectoryReader(path), options_(options) {
    for (const auto& symbol : options_.type_elements) {
      const int z = find_element(symbol);
      if (z == 0) throw InputError(path, 0, "unknown element '" + symbol + "' in --types");
      type_elements_.push_back(z);
    }
  }

  bool next(System& frame) override {
    if (!next_nonblank_line("empty file (no 'ITEM: TIMESTEP')")) return false;
    const long frame_line = reader_.line_number();
    frame = System();
    long long natoms = -1;
    bool have_box = false;
    LammpsBox box;
    Mat3 general_lattice = Mat3::Zero();
    Vec3 general_origin = Vec3::Zero();
    bool general = false;
    std::array<bool, 3> periodic{true, true, true};
    auto next_line = [&](const char* what) {
      if (!reader_.next(line_))
        reader_.fail(fmt::format("the file ends inside the header of the frame that starts at line {} (expected {})",
                                 frame_line, what));
    };
    std::vector<std::string> column_names;
    while (true) {
      const std::string item = trim(line_);
      if (!starts_with(item, "ITEM:"))
        reader_.fail("expected an 'ITEM:' line of a LAMMPS dump, found '" + item.substr(0, 60) + "'");
      const std::string name = trim(std::string_view(item).substr(5));
      if (name == "TIMESTEP") {
        next_line("the timestep");
        frame.timestep = parse_integer(trim(line_), reader_, "the timestep");
      } else if (name == "TIME") {
        next_line("the time");
        frame.info["time_ps"] = parse_double(trim(line_), reader_, "the time");
      } else if (name == "UNITS") {
        next_line("the units");
        frame.info["units"] = trim(line_);
      } else if (starts_with(name, "NUMBER OF ATOMS")) {
        next_line("the number of atoms");
        natoms = parse_integer(trim(line_), reader_, "the number of atoms");
        reader_.check_row_count(natoms, "atoms");
      } else if (starts_with(name, "BOX BOUNDS")) {
        auto tok = split_whitespace(std::string_view(name).substr(10));
        std::size_t flag_start = 0;
        if (tok.size() >= 3 && tok[0] == "xy" && tok[1] == "xz" && tok[2] == "yz") {
          box.triclinic = true;
          flag_start = 3;
        } else if (tok.size() >= 2 && tok[0] == "abc" && tok[1] == "origin") {
          general = true;
          flag_start = 2;
        }
        if (tok.size() == flag_start + 3)
          for (int k = 0; k < 3; ++k) periodic[k] = !tok[flag_start + k].empty() && tok[flag_start + k][0] == 'p';
        else if (tok.size() != flag_start)
          reader_.fail("cannot read the box description '" + name + "'");
        double bounds[3][4] = {};
        const int per_line = general ? 4 : (box.triclinic ? 3 : 2);
        for (int k = 0; k < 3; ++k) {
          next_line("three lines of box bounds");
          auto v = split_whitespace(line_);
          if (static_cast<int>(v.size()) != per_line)
            reader_.fail(fmt::format("a box bounds line needs {} numbers, found {}", per_line, v.size()));
          for (int j = 0; j < per_line; ++j) bounds[k][j] = parse_double(v[j], reader_, "a box bound");
        }
        if (general) {
          for (int k = 0; k < 3; ++k) {
            general_lattice.row(k) = Vec3(bounds[k][0], bounds[k][1], bounds[k][2]).transpose();
            general_origin[k] = bounds[k][3];
          }
        } else {
          // Dumps store the bounding box of a tilted cell (LAMMPS Howto triclinic):
          // xlo_bound = xlo + min(0, xy, xz, xy+xz), xhi_bound = xhi + max(0, xy, xz, xy+xz),
          // ylo_bound = ylo + min(0, yz), yhi_bound = yhi + max(0, yz).
          if (box.triclinic) {
            box.xy = bounds[0][2];
            box.xz = bounds[1][2];
            box.yz = bounds[2][2];
          }
          box.xlo = bounds[0][0] - std::min({0.0, box.xy, box.xz, box.xy + box.xz});
          box.xhi = bounds[0][1] - std::max({0.0, box.xy, box.xz, box.xy + box.xz});
          box.ylo = bounds[1][0] - std::min(0.0, box.yz);
          box.yhi = bounds[1][1] - std::max(0.0, box.yz);
          box.zlo = bounds[2][0];
          box.zhi = bounds[2][1];
          if (box.xhi <= box.xlo || box.yhi <= box.ylo || box.zhi <= box.zlo)
            reader_.fail("the box has zero or negative size");
        }
        have_box = true;
      } else if (starts_with(name, "ATOMS")) {
        for (auto t : split_whitespace(std::string_view(name).substr(5))) column_names.emplace_back(t);
        if (column_names.empty()) reader_.fail("'ITEM: ATOMS' names no columns");
        break;
      } else {
        reader_.fail("unknown dump item '" + name + "'");
      }
      next_line("'ITEM: ATOMS'");
    }
    if (natoms < 0) reader_.fail("the frame has no 'ITEM: NUMBER OF ATOMS'");
    if (!have_box) reader_.fail("the frame has no 'ITEM: BOX BOUNDS'");
    if (general) {
      try {
        frame.cell = at_reader_line(reader_, [&] { return Cell(general_lattice, general_origin, periodic); });
      } catch (const InputError& e) {
        reader_.fail(e.problem());
      }
    } else {
      const Cell c = at_reader_line(reader_, [&] { return Cell::from_lammps(box); });
      frame.cell = Cell(c.matrix(), c.origin(), periodic);
    }
    const long header_line = reader_.line_number();
    const std::vector<Column> columns = classify(column_names);
    read_atoms(frame, columns, static_cast<std::size_t>(natoms), frame_line, header_line);
    ++frames_read_;
    return true;
  }

 private:
  std::vector<Column> classify(const std::vector<std::string>& names) {
    std::vector<Column> columns(names.size());
    // Coordinates: the first complete family among x, xu, xs, xsu gives positions; the others
    // are kept as properties.
    const char* families[4][3] = {{"x", "y", "z"}, {"xu", "yu", "zu"}, {"xs", "ys", "zs"}, {"xsu", "ysu", "zsu"}};
    auto find = [&](const std::string& n) -> int {
      for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == n) return static_cast<int>(i);
      return -1;
    };
    for (std::size_t i = 0; i < names.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (names[i] == names[j]) reader_.fail("the ATOMS header names column '" + names[i] + "' twice");
    int family = -1;
    for (int f = 0; f < 4 && family < 0; ++f)
      if (find(families[f][0]) >= 0 && find(families[f][1]) >= 0 && find(families[f][2]) >= 0) family = f;
    if (family < 0)
      reader_.fail("the ATOMS header has no complete set of coordinates (x y z, xu yu zu, xs ys zs or xsu ysu zsu)");
    coordinate_family_ = family;
    for (int k = 0; k < 3; ++k) columns[find(families[family][k])] = {Role::Coordinate, k, family, ""};
    auto vector_role = [&](const char* a, const char* b, const char* c, Role role) {
      const int i = find(a), j = find(b), k = find(c);
      if (i >= 0 && j >= 0 && k >= 0) {
        columns[i] = {role, 0, 0, ""};
        columns[j] = {role, 1, 0, ""};
        columns[k] = {role, 2, 0, ""};
        return true;
      }
      return false;
    };
    has_images_ = vector_role("ix", "iy", "iz", Role::Image);
    has_velocities_ = vector_role("vx", "vy", "vz", Role::Velocity);
    has_forces_ = vector_role("fx", "fy", "fz", Role::Force);
    has_ids_ = has_types_ = has_elements_ = has_charges_ = false;
    property_columns_.clear();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (columns[i].role != Role::Ignored) continue;
      const std::string& n = names[i];
      if (n == "id") {
        columns[i].role = Role::Id;
        has_ids_ = true;
      } else if (n == "type") {
        columns[i].role = Role::Type;
        has_types_ = true;
      } else if (n == "element") {
        columns[i].role = Role::Element;
        has_elements_ = true;
      } else if (n == "q") {
        columns[i].role = Role::Charge;
        has_charges_ = true;
      } else {
        auto [base, index] = split_indexed_name(n);
        columns[i].role = Role::Property;
        columns[i].property = base;
        columns[i].axis = property_columns_[base]++;
      }
    }
    if (!has_elements_ && !has_types_)
      reader_.fail("the dump has neither a type nor an element column, so elements are unknown");
    if (!has_elements_ && type_elements_.empty())
      reader_.fail(
          "the dump has no element column and dumps carry no masses, so the elements of the atom types "
          "are unknown; give them with --types (e.g. --types Fe,Na,O,P)");
    return columns;
  }

  void read_atoms(System& frame, const std::vector<Column>& columns, std::size_t natoms, long frame_line,
                  long header_line) {
    std::vector<long long> ids(natoms);
    std::vector<int> types(has_types_ ? natoms : 0);
    std::vector<int> atomic_numbers(has_elements_ ? natoms : 0);
    std::vector<Vec3> coordinates(natoms, Vec3::Zero());
    frame.images.assign(has_images_ ? natoms : 0, Image{0, 0, 0});
    frame.velocities.assign(has_velocities_ ? natoms : 0, Vec3::Zero());
    frame.charges.assign(has_charges_ ? natoms : 0, 0.0);
    std::vector<double> forces(has_forces_ ? 3 * natoms : 0);
    for (const auto& [name, count] : property_columns_) {
      PerAtomProperty p;
      p.columns = count;
      frame.properties[name] = p;
    }
    // Property of every Property column, looked up once per frame (map nodes do not move).
    std::vector<PerAtomProperty*> property_of(columns.size(), nullptr);
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (columns[c].role == Role::Property) property_of[c] = &frame.properties[columns[c].property];
    std::vector<std::string_view> tok;
    for (std::size_t a = 0; a < natoms; ++a) {
      if (!reader_.next(line_))
        reader_.fail(fmt::format("the frame that starts at line {} ends after {} of its {} atoms (truncated file?)",
                                 frame_line, a, natoms));
      tok = split_whitespace(line_);
      if (tok.size() != columns.size()) {
        if (!tok.empty() && tok[0] == "ITEM:")
          reader_.fail(
              fmt::format("the frame that starts at line {} has only {} of its {} atoms", frame_line, a, natoms));
        reader_.fail(fmt::format("an atom row has {} columns but the ATOMS header (line {}) names {}", tok.size(),
                                 header_line, columns.size()));
      }
      ids[a] = static_cast<long long>(a) + 1;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        const Column& col = columns[c];
        switch (col.role) {
          case Role::Id:
            ids[a] = parse_integer(tok[c], reader_, "the atom id");
            break;
          case Role::Type: {
            const long long t = parse_integer(tok[c], reader_, "the atom type");
            if (t < 1 || t > 1000000) reader_.fail("atom type " + std::to_string(t) + " is not a positive type number");
            if (!type_elements_.empty() && !has_elements_ && t > static_cast<long long>(type_elements_.size()))
              reader_.fail(fmt::format("atom type {} but --types names only {} elements", t, type_elements_.size()));
            types[a] = static_cast<int>(t);
            break;
          }
          case Role::Element:
            atomic_numbers[a] = element_from_symbol(tok[c], reader_);
            break;
          case Role::Coordinate:
            coordinates[a][col.axis] = parse_double(tok[c], reader_, "a coordinate");
            break;
          case Role::Image:
            frame.images[a][col.axis] = static_cast<int>(parse_integer(tok[c], reader_, "an image flag"));
            break;
          case Role::Velocity:
            frame.velocities[a][col.axis] = parse_double(tok[c], reader_, "a velocity");
            break;
          case Role::Force:
            forces[3 * a + col.axis] = parse_double(tok[c], reader_, "a force");
            break;
          case Role::Charge:
            frame.charges[a] = parse_double(tok[c], reader_, "the charge");
            break;
          case Role::Property: {
            PerAtomProperty& p = *property_of[c];
            if (a == 0 && col.axis == 0) {
              double v;
              p.kind = try_parse_double(tok[c], v) ? 'R' : 'S';
              if (p.kind == 'R')
                p.values.resize(natoms * p.columns);
              else
                p.strings.resize(natoms * p.columns);
            }
            const std::size_t at = a * p.columns + col.axis;
            if (p.kind == 'R')
              p.values[at] = parse_double(tok[c], reader_, col.property.c_str());
            else
              p.strings[at] = std::string(tok[c]);
            break;
          }
          case Role::Ignored:
            break;
        }
      }
    }
    // Positions from the chosen coordinate family.
    frame.positions.resize(natoms);
    for (std::size_t a = 0; a < natoms; ++a)
      frame.positions[a] = coordinate_family_ >= 2 ? frame.cell.to_cartesian(coordinates[a]) : coordinates[a];
    if (has_forces_) {
      PerAtomProperty p;
      p.columns = 3;
      p.values = std::move(forces);
      frame.properties["forces"] = std::move(p);
    }
    // Elements and types.
    if (has_elements_ && has_types_) {
      // A frame may hold 0 atoms.
      const int max_type = types.empty() ? 0 : *std::max_element(types.begin(), types.end());
      frame.atom_types.assign(static_cast<std::size_t>(std::max(max_type, 0)), AtomType{});
      for (std::size_t a = 0; a < natoms; ++a) {
        AtomType& at = frame.atom_types[types[a] - 1];
        if (at.atomic_number == 0) {
          at.atomic_number = atomic_numbers[a];
          at.mass_amu = elements::by_number(at.atomic_number).mass_amu;
          at.label = elements::by_number(at.atomic_number).symbol;
        } else if (at.atomic_number != atomic_numbers[a]) {
          throw InputError(
              reader_.path(), frame_line,
              fmt::format("atom type {} is {} for one atom and {} for another", types[a],
                          elements::by_number(at.atomic_number).symbol, elements::by_number(atomic_numbers[a]).symbol));
        }
      }
      for (auto& at : frame.atom_types)
        if (at.atomic_number == 0) at = AtomType{1, 1.0, "unused"};  // a type number no atom uses
      frame.types = std::move(types);
    } else if (has_elements_) {
      assign_types_by_element(frame, atomic_numbers);
    } else {
      for (int z : type_elements_) {
        const Element& e = elements::by_number(z);
        frame.atom_types.push_back(AtomType{z, e.mass_amu, e.symbol});
      }
      frame.types = std::move(types);
    }
    frame.ids = std::move(ids);
    sort_by_id(frame);
    frame.validate(reader_.path() + ":" + std::to_string(frame_line));
  }

  // LAMMPS writes dump rows in processor order; sorting by id makes frames align.
  static void sort_by_id(System& s) {
    const std::size_t n = s.size();
    if (std::is_sorted(s.ids.begin(), s.ids.end())) return;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s.ids[a] < s.ids[b]; });
    auto permute = [&](auto& v, std::size_t width) {
      if (v.empty()) return;
      auto copy = v;
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < width; ++k) v[i * width + k] = copy[order[i] * width + k];
    };
    permute(s.ids, 1);
    permute(s.types, 1);
    permute(s.positions, 1);
    permute(s.velocities, 1);
    permute(s.images, 1);
    permute(s.charges, 1);
    for (auto& [name, p] : s.properties) {
      permute(p.values, static_cast<std::size_t>(p.columns));
      permute(p.strings, static_cast<std::size_t>(p.columns));
    }
  }

  ReadOptions options_;
  std::vector<int> type_elements_;
  int coordinate_family_ = 0;
  bool has_ids_ = false, has_types_ = false, has_elements_ = false, has_charges_ = false;
  bool has_images_ = false, has_velocities_ = false, has_forces_ = false;
  std::map<std::string, int> property_columns_;
};

class LammpsDumpWriter : public TextTrajectoryWriter {
 public:
  LammpsDumpWriter(const std::string& path, const WriteOptions&) : TextTrajectoryWriter(path) {}
  void write(const System& frame) override {
    text_.clear();
    if (frame.cell.is_lammps_form())
      format_lammps_dump_frame(text_, frame, frames_);
    else
      format_lammps_dump_frame(text_, rotated_to_lammps_form(frame, file_.path()), frames_);
    file_.stream() << text_;
    ++frames_;
  }

 private:
  std::string text_;
};

}  // namespace

std::unique_ptr<TrajectoryReader> open_lammps_dump(const std::string& path, const ReadOptions& options) {
  return std::make_unique<LammpsDumpReader>(path, options);
}

std::unique_ptr<TrajectoryWriter> create_lammps_dump_writer(const std::string& path, const WriteOptions& options) {
  return std::make_unique<LammpsDumpWriter>(path, options);
}

void format_lammps_dump_frame(std::string& text, const System& s, long long frame_index) {
  const LammpsBox box = s.cell.to_lammps();
  fmt::memory_buffer out;
  auto real = [&](double v) {
    out.push_back(' ');
    append_real(out, v);
  };
  append_format(out, "ITEM: TIMESTEP\n{}\nITEM: NUMBER OF ATOMS\n{}\n", s.timestep >= 0 ? s.timestep : frame_index,
                s.size());
  std::string flags;
  for (int k = 0; k < 3; ++k) flags += s.cell.periodic()[k] ? " pp" : " ff";
  if (box.triclinic) {
    const double xlo = box.xlo + std::min({0.0, box.xy, box.xz, box.xy + box.xz});
    const double xhi = box.xhi + std::max({0.0, box.xy, box.xz, box.xy + box.xz});
    const double ylo = box.ylo + std::min(0.0, box.yz);
    const double yhi = box.yhi + std::max(0.0, box.yz);
    append_format(out, "ITEM: BOX BOUNDS xy xz yz{}\n{} {} {}\n{} {} {}\n{} {} {}\n", flags, xlo, xhi, box.xy, ylo, yhi,
                  box.xz, box.zlo, box.zhi, box.yz);
  } else {
    append_format(out, "ITEM: BOX BOUNDS{}\n{} {}\n{} {}\n{} {}\n", flags, box.xlo, box.xhi, box.ylo, box.yhi, box.zlo,
                  box.zhi);
  }
  const PerAtomProperty* forces = nullptr;
  if (auto it = s.properties.find("forces");
      it != s.properties.end() && it->second.kind == 'R' && it->second.columns == 3)
    forces = &it->second;
  std::vector<std::pair<std::string, const PerAtomProperty*>> extra;
  for (const auto& [name, p] : s.properties) {
    if (&p == forces || p.kind == 'S') continue;  // strings may hold spaces; dumps cannot quote them
    extra.emplace_back(name, &p);
  }
  append_format(out, "ITEM: ATOMS id type element x y z");
  if (s.has_images()) append_format(out, " ix iy iz");
  if (s.has_velocities()) append_format(out, " vx vy vz");
  if (forces) append_format(out, " fx fy fz");
  if (s.has_charges()) append_format(out, " q");
  for (const auto& [name, p] : extra) {
    if (p->columns == 1)
      append_format(out, " {}", name);
    else
      for (int k = 1; k <= p->columns; ++k) append_format(out, " {}[{}]", name, k);
  }
  out.push_back('\n');
  for (std::size_t i = 0; i < s.size(); ++i) {
    append_format(out, "{} {} {}", s.ids[i], s.types[i], s.symbol(i));
    for (int k = 0; k < 3; ++k) real(s.positions[i][k]);
    if (s.has_images()) append_format(out, " {} {} {}", s.images[i][0], s.images[i][1], s.images[i][2]);
    if (s.has_velocities())
      for (int k = 0; k < 3; ++k) real(s.velocities[i][k]);
    if (forces)
      for (int k = 0; k < 3; ++k) real(forces->values[3 * i + k]);
    if (s.has_charges()) real(s.charges[i]);
    for (const auto& [name, p] : extra)
      for (int k = 0; k < p->columns; ++k) real(p->values[i * p->columns + k]);
    out.push_back('\n');
  }
  text.append(out.data(), out.size());
}

}  // namespace ionglass
