#include "ionglass/io/vasp_xdatcar.hpp"

#include <Eigen/LU>
#include <fmt/format.h>

#include <cctype>
#include <numeric>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/element_types.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/io/number_format.hpp"
#include "ionglass/io/text_trajectory.hpp"
#include "ionglass/io/vasp_poscar.hpp"

namespace ionglass {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "Direct configuration=     12", "Cartesian configuration= 3" or VASP 4's "Konfig=12".
bool is_configuration_line(const std::string& line, bool& cartesian, long long& number) {
  const std::string l = lower(trim(line));
  const bool direct = l.rfind("direct", 0) == 0 || l.rfind("konfig", 0) == 0;
  cartesian = l.rfind("cartesian", 0) == 0;
  if (!direct && !cartesian) return false;
  number = -1;
  const auto eq = l.find('=');
  if (eq != std::string::npos) {
    auto tok = split_whitespace(std::string_view(l).substr(eq + 1));
    if (!tok.empty()) try_parse_integer(tok[0], number);
  }
  return true;
}

class XdatcarReader : public TextTrajectoryReader {
 public:
  XdatcarReader(const std::string& path, const ReadOptions& options) : TextTrajectoryReader(path), options_(options) {}

  bool next(System& frame) override {
    // The next non-blank line is a configuration line or the comment of a new header.
    if (!next_nonblank_line(have_header_ ? "the file holds no configuration" : "empty file")) return false;
    bool cartesian = false;
    long long number = -1;
    if (!is_configuration_line(line_, cartesian, number)) {
      header_ = read_vasp_header(reader_, line_, options_.type_elements);
      if (have_header_ && header_.atomic_numbers() != atomic_numbers_)
        reader_.fail("a later header changes the species or counts; XDATCAR frames must hold the same atoms");
      atomic_numbers_ = header_.atomic_numbers();
      have_header_ = true;
      if (!reader_.next(line_)) reader_.fail("the file ends after a header, before its configuration line");
      if (!is_configuration_line(line_, cartesian, number))
        reader_.fail("expected 'Direct configuration= N', found '" + trim(line_).substr(0, 60) + "'");
    } else if (!have_header_) {
      reader_.fail("the file starts with a configuration line instead of a header");
    }
    const long frame_line = reader_.line_number();
    const std::size_t n = atomic_numbers_.size();
    frame = System();
    frame.cell = at_reader_line(reader_, [&] { return Cell(header_.lattice); });
    frame.positions.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (!reader_.next(line_))
        reader_.fail(
            fmt::format("the configuration that starts at line {} ends after {} of its {} atoms (truncated file?)",
                        frame_line, i, n));
      bool c;
      long long k;
      if (is_configuration_line(line_, c, k))
        reader_.fail(
            fmt::format("the configuration that starts at line {} has only {} of its {} atoms", frame_line, i, n));
      auto tok = split_whitespace(line_);
      if (tok.size() != 3) reader_.fail(fmt::format("an atom line needs 3 coordinates, found {} columns", tok.size()));
      const Vec3 v(parse_double(tok[0], reader_, "a coordinate"), parse_double(tok[1], reader_, "a coordinate"),
                   parse_double(tok[2], reader_, "a coordinate"));
      frame.positions[i] = cartesian ? Vec3(v.cwiseProduct(header_.cartesian_scale)) : frame.cell.to_cartesian(v);
    }
    frame.ids.resize(n);
    std::iota(frame.ids.begin(), frame.ids.end(), 1LL);
    assign_types_by_element(frame, atomic_numbers_);
    if (number >= 0) {
      frame.timestep = number;
      frame.info["configuration"] = number;
    }
    if (!header_.comment.empty()) frame.info["comment"] = header_.comment;
    ++frames_read_;
    return true;
  }

 private:
  ReadOptions options_;
  VaspHeader header_;
  std::vector<int> atomic_numbers_;
  bool have_header_ = false;
};

class XdatcarWriter : public TextTrajectoryWriter {
 public:
  XdatcarWriter(const std::string& path, const WriteOptions&) : TextTrajectoryWriter(path) {}

  void write(const System& s) override {
    if (!s.cell.has_volume()) throw InputError(file_.path(), 0, "the structure has no cell, but an XDATCAR needs one");
    const auto order = vasp_atom_order(s);
    std::vector<int> z(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) z[k] = s.atomic_number(order[k]);
    if (frames_ > 0 && z != atomic_numbers_)
      throw InputError(
          file_.path(), 0,
          fmt::format("frame {} holds other atoms than the first frame; an XDATCAR needs the same atoms in "
                      "every frame",
                      frames_));
    fmt::memory_buffer out;
    if (frames_ == 0 || s.cell.matrix() != lattice_) {
      // Header (again when the cell changed).
      std::string comment = "written by ionglass";
      if (auto it = s.info.find("comment"); it != s.info.end() && std::holds_alternative<std::string>(it->second))
        comment = std::get<std::string>(it->second);
      const std::string header = format_vasp_header(std::move(comment), s, order);
      out.append(header.data(), header.data() + header.size());
      lattice_ = s.cell.matrix();
      atomic_numbers_ = z;
    }
    append_format(out, "Direct configuration= {:>5}\n", s.timestep >= 0 ? s.timestep : frames_ + 1);
    for (std::size_t i : order) {
      const Vec3 f = s.cell.inverse().transpose() * s.positions[i];
      for (int k = 0; k < 3; ++k) {
        out.push_back(' ');
        append_real(out, f[k]);
      }
      out.push_back('\n');
    }
    file_.stream().write(out.data(), static_cast<std::streamsize>(out.size()));
    ++frames_;
  }

 private:
  Mat3 lattice_ = Mat3::Zero();
  std::vector<int> atomic_numbers_;
};

}  // namespace

std::unique_ptr<TrajectoryReader> open_xdatcar(const std::string& path, const ReadOptions& options) {
  return std::make_unique<XdatcarReader>(path, options);
}

std::unique_ptr<TrajectoryWriter> create_xdatcar_writer(const std::string& path, const WriteOptions& options) {
  return std::make_unique<XdatcarWriter>(path, options);
}

}  // namespace ionglass
