// The typed description of a classical force field: every pair model's parameters read back as in
// the potential file, the force field's pair terms, charges, Coulomb settings and angle terms, and
// the one species resolution (type_labels, then labels, then elements).
#include <gtest/gtest.h>

#include <cmath>

#include "ionglass/core/elements.hpp"
#include "ionglass/potential/born_mayer_huggins_pair.hpp"
#include "ionglass/potential/buckingham_pair.hpp"
#include "ionglass/potential/classical_potential_file.hpp"
#include "ionglass/potential/lennard_jones_pair.hpp"
#include "ionglass/potential/morse_pair.hpp"
#include "ionglass/potential/tabulated_pair.hpp"
#include "ionglass/potential/teter_pair.hpp"
#include "ionglass/potential/zbl_pair.hpp"

namespace ionglass {
namespace {

const std::string every_model =
    "name: every_model\nunits: metal\n"
    "charges: {O: -1.2, Na: 0.6, P: 3.0, Si: 2.4, Fe2+: 1.2, Fe3+: 1.8}\n"
    "type_labels: {2: Fe3+}\n"
    "short_range:\n  cutoff: 5.5\n  shift: true\n  tabulate: false\n  pairs:\n"
    "    - {pair: [Na, O], model: buckingham, A: 4383.7555, rho: 0.243838, C: 30.7}\n"
    "    - {pair: [O, O], model: teter, A: 2029.2204, rho: 0.34364, C: 192.58, B: 46.462, n: 3.43, D: -0.32605, r0: "
    "1.906}\n"
    "    - {pair: [Fe3+, O], model: morse, D0: 0.348991, alpha: 1.920376, r0: 2.202183, C0: 1.0, cutoff: 6.0}\n"
    "    - {pair: [P, O], model: born_mayer_huggins, A: 0.25, rho: 0.317, sigma: 2.34, C: 10.5, D: 3.25}\n"
    "    - {pair: [Si, O], model: lennard_jones, epsilon: 0.0104, sigma: 3.4}\n"
    "    - {pair: [Si, Si], model: zbl}\n"
    "    - {pair: [Fe2+, O], model: tabulated, r: [1.0, 2.0, 3.0, 4.0], energy: [3.0, 1.0, -0.5, -0.1]}\n"
    "    - {pair: ['*', '*'], model: none}\n"
    "coulomb: {method: dsf, alpha: 0.2, cutoff: 9.0}\n";

template <typename Model>
const Model& model_of(const ClassicalForceField& ff, const std::string& a, const std::string& b) {
  const PairTerm* term = ff.pair_term_for(a, b);
  EXPECT_NE(term, nullptr) << a << "-" << b;
  EXPECT_EQ(term->models.size(), 1u);
  const auto* model = dynamic_cast<const Model*>(term->models.front().get());
  EXPECT_NE(model, nullptr) << a << "-" << b << " has model " << term->models.front()->name();
  return *model;
}

TEST(PairParameters, EveryModelReadsBackItsFileValues) {
  auto ff = parse_classical_potential(every_model, "every_model.yaml");
  const auto& buck = model_of<BuckinghamPair>(*ff, "O", "Na");  // either order
  EXPECT_EQ(buck.A(), 4383.7555);
  EXPECT_EQ(buck.rho(), 0.243838);
  EXPECT_EQ(buck.C(), 30.7);
  const auto& teter = model_of<TeterPair>(*ff, "O", "O");
  EXPECT_EQ(teter.A(), 2029.2204);
  EXPECT_EQ(teter.rho(), 0.34364);
  EXPECT_EQ(teter.C(), 192.58);
  EXPECT_EQ(teter.B(), 46.462);
  EXPECT_EQ(teter.n(), 3.43);
  EXPECT_EQ(teter.D(), -0.32605);
  EXPECT_EQ(teter.r0(), 1.906);
  const auto& morse = model_of<MorsePair>(*ff, "Fe3+", "O");
  EXPECT_EQ(morse.D0(), 0.348991);
  EXPECT_EQ(morse.alpha(), 1.920376);
  EXPECT_EQ(morse.r0(), 2.202183);
  EXPECT_EQ(morse.C0(), 1.0);
  const auto& born = model_of<BornMayerHugginsPair>(*ff, "P", "O");
  EXPECT_EQ(born.A(), 0.25);
  EXPECT_EQ(born.rho(), 0.317);
  EXPECT_EQ(born.sigma(), 2.34);
  EXPECT_EQ(born.C(), 10.5);
  EXPECT_EQ(born.D(), 3.25);
  const auto& lj = model_of<LennardJonesPair>(*ff, "Si", "O");
  EXPECT_EQ(lj.epsilon(), 0.0104);
  EXPECT_EQ(lj.sigma(), 3.4);
  const auto& zbl = model_of<ZblPair>(*ff, "Si", "Si");
  EXPECT_EQ(zbl.Zi(), 14);
  EXPECT_EQ(zbl.Zj(), 14);
  EXPECT_NEAR(zbl.screening_length(), 0.46850 / (2 * std::pow(14.0, 0.23)), 1e-15);
  const auto& table = model_of<TabulatedPair>(*ff, "Fe2+", "O");
  EXPECT_EQ(table.distances(), (std::vector<double>{1.0, 2.0, 3.0, 4.0}));
  EXPECT_EQ(table.energies(), (std::vector<double>{3.0, 1.0, -0.5, -0.1}));

  // Cutoffs and shift per term; the wildcard term has no models.
  EXPECT_EQ(ff->pair_term_for("Na", "O")->cutoff, 5.5);
  EXPECT_EQ(ff->pair_term_for("O", "Fe3+")->cutoff, 6.0);
  EXPECT_TRUE(ff->pair_term_for("Na", "O")->shift);
  EXPECT_TRUE(ff->pair_term_for("Na", "Na")->models.empty());
  EXPECT_EQ(ff->pair_term_for("Na", "Na")->species_a, "*");

  // Charges, Coulomb settings, type labels, no angle terms.
  EXPECT_EQ(ff->charges().at("Fe3+"), 1.8);
  EXPECT_FALSE(ff->uses_structure_charges());
  EXPECT_EQ(ff->coulomb().method, CoulombMethod::DampedShiftedForce);
  EXPECT_EQ(ff->coulomb().alpha, 0.2);
  EXPECT_EQ(ff->coulomb().cutoff, 9.0);
  EXPECT_EQ(ff->type_labels().at(2), "Fe3+");
  EXPECT_TRUE(ff->angle_terms().empty());
  EXPECT_FALSE(ff->tabulated());

  // The log description is built from the same values.
  EXPECT_EQ(teter.describe(),
            "teter A=2029.2204 eV rho=0.34364 Å C=192.58 eV·Å⁶ B=46.462 n=3.43 D=-0.32605 r0=1.906 Å");
}

TEST(PairParameters, AnExactSpeciesPairBeatsTheWildcard) {
  auto ff = parse_classical_potential(every_model, "every_model.yaml");
  EXPECT_EQ(ff->pair_term_for("Na", "O"), ff->pair_term_for("O", "Na"));
  EXPECT_NE(ff->pair_term_for("Na", "O"), ff->pair_term_for("Na", "Na"));
  EXPECT_EQ(ff->pair_term_for("Na", "P"), ff->pair_term_for("Fe2+", "Si"));  // both the '*' term
}

// Types 1 O, 2 Fe (type_labels → Fe3+), 3 Fe labelled Fe2+ in the structure, 4 Na labelled "Na+"
// (a label the potential does not know → its element).
System labelled_system() {
  System s;
  s.cell = Cell(12.0 * Mat3::Identity());
  const auto type = [](const char* element, const char* label) {
    const Element& e = elements::by_symbol(element);
    return AtomType{e.atomic_number, e.mass_amu, label};
  };
  s.atom_types = {type("O", ""), type("Fe", ""), type("Fe", "Fe2+"), type("Na", "Na+")};
  s.positions = {Vec3(0, 0, 0), Vec3(2.1, 0, 0), Vec3(0, 2.0, 0), Vec3(0, 0, 2.4)};
  s.types = {1, 2, 3, 4};
  return s;
}

TEST(PairParameters, SpeciesOfEachTypeHonoursTypeLabelsThenLabelsThenElements) {
  auto ff = parse_classical_potential(every_model, "every_model.yaml");
  const System system = labelled_system();
  const auto species = ff->species_of_each_type(system);
  EXPECT_EQ(species, (std::vector<std::string>{"", "O", "Fe3+", "Fe2+", "Na"}));
  // Evaluation uses the same mapping: the charges bound to the atoms are those of these species.
  ff->bind(system);
  EXPECT_EQ(ff->atom_charges(), (std::vector<double>{-1.2, 1.8, 1.2, 0.6}));
}

}  // namespace
}  // namespace ionglass
