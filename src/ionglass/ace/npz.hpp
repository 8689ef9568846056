#pragma once
// Uncompressed NumPy `.npz` archives of float64 arrays (what numpy.savez writes and numpy.load
// reads): a ZIP file (PKWARE APPNOTE 6.3, method 0 "stored", no ZIP64) whose entries "NAME.npy" are
// NPY v1.0 files (magic "\x93NUMPY", version 1.0, little-endian header length, a Python-literal
// header {'descr': '<f8', 'fortran_order': False, 'shape': (…), } padded to a multiple of 64
// bytes, then the data in C order). CRC-32 is the ZIP/IEEE 802.3 polynomial 0xEDB88320.
// Used for the ACE active-set inverse (`.asi`, one m×m array per element symbol).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace ionglass::ace {

/// A float64 array with its shape (C order).
struct NpyArray {
  std::vector<std::size_t> shape;
  std::vector<double> data;
};

/// CRC-32 (ZIP) of a byte range.
std::uint32_t crc32(const unsigned char* data, std::size_t size, std::uint32_t crc = 0);

/// The bytes of an NPY v1.0 file holding `array`.
std::string npy_bytes(const NpyArray& array);
/// Parses an NPY file (v1.0/2.0, '<f8', C or Fortran order). Throws InputError(source) on anything else.
NpyArray parse_npy(const std::string& bytes, const std::string& source);

/// Writes the arrays as NAME.npy entries of an uncompressed `.npz`, atomically.
void write_npz(const std::string& path, const std::map<std::string, NpyArray>& arrays);
/// Reads every entry of an `.npz` written with numpy.savez (stored, not deflated). Keys lose ".npy".
std::map<std::string, NpyArray> read_npz(const std::string& path);

NpyArray to_npy(const Eigen::MatrixXd& matrix);
/// A 2-D array as a matrix. Throws InputError(source) for other ranks.
Eigen::MatrixXd to_matrix(const NpyArray& array, const std::string& source);

}  // namespace ionglass::ace
