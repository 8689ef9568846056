#pragma once
// Conversions between ionglass's vectors and NumPy arrays, shared by every bind_*.cpp.
//
// Vec3 is Eigen::Vector3d: three contiguous doubles without padding, so a std::vector<Vec3> is an
// (N, 3) C-ordered float64 block and can be handed to NumPy without a copy (`vec3_view`), with the
// owning Python object as the array's base so the memory outlives neither.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "ionglass/core/error.hpp"
#include "ionglass/core/vector.hpp"

namespace ionglass::python {

namespace py = pybind11;

static_assert(sizeof(Vec3) == 3 * sizeof(double), "Vec3 must be three packed doubles for NumPy views");

/// Float64 arrays as received from Python: C-contiguous, converted from other dtypes when needed.
using DoubleArrayIn = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// An (N, 3) float64 view of `vectors` without a copy; `base` (the object owning `vectors`) is
/// kept alive by the array. The view is writable: writing into it changes `vectors`.
inline py::array_t<double> vec3_view(std::vector<Vec3>& vectors, py::handle base) {
  return py::array_t<double>({static_cast<py::ssize_t>(vectors.size()), py::ssize_t{3}},
                             {static_cast<py::ssize_t>(sizeof(Vec3)), static_cast<py::ssize_t>(sizeof(double))},
                             vectors.empty() ? nullptr : vectors.front().data(), base);
}

/// An (N, 3) float64 copy of `vectors`.
inline py::array_t<double> vec3_copy(const std::vector<Vec3>& vectors) {
  py::array_t<double> result({static_cast<py::ssize_t>(vectors.size()), py::ssize_t{3}});
  double* out = result.mutable_data();
  for (std::size_t i = 0; i < vectors.size(); ++i)
    for (int k = 0; k < 3; ++k) out[3 * i + k] = vectors[i][k];
  return result;
}

/// An (rows, columns) float64 view of `values` (size rows·columns) without a copy, kept alive by `base`.
inline py::array_t<double> matrix_view(std::vector<double>& values, std::size_t columns, py::handle base) {
  const auto rows = static_cast<py::ssize_t>(columns == 0 ? 0 : values.size() / columns);
  return py::array_t<double>({rows, static_cast<py::ssize_t>(columns)},
                             {static_cast<py::ssize_t>(columns * sizeof(double)), static_cast<py::ssize_t>(sizeof(double))},
                             values.empty() ? nullptr : values.data(), base);
}

/// A 1-D float64 copy of `values`.
inline py::array_t<double> vector_copy(const std::vector<double>& values) {
  py::array_t<double> result(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), result.mutable_data());
  return result;
}

/// An (N, 3) float64 array that takes over `vectors` (no copy): the memory is freed with the array.
inline py::array_t<double> vec3_array(std::vector<Vec3>&& vectors) {
  auto* owned = new std::vector<Vec3>(std::move(vectors));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<Vec3>*>(p); });
  return vec3_view(*owned, owner);
}

/// A 1-D float64 array that takes over `values` (no copy).
inline py::array_t<double> vector_array(std::vector<double>&& values) {
  auto* owned = new std::vector<double>(std::move(values));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  return py::array_t<double>({static_cast<py::ssize_t>(owned->size())}, {static_cast<py::ssize_t>(sizeof(double))},
                             owned->empty() ? nullptr : owned->data(), owner);
}

/// A 3×3 float64 copy of `matrix` (row-major, as written).
inline py::array_t<double> mat3_copy(const Mat3& matrix) {
  py::array_t<double> result({py::ssize_t{3}, py::ssize_t{3}});
  double* out = result.mutable_data();
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) out[3 * i + j] = matrix(i, j);
  return result;
}

/// Throws InputError "`what`: ..." unless every value is finite.
inline void require_finite(const double* values, std::size_t count, const std::string& what) {
  for (std::size_t i = 0; i < count; ++i)
    if (!std::isfinite(values[i]))
      throw InputError(what + ": value " + std::to_string(i) + " is not finite");
}

/// An (N, 3) array as Vec3s. `expected_rows` ≥ 0 demands that many rows. Throws InputError naming
/// `what` for another shape or non-finite values.
inline std::vector<Vec3> vec3_from_array(const DoubleArrayIn& array, long long expected_rows, const std::string& what) {
  if (array.ndim() != 2 || array.shape(1) != 3)
    throw InputError(what + ": expected an array of shape (N, 3)");
  if (expected_rows >= 0 && array.shape(0) != expected_rows)
    throw InputError(what + ": expected " + std::to_string(expected_rows) + " rows, got " +
                     std::to_string(array.shape(0)));
  const auto rows = static_cast<std::size_t>(array.shape(0));
  require_finite(array.data(), 3 * rows, what);
  std::vector<Vec3> result(rows);
  for (std::size_t i = 0; i < rows; ++i) result[i] = Vec3(array.at(i, 0), array.at(i, 1), array.at(i, 2));
  return result;
}

/// A 1-D array of `expected_size` (≥ 0) values as a vector. Throws InputError naming `what`.
inline std::vector<double> vector_from_array(const DoubleArrayIn& array, long long expected_size, const std::string& what) {
  if (array.ndim() != 1) throw InputError(what + ": expected a 1-D array");
  if (expected_size >= 0 && array.shape(0) != expected_size)
    throw InputError(what + ": expected " + std::to_string(expected_size) + " values, got " +
                     std::to_string(array.shape(0)));
  require_finite(array.data(), static_cast<std::size_t>(array.shape(0)), what);
  return std::vector<double>(array.data(), array.data() + array.shape(0));
}

/// A 3×3 array as a Mat3 (row i of the array → row i of the matrix). Throws InputError naming `what`.
inline Mat3 mat3_from_array(const DoubleArrayIn& array, const std::string& what) {
  if (array.ndim() != 2 || array.shape(0) != 3 || array.shape(1) != 3)
    throw InputError(what + ": expected an array of shape (3, 3)");
  require_finite(array.data(), 9, what);
  Mat3 result;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) result(i, j) = array.at(i, j);
  return result;
}

}  // namespace ionglass::python
