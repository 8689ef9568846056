#include "ionglass/io/vasp_vasprun.hpp"

#include <fmt/format.h>

#include <numeric>

#include "ionglass/core/error.hpp"
#include "ionglass/io/element_types.hpp"
#include "ionglass/io/line_reader.hpp"

namespace ionglass {

namespace {

struct XmlToken {
  enum class Kind { open, close, empty, text } kind = Kind::text;
  std::string name;        ///< tag name (open, close, empty)
  std::string name_value;  ///< value of the attribute name="..." (open, empty), empty when absent
  std::string text;        ///< character data (text), entities decoded
  long line = 0;           ///< line where the token starts
};

std::string decode_entities(std::string text) {
  if (text.find('&') == std::string::npos) return text;
  static const std::pair<const char*, char> entities[] = {
      {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const auto& [entity, character] : entities) {
        const std::size_t n = std::char_traits<char>::length(entity);
        if (text.compare(i, n, entity) == 0) {
          out += character;
          i += n - 1;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i];
  }
  return out;
}

// A tolerant scanner for the XML that VASP writes: tags, attributes and character data, read
// line by line from a LineReader (gzip works too).
class XmlTagScanner {
 public:
  explicit XmlTagScanner(LineReader& reader) : reader_(reader) {}

  /// The next token; false at the end of the file (the end may fall inside a tag: then the tag is
  /// dropped, which for a file cut short is what the caller wants).
  bool next(XmlToken& token) {
    for (;;) {
      if (position_ >= buffer_.size() && !refill()) return false;
      if (buffer_[position_] != '<') {
        token = XmlToken{};
        token.kind = XmlToken::Kind::text;
        token.line = reader_.line_number();
        std::string text;
        for (;;) {
          const std::size_t lt = buffer_.find('<', position_);
          text.append(buffer_, position_, lt == std::string::npos ? std::string::npos : lt - position_);
          if (lt != std::string::npos) {
            position_ = lt;
            break;
          }
          position_ = buffer_.size();
          if (!refill()) break;
        }
        token.text = decode_entities(std::move(text));
        return true;
      }
      // A tag, a processing instruction or a comment; it may span lines.
      const long line = reader_.line_number();
      const bool comment = buffer_.compare(position_, 4, "<!--") == 0;
      const char* terminator = comment ? "-->" : ">";
      std::size_t end;
      while ((end = buffer_.find(terminator, position_)) == std::string::npos)
        if (!refill()) return false;
      const std::string body = buffer_.substr(position_ + 1, end - position_ - 1);
      position_ = end + std::char_traits<char>::length(terminator);
      if (comment || body.empty() || body[0] == '?' || body[0] == '!') continue;
      token = XmlToken{};
      token.line = line;
      std::string_view b(body);
      if (b[0] == '/') {
        token.kind = XmlToken::Kind::close;
        b.remove_prefix(1);
      } else if (b.back() == '/') {
        token.kind = XmlToken::Kind::empty;
        b.remove_suffix(1);
      } else {
        token.kind = XmlToken::Kind::open;
      }
      const std::size_t name_end = b.find_first_of(" \t\r\n");
      token.name = std::string(b.substr(0, name_end));
      if (name_end != std::string_view::npos) token.name_value = attribute(b.substr(name_end), "name");
      return true;
    }
  }

 private:
  // The value of attribute `key` in ` key="value" other='x'`.
  static std::string attribute(std::string_view attributes, std::string_view key) {
    std::size_t at = 0;
    while ((at = attributes.find(key, at)) != std::string_view::npos) {
      const bool starts_word = at == 0 || attributes[at - 1] == ' ' || attributes[at - 1] == '\t';
      std::size_t eq = attributes.find_first_not_of(" \t", at + key.size());
      if (starts_word && eq != std::string_view::npos && attributes[eq] == '=') {
        const std::size_t quote = attributes.find_first_of("\"'", eq);
        if (quote == std::string_view::npos) return "";
        const std::size_t close = attributes.find(attributes[quote], quote + 1);
        if (close == std::string_view::npos) return "";
        return std::string(attributes.substr(quote + 1, close - quote - 1));
      }
      at += key.size();
    }
    return "";
  }

  bool refill() {
    buffer_.erase(0, position_);
    position_ = 0;
    std::string line;
    if (!reader_.next(line)) return false;
    buffer_ += line;
    buffer_ += '\n';
    return true;
  }

  LineReader& reader_;
  std::string buffer_;
  std::size_t position_ = 0;
};

std::vector<double> numbers(const std::string& text, const std::string& path, long line, const char* what) {
  std::vector<double> out;
  for (auto token : split_whitespace(text)) {
    double value;
    if (!try_parse_double(token, value))
      throw InputError(path, line, fmt::format("{}: '{}' is not a finite number", what, token));
    out.push_back(value);
  }
  return out;
}

}  // namespace

int VasprunHeader::electronic_step_limit() const {
  for (const auto* map : {&parameters, &incar}) {
    const auto it = map->find("NELM");
    long long value;
    if (it != map->end() && try_parse_integer(trim(it->second), value)) return static_cast<int>(value);
  }
  return 60;  // VASP's default NELM
}

struct VasprunReader::State {
  explicit State(const std::string& path) : reader(path), scanner(reader) {}

