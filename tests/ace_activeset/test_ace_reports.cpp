// The report side of `ionglass ace`: the projections CSV and the JSON documents (report/ace_*).
#include <gtest/gtest.h>

#include <sstream>

#include "ionglass/ace/projections.hpp"
#include "ionglass/report/ace_active_learning_report.hpp"
#include "ionglass/report/ace_projections_csv.hpp"
#include "test_paths.hpp"

using namespace ionglass;
using namespace ionglass::ace;

TEST(AceReports, ProjectionsCsvRoundTripsEveryValue) {
  const BBasisPotential potential = read_b_basis(test::data_dir() + "/potential/NaFePO4.yaml");
  const BProjector projector(potential);
  System s;
  s.cell = Cell(Mat3::Identity() * 20.0);
  s.add_atom(1, s.type_for_element(26), Vec3(5, 5, 5));
  s.add_atom(2, s.type_for_element(8), Vec3(6.9, 5.1, 4.8));
  s.add_atom(3, s.type_for_element(11), Vec3(5.2, 7.6, 5.3));
  const AtomProjections p = projector.compute(s);
  AceProjectionsCsv csv(potential);
  csv.add(7, p);
  std::istringstream in(csv.text());
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("structure_index,atom_index,element,b0,b1,", 0), 0u);
  const std::size_t columns = static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')) + 1;
  for (std::size_t atom = 0; atom < p.size(); ++atom) {
    ASSERT_TRUE(std::getline(in, line));
    std::vector<std::string> cells;
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    if (line.back() == ',') cells.emplace_back();
    EXPECT_EQ(std::count(line.begin(), line.end(), ',') + 1, static_cast<long>(columns));
    EXPECT_EQ(cells[0], "7");
    EXPECT_EQ(cells[1], std::to_string(atom));
    EXPECT_EQ(cells[2], potential.elements[p.species[atom]]);
    const auto values = p.row(atom);
    for (std::size_t k = 0; k < values.size(); ++k) EXPECT_EQ(std::stod(cells[3 + k]), values[k]);  // 17 digits
  }
  EXPECT_FALSE(std::getline(in, line));
}

TEST(AceReports, JsonNamesStructuresByOrigin) {
  const std::vector<StructureOrigin> origins{{"a.extxyz", 0, 3}, {"b.extxyz", 4, 2}};
  StructureGrades g;
  g.index = 1;
  g.atoms = 2;
  g.max_gamma = 3.5;
  g.max_gamma_atom = 1;
  g.extrapolating_atoms = 1;
  g.max_gamma_by_element = {{"Fe", 0.5}, {"O", 3.5}};
  const auto grades = ace_grades_json({g}, origins);
  ASSERT_EQ(grades.size(), 1u);
  EXPECT_EQ(grades[0]["file"], "b.extxyz");
  EXPECT_EQ(grades[0]["frame"], 4);
  EXPECT_EQ(grades[0]["max_gamma_by_element"]["O"], 3.5);
  EXPECT_NE(ace_grades_text({g}, origins).find("b.extxyz"), std::string::npos);

  const auto selection = ace_selection_json({{1, 2, 3.5}}, origins);
  EXPECT_EQ(selection[0]["selected_environments"], 2);
  EXPECT_NE(ace_selection_text({{1, 2, 3.5}}, origins, "out.extxyz").find("selected 1 of 2"), std::string::npos);

  ActiveSetElementReport r;
  r.element = "Fe";
  r.functions = 2;
  r.active_ids = {(std::int64_t(3) << 32) | 17};
  const auto set = ace_active_set_json("pot.yaml", "pot.asi", 1.01, 5, {r});
  EXPECT_EQ(set["elements"]["Fe"]["active_environments"][0]["structure_index"], 3);
  EXPECT_EQ(set["elements"]["Fe"]["active_environments"][0]["atom_index"], 17);
}
