// The .yace reader: the bundled potential's content, and clear errors for malformed files.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ace_test_support.hpp"
#include "ionglass/core/error.hpp"

using namespace ionglass;
using namespace ionglass::ace;

namespace {

std::string bundled_text() {
  std::ifstream in(test::bundled_yace());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Expects parse_yace(text) to throw an InputError whose message contains `fragment`.
void expect_error(const std::string& text, const std::string& fragment) {
  try {
    parse_yace(text, "broken.yace");
    ADD_FAILURE() << "no error; expected one mentioning '" << fragment << "'";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("broken.yace"), std::string::npos) << e.what();
  }
}

std::string replace_first(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

}  // namespace

TEST(YaceReader, BundledPotential) {
  const AceCTildeBasis& b = test::bundled_basis();
  EXPECT_EQ(b.elements, (std::vector<std::string>{"Fe", "Na", "O", "P"}));
  EXPECT_EQ(b.E0, (std::vector<double>{0, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(b.delta_spline_bins, 0.001);
  ASSERT_EQ(b.bonds.size(), 16u);
  EXPECT_EQ(b.bond(0, 0).nradbasemax, 9);
  EXPECT_EQ(b.bond(0, 0).lmax, 3);
  EXPECT_EQ(b.bond(0, 1).nradbasemax, 6);
  EXPECT_EQ(b.bond(0, 1).lmax, 2);
  EXPECT_EQ(b.bond(2, 3).radbasename, "SBessel");
  EXPECT_EQ(b.bond(2, 3).inner_cutoff_type, "zbl");
  EXPECT_NEAR(b.bond(0, 2).rcut_in, 1.0302296598100915, 1e-15);
  EXPECT_NEAR(b.bond(0, 0).coefficient(0, 0, 0), 1.2270326619203371, 1e-15);
  EXPECT_NEAR(b.bond(0, 0).coefficient(1, 3, 1), 1.0, 0);
  EXPECT_EQ(b.embeddings[2].npoti, "FinnisSinclairShiftedScaled");
  EXPECT_EQ(b.embeddings[2].ndensity, 8);
  EXPECT_DOUBLE_EQ(b.embeddings[2].fs_parameters[15], 2.0);
  // 248 functions per element: 27 rank 1, 116 rank 2, 100 rank 3, 5 rank 4; 342 ms-combinations.
  for (const auto& list : b.functions) {
    ASSERT_EQ(list.size(), 248u);
    int by_rank[5] = {0, 0, 0, 0, 0}, combs = 0;
    for (const auto& f : list) {
      ++by_rank[f.rank];
      combs += f.num_ms_combs;
    }
    EXPECT_EQ(by_rank[1], 27);
    EXPECT_EQ(by_rank[2], 116);
    EXPECT_EQ(by_rank[3], 100);
    EXPECT_EQ(by_rank[4], 5);
    EXPECT_EQ(combs, 342);
  }
  // The worked example of the specification: Fe[nr=(1,1), nl=(1,1)], density 0.
  const auto& f = b.functions[0][28];
  EXPECT_EQ(f.ls, (std::vector<int>{1, 1}));
  EXPECT_NEAR(f.ctildes[0], 0.03537346596093971, 1e-15);
  EXPECT_NEAR(f.ctildes[8], -0.070746931921879405, 1e-15);
}

TEST(YaceReader, MalformedFilesGiveClearErrors) {
  const std::string good = bundled_text();
  expect_error("elements: [Fe, Na\n", "invalid YAML");
  expect_error("- just a list\n", "top level must be a mapping");
  expect_error(replace_first(good, "deltaSplineBins: 0.001\n", ""), "missing key 'deltaSplineBins'");
  expect_error(replace_first(good, "elements: [Fe, Na, O, P]", "elements: [Fe, Na, O, Xx]"), "unknown element 'Xx'");
  expect_error(replace_first(good, "E0: [0, 0, 0, 0]", "E0: [0, 0, 0]"), "'E0' has 3 entries");
  expect_error(replace_first(good, "FS_parameters: [1, 1, 1, 0.5,", "FS_parameters: [1, 1, 0.5,"), "FS_parameters must hold 2");
  expect_error(replace_first(good, "npoti: FinnisSinclairShiftedScaled", "npoti: Quadratic"), "unknown embedding npoti 'Quadratic'");
  expect_error(replace_first(good, "radbasename: SBessel", "radbasename: Gaussian"), "unknown radbasename 'Gaussian'");
  expect_error(replace_first(good, "radbasename: SBessel", "radbasename: ACE.jl.Basic"), "not supported");
  expect_error(replace_first(good, "radcoefficients: [[[1.2270326619203371, ", "radcoefficients: [[["), "radcoefficients must have shape");
  expect_error(replace_first(good, "inner_cutoff_type: zbl}", "inner_cutoff_type: hard}"), "unknown inner_cutoff_type 'hard'");
  expect_error(replace_first(good, "  [0, 1]: {", "  [0, 7]: {"), "not a species index");
  expect_error(replace_first(good, "rcut: 6.5,", "rcut: six,"), "cannot read 'six'");
  expect_error(replace_first(good, "ns: [1, 1], ls: [0, 0]", "ns: [1, 4], ls: [0, 0]"), "ns = 4 out of range 1..3");
  expect_error(replace_first(good, "ns: [1], ls: [0]", "ns: [10], ls: [0]"), "ns = 10 out of range 1..9");
  expect_error(replace_first(good, "ms_combs: [0, 0, 1, -1]", "ms_combs: [0, 0, 1]"), "ms_combs has 3 entries");
  expect_error(replace_first(good, "ls: [1, 1], ms_combs: [0, 0, 1, -1]", "ls: [1, 1], ms_combs: [0, 0, 2, -2]"), "exceeds l = 1");
  expect_error(replace_first(good, "mus: [0, 1], ns: [1, 1]", "mus: [0, 9], ns: [1, 1]"), "species index 9 out of range");
  // A missing bond.
  std::string no_bond = good;
  const auto begin = no_bond.find("  [3, 3]: {");
  no_bond.erase(begin, no_bond.find('\n', begin) + 1 - begin);
  expect_error(no_bond, "lacks the pair [3, 3]");
  // The line of the problem is reported.
  try {
    parse_yace(replace_first(good, "rcut: 6.5,", "rcut: six,"), "broken.yace");
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 10);
  }
  EXPECT_THROW(read_yace("/nonexistent/potential.yace"), InputError);
}
