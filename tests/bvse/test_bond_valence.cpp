// BVSE landscape (softBV energy model), percolation barriers and parameter files.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ionglass/analysis/structure/bond_valence_parameters.hpp"
#include "ionglass/analysis/structure/bond_valence_site_energy.hpp"
#include "ionglass/analysis/structure/percolation_barriers.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/io/cube_file.hpp"
#include "test_paths.hpp"

using namespace ionglass;

namespace {

const BondValenceParameters& parameters() {
  static const auto p = BondValenceParameters::read(ionglass::test::source_dir() + "/data/bond_valence");
  return p;
}

// A small triclinic Na–Mg–O cell: Na is mobile, Mg²⁺ repels, O²⁻ attracts.
System small_cell() {
  System s;
  Mat3 h;
  h << 4.0, 0.0, 0.0, 0.6, 4.0, 0.0, 0.3, 0.4, 4.0;
  s.cell = Cell(h, Vec3::Zero(), {true, true, true});
  const int na = s.type_for_element(11), mg = s.type_for_element(12), o = s.type_for_element(8);
  s.add_atom(1, na, Vec3(0.1, 0.2, 0.3));
  s.add_atom(2, mg, Vec3(2.1, 2.3, 2.05));
  s.add_atom(3, o, Vec3(0.37, 2.41, 1.13));
  s.add_atom(4, o, Vec3(2.53, 0.71, 3.17));
  return s;
}

BvseSettings small_settings() {
  BvseSettings s;
  s.mobile_ion = "Na";
  s.oxidation_states = {{"Na", 1}, {"Mg", 2}, {"O", -2}};
  s.grid_spacing_A = 0.5;
  s.cutoff_A = 6.0;
  return s;
}

}  // namespace

TEST(BondValenceParameters, ReadsBundledTable) {
  const auto pair = parameters().find(11, 1, 8, -2);
  ASSERT_TRUE(pair.has_value());
  EXPECT_GT(pair->D0_eV, 0);
  EXPECT_GT(pair->Rmin_A, pair->R0_A);
  EXPECT_FALSE(parameters().find(11, 1, 8, -1).has_value());
  EXPECT_EQ(parameters().principal_quantum_number(11), 3);
  EXPECT_EQ(parameters().principal_quantum_number(26), 4);
}

TEST(BondValenceParameters, BadFileIsInputErrorWithLine) {
  const auto dir = std::filesystem::temp_directory_path() / "ionglass_bv_bad";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "softbv_parameters.csv")
        << "cation,cation_charge_e,anion,anion_charge_e,R0_A,alpha_per_A,D0_eV,Rmin_A\n"
        << "Na,1,O,-2,1.5,2.0,0.5,2.3\n"
        << "Na,1,O,-2,1.5,two,0.5,2.3\n";
    std::ofstream(dir / "principal_quantum_numbers.csv") << "element,principal_quantum_number\nNa,3\n";
  }
  try {
    BondValenceParameters::read(dir.string());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("softbv_parameters.csv:3"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "softbv_parameters.csv") << "cation,charge\nNa,1\n";
  EXPECT_THROW(BondValenceParameters::read(dir.string()), InputError);
  EXPECT_THROW(BondValenceParameters::read((dir / "missing").string()), InputError);
  std::filesystem::remove_all(dir);
}

TEST(BondValenceSiteEnergy, GridPointEqualsDirectSumOverImages) {
  const System s = small_cell();
  const BvseSettings settings = small_settings();
  const auto landscape = compute_bvse_landscape(s, settings, parameters());
  ASSERT_EQ(landscape.grid, (std::array<int, 3>{8, 9, 9}));
  const auto pair = *parameters().find(11, 1, 8, -2);
  const double rho = 0.74 * (elements::by_number(11).covalent_radius_A + elements::by_number(12).covalent_radius_A);
  const double qq = units::coulomb_eV_A * 1 * 2 / std::sqrt(3.0 * 3.0);  // n(Na) = n(Mg) = 3
  for (const auto& ijk : {std::array<int, 3>{0, 0, 0}, {3, 5, 7}, {7, 8, 2}}) {
    const Vec3 p = landscape.point(ijk[0], ijk[1], ijk[2]);
    double expected = 0;
    for (int x = -3; x <= 3; ++x)
      for (int y = -3; y <= 3; ++y)
        for (int z = -3; z <= 3; ++z)
          for (std::size_t a = 1; a < s.size(); ++a) {  // atom 0 is the mobile Na: removed
            const Vec3 r = s.positions[a] + s.cell.to_cartesian(Vec3(x, y, z));
            const double d = (r - p).norm();
            if (d >= settings.cutoff_A) continue;
            if (s.atomic_number(a) == 8) {
              const double m = std::exp(pair.alpha_per_A * (pair.Rmin_A - d)) - 1;
              expected += pair.D0_eV * (m * m - 1);
            } else {
              expected += qq / d * std::erfc(d / rho);
            }
          }
    EXPECT_NEAR(landscape.at(ijk[0], ijk[1], ijk[2]), expected, 1e-10);
    EXPECT_NEAR(landscape.site_energy_at(p), expected, 1e-10);
  }
}

