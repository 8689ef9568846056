#include "ionglass/analysis/structure/bond_valence_parameters.hpp"

#include <charconv>
#include <fstream>
#include <vector>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/line_reader.hpp"

namespace ionglass {

namespace {

struct CsvRows {
  std::vector<std::vector<std::string>> rows;
  std::vector<long> lines;
};

// Reads a CSV file whose first line must equal `header`; every row must have its field count.
CsvRows read_csv(const std::string& path, const std::string& header) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "cannot open bond-valence parameter file");
  std::string line;
  long number = 0;
  CsvRows result;
  const std::size_t fields = split_on(header, ',').size();
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (line != header) throw InputError(path, number, "expected header '" + header + "'");
      continue;
    }
    if (line.empty()) continue;
    auto row = split_on(line, ',');
    if (row.size() != fields)
      throw InputError(path, number,
                       "expected " + std::to_string(fields) + " fields, found " + std::to_string(row.size()));
    result.rows.push_back(std::move(row));
    result.lines.push_back(number);
  }
  if (number == 0) throw InputError(path, 0, "empty file");
  return result;
}

// The whole of `text` as a Value (std::from_chars); an InputError at path:line names `kind`.
template <class Value>
Value parse_whole(const std::string& text, const std::string& path, long line, const char* kind) {
  Value value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    throw InputError(path, line, "'" + text + "' is not " + kind);
  return value;
}

double to_number(const std::string& text, const std::string& path, long line) {
  return parse_whole<double>(text, path, line, "a number");
}

int to_integer(const std::string& text, const std::string& path, long line) {
  return parse_whole<int>(text, path, line, "an integer");
}

int to_element(const std::string& text, const std::string& path, long line) {
  const auto z = elements::find_symbol(text);
  if (!z) throw InputError(path, line, "unknown element '" + text + "'");
  return *z;
}

}  // namespace

BondValenceParameters BondValenceParameters::read(const std::string& directory) {
  BondValenceParameters p;
  const std::string pair_file = directory + "/softbv_parameters.csv";
  const auto pairs = read_csv(pair_file, "cation,cation_charge_e,anion,anion_charge_e,R0_A,alpha_per_A,D0_eV,Rmin_A");
  for (std::size_t r = 0; r < pairs.rows.size(); ++r) {
    const auto& f = pairs.rows[r];
    const long line = pairs.lines[r];
    BondValencePair pair;
    pair.R0_A = to_number(f[4], pair_file, line);
    pair.alpha_per_A = to_number(f[5], pair_file, line);
    pair.D0_eV = to_number(f[6], pair_file, line);
    pair.Rmin_A = to_number(f[7], pair_file, line);
    // The table holds some negative α (as tabulated by softBV/BVlain); only D0 and Rmin are checked.
    if (!(pair.D0_eV > 0) || !(pair.Rmin_A > 0)) throw InputError(pair_file, line, "D0 and Rmin must be positive");
    const auto key = std::make_tuple(to_element(f[0], pair_file, line), to_integer(f[1], pair_file, line),
                                     to_element(f[2], pair_file, line), to_integer(f[3], pair_file, line));
    if (!p.pairs_.emplace(key, pair).second) throw InputError(pair_file, line, "duplicate pair " + f[0] + "-" + f[2]);
  }
  p.quantum_number_file_ = directory + "/principal_quantum_numbers.csv";
  const auto quantum = read_csv(p.quantum_number_file_, "element,principal_quantum_number");
  for (std::size_t r = 0; r < quantum.rows.size(); ++r) {
    const long line = quantum.lines[r];
    const int n = to_integer(quantum.rows[r][1], p.quantum_number_file_, line);
    if (n < 1) throw InputError(p.quantum_number_file_, line, "principal quantum number must be ≥ 1");
    p.principal_quantum_numbers_[to_element(quantum.rows[r][0], p.quantum_number_file_, line)] = n;
  }
  return p;
}

std::optional<BondValencePair> BondValenceParameters::find(int cation_atomic_number, int cation_charge,
                                                           int anion_atomic_number, int anion_charge) const {
  const auto it = pairs_.find(std::make_tuple(cation_atomic_number, cation_charge, anion_atomic_number, anion_charge));
  if (it == pairs_.end()) return std::nullopt;
  return it->second;
}

int BondValenceParameters::principal_quantum_number(int atomic_number) const {
  const auto it = principal_quantum_numbers_.find(atomic_number);
  if (it == principal_quantum_numbers_.end())
    throw InputError(quantum_number_file_ + ": no principal quantum number for " +
                     elements::by_number(atomic_number).symbol);
  return it->second;
}

}  // namespace ionglass
