// mobility_species: which element is the anion, the network former and the counted neighbour
// species when the options leave them empty (rule in analysis/dynamics/mobility_descriptors.hpp).
#include <gtest/gtest.h>

#include "ionglass/analysis/dynamics/mobility_descriptors.hpp"
#include "ionglass/core/elements.hpp"

namespace ionglass {
namespace {

// `count` atoms of each listed element at scattered positions in a 20 Å cube.
System glass_of(const std::vector<std::pair<std::string, int>>& composition) {
  System s;
  s.cell = Cell(Mat3::Identity() * 20.0);
  long long id = 1;
  for (const auto& [symbol, count] : composition) {
    const int type = s.type_for_element(elements::by_symbol(symbol).atomic_number);
    for (int k = 0; k < count; ++k)
      s.add_atom(id, type,
                 Vec3(0.37 * static_cast<double>(id % 50), 0.53 * static_cast<double>(id % 31),
                      0.11 * static_cast<double>(id))),
          ++id;
  }
  return s;
}

TEST(MobilitySpecies, PhosphateGlassGivesOxygenPhosphorusAndTheOtherCations) {
  const System s = glass_of({{"Na", 4}, {"Fe", 4}, {"P", 4}, {"O", 16}});
  const MobilitySpecies roles = mobility_species(s, "Na", MobilityOptions{});
  EXPECT_EQ(roles.anion, "O");
  EXPECT_EQ(roles.former, "P");  // smaller covalent radius than Fe
  EXPECT_EQ(roles.neighbors, (std::vector<std::string>{"Fe", "P"}));
}

TEST(MobilitySpecies, SilicateAndMixedAnionsFollowTheRule) {
  const System s = glass_of({{"Li", 6}, {"Si", 3}, {"O", 9}, {"F", 2}});
  const MobilitySpecies roles = mobility_species(s, "Li", MobilityOptions{});
  EXPECT_EQ(roles.anion, "O");  // the anion with the most atoms
  EXPECT_EQ(roles.former, "Si");
  EXPECT_EQ(roles.neighbors, (std::vector<std::string>{"Si"}));
}

TEST(MobilitySpecies, OptionsOverrideAndAbsentElementsAreDropped) {
  const System s = glass_of({{"Na", 4}, {"Fe", 4}, {"P", 4}, {"O", 16}});
  MobilityOptions options;
  options.former = "Fe";
  options.neighbor_species = {"P", "Si", "Na"};  // Si absent, Na is the mobile species
  const MobilitySpecies roles = mobility_species(s, "Na", options);
  EXPECT_EQ(roles.former, "Fe");
  EXPECT_EQ(roles.neighbors, (std::vector<std::string>{"P"}));
  options.anion = "S";  // not present: no anion descriptors
  EXPECT_TRUE(mobility_species(s, "Na", options).anion.empty());
  const System no_anion = glass_of({{"Na", 3}, {"Fe", 3}});
  EXPECT_TRUE(mobility_species(no_anion, "Na", MobilityOptions{}).anion.empty());
}

}  // namespace
}  // namespace ionglass
