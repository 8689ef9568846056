#include "ionglass/io/cp2k_output.hpp"

#include <cmath>
#include <sstream>

#include "ionglass/core/units.hpp"
#include "ionglass/io/line_reader.hpp"

namespace ionglass {
namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::istringstream stream(line);
  std::vector<std::string> fields;
  for (std::string field; stream >> field;) fields.push_back(field);
  return fields;
}

bool next_or_fail(LineReader& reader, std::string& line, const char* block) {
  if (!reader.next(line)) reader.fail(std::string("file ends inside the ") + block + " block");
  return true;
}

// "ATOMIC FORCES in [a.u.]", a blank line, a header, then "  i  kind  El  fx fy fz" rows up to
// "SUM OF ATOMIC FORCES".
void read_forces(LineReader& reader, Cp2kOutput& output) {
  output.forces_eV_per_A.clear();
  output.force_elements.clear();
  const double factor = units::hartree_to_eV / units::bohr_to_A;
  std::string line;
  while (next_or_fail(reader, line, "forces")) {
    const std::string text = trim(line);
    if (text.empty() || starts_with(text, "#")) continue;
    if (starts_with(text, "SUM OF ATOMIC FORCES")) return;
    const auto fields = fields_of(text);
    if (fields.size() != 6) reader.fail("expected 'atom kind element fx fy fz' in the forces block");
    output.force_elements.push_back(fields[2]);
    output.forces_eV_per_A.emplace_back(parse_double(fields[3], reader, "the x force") * factor,
                                        parse_double(fields[4], reader, "the y force") * factor,
                                        parse_double(fields[5], reader, "the z force") * factor);
  }
}

// "STRESS| ... stress tensor [GPa]", a header "STRESS|  x y z", then three rows "STRESS| x a b c".
void read_stress(LineReader& reader, Cp2kOutput& output) {
  std::array<double, 9> tensor{};
  std::string line;
  next_or_fail(reader, line, "stress");
  for (int row = 0; row < 3; ++row) {
    next_or_fail(reader, line, "stress");
    const auto fields = fields_of(line);
    if (fields.size() != 5 || fields[0] != "STRESS|") reader.fail("expected 'STRESS| axis sxx sxy sxz'");
    for (int column = 0; column < 3; ++column)
      tensor[3 * row + column] = parse_double(fields[2 + column], reader, "a stress component") * units::GPa_to_bar;
  }
  output.pressure_tensor_bar = tensor;
}

}  // namespace

Cp2kOutput read_cp2k_output(const std::string& path) {
  LineReader reader(path);
  Cp2kOutput output;
  const std::string energy_key = "ENERGY| Total FORCE_EVAL ( QS ) energy [a.u.]:";
  std::string line;
  while (reader.next(line)) {
    const std::string text = trim(line);
    if (starts_with(text, "CP2K| version string:")) {
      output.version = trim(text.substr(std::string("CP2K| version string:").size()));
    } else if (starts_with(text, "*** SCF run converged")) {
      output.scf_converged = true;
    } else if (text.find("SCF run NOT converged") != std::string::npos) {
      output.scf_converged = false;
      output.scf_not_converged_message = true;
    } else if (starts_with(text, energy_key)) {
      output.energy_eV =
          parse_double(trim(text.substr(energy_key.size())), reader, "the energy") * units::hartree_to_eV;
    } else if (starts_with(text, "ATOMIC FORCES in [a.u.]")) {
      read_forces(reader, output);
    } else if (starts_with(text, "STRESS|") && text.find("stress tensor [GPa]") != std::string::npos &&
               text.find("Eigenvectors") == std::string::npos) {
      read_stress(reader, output);
    } else if (text.find("PROGRAM ENDED AT") != std::string::npos) {
      output.program_ended = true;
    }
  }
  if (!output.energy_eV) reader.fail("file ends before the 'ENERGY| Total FORCE_EVAL' line (cut off or not CP2K)");
  return output;
}

}  // namespace ionglass
