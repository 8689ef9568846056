#pragma once
// Frames handed over from Python as NumPy arrays, for the analysis, MD and ACE-tool bindings:
// positions (F, N, 3) in Å, cells (F, 3, 3) in Å with the lattice vectors as rows (ASE and
// extended-XYZ convention), atomic numbers (N,), pbc (3,) and optional MD steps (F,). The Python
// side (python/ionglass/_frames.py) turns ase.Atoms, ionglass structures or raw arrays into these.
// Also: std::vector<double> → 1-D NumPy array, and nlohmann::json → Python objects (through the
// json module, whose float parsing reads nlohmann's shortest round-trip text back bit for bit).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ionglass/ace/active_set.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass::python {

namespace py = pybind11;

using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using IntArray = py::array_t<long long, py::array::c_style | py::array::forcecast>;

/// The frames of the arrays, each a System with one type per element (standard masses), ids 1..N,
/// and the MD step when `steps` is given (empty array: unknown). Throws InputError naming
/// `source` for inconsistent shapes, unknown atomic numbers or non-finite positions.
std::vector<System> frames_from_arrays(const DoubleArray& positions, const DoubleArray& cells, const IntArray& numbers,
                                       const py::sequence& pbc, const IntArray& steps, const std::string& source);

/// Frames with where each came from, as the ACE tools stream them.
struct FrameList {
  std::vector<System> frames;
  std::vector<ace::StructureOrigin> origins;
};

/// The frames of a Python source description: ("files", [paths], types, format, atom_style) reads
/// every frame of the files in order; ("arrays", positions, cells, numbers, pbc, steps, label) uses
/// frames_from_arrays; ("list", [sources]) concatenates sources. Throws InputError for anything else.
FrameList frames_from_source(const py::tuple& source);

/// A copy of `values` as a 1-D float64 array.
py::array_t<double> to_numpy(const std::vector<double>& values);

/// `value` as Python dicts, lists, floats, ints, strings, bools and None.
py::object to_python(const nlohmann::json& value);

}  // namespace ionglass::python
