// core/chemical_formula (the one formula parser and its errors) and core/strict_yaml YamlReader.
#include <gtest/gtest.h>

#include "ionglass/core/chemical_formula.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/strict_yaml.hpp"

namespace ionglass {
namespace {

TEST(ChemicalFormula, CountsElementsAndAtoms) {
  EXPECT_EQ(parse_formula("P2O5"), (std::map<std::string, long long>{{"O", 5}, {"P", 2}}));
  EXPECT_EQ(parse_formula("NaFePO4"), (std::map<std::string, long long>{{"Fe", 1}, {"Na", 1}, {"O", 4}, {"P", 1}}));
  EXPECT_EQ(parse_formula("FeOFe"), (std::map<std::string, long long>{{"Fe", 2}, {"O", 1}}));  // repeats add up
  EXPECT_EQ(formula_atom_count("NaFePO4"), 7);
  EXPECT_EQ(formula_atom_count("Na12Si3O10"), 25);
}

void expect_error(const std::string& formula, const std::string& part) {
  try {
    parse_formula(formula);
    ADD_FAILURE() << formula << " was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(ChemicalFormula, RejectsMalformedTextWithClearMessages) {
  expect_error("", "empty chemical formula");
  expect_error("Xx2O", "unknown element 'Xx'");
  expect_error("na2O", "expected an element symbol at 'na2O'");
  expect_error("Na2(PO4)", "expected an element symbol at '(PO4)'");
  expect_error("P0O5", "zero count");
  expect_error("O99999999", "count too large");
}

TEST(YamlReader, TypedGettersNameTheFileAndLine) {
  const YAML::Node root = load_yaml_strict("a: 1.5\nb: [1, 2]\nc: text\n", "input.yaml");
  const YamlReader reader{"input.yaml"};
  EXPECT_EQ(reader.get<double>(root, "a", "top"), 1.5);
  EXPECT_EQ(reader.get_list<int>(root, "b", "top"), (std::vector<int>{1, 2}));
  EXPECT_EQ(reader.get_or<int>(root, "missing", "top", 7), 7);
  try {
    reader.get<double>(root, "c", "top");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("input.yaml:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot read 'text' as a number"), std::string::npos) << e.what();
  }
  try {
    reader.required(root, "d", "top");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("missing key 'd'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ionglass
