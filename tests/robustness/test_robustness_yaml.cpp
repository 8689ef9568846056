// Duplicate YAML keys (issue 16, class 5): yaml-cpp keeps the first value silently; every
// ionglass YAML input (classical potentials, ACE .yace/.yaml, protocols) goes through
// load_yaml_strict, which refuses them with the line of both occurrences.
#include <gtest/gtest.h>

#include <string>

#include "../io/io_test_helpers.hpp"
#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/yace_reader.hpp"
#include "ionglass/core/strict_yaml.hpp"
#include "ionglass/potential_loader/potential_loader.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/potential/classical_potential_file.hpp"

namespace ionglass {
namespace {

using test::expect_input_error;

TEST(StrictYaml, AcceptsOrdinaryDocuments) {
  const YAML::Node root = load_yaml_strict("a: 1\nb: {c: 2, d: [1, 2]}\nlist:\n  - {x: 1}\n  - {x: 2}\n", "ok.yaml");
  EXPECT_EQ(root["b"]["c"].as<int>(), 2);
  EXPECT_EQ(root["list"][1]["x"].as<int>(), 2);  // the same key in different mappings is fine
}

TEST(StrictYaml, DuplicateKeysAtAnyDepthNameBothLines) {
  expect_input_error([] { load_yaml_strict("a: 1\nb: 2\na: 3\n", "top.yaml"); },
                     {"top.yaml:3:", "duplicate key 'a'", "first at line 1"});
  expect_input_error([] { load_yaml_strict("outer:\n  inner: 1\n  other: 2\n  inner: 5\n", "nested.yaml"); },
                     {"nested.yaml:4:", "duplicate key 'inner'", "first at line 2"});
  expect_input_error([] { load_yaml_strict("list:\n  - {x: 1, y: 2, x: 3}\n", "flow.yaml"); },
                     {"flow.yaml:2:", "duplicate key 'x'"});
  expect_input_error([] { load_yaml_strict("a: [1, 2\n", "syntax.yaml"); }, {"syntax.yaml:", "YAML syntax error"});
}

TEST(StrictYaml, PotentialAndProtocolReadersAreStrict) {
  expect_input_error([] { parse_classical_potential("name: a\nunits: metal\nname: b\n", "pot.yaml"); },
                     {"pot.yaml:3:", "duplicate key 'name'"});
  expect_input_error([] { parse_protocol("seed: 1\nseed: 2\n", "protocol.yaml"); },
                     {"protocol.yaml:2:", "duplicate key 'seed'"});
  expect_input_error([] { ace::parse_yace("elements: [Na]\nelements: [O]\n", "pot.yace"); },
                     {"pot.yace:2:", "duplicate key 'elements'"});
  expect_input_error([] { ace::parse_b_basis("species: []\nspecies: []\n", "pot.yaml"); },
                     {"pot.yaml:2:", "duplicate key 'species'"});
}

TEST(AcePotentialFile, BBasisWithoutSpeciesSaysSo) {
  const std::string path = test::temp_file("no_species.yaml");
  test::write_text_file(path, "metadata:\n  purpose: test\nglobal:\n  DeltaSplineBins: 0.001\n");
  expect_input_error([&] { load_potential(path); }, {path + ":1:", "ACE B-basis", "no top-level 'species:'"});
}

TEST(AcePotentialFile, AbsurdCutoffNamesTheFile) {
  std::string text = test::read_text_file(test::data_dir() + "/potential/NaFePO4.yace");
  const auto at = text.find("rcut: 6.5");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 9, "rcut: 1e12");
  const std::string path = test::temp_file("absurd_rcut.yace");
  test::write_text_file(path, text);
  expect_input_error([&] { load_potential(path); }, {path, "1e+12"});
}

}  // namespace
}  // namespace ionglass
