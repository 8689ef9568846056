#include "frame_arrays.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass::python {

std::vector<System> frames_from_arrays(const DoubleArray& positions, const DoubleArray& cells, const IntArray& numbers,
                                       const py::sequence& pbc, const IntArray& steps, const std::string& source) {
  if (positions.ndim() != 3 || positions.shape(2) != 3)
    throw InputError(source, 0, "positions must have the shape (frames, atoms, 3)");
  const auto frames = static_cast<std::size_t>(positions.shape(0));
  const auto atoms = static_cast<std::size_t>(positions.shape(1));
  if (cells.ndim() != 3 || static_cast<std::size_t>(cells.shape(0)) != frames || cells.shape(1) != 3 ||
      cells.shape(2) != 3)
    throw InputError(source, 0, fmt::format("cells must have the shape ({}, 3, 3)", frames));
  if (numbers.ndim() != 1 || static_cast<std::size_t>(numbers.shape(0)) != atoms)
    throw InputError(source, 0, fmt::format("numbers must have the shape ({},)", atoms));
  if (py::len(pbc) != 3) throw InputError(source, 0, "pbc must hold three booleans");
  if (steps.size() != 0 && (steps.ndim() != 1 || static_cast<std::size_t>(steps.shape(0)) != frames))
    throw InputError(source, 0, fmt::format("steps must have the shape ({},)", frames));
  const std::array<bool, 3> periodic{pbc[0].cast<bool>(), pbc[1].cast<bool>(), pbc[2].cast<bool>()};

  System first;
  const long long* z = numbers.data();
  first.types.reserve(atoms);
  for (std::size_t i = 0; i < atoms; ++i) {
    if (z[i] < 1 || z[i] > elements::max_atomic_number)
      throw InputError(source, 0, fmt::format("atom {}: unknown atomic number {}", i, z[i]));
    first.types.push_back(first.type_for_element(static_cast<int>(z[i])));
    first.ids.push_back(static_cast<long long>(i) + 1);
  }
  std::vector<System> result(frames, first);
  const double* x = positions.data();
  const double* h = cells.data();
  for (std::size_t f = 0; f < frames; ++f) {
    System& frame = result[f];
    Mat3 lattice;
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) lattice(r, c) = h[f * 9 + r * 3 + c];
    frame.cell = Cell(lattice, Vec3::Zero(), periodic);
    frame.positions.resize(atoms);
    for (std::size_t i = 0; i < atoms; ++i) {
      const double* p = x + (f * atoms + i) * 3;
      if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(p[2]))
        throw InputError(source, 0, fmt::format("frame {}, atom {}: position is not finite", f, i));
      frame.positions[i] = Vec3(p[0], p[1], p[2]);
    }
    if (steps.size() != 0) frame.timestep = steps.data()[f];
    frame.validate(source);
  }
  return result;
}

FrameList frames_from_source(const py::tuple& source) {
  FrameList list;
  const auto kind = py::len(source) ? source[0].cast<std::string>() : std::string();
  if (kind == "files" && py::len(source) == 5) {
    ReadOptions read;
    read.type_elements = source[2].cast<std::vector<std::string>>();
    read.format = source[3].cast<std::string>();
    read.atom_style = source[4].cast<std::string>();
    for (const auto& path : source[1].cast<std::vector<std::string>>()) {
      const auto reader = open_trajectory(path, read);
      System frame;
      for (std::size_t index = 0; reader->next(frame); ++index) {
        list.origins.push_back({path, index, frame.size()});
        list.frames.push_back(frame);
      }
    }
  } else if (kind == "arrays" && py::len(source) == 7) {
    const auto label = source[6].cast<std::string>();
    list.frames =
        frames_from_arrays(source[1].cast<DoubleArray>(), source[2].cast<DoubleArray>(), source[3].cast<IntArray>(),
                           source[4].cast<py::sequence>(), source[5].cast<IntArray>(), label);
    for (std::size_t index = 0; index < list.frames.size(); ++index)
      list.origins.push_back({label, index, list.frames[index].size()});
  } else if (kind == "list" && py::len(source) == 2) {
    for (const auto& item : source[1].cast<py::list>()) {
      FrameList part = frames_from_source(item.cast<py::tuple>());
      for (std::size_t k = 0; k < part.frames.size(); ++k) {
        list.origins.push_back({part.origins[k].file, list.frames.size(), part.frames[k].size()});
        list.frames.push_back(std::move(part.frames[k]));
      }
    }
  } else {
    throw InputError("frames: expected ('files', ...), ('arrays', ...) or ('list', [...]) from ionglass._frames");
  }
  return list;
}

py::array_t<double> to_numpy(const std::vector<double>& values) {
  py::array_t<double> array(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), array.mutable_data());
  return array;
}

py::object to_python(const nlohmann::json& value) {
  return py::module_::import("json").attr("loads")(value.dump());
}

}  // namespace ionglass::python