  LineReader reader;
  XmlTagScanner scanner;
  VasprunHeader header;
  std::vector<std::string> stack;  // open elements, "name" or "name:attribute"
  std::string text;                // character data of the innermost open element
  bool complete = false;
  bool cut_short = false;
  bool in_calculation = false;
  bool atominfo_read = false;
  long steps = 0;
  long calculation_line = 0;
  // The ionic step being read.
  VasprunIonicStep step;
  std::vector<std::vector<double>> basis_rows, position_rows, force_rows, stress_rows;
  std::optional<double> free_energy, energy_without_entropy, scstep_sigma0;
  std::vector<std::string> atom_symbols;
  int atom_column = 0;

  [[noreturn]] void fail(long line, const std::string& problem) const {
    throw InputError(reader.path(), line, problem);
  }

  // Stack entries from the outside: is the element path ending in `tail` ("calculation/structure/...")?
  bool inside(std::initializer_list<const char*> tail) const {
    if (tail.size() > stack.size()) return false;
    std::size_t i = stack.size() - tail.size();
    for (const char* t : tail)
      if (stack[i++] != t) return false;
    return true;
  }

  void begin_step(long line) {
    in_calculation = true;
    calculation_line = line;
    step = VasprunIonicStep{};
    basis_rows.clear();
    position_rows.clear();
    force_rows.clear();
    stress_rows.clear();
    free_energy.reset();
    energy_without_entropy.reset();
    scstep_sigma0.reset();
  }

  Mat3 matrix(const std::vector<std::vector<double>>& rows, const char* what, long line) const {
    if (rows.size() != 3)
      fail(line, fmt::format("the {} of ionic step {} has {} rows, not 3", what, steps + 1, rows.size()));
    Mat3 m;
    for (int r = 0; r < 3; ++r) {
      if (rows[r].size() != 3) fail(line, fmt::format("a row of the {} needs 3 numbers", what));
      for (int c = 0; c < 3; ++c) m(r, c) = rows[r][c];
    }
    return m;
  }

  void finish_step(long line) {
    in_calculation = false;
    const std::size_t n = header.atomic_numbers.size();
    const std::string where = fmt::format("ionic step {} (<calculation> at line {})", steps + 1, calculation_line);
    if (basis_rows.empty() || position_rows.empty()) fail(line, where + " has no <structure>");
    step.lattice = matrix(basis_rows, "lattice", line);
    if (position_rows.size() != n)
      fail(line, fmt::format("{} has {} positions, <atominfo> {} atoms", where, position_rows.size(), n));
    if (force_rows.size() != n)
      fail(line, fmt::format("{} has {} forces, <atominfo> {} atoms", where, force_rows.size(), n));
    step.positions.resize(n);
    step.forces.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (position_rows[i].size() != 3 || force_rows[i].size() != 3)
        fail(line, where + ": a position or force row needs 3 numbers");
      const Vec3 fractional(position_rows[i][0], position_rows[i][1], position_rows[i][2]);
      step.positions[i] = step.lattice.transpose() * fractional;  // r = Σ f_k a_k (rows a_k)
      step.forces[i] = Vec3(force_rows[i][0], force_rows[i][1], force_rows[i][2]);
    }
    if (!stress_rows.empty()) step.stress_kB = matrix(stress_rows, "stress", line);
    if (!free_energy) fail(line, where + " has no e_fr_energy in its <energy>");
    step.free_energy_eV = *free_energy;
    step.energy_without_entropy_eV = energy_without_entropy.value_or(*free_energy);
    step.energy_sigma0_eV = scstep_sigma0.value_or(step.energy_without_entropy_eV);
    step.line = line;
    ++steps;
  }

