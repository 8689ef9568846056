// Non-finite potential results (issue 16, class 4): two atoms on the same spot gave a −nan/−inf
// energy that eval printed and wrote with exit 0. evaluate() (eval, validate) and the MD force
// step now refuse any non-finite result, naming the closest pair of atoms.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "ionglass/core/error.hpp"
#include "ionglass/core/system.hpp"
#include "ionglass/core/unphysical_structure_error.hpp"
#include "ionglass/potential/classical_potential_file.hpp"
#include "ionglass/potential/finite_result_check.hpp"

namespace ionglass {
namespace {

const char* teter_like = R"(
charges: {Na: 0.6, O: -1.2}
short_range:
  cutoff: 5.0
  pairs:
    - {pair: [Na, O], model: teter, A: 4383.7555, rho: 0.243838, C: 30.700, B: 48.264, n: 2.893, D: -4.730, r0: 1.172}
    - {pair: [O, O], model: buckingham, A: 2029.2204, rho: 0.343640, C: 192.580}
    - {pair: [Na, Na], model: none}
coulomb: {method: dsf, cutoff: 5.0, alpha: 0.2}
)";

System pair_at(double separation_A) {
  System s;
  s.cell = Cell(Mat3::Identity() * 12.0);
  const int na = s.type_for_element(11), o = s.type_for_element(8);
  s.add_atom(1, na, Vec3(3, 3, 3));
  s.add_atom(2, o, Vec3(3 + separation_A, 3, 3));
  s.add_atom(3, o, Vec3(8, 8, 8));
  return s;
}

std::string message_of(const System& s) {
  auto potential = parse_classical_potential(teter_like, "teter_like.yaml");
  try {
    evaluate(*potential, s);
  } catch (const ComputationError& e) {
    return e.what();
  }
  return "";
}

TEST(NonFiniteResults, CoincidentAtomsAreRefusedNamingThePair) {
  const std::string message = message_of(pair_at(0.0));
  ASSERT_FALSE(message.empty()) << "coincident atoms gave a finite result";
  EXPECT_NE(message.find("not finite"), std::string::npos) << message;
  EXPECT_NE(message.find("ids 1 and 2 (Na, O) at 0 Å"), std::string::npos) << message;
}

// With the file the structure came from, the same fault is that file's InputError; without one it
// stays an UnphysicalStructureError (a ComputationError: inside MD it is the simulation's fault).
TEST(NonFiniteResults, WithASourceTheyAreAnInputErrorOfThatFile) {
  auto potential = parse_classical_potential(teter_like, "teter_like.yaml");
  try {
    evaluate(*potential, pair_at(0.0), {}, "glass.data (frame 3)");
    ADD_FAILURE() << "coincident atoms gave a finite result";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "glass.data (frame 3)");
    EXPECT_NE(e.problem().find("ids 1 and 2 (Na, O) at 0 Å"), std::string::npos) << e.what();
  }
  EXPECT_THROW(evaluate(*potential, pair_at(0.0)), UnphysicalStructureError);
  EXPECT_NO_THROW(evaluate(*potential, pair_at(2.3), {}, "glass.data"));
}

TEST(NonFiniteResults, OrdinaryConfigurationsPass) {
  EXPECT_EQ(message_of(pair_at(2.3)), "");
}

TEST(NonFiniteResults, EveryResultFieldIsChecked) {
  const System s = pair_at(2.3);
  PotentialResult r;
  r.reset(s.size(), EvaluationRequest{true, true, true});
  EXPECT_NO_THROW(check_finite_result(r, s));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto expect_refused = [&](PotentialResult bad, const std::string& fragment) {
    try {
      check_finite_result(bad, s, "step 7");
      ADD_FAILURE() << "no error for " << fragment;
    } catch (const ComputationError& e) {
      const std::string m = e.what();
      EXPECT_EQ(m.rfind("step 7: ", 0), 0u) << m;
      EXPECT_NE(m.find(fragment), std::string::npos) << m;
    }
  };
  PotentialResult bad = r;
  bad.forces[2][1] = nan;
  expect_refused(bad, "force on atom id 3");
  bad = r;
  bad.per_atom_energy[1] = std::numeric_limits<double>::infinity();
  expect_refused(bad, "energy of atom id 2");
  bad = r;
  bad.virial(0, 2) = nan;
  expect_refused(bad, "virial");
  bad = r;
  bad.add_component("coulomb", -std::numeric_limits<double>::infinity());
  expect_refused(bad, "energy");
  EXPECT_NE(describe_closest_pair(s).find("no two atoms within 1 Å"), std::string::npos);
}

}  // namespace
}  // namespace ionglass
