#include "ionglass/io/vasp_outcar.hpp"

#include <fmt/format.h>

#include <numeric>

#include "ionglass/core/error.hpp"
#include "ionglass/io/element_types.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/io/text_trajectory.hpp"

namespace ionglass {

namespace {

bool contains(const std::string& line, const char* text) {
  return line.find(text) != std::string::npos;
}

// The number after '=' in "  free  energy   TOTEN  =      -12.345 eV".
double number_after(const std::string& line, const char* marker, const LineReader& reader, const char* what) {
  const auto at = line.find(marker);
  auto tok = split_whitespace(std::string_view(line).substr(at + std::char_traits<char>::length(marker)));
  if (tok.empty()) reader.fail(std::string("no value for ") + what);
  return parse_double(tok[0], reader, what);
}

class OutcarReader : public TextTrajectoryReader {
 public:
  OutcarReader(const std::string& path, const ReadOptions& options) : TextTrajectoryReader(path), options_(options) {}
  long line_number() const { return reader_.line_number(); }

  bool next(System& frame) override {
    bool have_positions = false;
    while (reader_.next(line_)) {
      any_line_ = true;
      if (contains(line_, "TITEL  =") || contains(line_, "TITEL =")) {
        titel_species_.push_back(species_from_potcar_label(line_.substr(line_.find('=') + 1)));
      } else if (contains(line_, "VRHFIN =")) {
        const auto eq = line_.find('=');
        const auto colon = line_.find(':', eq);
        std::string symbol = line_.substr(eq + 1, colon == std::string::npos ? std::string::npos : colon - eq - 1);
        auto tok = split_whitespace(symbol);
        if (tok.empty()) reader_.fail("VRHFIN line names no element");
        vrhfin_species_.push_back(element_from_symbol(tok[0], reader_));
      } else if (line_.find("POTCAR:") != std::string::npos && line_.find("POTCAR:") < 4) {
        potcar_species_.push_back(species_from_potcar_label(line_.substr(line_.find(':') + 1)));
      } else if (contains(line_, "ions per type =")) {
        counts_.clear();
        for (auto t : split_whitespace(std::string_view(line_).substr(line_.find('=') + 1)))
          counts_.push_back(parse_integer(t, reader_, "the number of ions of a type"));
      } else if (contains(line_, "direct lattice vectors")) {
        for (int r = 0; r < 3; ++r) {
          if (!reader_.next(line_)) reader_.fail("the file ends inside the lattice vectors");
          auto tok = split_whitespace(line_);
          if (tok.size() < 3) reader_.fail("a lattice vector line needs three numbers");
          for (int c = 0; c < 3; ++c) lattice_(r, c) = parse_double(tok[c], reader_, "a lattice vector");
        }
        have_lattice_ = true;
      } else if (contains(line_, "  in kB ")) {
        auto tok = split_whitespace(std::string_view(line_).substr(line_.find("in kB") + 5));
        if (tok.size() != 6) reader_.fail(fmt::format("the stress line 'in kB' needs 6 numbers, found {}", tok.size()));
        stress_.clear();
        for (auto t : tok) stress_.push_back(parse_double(t, reader_, "a stress component"));
      } else if (contains(line_, "POSITION") && contains(line_, "TOTAL-FORCE")) {
        if (have_positions) reader_.fail("a second POSITION block before the energies of the previous ionic step");
        read_positions(frame);
        have_positions = true;
      } else if (have_positions && contains(line_, "free  energy   TOTEN")) {
        frame.info["free_energy_eV"] = number_after(line_, "=", reader_, "the free energy");
      } else if (have_positions && contains(line_, "energy  without entropy")) {
        frame.info["energy_without_entropy_eV"] =
            number_after(line_, "entropy=", reader_, "the energy without entropy");
        if (contains(line_, "energy(sigma->0) ="))
          frame.info["energy_sigma0_eV"] = number_after(line_, "energy(sigma->0) =", reader_, "energy(sigma->0)");
        return true;  // the last item of an ionic step
      }
    }
    if (!any_line_) reader_.fail("empty file");
    if (!have_positions && steps_ == 0)
      reader_.fail("no ionic step (no 'POSITION ... TOTAL-FORCE' block) in this OUTCAR");
    return have_positions;  // a last step cut off before its energies
  }

 private:
  int species_from_potcar_label(const std::string& text) {
    // "PAW_PBE Na_pv 19Sep2006": the first word that names an element.
    for (auto t : split_whitespace(text)) {
      const int z = find_element(t);
      if (z != 0) return z;
    }
    reader_.fail("cannot find an element in the POTCAR label '" + text + "'");
  }

  std::vector<int> species() const {
    if (!titel_species_.empty()) return titel_species_;
    if (!vrhfin_species_.empty()) return vrhfin_species_;
    if (!potcar_species_.empty()) {
      // VASP lists the POTCAR lines twice.
      const std::size_t half = potcar_species_.size() / 2;
      if (potcar_species_.size() % 2 == 0 &&
          std::equal(potcar_species_.begin(), potcar_species_.begin() + half, potcar_species_.begin() + half))
        return std::vector<int>(potcar_species_.begin(), potcar_species_.begin() + half);
      return potcar_species_;
    }
    std::vector<int> out;
    for (const auto& s : options_.type_elements) {
      const int z = find_element(s);
      if (z == 0) throw InputError(reader_.path(), 0, "unknown element '" + s + "' in --types");
      out.push_back(z);
    }
    return out;
  }

