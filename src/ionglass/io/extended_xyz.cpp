#include "ionglass/io/extended_xyz.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/element_types.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/io/number_format.hpp"
#include "ionglass/io/text_trajectory.hpp"

namespace ionglass {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

enum class Quoting { None, Quotes, Braces };

struct KeyValue {
  std::string key;
  std::string value;
  Quoting quoting = Quoting::None;
  bool has_value = false;
};

// Splits the comment line into key=value pairs; values may be "quoted" (with \" escapes),
// {braced} or [bracketed].
std::vector<KeyValue> parse_comment_line(const std::string& line, const LineReader& reader) {
  std::vector<KeyValue> out;
  std::size_t i = 0;
  const std::size_t n = line.size();
  auto read_quoted = [&](std::string& into, bool is_key) {
    const std::size_t open = i;
    ++i;  // opening quote
    while (i < n && line[i] != '"') {
      if (line[i] == '\\' && i + 1 < n) ++i;
      into.push_back(line[i++]);
    }
    if (i >= n) reader.fail(fmt::format("unterminated quote (opened at column {}) in the comment line", open + 1));
    ++i;  // closing quote
    // A quote that closes inside other text (Lattice="1 0 0 ... Properties="species...) means an
    // earlier quote was never closed: refuse rather than pair the quotes up wrongly.
    if (i < n && !is_space(line[i]) && !(is_key && line[i] == '='))
      reader.fail(
          fmt::format("unclosed quote in the comment line: the quote opened at column {} closes at column {} "
                      "inside other text",
                      open + 1, i));
  };
  while (true) {
    while (i < n && is_space(line[i])) ++i;
    if (i >= n) break;
    KeyValue kv;
    if (line[i] == '"')
      read_quoted(kv.key, true);
    else
      while (i < n && !is_space(line[i]) && line[i] != '=') kv.key.push_back(line[i++]);
    if (kv.key.find('"') != std::string::npos)
      reader.fail("unclosed quote in the comment line: the key '" + kv.key + "' contains a lone quote");
    std::size_t j = i;
    while (j < n && is_space(line[j])) ++j;
    if (j < n && line[j] == '=') {
      i = j + 1;
      while (i < n && is_space(line[i])) ++i;
      kv.has_value = true;
      if (i < n && line[i] == '"') {
        kv.quoting = Quoting::Quotes;
        read_quoted(kv.value, false);
      } else if (i < n && (line[i] == '{' || line[i] == '[')) {
        kv.quoting = Quoting::Braces;
        // Nested brackets ([[1,0,0],[0,1,0],...]) are flattened.
        int depth = 0;
        while (i < n) {
          const char c = line[i++];
          if (c == '{' || c == '[')
            ++depth;
          else if (c == '}' || c == ']') {
            if (--depth == 0) break;
          } else {
            kv.value.push_back(c == ',' ? ' ' : c);
          }
          if (depth > 0 && (c == '[' || c == ']' || c == '{' || c == '}')) kv.value.push_back(' ');
        }
        if (depth != 0) reader.fail("unbalanced brackets in the value of '" + kv.key + "'");
      } else {
        while (i < n && !is_space(line[i])) kv.value.push_back(line[i++]);
        if (kv.value.find('"') != std::string::npos)
          reader.fail("unclosed quote in the comment line: the value of '" + kv.key + "' contains a lone quote");
      }
    }
    if (kv.key.empty()) reader.fail("a key=value pair in the comment line has no key");
    out.push_back(std::move(kv));
  }
  return out;
}

bool parse_bool(std::string_view t, bool& value) {
  if (t == "T" || t == "True" || t == "true" || t == "TRUE") {
    value = true;
    return true;
  }
  if (t == "F" || t == "False" || t == "false" || t == "FALSE") {
    value = false;
    return true;
  }
  return false;
}

bool parse_numbers(const std::string& text, std::vector<double>& values) {
  values.clear();
  for (auto t : split_whitespace(text)) {
    double v;
    if (!try_parse_double(t, v)) return false;
    values.push_back(v);
  }
  return true;
}

InfoValue info_value(const KeyValue& kv) {
  if (!kv.has_value) return true;  // a bare key is a flag
  std::vector<double> numbers;
  if (kv.quoting == Quoting::Braces) {
    if (parse_numbers(kv.value, numbers)) return numbers;
    return kv.value;
  }
  if (kv.quoting == Quoting::Quotes) {
    if (split_whitespace(kv.value).size() >= 2 && parse_numbers(kv.value, numbers)) return numbers;
    return kv.value;
  }
  long long i;
  if (try_parse_integer(kv.value, i)) return i;
  double d;
  if (try_parse_double(kv.value, d)) return d;
  bool b;
  if (parse_bool(kv.value, b)) return b;
  return kv.value;
}

struct PropertySpec {
  std::string name;
  char kind = 'R';
  int columns = 1;
  int first = 0;  // first token of the atom line
};

class ExtendedXyzReader : public TextTrajectoryReader {
 public:
  ExtendedXyzReader(const std::string& path, const ReadOptions&) : TextTrajectoryReader(path) {}

