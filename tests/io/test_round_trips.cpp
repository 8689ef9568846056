// Conversions between formats keep every number to the precision it was written with.
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <cmath>

#include "io_test_helpers.hpp"
#include "ionglass/io/lammps_data.hpp"
#include "ionglass/io/structure_io.hpp"

using namespace ionglass;
using test::temp_file;

namespace {
// |a − b| within `relative` of |a| (0 → exact).
void expect_close(double a, double b, double relative, const char* what) {
  if (relative == 0) {
    EXPECT_EQ(a, b) << what;
  } else {
    EXPECT_LE(std::abs(a - b), relative * std::max(1.0, std::abs(a))) << what;
  }
}

void expect_same_atoms(const System& a, const System& b, double relative) {
  ASSERT_EQ(a.size(), b.size());
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) expect_close(a.cell.matrix()(r, c), b.cell.matrix()(r, c), relative, "lattice");
    expect_close(a.cell.origin()[r], b.cell.origin()[r], relative, "origin");
  }
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.types, b.types);
  ASSERT_EQ(a.atom_types.size(), b.atom_types.size());
  for (std::size_t t = 0; t < a.atom_types.size(); ++t) {
    EXPECT_EQ(a.atom_types[t].atomic_number, b.atom_types[t].atomic_number);
    expect_close(a.atom_types[t].mass_amu, b.atom_types[t].mass_amu, relative, "mass");
  }
  EXPECT_EQ(a.images, b.images);
  ASSERT_EQ(a.has_velocities(), b.has_velocities());
  ASSERT_EQ(a.has_charges(), b.has_charges());
  for (std::size_t i = 0; i < a.size(); ++i)
    for (int k = 0; k < 3; ++k) {
      expect_close(a.positions[i][k], b.positions[i][k], relative, "position");
      if (a.has_velocities()) expect_close(a.velocities[i][k], b.velocities[i][k], relative, "velocity");
    }
  for (std::size_t i = 0; i < a.charges.size(); ++i) expect_close(a.charges[i], b.charges[i], relative, "charge");
}
}  // namespace

TEST(RoundTrip, DataToExtxyzToDataKeepsEveryNumber) {
  for (const char* model : {"ACE", "Teter"}) {
    SCOPED_TRACE(model);
    const System original = read_lammps_data(test::glass(model, 2));
    const std::string xyz = temp_file(std::string(model) + ".extxyz");
    write_structure(xyz, original);
    const System via_xyz = read_structure(xyz);
    expect_same_atoms(original, via_xyz, 0);  // extended XYZ is written exactly
    const std::string data = temp_file(std::string(model) + ".data");
    write_structure(data, via_xyz);
    const System back = read_lammps_data(data);
    // LAMMPS data files are written with 16 significant digits.
    expect_same_atoms(original, back, 2e-16 * 10);
  }
}

TEST(RoundTrip, GlassWithDeclaredButUnusedTypesKeepsItsComposition) {
  const System original = read_lammps_data(test::glass("BMP", 1));
  const std::string xyz = temp_file("bmp.extxyz");
  write_structure(xyz, original);
  const System back = read_structure(xyz);
  EXPECT_EQ(back.counts(), original.counts());
  EXPECT_EQ(back.types, original.types);  // written as a type column because types are not alphabetical
  for (std::size_t i = 0; i < original.size(); ++i) {
    EXPECT_EQ(back.positions[i], original.positions[i]);
    EXPECT_EQ(back.mass(i), original.mass(i));
    EXPECT_EQ(back.charges[i], original.charges[i]);
  }
  EXPECT_NEAR(back.density_g_cm3(), original.density_g_cm3(), 1e-12);
}

TEST(RoundTrip, DumpToExtxyzKeepsEveryNumber) {
  const auto frames = read_frames(test::formats_dir() + "/triclinic.dump");
  const std::string xyz = temp_file("dump.extxyz");
  auto writer = create_trajectory_writer(xyz);
  for (const auto& f : frames) writer->write(f);
  writer->close();
  const auto back = read_frames(xyz);
  ASSERT_EQ(back.size(), frames.size());
  for (std::size_t k = 0; k < frames.size(); ++k) {
    expect_same_atoms(frames[k], back[k], 0);
    EXPECT_EQ(back[k].timestep, frames[k].timestep);
    for (const char* name : {"forces", "c_pe", "c_stress", "v_gamma"})
      EXPECT_EQ(back[k].properties.at(name).values, frames[k].properties.at(name).values) << name;
  }
}

TEST(RoundTrip, PoscarToExtxyzKeepsEveryNumber) {
  for (const char* name : {"POSCAR", "CONTCAR_md"}) {
    SCOPED_TRACE(name);
    const System original = read_structure(test::formats_dir() + "/" + name, {{}, "poscar", ""});
    const std::string xyz = temp_file(std::string(name) + ".extxyz");
    write_structure(xyz, original);
    const System back = read_structure(xyz);
    expect_same_atoms(original, back, 0);
    EXPECT_EQ(back.info, original.info);
    if (original.properties.count("selective_dynamics")) {
      EXPECT_EQ(back.properties.at("selective_dynamics").values, original.properties.at("selective_dynamics").values);
    }
    // And back to POSCAR: fractional coordinates agree to rounding.
    const std::string poscar = temp_file(std::string(name) + "_again.vasp");
    write_structure(poscar, back);
    const System again = read_structure(poscar);
    expect_same_atoms(original, again, 1e-14);
  }
}

TEST(RoundTrip, OutcarToExtxyzKeepsEnergiesForcesAndStress) {
  const auto frames = read_frames(test::formats_dir() + "/OUTCAR");
  const std::string xyz = temp_file("outcar.extxyz");
  auto writer = create_trajectory_writer(xyz);
  for (const auto& f : frames) writer->write(f);
  writer->close();
  const auto back = read_frames(xyz);
  ASSERT_EQ(back.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    expect_same_atoms(frames[k], back[k], 0);
    EXPECT_EQ(back[k].info, frames[k].info);
    EXPECT_EQ(back[k].properties.at("forces").values, frames[k].properties.at("forces").values);
  }
}

TEST(RoundTrip, GeneralTriclinicCellIsRotatedForLammpsData) {
  // A POSCAR-style cell with a not along x: the data file holds the rotated cell, same geometry.
  System s = read_structure(test::formats_dir() + "/POSCAR");
  Mat3 rotation = Eigen::AngleAxisd(0.7, Vec3(1, 2, 3).normalized()).toRotationMatrix();
  s.cell = Cell(s.cell.matrix() * rotation.transpose());
  for (auto& r : s.positions) r = rotation * r;
  ASSERT_FALSE(s.cell.is_lammps_form());
  const std::string data = temp_file("rotated.data");
  write_structure(data, s);
  const System back = read_lammps_data(data);
  EXPECT_TRUE(back.cell.is_lammps_form());
  EXPECT_NEAR(back.cell.volume(), s.cell.volume(), 1e-10);
  EXPECT_LT((back.cell.lengths() - s.cell.lengths()).norm(), 1e-12);
  EXPECT_LT((back.cell.angles_deg() - s.cell.angles_deg()).norm(), 1e-10);
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_LT((back.cell.to_fractional(back.positions[i]) - s.cell.to_fractional(s.positions[i])).norm(), 1e-13);
    EXPECT_STREQ(back.symbol(i), s.symbol(i));
  }
}