  void read_positions(System& frame) {
    const long block_line = reader_.line_number();
    if (atomic_numbers_.empty()) {
      if (counts_.empty()) reader_.fail("positions before the 'ions per type' line; is this an OUTCAR?");
      const std::vector<int> z = species();
      if (z.empty())
        reader_.fail(
            "the file names no elements (no TITEL, VRHFIN or POTCAR lines); give them with --types in the "
            "order of 'ions per type'");
      if (z.size() != counts_.size())
        reader_.fail(
            fmt::format("the file names {} elements but 'ions per type' has {} numbers", z.size(), counts_.size()));
      for (std::size_t g = 0; g < z.size(); ++g) atomic_numbers_.insert(atomic_numbers_.end(), counts_[g], z[g]);
    }
    if (!have_lattice_) reader_.fail("positions before any 'direct lattice vectors' block");
    const std::size_t n = atomic_numbers_.size();
    frame = System();
    frame.cell = at_reader_line(reader_, [&] { return Cell(lattice_); });
    frame.positions.resize(n);
    PerAtomProperty forces;
    forces.columns = 3;
    forces.values.resize(3 * n);
    if (!reader_.next(line_) || line_.find("---") == std::string::npos)
      reader_.fail("expected a line of dashes after the POSITION header");
    for (std::size_t i = 0; i < n; ++i) {
      if (!reader_.next(line_))
        reader_.fail(
            fmt::format("the POSITION block at line {} ends after {} of {} atoms (truncated file?)", block_line, i, n));
      auto tok = split_whitespace(line_);
      if (tok.size() != 6) {
        if (line_.find("---") != std::string::npos)
          reader_.fail(fmt::format("the POSITION block at line {} has {} atoms, but 'ions per type' sums to {}",
                                   block_line, i, n));
        reader_.fail(fmt::format("a POSITION line needs x y z fx fy fz, found {} columns", tok.size()));
      }
      for (int k = 0; k < 3; ++k) {
        frame.positions[i][k] = parse_double(tok[k], reader_, "a coordinate");
        forces.values[3 * i + k] = parse_double(tok[3 + k], reader_, "a force");
      }
    }
    if (!reader_.next(line_))
      reader_.fail(
          fmt::format("the file ends after the {} atom rows of the POSITION block at line {}, before its "
                      "closing line of dashes (truncated file?)",
                      n, block_line));
    if (line_.find("---") == std::string::npos)
      reader_.fail(
          fmt::format("the POSITION block at line {} has more atoms than 'ions per type' says ({})", block_line, n));
    frame.properties["forces"] = std::move(forces);
    frame.ids.resize(n);
    std::iota(frame.ids.begin(), frame.ids.end(), 1LL);
    assign_types_by_element(frame, atomic_numbers_);
    if (!stress_.empty()) frame.info["stress_kB"] = stress_;
    stress_.clear();
    ++steps_;
    frame.timestep = steps_;
  }

  ReadOptions options_;
  std::vector<int> titel_species_, vrhfin_species_, potcar_species_;
  std::vector<long long> counts_;
  std::vector<int> atomic_numbers_;
  Mat3 lattice_ = Mat3::Zero();
  bool have_lattice_ = false;
  bool any_line_ = false;
  std::vector<double> stress_;
  long long steps_ = 0;
};

}  // namespace

std::unique_ptr<TrajectoryReader> open_outcar(const std::string& path, const ReadOptions& options) {
  return std::make_unique<OutcarReader>(path, options);
}

}  // namespace ionglass

namespace ionglass {

std::vector<System> read_outcar_complete_steps(const std::string& path, bool* cut_short) {
  long total_lines = 0;
  bool last_line_whole = true;  // false when the file ends inside a line (no newline after it)
  {
    LineReader lines(path);
    std::string line;
    long long line_start = 0;
    while (lines.next(line)) {
      ++total_lines;
      last_line_whole = lines.offset() - line_start > static_cast<long long>(line.size());
      line_start = lines.offset();
    }
  }
  std::vector<System> steps;
  bool cut = false;
  OutcarReader reader(path, {});
  System frame;
  try {
    while (reader.next(frame)) {
      if (!frame.info.count("free_energy_eV") || !frame.info.count("energy_without_entropy_eV")) {
        cut = true;  // the last step ends before its energies
        break;
      }
      if (!last_line_whole && reader.line_number() == total_lines) {
        cut = true;  // the step's energy line is the file's last line, cut off inside (a number may be cut)
        break;
      }
      steps.push_back(frame);
    }
  } catch (const InputError& e) {
    // A step cut off by the end of the file (the error is at its last line): keep what is complete.
    if (steps.empty() || e.line() < total_lines) throw;
    cut = true;
  }
  if (steps.empty())
    throw InputError(path, total_lines, "no complete ionic step (positions, forces and energies) in this OUTCAR");
  if (cut_short) *cut_short = cut;
  return steps;
}

}  // namespace ionglass