  bool next(System& frame) override {
    if (!next_nonblank_line("empty file")) return false;
    const long frame_line = reader_.line_number();
    auto first = split_whitespace(line_);
    long long natoms;
    if (first.size() != 1 || !try_parse_integer(first[0], natoms))
      reader_.fail("expected the number of atoms of a frame, found '" + line_.substr(0, 60) + "'");
    // An atom row is at least "X 0 0 0" and a newline.
    reader_.check_row_count(natoms, "atoms", 8);
    if (!reader_.next(line_))
      reader_.fail(fmt::format("the frame that starts at line {} has no comment line", frame_line));
    frame = System();
    const auto pairs = parse_comment_line(line_, reader_);
    std::vector<PropertySpec> specs{{"species", 'S', 1, 0}, {"pos", 'R', 3, 1}};
    bool have_lattice = false, have_pbc = false;
    Mat3 lattice = Mat3::Zero();
    Vec3 origin = Vec3::Zero();
    std::array<bool, 3> periodic{true, true, true};
    for (const auto& kv : pairs) {
      const std::string key = lower(kv.key);
      if (key == "lattice") {
        std::vector<double> v;
        if (!parse_numbers(kv.value, v) || v.size() != 9) reader_.fail("Lattice needs 9 numbers");
        for (int r = 0; r < 3; ++r)
          for (int c = 0; c < 3; ++c) lattice(r, c) = v[3 * r + c];
        have_lattice = true;
      } else if (key == "properties") {
        specs = parse_properties(kv.value);
      } else if (key == "pbc") {
        auto t = split_whitespace(kv.value);
        bool b;
        if (t.size() == 1 && parse_bool(t[0], b))
          periodic = {b, b, b};
        else if (t.size() == 3) {
          for (int k = 0; k < 3; ++k)
            if (!parse_bool(t[k], periodic[k])) reader_.fail("pbc needs T or F, found '" + std::string(t[k]) + "'");
        } else {
          reader_.fail("pbc needs three values such as \"T T T\"");
        }
        have_pbc = true;
      } else if (key == "origin") {
        std::vector<double> v;
        if (!parse_numbers(kv.value, v) || v.size() != 3) reader_.fail("Origin needs 3 numbers");
        origin = Vec3(v[0], v[1], v[2]);
      } else if (key == "timestep") {
        long long t;
        if (!try_parse_integer(kv.value, t)) reader_.fail("timestep must be an integer");
        frame.timestep = t;
      } else {
        frame.info[kv.key] = info_value(kv);
      }
    }
    if (have_lattice) {
      try {
        frame.cell = at_reader_line(reader_, [&] { return Cell(lattice, origin, periodic); });
      } catch (const InputError& e) {
        reader_.fail(e.problem());
      }
    } else if (have_pbc && (periodic[0] || periodic[1] || periodic[2])) {
      reader_.fail("pbc says the structure is periodic, but there is no Lattice");
    }
    read_atoms(frame, specs, static_cast<std::size_t>(natoms), frame_line);
    ++frames_read_;
    return true;
  }

