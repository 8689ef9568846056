// A short NVE run of the exported Teter deck with Debian's lmp, from the velocities ionglass
// draws, stays on ionglass's own trajectory (`ionglass run` of the same protocol): every position
// within 1e-6 Å over the first 20 steps, read from both LAMMPS dumps (as `ionglass structure` /
// `dynamics` read them). Also with `mpirun -np 2`.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "ionglass/io/structure_io.hpp"
#include "ionglass/lammps/deck_writer.hpp"
#include "ionglass/lammps/runner.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/md/protocol_runner.hpp"
#include "lammps_test_support.hpp"

namespace ionglass {
namespace {

// Unwrapped positions by atom id of every frame.
std::vector<std::map<long long, Vec3>> unwrapped_frames(const std::string& dump) {
  std::vector<std::map<long long, Vec3>> out;
  for (const System& f : read_frames(dump)) {
    EXPECT_TRUE(f.has_images());
    const auto u = f.unwrapped_positions();
    std::map<long long, Vec3> m;
    for (std::size_t i = 0; i < f.size(); ++i) m[f.ids[i]] = u[i];
    out.push_back(std::move(m));
  }
  return out;
}

double max_deviation(const std::vector<std::map<long long, Vec3>>& a, const std::vector<std::map<long long, Vec3>>& b) {
  EXPECT_EQ(a.size(), b.size());
  double worst = 0;
  for (std::size_t k = 0; k < std::min(a.size(), b.size()); ++k) {
    EXPECT_EQ(a[k].size(), b[k].size());
    for (const auto& [id, r] : a[k]) worst = std::max(worst, (r - b[k].at(id)).norm());
  }
  return worst;
}

TEST(LammpsTrajectory, NveRunFollowsIonglassForTwentySteps) {
  IONGLASS_REQUIRE_LAMMPS();
  test::ScratchDir dir("nve");
  const std::string pot = test::write_text(dir / "teter.yaml", test::teter_potential_yaml(1e-5));
  const std::string proto = test::write_text(
      dir / "protocol.yaml",
      "structure:\n  file: " + test::glass("Teter", 1) + "\n  types: [Fe, Na, O, P]\npotential:\n  file: " + pot +
          "\nseed: 5\ninitial_temperature_K: 300\nstages:\n  - {name: free, ensemble: nve, steps: 20, timestep_ps: 0.001}\n"
          "outputs:\n  thermo_every: 1\n  trajectory_every: 1\n  trajectory_file: traj.dump\n  console: false\n"
          "safety:\n  max_temperature_K: 1.0e12\n");
  const Protocol protocol = read_protocol(proto);
  RunOptions run;
  run.output_dir = dir / "ionglass";
  run.progress = false;
  run_protocol(protocol, run);
  const auto reference = unwrapped_frames(dir / "ionglass/traj.dump");
  ASSERT_EQ(reference.size(), 21u);

  LammpsExportOptions o;
  o.output_dir = dir / "lammps";
  export_lammps_deck(protocol, o);
  LammpsRunOptions lr;
  lr.directory = o.output_dir;
  lr.progress = false;
  run_lammps_deck(lr);
  const auto lammps = unwrapped_frames(dir / "lammps/traj.dump");
  const double deviation = max_deviation(reference, lammps);
  std::cout << "max |r_LAMMPS - r_ionglass| over 20 steps: " << deviation << " A\n";
  EXPECT_LT(deviation, 1e-6);
  // The atoms moved (the comparison is not trivial).
  EXPECT_GT(max_deviation({reference.front()}, {reference.back()}), 1e-3);
  // The dump names the elements.
  const System first = read_frames(dir / "lammps/traj.dump").front();
  EXPECT_EQ(first.counts().at("P"), protocol.structure.types.size() == 4 ? first.counts().at("P") : 0u);
  EXPECT_EQ(first.counts().size(), 4u);

  // The same deck on two MPI ranks.
  if (find_executable("mpirun").empty()) GTEST_SKIP() << "no mpirun";
  std::filesystem::copy(o.output_dir, dir / "lammps_np2", std::filesystem::copy_options::recursive);
  std::filesystem::remove(dir / "lammps_np2/traj.dump");
  lr.directory = dir / "lammps_np2";
  lr.ranks = 2;
  run_lammps_deck(lr);
  const double deviation_np2 = max_deviation(reference, unwrapped_frames(dir / "lammps_np2/traj.dump"));
  std::cout << "mpirun -np 2: max |r_LAMMPS - r_ionglass| over 20 steps: " << deviation_np2 << " A\n";
  EXPECT_LT(deviation_np2, 1e-6);
}

}  // namespace
}  // namespace ionglass
