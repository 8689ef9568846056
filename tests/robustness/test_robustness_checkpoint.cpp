// Checkpoints carry a format version and a CRC-32 (issue 16, class 8): a damaged, cut, foreign or
// version-1 checkpoint is refused before anything is restored.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>

#include "../io/io_test_helpers.hpp"
#include "ionglass/md/checkpoint.hpp"

namespace ionglass {
namespace {

using test::expect_input_error;
using test::read_text_file;
using test::temp_file;
using test::write_text_file;

Checkpoint sample() {
  Checkpoint c;
  c.protocol_hash = text_hash("protocol");
  c.stage_index = 1;
  c.stage_step = 20;
  c.step = 120;
  c.time_ps = 0.12;
  c.lattice = Mat3::Identity() * 11.5;
  c.positions = {Vec3(1, 2, 3), Vec3(4, 5, 6)};
  c.velocities = {Vec3(0.1, 0.2, 0.3), Vec3(-0.1, -0.2, -0.3)};
  c.images = {Image{0, 1, -1}, Image{2, 0, 0}};
  c.random_state = "12345 678";
  c.thermostat_state = {0.5, -0.25};
  c.exchanged_energy_eV = 1.5;
  c.thermo_bytes = 900;
  c.trajectory_bytes = 4000;
  return c;
}

TEST(CheckpointIntegrity, RoundTripIsExact) {
  const std::string path = temp_file("good.bin");
  write_checkpoint(path, sample());
  const Checkpoint c = read_checkpoint(path);
  EXPECT_EQ(c.step, 120);
  EXPECT_EQ(c.positions[1], Vec3(4, 5, 6));
  EXPECT_EQ(c.images[0][2], -1);
  EXPECT_EQ(c.random_state, "12345 678");
  EXPECT_EQ(c.trajectory_bytes, 4000u);
}

TEST(CheckpointIntegrity, EightOverwrittenBytesAreDetectedAnywhere) {
  const std::string path = temp_file("damaged.bin");
  write_checkpoint(path, sample());
  const std::string good = read_text_file(path);
  // Past the magic and version (those have their own messages), every 8-byte window is checked.
  for (std::size_t at = 27; at + 8 <= good.size(); at += 8) {
    std::string bad = good;
    for (std::size_t k = 0; k < 8; ++k) bad[at + k] = static_cast<char>(bad[at + k] ^ 0x5a);
    write_text_file(path, bad);
    expect_input_error([&] { read_checkpoint(path); }, {path, "checksum"});
  }
  write_text_file(path, good.substr(0, good.size() - 3));
  expect_input_error([&] { read_checkpoint(path); }, {path});
}

TEST(CheckpointIntegrity, ForeignAndOldCheckpointsAreRefused) {
  const std::string path = temp_file("foreign.bin");
  write_text_file(path, "PK\x03\x04 a zip file, not a checkpoint");
  expect_input_error([&] { read_checkpoint(path); }, {path, "not an ionglass MD checkpoint"});
  // A version-1 file (no checksum) as older ionglass wrote it: magic, version 1, fields.
  std::string old = read_text_file((write_checkpoint(path, sample()), path));
  const std::uint32_t one = 1;
  std::memcpy(old.data() + 23, &one, sizeof(one));
  write_text_file(path, old.substr(0, old.size() - 4));
  expect_input_error([&] { read_checkpoint(path); }, {path, "version 1", "without --resume"});
  const std::uint32_t future = 9;
  std::memcpy(old.data() + 23, &future, sizeof(future));
  write_text_file(path, old);
  expect_input_error([&] { read_checkpoint(path); }, {path, "unsupported format version 9"});
}

}  // namespace
}  // namespace ionglass