 private:
  std::vector<PropertySpec> parse_properties(const std::string& text) {
    const std::vector<std::string> parts = split_on(text, ':');
    if (parts.size() % 3 != 0) reader_.fail("Properties must be name:kind:columns triples, found '" + text + "'");
    std::vector<PropertySpec> specs;
    int first = 0;
    for (std::size_t i = 0; i < parts.size(); i += 3) {
      PropertySpec s;
      s.name = parts[i];
      if (parts[i + 1].size() != 1 || std::strchr("RISL", parts[i + 1][0]) == nullptr)
        reader_.fail("property '" + s.name + "' has kind '" + parts[i + 1] + "' (expected R, I, S or L)");
      s.kind = parts[i + 1][0];
      long long columns;
      if (!try_parse_integer(parts[i + 2], columns) || columns < 1)
        reader_.fail("property '" + s.name + "' needs a positive column count");
      s.columns = static_cast<int>(columns);
      s.first = first;
      first += s.columns;
      for (const auto& other : specs)
        if (other.name == s.name) reader_.fail("property '" + s.name + "' appears twice in Properties");
      specs.push_back(s);
    }
    return specs;
  }

  void read_atoms(System& frame, const std::vector<PropertySpec>& specs, std::size_t natoms, long frame_line) {
    std::size_t width = 0;
    for (const auto& s : specs) width += static_cast<std::size_t>(s.columns);
    const PropertySpec *species = nullptr, *numbers = nullptr, *pos = nullptr, *vel = nullptr, *charges = nullptr,
                       *ids = nullptr, *types = nullptr, *masses = nullptr, *images = nullptr;
    std::vector<const PropertySpec*> others;
    for (const auto& s : specs) {
      const std::string n = lower(s.name);
      auto is = [&](const char* name, char kind, int columns) {
        return n == name && (s.kind == kind || (kind == 'R' && s.kind == 'I')) && s.columns == columns;
      };
      if (is("species", 'S', 1))
        species = &s;
      else if (is("z", 'I', 1))
        numbers = &s;
      else if (is("pos", 'R', 3) || is("positions", 'R', 3))
        pos = &s;
      else if (is("velocities", 'R', 3) || is("vel", 'R', 3) || is("velo", 'R', 3))
        vel = &s;
      else if (is("charges", 'R', 1) || is("initial_charges", 'R', 1) || is("charge", 'R', 1))
        charges = &s;
      else if (n == "id" && s.kind == 'I' && s.columns == 1)
        ids = &s;
      else if (n == "type" && s.kind == 'I' && s.columns == 1)
        types = &s;
      else if (is("masses", 'R', 1) || is("mass", 'R', 1))
        masses = &s;
      else if (n == "image_flags" && s.kind == 'I' && s.columns == 3)
        images = &s;
      else
        others.push_back(&s);
    }
    if (!pos) reader_.fail("Properties has no pos:R:3 column");
    if (!species && !numbers) reader_.fail("Properties has no species:S:1 (or Z:I:1) column, so elements are unknown");
    std::vector<int> atomic_numbers(natoms);
    std::vector<int> type_of(types ? natoms : 0);
    std::vector<double> mass_of(masses ? natoms : 0);
    frame.positions.resize(natoms);
    frame.ids.resize(natoms);
    if (vel) frame.velocities.resize(natoms);
    if (charges) frame.charges.resize(natoms);
    if (images) frame.images.resize(natoms);
    for (const PropertySpec* s : others) {
      PerAtomProperty& p = frame.properties[s->name];
      p.kind = s->kind;
      p.columns = s->columns;
      if (s->kind == 'S')
        p.strings.resize(natoms * s->columns);
      else
        p.values.resize(natoms * s->columns);
    }
    std::vector<std::string_view> tok;
    for (std::size_t a = 0; a < natoms; ++a) {
      if (!reader_.next(line_))
        reader_.fail(fmt::format("the frame that starts at line {} ends after {} of its {} atoms (truncated file?)",
                                 frame_line, a, natoms));
      tok = split_whitespace(line_);
      if (tok.size() != width)
        reader_.fail(fmt::format("an atom line has {} columns but Properties of the frame at line {} declares {}",
                                 tok.size(), frame_line, width));
      auto real = [&](const PropertySpec* s, int k, const char* what) {
        return parse_double(tok[s->first + k], reader_, what);
      };
      auto integer = [&](const PropertySpec* s, int k, const char* what) {
        return parse_integer(tok[s->first + k], reader_, what);
      };
      if (species)
        atomic_numbers[a] = element_from_symbol(tok[species->first], reader_);
      else {
        const long long z = integer(numbers, 0, "the atomic number");
        if (z < 1 || z > elements::max_atomic_number) reader_.fail("unknown atomic number " + std::to_string(z));
        atomic_numbers[a] = static_cast<int>(z);
      }
      frame.positions[a] = Vec3(real(pos, 0, "x"), real(pos, 1, "y"), real(pos, 2, "z"));
      frame.ids[a] = ids ? integer(ids, 0, "the atom id") : static_cast<long long>(a) + 1;
      if (vel) frame.velocities[a] = Vec3(real(vel, 0, "vx"), real(vel, 1, "vy"), real(vel, 2, "vz"));
      if (charges) frame.charges[a] = real(charges, 0, "the charge");
      if (images)
        for (int k = 0; k < 3; ++k) frame.images[a][k] = static_cast<int>(integer(images, k, "an image flag"));
      if (types) {
        const long long t = integer(types, 0, "the atom type");
        if (t < 1 || t > 1000000) reader_.fail("atom type " + std::to_string(t) + " is not a positive type number");
        type_of[a] = static_cast<int>(t);
      }
      if (masses) {
        mass_of[a] = real(masses, 0, "the mass");
        if (!(mass_of[a] > 0)) reader_.fail("masses must be positive");
      }
      for (const PropertySpec* s : others) {
        PerAtomProperty& p = frame.properties[s->name];
        for (int k = 0; k < s->columns; ++k) {
          const std::size_t at = a * s->columns + k;
          const std::string_view t = tok[s->first + k];
          switch (s->kind) {
            case 'R':
              p.values[at] = parse_double(t, reader_, s->name.c_str());
              break;
            case 'I':
              p.values[at] = static_cast<double>(parse_integer(t, reader_, s->name.c_str()));
              break;
            case 'L': {
              bool b = false;
              if (t == "1")
                b = true;
              else if (t != "0" && !parse_bool(t, b))
                reader_.fail("property '" + s->name + "' needs T or F, found '" + std::string(t) + "'");
              p.values[at] = b ? 1.0 : 0.0;
              break;
            }
            default:
              p.strings[at] = std::string(t);
          }
        }
      }
    }
    const std::string where = reader_.path() + ":" + std::to_string(frame_line);
    if (types) {
      int max_type = 0;
      for (int t : type_of) max_type = std::max(max_type, t);
      frame.atom_types.assign(static_cast<std::size_t>(max_type), AtomType{});
      for (std::size_t a = 0; a < natoms; ++a) {
        AtomType& at = frame.atom_types[type_of[a] - 1];
        if (at.atomic_number == 0) {
          at.atomic_number = atomic_numbers[a];
          at.label = elements::by_number(atomic_numbers[a]).symbol;
        } else if (at.atomic_number != atomic_numbers[a]) {
          throw InputError(
              reader_.path(), frame_line,
              fmt::format("atom type {} is {} for one atom and {} for another", type_of[a],
                          elements::by_number(at.atomic_number).symbol, elements::by_number(atomic_numbers[a]).symbol));
        }
      }
      for (auto& at : frame.atom_types)
        if (at.atomic_number == 0) at = AtomType{1, 1.0, "unused"};  // a type number no atom uses
      frame.types = std::move(type_of);
    } else {
      assign_types_by_element(frame, atomic_numbers);
    }
    for (auto& at : frame.atom_types)
      if (at.label != "unused") at.mass_amu = elements::by_number(at.atomic_number).mass_amu;
    if (masses) {
      std::vector<double> type_mass(frame.atom_types.size(), 0.0);
      for (std::size_t a = 0; a < natoms; ++a) {
        double& m = type_mass[frame.types[a] - 1];
        if (m == 0)
          m = mass_of[a];
        else if (m != mass_of[a])
          throw InputError(reader_.path(), frame_line,
                           fmt::format("atoms of type {} have different masses ({} and {}); give them different "
                                       "types with a type:I:1 column",
                                       frame.types[a], m, mass_of[a]));
      }
      for (std::size_t t = 0; t < type_mass.size(); ++t)
        if (type_mass[t] > 0) frame.atom_types[t].mass_amu = type_mass[t];
    }
    frame.validate(where);
  }
};

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// A real that reads back as a real (1.0 rather than 1).
void append_info_real(fmt::memory_buffer& out, double v) {
  const std::size_t start = out.size();
  append_real(out, v);
  const std::string_view text(out.data() + start, out.size() - start);
  if (text.find_first_of(".eEni") == std::string_view::npos) append_format(out, ".0");
}

bool valid_key(const std::string& key) {
  if (key.empty()) return false;
  for (char c : key)
    if (is_space(c) || c == '=' || c == '"') return false;
  return true;
}

class ExtendedXyzWriter : public TextTrajectoryWriter {
 public:
  ExtendedXyzWriter(const std::string& path, const WriteOptions&) : TextTrajectoryWriter(path) {}
  void write(const System& frame) override {
    text_.clear();
    format_extended_xyz_frame(text_, frame);
    file_.stream() << text_;
    ++frames_;
  }

