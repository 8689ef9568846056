// VASP input files: INCAR reading rules and bad input, INCAR/KPOINTS/POSCAR round trips (ionglass
// reads back what it writes), and the INCAR the vasp calculator writes for its defaults, DFT+U and MD.
#include <gtest/gtest.h>

#include "ionglass/calculators/vasp_calculator.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/element_types.hpp"
#include "ionglass/io/vasp_incar.hpp"
#include "ionglass/io/vasp_kpoints.hpp"
#include "ionglass/io/vasp_poscar.hpp"
#include "vasp_test_support.hpp"

using namespace ionglass;
using namespace ionglass::calculators;
using namespace ionglass::test;

namespace {

std::string value_of(const IncarTags& tags, const std::string& tag) {
  for (const auto& [name, value] : tags)
    if (name == tag) return value;
  return "(absent)";
}

void expect_tags(const IncarTags& tags, const IncarTags& expected) {
  for (const auto& [tag, value] : expected) EXPECT_EQ(value_of(tags, tag), value) << tag;
}

void expect_incar_error(const std::string& text, long line, const char* part) {
  try {
    parse_incar(text, "INCAR");
    FAIL() << "no error for: " << text;
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

// Na, Fe, P, O in a mixed order (the POSCAR groups them: Na Na Fe P O O).
System mixed_structure() {
  System s;
  Mat3 lattice;
  lattice << 6.0, 0.0, 0.0, 0.5, 6.5, 0.0, -0.3, 0.2, 7.0;
  s.cell = Cell(lattice);
  s.positions = {{0.1, 0.2, 0.3}, {3.0, 1.0, 2.0}, {1.5, 4.0, 5.0}, {4.0, 4.5, 0.5}, {2.2, 2.2, 2.2}, {5.0, 0.5, 6.0}};
  s.ids = {1, 2, 3, 4, 5, 6};
  assign_types_by_element(s, {11, 26, 8, 11, 15, 8});
  return s;
}

}  // namespace

TEST(Incar, ReadingRules) {
  const IncarTags tags = parse_incar(
      "SYSTEM = \"NaFePO4 glass\"   # a title\n"
      "encut=520 ; ismear = 0 ! Gaussian\n"
      "  LWAVE = .FALSE.; lcharg = f\n"
      "LASPH = T\n"
      "\n"
      "# only a comment\n"
      "MAGMOM = 4*0.6   2*5.0\n"
      "LDAUL = -1  2 -1   -1\n",
      "INCAR");
  ASSERT_EQ(tags.size(), 8u);
  EXPECT_EQ(tags[0], (std::pair<std::string, std::string>{"SYSTEM", "NaFePO4 glass"}));
  EXPECT_EQ(value_of(tags, "ENCUT"), "520");
  EXPECT_EQ(value_of(tags, "ISMEAR"), "0");
  EXPECT_EQ(value_of(tags, "LWAVE"), ".FALSE.");
  EXPECT_EQ(value_of(tags, "LCHARG"), ".FALSE.");
  EXPECT_EQ(value_of(tags, "LASPH"), ".TRUE.");
  EXPECT_EQ(value_of(tags, "MAGMOM"), "4*0.6 2*5.0");
  EXPECT_EQ(value_of(tags, "LDAUL"), "-1 2 -1 -1");
}

TEST(Incar, BadInputNamesTheLine) {
  expect_incar_error("ENCUT = 520\nISMEAR = 0\nencut = 400\n", 3, "ENCUT given twice (first at line 1)");
  expect_incar_error("ENCUT = 520\nPREC Accurate\n", 2, "expected 'TAG = value'");
  expect_incar_error("ISMEAR = \n", 1, "has no value");
  expect_incar_error("= 3\n", 1, "is not a tag name");
  expect_incar_error("NELM = 60; NELM = 100\n", 1, "NELM given twice");
}

TEST(Incar, WriteReadRoundTrip) {
  const auto dir = vasp_scratch("incar_round_trip");
  VaspSettings settings;
  settings.command = {"vasp_gam"};
  settings.hubbard_u_eV = {{"Fe", 5.3}};
  settings.incar = {{"NCORE", "8"}, {"ALGO", "Fast"}};
  const VaspCalculator calculator(settings);
  CalculationRequest md;
  md.kind = CalculationRequest::Kind::molecular_dynamics;
  md.molecular_dynamics = {5000.0, 100, 2.0, 10, 7};
  for (const auto& request : {CalculationRequest{}, md}) {
    const IncarTags tags = calculator.incar_for(mixed_structure(), request);
    write_incar((dir / "INCAR").string(), tags);
    EXPECT_EQ(read_incar((dir / "INCAR").string()), tags);
  }
}

TEST(Incar, CalculatorDefaultsDftPlusUAndMolecularDynamics) {
  VaspSettings settings;
  settings.command = {"vasp_gam"};
  const System s = mixed_structure();
  const IncarTags plain = VaspCalculator(settings).incar_for(s, {});
  expect_tags(plain, {{"ENCUT", "520"},
                      {"GGA", "PE"},
                      {"ISPIN", "1"},
                      {"ISMEAR", "0"},
                      {"SIGMA", "0.05"},
                      {"EDIFF", "1e-05"},
                      {"NELM", "200"},
                      {"IBRION", "-1"},
                      {"NSW", "0"}});
  EXPECT_EQ(value_of(plain, "LDAU"), "(absent)");  // no U given: plain PBE
  // U on Fe: per species in the POSCAR's order Na Fe O P (first appearance).
  settings.hubbard_u_eV = {{"Fe", 5.3}};
  settings.incar = {{"ENCUT", "600"}, {"NCORE", "4"}};
  const IncarTags u = VaspCalculator(settings).incar_for(s, {});
  expect_tags(u, {{"LDAU", ".TRUE."},
                  {"LDAUTYPE", "2"},
                  {"LDAUL", "-1 2 -1 -1"},
                  {"LDAUU", "0 5.3 0 0"},
                  {"LDAUJ", "0 0 0 0"},
                  {"LMAXMIX", "4"}});
  EXPECT_EQ(value_of(u, "ENCUT"), "600");  // the user's value replaces the default
  EXPECT_EQ(value_of(u, "NCORE"), "4");
  CalculationRequest md;
  md.kind = CalculationRequest::Kind::molecular_dynamics;
  md.molecular_dynamics = {5000.0, 100, 2.0, 10, 7};
  const IncarTags m = VaspCalculator(settings).incar_for(s, md);
  expect_tags(m, {{"IBRION", "0"},
                  {"MDALGO", "2"},
                  {"NSW", "100"},
                  {"POTIM", "2"},
                  {"TEBEG", "5000"},
                  {"TEEND", "5000"},
                  {"ISYM", "0"}});
  // Tags that ionglass sets itself for MD cannot be overridden.
  settings.incar = {{"NSW", "10"}};
  EXPECT_THROW(VaspCalculator{settings}, InputError);
}

TEST(Kpoints, WriteReadRoundTripAndBadFiles) {
  const auto dir = vasp_scratch("kpoints");
  const std::string path = (dir / "KPOINTS").string();
  KpointMesh gamma;  // Γ only
  write_kpoints(path, gamma);
  EXPECT_EQ(read_kpoints(path), gamma);
  EXPECT_NE(text_of(path).find("Gamma\n1 1 1\n"), std::string::npos);
  KpointMesh mp;
  mp.divisions = {4, 4, 2};
  mp.gamma_centered = false;
  mp.shift = Vec3(0.5, 0.5, 0.0);
  write_kpoints(path, mp);
  EXPECT_EQ(read_kpoints(path), mp);
  // Written by hand, as users do.
  write_text(path, "Automatic mesh\n 0\nmonkhorst\n  3  3  3\n");
  EXPECT_EQ(read_kpoints(path).divisions, (std::array<int, 3>{3, 3, 3}));
  EXPECT_FALSE(read_kpoints(path).gamma_centered);
  write_text(path, "explicit\n2\nReciprocal\n0 0 0 1\n0.5 0 0 1\n");
  EXPECT_THROW(read_kpoints(path), InputError);
  write_text(path, "mesh\n0\nGamma\n1 0 1\n");
  EXPECT_THROW(read_kpoints(path), InputError);
  write_text(path, "mesh\n0\n");
  EXPECT_THROW(read_kpoints(path), InputError);
}

TEST(Poscar, WriteReadRoundTripGroupsAtomsByElement) {
  const auto dir = vasp_scratch("poscar");
  const System s = mixed_structure();
  const std::string path = (dir / "POSCAR").string();
  write_poscar(path, s);
  const System back = read_poscar(path);
  const auto order = vasp_atom_order(s);
  ASSERT_EQ(back.size(), s.size());
  EXPECT_TRUE(back.cell.matrix().isApprox(s.cell.matrix(), 1e-14));
  for (std::size_t k = 0; k < s.size(); ++k) {
    EXPECT_EQ(back.atomic_number(k), s.atomic_number(order[k]));
    EXPECT_LT((back.positions[k] - s.positions[order[k]]).norm(), 1e-9) << "atom " << k;
  }
  EXPECT_NE(text_of(path).find("Na   Fe    O    P"), std::string::npos) << text_of(path);
}