  void close_value(const XmlToken& token, const std::string& element, const std::string& name) {
    // `element` (i, v, c) was just closed; the stack holds its parents.
    if (inside({"modeling", "incar"})) {
      header.incar.emplace(name, trim(text));
    } else if (!stack.empty() && stack.front() == "modeling" && stack.size() >= 2 && stack[1] == "parameters") {
      header.parameters.emplace(trim(name), trim(text));
    } else if (inside({"modeling", "generator"}) && name == "version") {
      header.program_version = trim(text);
    } else if (element == "c" && inside({"modeling", "atominfo", "array:atoms", "set", "rc"})) {
      if (atom_column++ == 0) atom_symbols.push_back(trim(text));
    } else if (in_calculation && element == "v") {
      if (inside({"calculation", "structure", "crystal", "varray:basis"}))
        basis_rows.push_back(numbers(text, reader.path(), token.line, "a lattice vector"));
      else if (inside({"calculation", "structure", "varray:positions"}))
        position_rows.push_back(numbers(text, reader.path(), token.line, "a position"));
      else if (inside({"calculation", "varray:forces"}))
        force_rows.push_back(numbers(text, reader.path(), token.line, "a force"));
      else if (inside({"calculation", "varray:stress"}))
        stress_rows.push_back(numbers(text, reader.path(), token.line, "a stress row"));
    } else if (in_calculation && element == "i") {
      auto value = [&] {
        const auto v = numbers(text, reader.path(), token.line, name.c_str());
        if (v.size() != 1) fail(token.line, "energy '" + name + "' must be one number");
        return v[0];
      };
      if (inside({"calculation", "energy"})) {
        if (name == "e_fr_energy") free_energy = value();
        if (name == "e_wo_entrp") energy_without_entropy = value();
      } else if (inside({"calculation", "scstep", "energy"}) && name == "e_0_energy") {
        scstep_sigma0 = value();
      }
    }
  }

  // Reads tokens until a step completes (true) or the file ends / </modeling> (false).
  // `header_only`: stop before the first <calculation>.
  bool advance(bool header_only) {
    XmlToken token;
    while (scanner.next(token)) {
      switch (token.kind) {
        case XmlToken::Kind::text:
          text += token.text;
          break;
        case XmlToken::Kind::empty:
          break;
        case XmlToken::Kind::open: {
          if (token.name == "calculation" && stack.size() == 1) {
            if (!atominfo_read) fail(token.line, "a <calculation> before <atominfo>: is this a vasprun.xml?");
            begin_step(token.line);
            stack.push_back(token.name);
            name_values.push_back("");
            if (header_only) return false;
            break;
          }
          if (token.name == "scstep" && in_calculation && stack.size() == 2) ++step.electronic_steps;
          if (token.name == "rc") atom_column = 0;
          const bool keyed = token.name == "varray" || token.name == "array";
          stack.push_back(keyed && !token.name_value.empty() ? token.name + ":" + token.name_value : token.name);
          name_values.push_back(token.name_value);
          text.clear();
          break;
        }
        case XmlToken::Kind::close: {
          if (stack.empty()) fail(token.line, "</" + token.name + "> without an opening tag");
          const std::string open = stack.back().substr(0, stack.back().find(':'));
          if (open != token.name)
            fail(token.line, fmt::format("</{}> closes <{}>: the file is not well formed", token.name, open));
          const std::string name = name_values.back();
          stack.pop_back();
          name_values.pop_back();
          if (token.name == "i" || token.name == "v" || token.name == "c") close_value(token, token.name, name);
          text.clear();
          if (token.name == "atominfo") finish_atominfo(token.line);
          if (token.name == "calculation" && stack.size() == 1) {
            finish_step(token.line);
            return true;
          }
          if (token.name == "modeling" && stack.empty()) {
            complete = true;
            if (steps == 0) fail(token.line, "the file holds no ionic step (<calculation>)");
            return false;
          }
          break;
        }
      }
    }
    // End of file before </modeling>.
    const long line = reader.line_number();
    if (!atominfo_read) fail(line, "the file ends before <atominfo> (cut short, or not a vasprun.xml)");
    if (steps == 0)
      fail(line, in_calculation ? fmt::format("the file ends inside the first ionic step (<calculation> at line {}): "
                                              "no complete step (the run was killed or is still running)",
                                              calculation_line)
                                : "the file ends before the first ionic step");
    cut_short = true;
    in_calculation = false;
    return false;
  }