TEST(BondValenceSiteEnergy, InvariantUnderOriginShiftWrappingAndSupercell) {
  const System s = small_cell();
  const BvseSettings settings = small_settings();
  const auto reference = compute_bvse_landscape(s, settings, parameters());

  System shifted = s;
  const Vec3 shift(1.3, -0.7, 2.9);
  for (auto& r : shifted.positions) r += shift;
  shifted.cell.set_origin(s.cell.origin() + shift);
  System wrapped = s;
  wrapped.positions[2] += s.cell.vector(0) * 2 - s.cell.vector(2);
  wrapped.positions[3] -= s.cell.vector(1);
  for (const System* other : {&shifted, &wrapped}) {
    const auto l = compute_bvse_landscape(*other, settings, parameters());
    ASSERT_EQ(l.grid, reference.grid);
    for (std::size_t v = 0; v < l.energy_eV.size(); ++v) ASSERT_NEAR(l.energy_eV[v], reference.energy_eV[v], 1e-9);
  }

  System super = s;
  Mat3 h = s.cell.matrix();
  h.row(0) *= 2;
  super.cell = Cell(h, s.cell.origin(), {true, true, true});
  for (std::size_t a = 0; a < s.size(); ++a)
    super.add_atom(long(a) + 10, s.types[a], s.positions[a] + s.cell.vector(0));
  const auto l = compute_bvse_landscape(super, settings, parameters());
  ASSERT_EQ(l.grid[0], 2 * reference.grid[0]);
  for (int i = 0; i < l.grid[0]; ++i)
    for (int j = 0; j < l.grid[1]; ++j)
      for (int k = 0; k < l.grid[2]; ++k) ASSERT_NEAR(l.at(i, j, k), reference.at(i % reference.grid[0], j, k), 1e-9);
}

TEST(BondValenceSiteEnergy, MissingOxidationStateOrPairIsInputError) {
  BvseSettings settings = small_settings();
  settings.oxidation_states.erase("Mg");
  EXPECT_THROW(compute_bvse_landscape(small_cell(), settings, parameters()), InputError);
  settings = small_settings();
  settings.oxidation_states["O"] = -1;  // no Na⁺–O⁻ pair in the table
  EXPECT_THROW(compute_bvse_landscape(small_cell(), settings, parameters()), InputError);
  EXPECT_THROW(parse_oxidation_states("Na=1,Xx=2"), InputError);
  EXPECT_THROW(parse_oxidation_states("Na=one"), InputError);
  EXPECT_EQ(parse_oxidation_states("Na=1,O=-2").at("O"), -2);
}

namespace {

// Synthetic landscape: 1 everywhere, 0 on the voxels `low` selects, a lower "well" at the origin.
std::vector<double> synthetic(const std::array<int, 3>& g, auto low) {
  std::vector<double> e(std::size_t(g[0]) * g[1] * g[2], 1.0);
  for (int i = 0; i < g[0]; ++i)
    for (int j = 0; j < g[1]; ++j)
      for (int k = 0; k < g[2]; ++k)
        if (low(i, j, k)) e[(std::size_t(i) * g[1] + j) * g[2] + k] = 0.2 + 0.01 * ((i + 2 * j + 3 * k) % 5);
  e[0] = -0.5;
  return e;
}

}  // namespace

