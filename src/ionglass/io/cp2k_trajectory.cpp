#include "ionglass/io/cp2k_trajectory.hpp"

#include <cmath>
#include <sstream>

#include "ionglass/core/units.hpp"
#include "ionglass/io/line_reader.hpp"

namespace ionglass {
namespace {

// "i =        5, time =        2.500, E =      -482.5625" → step, time, energy (Hartree).
void read_comment(const LineReader& reader, const std::string& line, Cp2kTrajectoryFrame& frame) {
  std::string text = line;
  for (char& c : text)
    if (c == ',' || c == '=') c = ' ';
  std::istringstream words(text);
  std::string key, value;
  bool has_step = false, has_energy = false;
  while (words >> key >> value) {
    if (key == "i") {
      frame.step = parse_integer(value, reader, "the step");
      has_step = true;
    } else if (key == "time") {
      frame.time_fs = parse_double(value, reader, "the time");
    } else if (key == "E") {
      frame.potential_energy_eV = parse_double(value, reader, "the energy") * units::hartree_to_eV;
      has_energy = true;
    }
  }
  if (!has_step || !has_energy) reader.fail("expected a CP2K comment line 'i = STEP, time = T, E = ENERGY'");
}

}  // namespace

std::vector<Cp2kTrajectoryFrame> read_cp2k_xyz_trajectory(const std::string& path, double value_factor) {
  LineReader reader(path);
  std::vector<Cp2kTrajectoryFrame> frames;
  std::string line;
  while (reader.next(line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::istringstream count_text(line);
    long long atoms = -1;
    std::string rest;
    if (!(count_text >> atoms) || (count_text >> rest) || atoms <= 0)
      reader.fail("expected the atom count of a frame, found '" + line + "'");
    reader.check_row_count(atoms, "atoms");
    if (!frames.empty() && static_cast<std::size_t>(atoms) != frames.front().values.size())
      reader.fail("the frame has " + std::to_string(atoms) + " atoms, the first had " +
                  std::to_string(frames.front().values.size()));
    Cp2kTrajectoryFrame frame;
    if (!reader.next(line)) reader.fail("file ends after the atom count (frame cut off)");
    read_comment(reader, line, frame);
    for (long long i = 0; i < atoms; ++i) {
      if (!reader.next(line)) reader.fail("file ends inside a frame (cut off)");
      std::istringstream words(line);
      std::string element, x, y, z;
      if (!(words >> element >> x >> y >> z)) reader.fail("expected 'Element x y z'");
      frame.elements.push_back(element);
      frame.values.emplace_back(parse_double(x, reader, "x") * value_factor,
                                parse_double(y, reader, "y") * value_factor,
                                parse_double(z, reader, "z") * value_factor);
    }
    frames.push_back(std::move(frame));
  }
  return frames;
}

}  // namespace ionglass