  void finish_atominfo(long line) {
    atominfo_read = true;
    for (const auto& symbol : atom_symbols) {
      const int z = find_element(symbol);
      if (z == 0) fail(line, "unknown element '" + symbol + "' in <atominfo>");
      header.atomic_numbers.push_back(z);
    }
    if (header.atomic_numbers.empty()) fail(line, "<atominfo> lists no atoms");
  }

  std::vector<std::string> name_values;  // name="..." of the open elements, parallel to `stack`
};

VasprunReader::VasprunReader(const std::string& path) : state_(std::make_unique<State>(path)) {
  state_->advance(true);
  if (!state_->in_calculation && !state_->complete && !state_->cut_short)
    state_->fail(state_->reader.line_number(), "no ionic step (<calculation>) in this file");
}

VasprunReader::~VasprunReader() = default;

const VasprunHeader& VasprunReader::header() const {
  return state_->header;
}

bool VasprunReader::next(VasprunIonicStep& step) {
  if (state_->complete || state_->cut_short) return false;
  if (!state_->advance(false)) return false;
  step = state_->step;
  return true;
}

bool VasprunReader::complete() const {
  return state_->complete;
}
bool VasprunReader::cut_short() const {
  return state_->cut_short;
}
long VasprunReader::steps_read() const {
  return state_->steps;
}
const std::string& VasprunReader::path() const {
  return state_->reader.path();
}
double VasprunReader::fraction_read() const {
  return state_->reader.fraction_read();
}

namespace {

class VasprunTrajectory : public TrajectoryReader {
 public:
  explicit VasprunTrajectory(const std::string& path) : reader_(path) {}
  bool next(System& frame) override {
    VasprunIonicStep step;
    if (!reader_.next(step)) return false;
    frame = System();
    frame.cell = Cell(step.lattice);
    frame.positions = step.positions;
    frame.ids.resize(step.positions.size());
    std::iota(frame.ids.begin(), frame.ids.end(), 1LL);
    assign_types_by_element(frame, reader_.header().atomic_numbers);
    PerAtomProperty forces;
    forces.columns = 3;
    for (const Vec3& f : step.forces) forces.values.insert(forces.values.end(), {f[0], f[1], f[2]});
    frame.properties["forces"] = std::move(forces);
    frame.info["free_energy_eV"] = step.free_energy_eV;
    frame.info["energy_without_entropy_eV"] = step.energy_without_entropy_eV;
    frame.info["energy_sigma0_eV"] = step.energy_sigma0_eV;
    if (step.stress_kB) {
      const Mat3& s = *step.stress_kB;
      frame.info["stress_kB"] = std::vector<double>{s(0, 0), s(1, 1), s(2, 2), s(0, 1), s(1, 2), s(0, 2)};
    }
    frame.timestep = reader_.steps_read();
    return true;
  }
  const std::string& path() const override { return reader_.path(); }
  double fraction_read() const override { return reader_.fraction_read(); }

 private:
  VasprunReader reader_;
};

}  // namespace

std::unique_ptr<TrajectoryReader> open_vasprun(const std::string& path) {
  return std::make_unique<VasprunTrajectory>(path);
}

VasprunContent read_vasprun(const std::string& path) {
  VasprunReader reader(path);
  VasprunContent content;
  content.header = reader.header();
  VasprunIonicStep step;
  while (reader.next(step)) content.steps.push_back(step);
  content.complete = reader.complete();
  return content;
}

}  // namespace ionglass
