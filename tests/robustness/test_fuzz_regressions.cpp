// The fuzz targets' promise (fuzz/README.md) checked in the ordinary test suite, through the same
// table the libFuzzer executables use (fuzz/fuzz_targets.hpp): every input a fuzzing run found
// and that was fixed (tests/data/fuzz_regressions/<target>/) is accepted or refused with one
// InputError naming the file; so are an empty file and a page of NUL bytes for every target; and
// a valid file of each kind is accepted, so that the table calls the real readers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../../fuzz/fuzz_targets.hpp"
#include "test_paths.hpp"

namespace ionglass {
namespace {

std::vector<std::uint8_t> file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(FuzzRegressions, EveryRecordedFindingKeepsThePromise) {
  const std::filesystem::path root = std::filesystem::path(IONGLASS_TEST_DATA) / "fuzz_regressions";
  int inputs = 0;
  for (const fuzz::Target& target : fuzz::targets()) {
    const auto folder = root / target.name;
    if (!std::filesystem::is_directory(folder)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
      SCOPED_TRACE(entry.path().string());
      const auto bytes = file_bytes(entry.path());
      EXPECT_EQ(fuzz::run_target(target, bytes.data(), bytes.size()), "");
      ++inputs;
    }
  }
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    bool known = false;
    for (const fuzz::Target& target : fuzz::targets()) known = known || entry.path().filename() == target.name;
    EXPECT_TRUE(known) << entry.path() << " is not the name of a fuzz target";
  }
  EXPECT_GT(inputs, 0) << "no regression inputs under " << root;
}

TEST(FuzzRegressions, EmptyAndNulInputsKeepThePromiseForEveryTarget) {
  const std::vector<std::uint8_t> empty, nul(4096, 0), one_nul(1, 0);
  for (const fuzz::Target& target : fuzz::targets()) {
    SCOPED_TRACE(target.name);
    EXPECT_EQ(fuzz::run_target(target, empty.data(), empty.size()), "");
    EXPECT_EQ(fuzz::run_target(target, nul.data(), nul.size()), "");
    EXPECT_EQ(fuzz::run_target(target, one_nul.data(), one_nul.size()), "");
  }
}

TEST(FuzzRegressions, ValidFilesAreAccepted) {
  const std::string data = IONGLASS_TEST_DATA, source = IONGLASS_SOURCE_DIR;
  const std::vector<std::pair<std::string, std::string>> valid = {
      {"extxyz", data + "/calculators/cp2k/na2fe2p2o8.extxyz"},
      {"lammps_dump", data + "/formats/triclinic.dump"},
      {"poscar", data + "/formats/POSCAR"},
      {"xdatcar", data + "/formats/XDATCAR_variable"},
      {"outcar", data + "/formats/OUTCAR"},
      {"vasprun", data + "/formats/vasp_public/vasprun_md_si64.xml"},
      {"cp2k_output", data + "/calculators/cp2k/h2o_energy_force.out"},
      {"classical_potential", source + "/potentials/teter.yaml"},
      {"vasp_incar", source + "/fuzz/seeds/vasp_incar/INCAR"},
      {"vasp_kpoints", source + "/fuzz/seeds/vasp_kpoints/KPOINTS"},
      {"b_basis", source + "/fuzz/seeds/b_basis/tiny.yaml"},
      {"yace", source + "/fuzz/seeds/yace/tiny.yace"},
      {"fit_checkpoint", source + "/fuzz/seeds/fit_checkpoint/fit_checkpoint.json"},
      {"md_checkpoint", source + "/fuzz/seeds/md_checkpoint/whole_file"},
      {"md_checkpoint", source + "/fuzz/seeds/md_checkpoint/fields"},
      {"active_set_npz", source + "/fuzz/seeds/active_set_npz/whole_file"},
      {"active_set_npz", source + "/fuzz/seeds/active_set_npz/entry"},
  };
  for (const auto& [name, path] : valid) {
    SCOPED_TRACE(name + ": " + path);
    const auto bytes = file_bytes(path);
    ASSERT_FALSE(bytes.empty());
    const fuzz::Target& target = fuzz::target(name);
    const auto prepared = target.prepare(bytes.data(), bytes.size());
    const std::string file = fuzz::write_input(prepared.data(), prepared.size(), target.file_name);
    EXPECT_NO_THROW(target.read(file));
  }
}

}  // namespace
}  // namespace ionglass
