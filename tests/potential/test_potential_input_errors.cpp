// Bad potential files and systems the potential cannot evaluate give clear InputErrors.
#include <gtest/gtest.h>

#include "ionglass/core/error.hpp"
#include "ionglass/potential/classical_potential_file.hpp"
#include "small_systems.hpp"
#include "test_paths.hpp"

namespace ionglass {
namespace {

std::string error_of(const std::string& text, bool bind = true) {
  try {
    auto p = parse_classical_potential(text, "bad.yaml");
    if (bind) p->bind(test::small_glass_cell());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const std::string charges = "charges: {Na: 0.6, Fe: 1.2, P: 3.0, O: -1.2}\n";
const std::string no_pairs = "short_range: {pairs: [{pair: ['*', '*'], model: none}]}\n";

TEST(PotentialInputErrors, UnknownElement) {
  const std::string e = error_of(charges + "short_range:\n  cutoff: 5\n  pairs:\n    - {pair: [Xx, O], model: buckingham, A: 1, rho: 0.3, C: 0}\n");
  EXPECT_NE(e.find("unknown element 'Xx'"), std::string::npos) << e;
  EXPECT_NE(e.find("bad.yaml:5"), std::string::npos) << e;
}

TEST(PotentialInputErrors, MissingPairParameters) {
  const std::string e = error_of(charges + "short_range:\n  cutoff: 5\n  pairs:\n    - {pair: [O, O], model: buckingham, A: 1, rho: 0.3, C: 0}\n" +
                                 "coulomb: {method: dsf, alpha: 0.2, cutoff: 5}\n");
  EXPECT_NE(e.find("no pair parameters for"), std::string::npos) << e;
  // Declared as zero: accepted.
  EXPECT_EQ(error_of(charges + "short_range:\n  cutoff: 5\n  pairs:\n    - {pair: [O, O], model: buckingham, A: 1, rho: 0.3, C: 0}\n" +
                     "    - {pair: ['*', '*'], model: none}\n"),
            "");
}

TEST(PotentialInputErrors, MissingParameterAndUnknownModel) {
  EXPECT_NE(error_of(charges + "short_range:\n  cutoff: 5\n  pairs:\n    - {pair: [O, O], model: buckingham, A: 1, C: 0}\n")
                .find("missing parameter 'rho'"),
            std::string::npos);
  EXPECT_NE(error_of(charges + "short_range:\n  cutoff: 5\n  pairs:\n    - {pair: [O, O], model: bukingham}\n").find("unknown model"),
            std::string::npos);
  EXPECT_NE(error_of(charges + "coulom: {method: ewald}\n").find("unknown key 'coulom'"), std::string::npos);
}

TEST(PotentialInputErrors, NonNeutralSystemWithEwaldOrPppm) {
  const std::string odd = "charges: {Na: 0.6, Fe: 1.2, P: 3.0, O: -1.1}\n" + no_pairs;
  for (const std::string method : {"ewald", "pppm"}) {
    const std::string e = error_of(odd + "coulomb: {method: " + method + ", cutoff: 6.0}\n");
    EXPECT_NE(e.find("net charge"), std::string::npos) << e;
    EXPECT_EQ(error_of(odd + "coulomb: {method: " + method + ", cutoff: 6.0, allow_non_neutral: true}\n"), "");
  }
  EXPECT_EQ(error_of(odd + "coulomb: {method: dsf, cutoff: 6.0, alpha: 0.2}\n"), "");  // DSF needs no neutrality
}

TEST(PotentialInputErrors, CutoffTooLargeForCell) {
  const std::string e = error_of(charges + no_pairs + "coulomb: {method: ewald, cutoff: 10.0}\n");
  EXPECT_NE(e.find("exceeds half the smallest cell width"), std::string::npos) << e;
}

TEST(PotentialInputErrors, ChargesMissing) {
  EXPECT_NE(error_of("charges: {Na: 0.6, P: 3.0, O: -1.2}\n" + no_pairs + "coulomb: {method: dsf, cutoff: 6.0, alpha: 0.2}\n")
                .find("no charge for species Fe"),
            std::string::npos);
  System s = test::small_glass_cell();
  s.charges.clear();
  auto p = parse_classical_potential("charges: from_structure\n" + no_pairs + "coulomb: {method: dsf, cutoff: 6.0, alpha: 0.2}\n", "x");
  EXPECT_THROW(p->bind(s), InputError);
}

TEST(PotentialInputErrors, ShippedFilesLoad) {
  for (const char* f : {"teter.yaml", "bmp.yaml", "teter_reference.yaml", "bmp_reference.yaml"})
    EXPECT_NO_THROW(load_classical_potential(test::source_dir() + "/potentials/" + f)) << f;
}

}  // namespace
}  // namespace ionglass