TEST(PercolationBarriers, ChannelSlabAndNetwork) {
  const std::array<int, 3> g{6, 7, 8};
  // Channel along b through (0, *, 0): 1-D at the channel's highest voxel, 2-D/3-D only at 1.
  auto channel = percolation_barriers(synthetic(g, [](int i, int, int k) { return i == 0 && k == 0; }), g);
  EXPECT_NEAR(channel.barrier_eV[0], 0.24 + 0.5, 1e-12);
  EXPECT_NEAR(channel.barrier_eV[1], 1.5, 1e-12);
  EXPECT_NEAR(channel.barrier_eV[2], 1.5, 1e-12);
  EXPECT_EQ(std::abs(channel.wrap_vector[0][1]), 1);
  EXPECT_EQ(channel.wrap_vector[0][0], 0);
  EXPECT_EQ(channel.wrap_vector[0][2], 0);
  // Slab i == 0 (the a-c plane is not it: the b-c plane): 1-D and 2-D below 0.25, 3-D at 1.
  auto slab = percolation_barriers(synthetic(g, [](int i, int, int) { return i == 0; }), g);
  EXPECT_LT(slab.barrier_eV[0], 0.75);
  EXPECT_LT(slab.barrier_eV[1], 0.75);
  EXPECT_NEAR(slab.barrier_eV[2], 1.5, 1e-12);
  // Network of three orthogonal channels: all three below 0.25 + 0.5.
  auto network = percolation_barriers(
      synthetic(g, [](int i, int j, int k) { return (i == 0 && j == 0) || (j == 0 && k == 0) || (i == 0 && k == 0); }),
      g);
  for (int d = 0; d < 3; ++d) EXPECT_LT(network.barrier_eV[d], 0.75);
  // A closed pocket (no wrap) never percolates below the background.
  auto pocket = percolation_barriers(synthetic(g, [](int i, int j, int k) { return i < 3 && j < 3 && k < 3; }), g);
  EXPECT_NEAR(pocket.barrier_eV[0], 1.5, 1e-12);
}

TEST(PercolationBarriers, DiagonalChannelInTriclinicCellWrapsAlongBothAxes) {
  // A channel i == j (mod 6) at k == 0 wraps once per (1, 1, 0) translation: 1-D only.
  const std::array<int, 3> g{6, 6, 5};
  auto diagonal =
      percolation_barriers(synthetic(g, [](int i, int j, int k) { return k == 0 && (i == j || (i + 1) % 6 == j); }), g);
  EXPECT_LT(diagonal.barrier_eV[0], 0.75);
  EXPECT_EQ(std::abs(diagonal.wrap_vector[0][0]), 1);
  EXPECT_EQ(std::abs(diagonal.wrap_vector[0][1]), 1);
  EXPECT_NEAR(diagonal.barrier_eV[1], 1.5, 1e-12);
  // The BVSE landscape of a triclinic cell gives finite barriers ordered 1-D ≤ 2-D ≤ 3-D.
  const auto l = compute_bvse_landscape(small_cell(), small_settings(), parameters());
  const auto b = percolation_barriers(l.energy_eV, l.grid);
  EXPECT_LE(b.barrier_eV[0], b.barrier_eV[1]);
  EXPECT_LE(b.barrier_eV[1], b.barrier_eV[2]);
  EXPECT_LE(b.barrier_eV[2], l.maximum_eV - l.minimum_eV);
  EXPECT_THROW(percolation_barriers(std::vector<double>(3, 0.0), g), InputError);
}

TEST(CubeFile, HeaderInBohrAndValuesInOrder) {
  const System s = small_cell();
  const std::array<int, 3> g{2, 1, 3};
  const std::string text = cube_file_text(s, g, {1, 2, 3, 4, 5, 6}, "test");
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "test");
  std::getline(in, line);
  int natoms = 0, n = 0;
  double x = 0, y = 0, z = 0;
  in >> natoms >> x >> y >> z;
  EXPECT_EQ(natoms, 4);
  in >> n >> x >> y >> z;
  EXPECT_EQ(n, 2);
  EXPECT_NEAR(x, 2.0 / bohr_radius_A, 1e-5);
  EXPECT_THROW(cube_file_text(s, g, {1, 2}, "bad"), InputError);
}
