#pragma once
// Binary checkpoints of an MD run: everything needed to continue it exactly.
//
// Layout (little-endian, as written by the machine): the magic "IONGLASS-MD-CHECKPOINT", a format
// version (2), the fields of Checkpoint in order (vectors preceded by their length), the magic
// again, and a CRC-32 (zlib) of all bytes before it. read_checkpoint checks magic, version and
// checksum before it parses anything; version 1 files (no checksum) are refused. The file
// is written atomically (a temporary file renamed into place), so a run killed while writing one
// keeps the previous checkpoint.
#include <cstdint>
#include <string>
#include <vector>

#include "ionglass/core/vector.hpp"

namespace ionglass {

struct Checkpoint {
  std::uint64_t protocol_hash = 0;   ///< hash of the protocol text (a changed protocol cannot resume)
  std::uint64_t stage_index = 0;     ///< stage to continue (0-based); == number of stages when done
  std::int64_t stage_step = 0;       ///< steps of that stage already done
  std::int64_t step = 0;             ///< total MD steps done
  double time_ps = 0;
  Mat3 lattice = Mat3::Zero();
  Vec3 origin = Vec3::Zero();
  std::vector<Vec3> positions, velocities;
  std::vector<Image> images;
  std::string random_state;
  std::vector<double> thermostat_state;
  double exchanged_energy_eV = 0;
  std::uint64_t thermo_bytes = 0;      ///< size of the thermo CSV at this point
  std::uint64_t trajectory_bytes = 0;  ///< size of the trajectory file at this point
};

void write_checkpoint(const std::string& path, const Checkpoint& checkpoint);
/// Throws InputError naming the file when it is missing, truncated or not a checkpoint.
Checkpoint read_checkpoint(const std::string& path);

/// 64-bit FNV-1a hash of a text.
std::uint64_t text_hash(const std::string& text);

}  // namespace ionglass