 private:
  std::string text_;
};

}  // namespace

std::unique_ptr<TrajectoryReader> open_extended_xyz(const std::string& path, const ReadOptions& options) {
  return std::make_unique<ExtendedXyzReader>(path, options);
}

std::unique_ptr<TrajectoryWriter> create_extended_xyz_writer(const std::string& path, const WriteOptions& options) {
  return std::make_unique<ExtendedXyzWriter>(path, options);
}

void format_extended_xyz_frame(std::string& text, const System& s) {
  const std::size_t n = s.size();
  fmt::memory_buffer out;
  append_format(out, "{}\n", n);
  if (s.cell.has_volume()) {
    append_format(out, "Lattice=\"");
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) {
        if (r || c) out.push_back(' ');
        append_real(out, s.cell.matrix()(r, c));
      }
    append_format(out, "\" ");
    if (s.cell.origin() != Vec3::Zero()) {
      append_format(out, "Origin=\"");
      for (int k = 0; k < 3; ++k) {
        if (k) out.push_back(' ');
        append_real(out, s.cell.origin()[k]);
      }
      append_format(out, "\" ");
    }
  }
  // Which optional columns carry information.
  bool write_ids = false;
  for (std::size_t i = 0; i < n && !write_ids; ++i) write_ids = s.ids[i] != static_cast<long long>(i) + 1;
  System canonical;
  {
    std::vector<int> z(n);
    for (std::size_t i = 0; i < n; ++i) z[i] = s.atomic_number(i);
    assign_types_by_element(canonical, z);
  }
  bool write_types = canonical.types != s.types;
  bool write_masses = false;
  for (std::size_t i = 0; i < n && !write_masses; ++i)
    write_masses = s.mass(i) != elements::by_number(s.atomic_number(i)).mass_amu;
  static const char* reserved[] = {"species",    "pos",     "id",          "type", "masses",
                                   "velocities", "charges", "image_flags", "Z"};
  for (const auto& [name, p] : s.properties) {
    for (const char* r : reserved)
      if (name == r) throw InputError("per-atom property '" + name + "' clashes with a column extended XYZ reserves");
    if (!valid_key(name) || name.find(':') != std::string::npos)
      throw InputError("per-atom property '" + name + "' cannot be written as an extended XYZ column name");
  }
  append_format(out, "Properties=species:S:1:pos:R:3");
  if (write_ids) append_format(out, ":id:I:1");
  if (write_types) append_format(out, ":type:I:1");
  if (write_masses) append_format(out, ":masses:R:1");
  if (s.has_velocities()) append_format(out, ":velocities:R:3");
  if (s.has_charges()) append_format(out, ":charges:R:1");
  if (s.has_images()) append_format(out, ":image_flags:I:3");
  for (const auto& [name, p] : s.properties) append_format(out, ":{}:{}:{}", name, p.kind, p.columns);
  for (const auto& [key, value] : s.info) {
    if (key.empty()) throw InputError("an empty info key cannot be written in extended XYZ");
    const std::string l = lower(key);
    if (l == "lattice" || l == "properties" || l == "pbc" || l == "origin" || l == "timestep") continue;
    append_format(out, " {}=", valid_key(key) ? key : quoted(key));
    if (const bool* b = std::get_if<bool>(&value))
      append_format(out, "{}", *b ? "T" : "F");
    else if (const long long* i = std::get_if<long long>(&value))
      append_format(out, "{}", *i);
    else if (const double* d = std::get_if<double>(&value))
      append_info_real(out, *d);
    else if (const std::string* str = std::get_if<std::string>(&value))
      append_format(out, "{}", quoted(*str));
    else {
      const auto& v = std::get<std::vector<double>>(value);
      out.push_back(v.size() >= 2 ? '"' : '{');
      for (std::size_t k = 0; k < v.size(); ++k) {
        if (k) out.push_back(' ');
        append_real(out, v[k]);
      }
      out.push_back(v.size() >= 2 ? '"' : '}');
    }
  }
  if (s.timestep >= 0) append_format(out, " timestep={}", s.timestep);
  if (s.cell.has_volume())
    append_format(out, " pbc=\"{} {} {}\"", s.cell.periodic()[0] ? "T" : "F", s.cell.periodic()[1] ? "T" : "F",
                  s.cell.periodic()[2] ? "T" : "F");
  else
    append_format(out, " pbc=\"F F F\"");
  out.push_back('\n');
  for (std::size_t i = 0; i < n; ++i) {
    append_format(out, "{}", s.symbol(i));
    for (int k = 0; k < 3; ++k) {
      out.push_back(' ');
      append_real(out, s.positions[i][k]);
    }
    if (write_ids) append_format(out, " {}", s.ids[i]);
    if (write_types) append_format(out, " {}", s.types[i]);
    if (write_masses) {
      out.push_back(' ');
      append_real(out, s.mass(i));
    }
    if (s.has_velocities())
      for (int k = 0; k < 3; ++k) {
        out.push_back(' ');
        append_real(out, s.velocities[i][k]);
      }
    if (s.has_charges()) {
      out.push_back(' ');
      append_real(out, s.charges[i]);
    }
    if (s.has_images()) append_format(out, " {} {} {}", s.images[i][0], s.images[i][1], s.images[i][2]);
    for (const auto& [name, p] : s.properties)
      for (int k = 0; k < p.columns; ++k) {
        const std::size_t at = i * p.columns + k;
        out.push_back(' ');
        switch (p.kind) {
          case 'R':
            append_real(out, p.values[at]);
            break;
          case 'I':
            append_format(out, "{}", static_cast<long long>(std::llround(p.values[at])));
            break;
          case 'L':
            out.push_back(p.values[at] != 0 ? 'T' : 'F');
            break;
          default: {
            const std::string& str = p.strings[at];
            if (str.empty() || str.find_first_of(" \t") != std::string::npos)
              throw InputError("string property '" + name +
                               "' holds an empty value or spaces, which extended XYZ cannot store");
            append_format(out, "{}", str);
          }
        }
      }
    out.push_back('\n');
  }
  text.append(out.data(), out.size());
}

}  // namespace ionglass
