// The LAMMPS export maps atom types to species exactly as evaluation does (the force field's own
// species_of_each_type, type_labels included), for types in a non-alphabetic order.
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <sstream>

#include "ionglass/io/lammps_data.hpp"
#include "ionglass/lammps/deck_writer.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/md/protocol_runner.hpp"
#include "ionglass/potential/buckingham_pair.hpp"
#include "ionglass/potential/classical_potential_file.hpp"
#include "lammps_test_support.hpp"

namespace ionglass {
namespace {

// Types 1 O, 2 Na, 3 Fe (named Fe3+ by type_labels), 4 Fe (Fe2+): neither alphabetic by element
// nor by label. Every species pair has its own Buckingham A, so a wrong mapping shows in the deck.
const std::string potential_text =
    "name: labelled\nunits: metal\n"
    "charges: {O: -2.0, Na: 1.0, Fe2+: 2.0, Fe3+: 3.0}\n"
    "type_labels: {4: Fe2+, 3: Fe3+}\n"
    "short_range:\n  cutoff: 4.5\n  tabulate: false\n  pairs:\n"
    "    - {pair: [O, O], model: buckingham, A: 1001, rho: 0.3, C: 10}\n"
    "    - {pair: [Na, O], model: buckingham, A: 1002, rho: 0.3, C: 0}\n"
    "    - {pair: [Fe3+, O], model: buckingham, A: 1003, rho: 0.3, C: 0}\n"
    "    - {pair: [Fe2+, O], model: buckingham, A: 1004, rho: 0.3, C: 0}\n"
    "    - {pair: ['*', '*'], model: none}\n"
    "coulomb: {method: dsf, alpha: 0.2, cutoff: 4.5}\n";

const std::string structure_text =
    "labelled test structure\n\n8 atoms\n4 atom types\n\n0 12 xlo xhi\n0 12 ylo yhi\n0 12 zlo zhi\n\n"
    "Masses\n\n1 15.999\n2 22.98977\n3 55.845\n4 55.845\n\nAtoms # atomic\n\n"
    "1 1 0.0 0.0 0.0\n2 1 6.0 0.0 0.0\n3 2 2.0 0.0 0.0\n4 3 0.0 2.0 0.0\n5 4 0.0 0.0 2.0\n"
    "6 1 6.0 6.0 6.0\n7 4 8.0 6.0 6.0\n8 3 6.0 8.0 6.0\n";

// "pair_coeff A B [sub-style] ..." lines of the deck: type pair → the numbers after the types.
std::map<std::pair<int, int>, std::vector<std::string>> pair_coeffs(const std::string& deck) {
  std::map<std::pair<int, int>, std::vector<std::string>> out;
  std::istringstream in(deck);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string keyword, a, b, w;
    words >> keyword >> a >> b;
    if (keyword != "pair_coeff" || a == "*") continue;
    std::vector<std::string> rest;
    while (words >> w)
      if (!rest.empty() || std::isdigit(static_cast<unsigned char>(w[0])) || w[0] == '-') rest.push_back(w);
    out[{std::stoi(a), std::stoi(b)}] = rest;
  }
  return out;
}

TEST(LammpsTypeMapping, ExportUsesTheSpeciesOfEvaluation) {
  test::ScratchDir dir("type_mapping");
  const std::string pot = test::write_text(dir / "labelled.yaml", potential_text);
  const std::string data = test::write_text(dir / "start.data", structure_text);
  const std::string protocol_file =
      test::write_text(dir / "protocol.yaml",
                       "structure: {file: " + data + ", types: [O, Na, Fe, Fe]}\npotential:\n  file: " + pot +
                           "\nseed: 5\ninitial_temperature_K: 300\nstages:\n  - {name: hold, ensemble: nve, steps: 5}\n"
                           "outputs: {thermo_every: 5}\n");
  const Protocol protocol = read_protocol(protocol_file);
  LammpsExportOptions options;
  options.output_dir = dir / "deck";
  const LammpsExportResult result = export_lammps_deck(protocol, options);

  // Evaluation's view of the same structure.
  const System system = build_initial_structure(protocol);
  auto ff = load_classical_potential(pot);
  ff->bind(system);
  const std::vector<std::string> species = ff->species_of_each_type(system);
  ASSERT_EQ(species.size(), 5u);
  EXPECT_EQ(species[1], "O");
  EXPECT_EQ(species[2], "Na");
  EXPECT_EQ(species[3], "Fe3+");
  EXPECT_EQ(species[4], "Fe2+");

  // Per-atom charges in structure.data are those evaluation uses.
  const System exported = read_lammps_data(result.data_path);
  ASSERT_EQ(exported.size(), system.size());
  for (std::size_t i = 0; i < system.size(); ++i) {
    EXPECT_EQ(exported.types[i], system.types[i]) << "atom " << i;
    EXPECT_DOUBLE_EQ(exported.charges[i], ff->atom_charges()[i]) << "atom " << i;
  }

  // Every present type pair carries the parameters of the pair term evaluation picks for it.
  const std::string deck = test::read_text(result.deck_path);
  const auto coeffs = pair_coeffs(deck);
  int checked = 0;
  for (int a = 1; a <= 4; ++a)
    for (int b = a; b <= 4; ++b) {
      const PairTerm* term = ff->pair_term_for(species[a], species[b]);
      ASSERT_NE(term, nullptr);
      const auto it = coeffs.find({a, b});
      if (term->models.empty()) {
        EXPECT_EQ(it, coeffs.end()) << a << " " << b;
        continue;
      }
      ASSERT_NE(it, coeffs.end()) << "no pair_coeff for types " << a << " " << b << "\n" << deck;
      const auto* buck = dynamic_cast<const BuckinghamPair*>(term->models.front().get());
      ASSERT_NE(buck, nullptr);
      ASSERT_GE(it->second.size(), 3u);
      EXPECT_EQ(std::stod(it->second[0]), buck->A()) << species[a] << "-" << species[b];
      ++checked;
    }
  EXPECT_EQ(checked, 4);  // O-O, Na-O, Fe3+-O, Fe2+-O
  EXPECT_NE(deck.find(" 1=O(-2) 2=Na(1) 3=Fe3+(3) 4=Fe2+(2)"), std::string::npos) << deck;
}

}  // namespace
}  // namespace ionglass
