// Structures in Python: ionglass.Structure wraps one System (a frame), with NumPy views (no copy)
// of its positions (Å), velocities (Å/ps), charges (e) and real per-atom properties such as
// forces (eV/Å); plus readers and writers of every file format the io layer handles.
//
// Views share the System's storage and keep the Structure alive. The number of atoms of a
// Structure never changes, and arrays that exist are only ever overwritten in place, so a view
// stays valid for as long as it lives.
#include <pybind11/stl.h>

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

#include "bindings.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/unused_atom_types.hpp"
#include "ionglass/io/structure_io.hpp"
#include "numpy_conversion.hpp"

namespace ionglass::python {

namespace {

using IntArrayIn = py::array_t<long long, py::array::c_style | py::array::forcecast>;

/// One member of every atom type, in type order.
template <typename T>
std::vector<T> type_column(const System& system, T AtomType::*member) {
  std::vector<T> out;
  for (const AtomType& type : system.atom_types) out.push_back(type.*member);
  return out;
}

/// Atomic number of one entry of a `numbers` sequence: an int (Z) or an element symbol.
int atomic_number_of(py::handle entry) {
  if (py::isinstance<py::str>(entry)) return elements::by_symbol(entry.cast<std::string>()).atomic_number;
  const int z = entry.cast<int>();
  return elements::by_number(z).atomic_number;
}

/// A System of `numbers` (ints or symbols) at `positions`. Types: one per distinct (element, mass),
/// ordered by element symbol and then by first appearance, unless `types` (1-based) is given, in
/// which case every atom of a type must share element and mass, and the table has `type_count`
/// types (None: the largest of `types`); type numbers no atom uses get placeholders. Masses
/// default to standard masses.
System make_system(const py::sequence& numbers, const DoubleArrayIn& positions, const py::object& cell,
                   const std::array<bool, 3>& pbc, const py::object& types, const py::object& masses,
                   const py::object& type_count) {
  System system;
  system.positions = vec3_from_array(positions, static_cast<long long>(py::len(numbers)), "positions");
  const std::size_t natoms = system.positions.size();
  std::vector<int> z(natoms);
  for (std::size_t i = 0; i < natoms; ++i) z[i] = atomic_number_of(numbers[i]);
  std::vector<double> mass(natoms);
  if (masses.is_none()) {
    for (std::size_t i = 0; i < natoms; ++i) mass[i] = elements::by_number(z[i]).mass_amu;
  } else {
    mass = vector_from_array(masses.cast<DoubleArrayIn>(), static_cast<long long>(natoms), "masses");
    for (double m : mass)
      if (!(m > 0)) throw InputError("masses: every mass must be positive (amu)");
  }
  system.types.resize(natoms);
  if (!types.is_none()) {
    const IntArrayIn type_array = types.cast<IntArrayIn>();
    if (type_array.ndim() != 1 || type_array.shape(0) != static_cast<py::ssize_t>(natoms))
      throw InputError("types: expected one 1-based type per atom");
    for (std::size_t i = 0; i < natoms; ++i) {
      const long long t = type_array.at(i);
      if (t < 1 || t > 100000)
        throw InputError("types: type " + std::to_string(t) + " of atom " + std::to_string(i) + " is not in 1..100000");
      if (static_cast<std::size_t>(t) > system.atom_types.size()) system.atom_types.resize(t);
      AtomType& type = system.atom_types[t - 1];
      if (type.atomic_number == 0) {
        type.atomic_number = z[i];
        type.mass_amu = mass[i];
      } else if (type.atomic_number != z[i] || type.mass_amu != mass[i]) {
        throw InputError("types: atoms of type " + std::to_string(t) + " differ in element or mass");
      }
      system.types[i] = static_cast<int>(t);
    }
    if (!type_count.is_none()) {
      const long long count = type_count.cast<long long>();
      if (count < static_cast<long long>(system.atom_types.size()))
        throw InputError("type_count: " + std::to_string(count) + " is below the largest type, " +
                         std::to_string(system.atom_types.size()));
      if (count > 100000) throw InputError("type_count: " + std::to_string(count) + " is above 100000");
      system.atom_types.resize(static_cast<std::size_t>(count));
    }
    mark_unused_atom_types(system);  // type numbers that no atom uses (as a LAMMPS data file's table)
  } else {
    std::vector<std::tuple<std::string, std::size_t, int, double>> keys;  // symbol, first atom, Z, mass
    std::map<std::pair<int, double>, std::size_t> first_atom;
    for (std::size_t i = 0; i < natoms; ++i)
      if (first_atom.emplace(std::make_pair(z[i], mass[i]), i).second)
        keys.emplace_back(elements::by_number(z[i]).symbol, i, z[i], mass[i]);
    std::sort(keys.begin(), keys.end());
    std::map<std::pair<int, double>, int> type_of;
    for (const auto& [symbol, first, number, type_mass] : keys) {
      system.atom_types.push_back({number, type_mass, ""});
      type_of[{number, type_mass}] = static_cast<int>(system.atom_types.size());
    }
    for (std::size_t i = 0; i < natoms; ++i) system.types[i] = type_of.at({z[i], mass[i]});
  }
  system.ids.resize(natoms);
  for (std::size_t i = 0; i < natoms; ++i) system.ids[i] = static_cast<long long>(i) + 1;
  const Mat3 lattice = cell.is_none() ? Mat3::Zero() : mat3_from_array(cell.cast<DoubleArrayIn>(), "cell");
  if (cell.is_none() && (pbc[0] || pbc[1] || pbc[2])) throw InputError("cell: a periodic structure needs a cell");
  system.cell = cell.is_none() ? Cell() : Cell(lattice, Vec3::Zero(), pbc);
  system.validate();
  return system;
}

/// The Python value of an info entry.
py::object info_to_python(const InfoValue& value) {
  return std::visit(
      [](const auto& v) -> py::object {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::vector<double>>)
          return vector_copy(v);
        else
          return py::cast(v);
      },
      value);
}

/// An info entry from Python: bool, int, float, str, or a sequence/array of numbers.
InfoValue info_from_python(const std::string& key, py::handle value) {
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>();
  if (py::isinstance<py::int_>(value)) return value.cast<long long>();
  if (py::isinstance<py::float_>(value)) return value.cast<double>();
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  py::array array = py::array::ensure(value);
  if (array && array.ndim() == 0) {  // NumPy scalars
    const char kind = array.dtype().kind();
    if (kind == 'b') return value.attr("item")().cast<bool>();
    if (kind == 'i' || kind == 'u') return value.attr("item")().cast<long long>();
    if (kind == 'f') return value.attr("item")().cast<double>();
  }
  if (array && array.dtype().kind() != 'O' && array.dtype().kind() != 'U' && array.dtype().kind() != 'S') {
    const DoubleArrayIn numbers = py::array::ensure(value).cast<DoubleArrayIn>();
    return std::vector<double>(numbers.data(), numbers.data() + numbers.size());
  }
  throw InputError("info['" + key + "']: ionglass keeps bool, int, float, str and arrays of numbers, not " +
                   py::repr(py::type::handle_of(value)).cast<std::string>());
}

/// A per-atom property as a NumPy array: a view of the values for real/integer/logical columns
/// (float64, shape (N,) or (N, columns)), a list of str for string columns.
py::object property_to_python(PerAtomProperty& property, py::handle base) {
  if (property.kind == 'S') return py::cast(property.strings);
  py::array_t<double> view = matrix_view(property.values, static_cast<std::size_t>(property.columns), base);
  if (property.columns == 1) return view.attr("reshape")(py::make_tuple(-1));
  return view;
}

/// Writes `array` into property `name` of `system`: in place when the property exists with the
/// same shape (keeping views valid), else as a new real property. Values must be finite.
void set_property(System& system, const std::string& name, const py::handle& value) {
  const DoubleArrayIn array = py::array::ensure(value).cast<DoubleArrayIn>();
  const std::size_t natoms = system.size();
  if (array.ndim() < 1 || array.ndim() > 2 || array.shape(0) != static_cast<py::ssize_t>(natoms))
    throw InputError("property '" + name + "': expected shape (N,) or (N, columns) with N = " + std::to_string(natoms));
  const int columns = array.ndim() == 1 ? 1 : static_cast<int>(array.shape(1));
  require_finite(array.data(), static_cast<std::size_t>(array.size()), "property '" + name + "'");
  auto found = system.properties.find(name);
  if (found != system.properties.end() && found->second.kind != 'S' && found->second.columns == columns) {
    std::copy(array.data(), array.data() + array.size(), found->second.values.begin());
    return;
  }
  if (found != system.properties.end())
    throw InputError("property '" + name + "' exists with another shape or kind; delete it first");
  PerAtomProperty property;
  property.kind = 'R';
  property.columns = columns;
  property.values.assign(array.data(), array.data() + array.size());
  system.properties[name] = std::move(property);
}

/// Overwrites `target` (N vectors) in place, or fills it when empty.
void assign_vectors(std::vector<Vec3>& target, const DoubleArrayIn& array, std::size_t natoms,
                    const std::string& what) {
  std::vector<Vec3> values = vec3_from_array(array, static_cast<long long>(natoms), what);
  if (target.empty())
    target = std::move(values);
  else
    std::copy(values.begin(), values.end(), target.begin());
}

ReadOptions read_options(const std::optional<std::string>& format, const py::object& types,
                         const std::optional<std::string>& atom_style) {
  ReadOptions options;
  if (format) options.format = *format;
  if (atom_style) options.atom_style = *atom_style;
  if (py::isinstance<py::str>(types))
    options.type_elements = split_symbol_list(types.cast<std::string>());
  else if (!types.is_none())
    options.type_elements = types.cast<std::vector<std::string>>();
  return options;
}

/// A reader in Python: an iterator over the frames of one file, read as they are asked for.
class FrameIterator {
 public:
  FrameIterator(const std::string& path, const ReadOptions& options, const FrameSelection& selection)
      : reader_(open_trajectory(path, options)), selection_(selection) {}

  System next() {
    System frame;
    {
      py::gil_scoped_release release;
      while (reader_ && !selection_.past_end(index_)) {
        if (!reader_->next(frame)) break;
        const long long index = index_++;
        if (selection_.selects(index)) return frame;
      }
      reader_.reset();  // closes the file as soon as the end is reached
    }
    throw py::stop_iteration();
  }

 private:
  std::unique_ptr<TrajectoryReader> reader_;
  FrameSelection selection_;
  long long index_ = 0;
};

}  // namespace

void bind_structures(py::module_& m) {
  py::class_<System> structure(m, "Structure", py::dynamic_attr(), R"doc(
One configuration (frame) of atoms in a periodic cell, in LAMMPS "metal" units.

Every atom has an id, a 1-based type and a position (Å); each type has an element and a mass (amu).
Velocities (Å/ps) and charges (e) are optional (None when absent). `positions`, `velocities`,
`charges`, `forces` and real per-atom properties are NumPy views of the structure's own memory
(no copy): writing into them changes the structure, and they keep it alive. The number of atoms is
fixed; assigning an array overwrites the values in place.)doc");
  structure
      .def(py::init([](const py::sequence& numbers, const DoubleArrayIn& positions, const py::object& cell,
                       std::array<bool, 3> pbc, const py::object& types, const py::object& masses,
                       const py::object& charges, const py::object& velocities, const py::object& type_count) {
             System system = make_system(numbers, positions, cell, pbc, types, masses, type_count);
             if (!charges.is_none())
               system.charges =
                   vector_from_array(charges.cast<DoubleArrayIn>(), static_cast<long long>(system.size()), "charges");
             if (!velocities.is_none())
               assign_vectors(system.velocities, velocities.cast<DoubleArrayIn>(), system.size(), "velocities");
             return system;
           }),
           py::arg("numbers"), py::arg("positions"), py::arg("cell") = py::none(),
           py::arg("pbc") = std::array<bool, 3>{true, true, true}, py::arg("types") = py::none(),
           py::arg("masses") = py::none(), py::arg("charges") = py::none(), py::arg("velocities") = py::none(),
           py::arg("type_count") = py::none(),
           R"doc(A structure from atomic numbers or symbols `numbers` (N), `positions` (N, 3) in Å, `cell`
(3, 3) in Å with the lattice vectors as rows (None: non-periodic), `pbc` (3 bools), optional 1-based
`types` (N), `masses` (N, amu; default standard masses), `charges` (N, e) and `velocities` (N, 3, Å/ps).
Without `types`, there is one type per distinct (element, mass), ordered by element symbol. With
`types`, the type table has `type_count` types (default: the largest of `types`); type numbers that
no atom uses get a placeholder (element 1, label "unused"), as in a LAMMPS data file's table.
Raises InputError for bad shapes, unknown elements or non-finite values.)doc")
      .def("__len__", &System::size)
      .def("__repr__",
           [](const System& s) {
             std::string formula;
             for (const auto& [symbol, count] : s.counts()) formula += symbol + std::to_string(count);
             return "<ionglass.Structure " + formula + ", " + std::to_string(s.size()) + " atoms>";
           })
      .def(
          "copy", [](const System& s) { return System(s); }, "An independent copy (new memory).")
      .def("__copy__", [](const System& s) { return System(s); })
      .def(
          "__deepcopy__", [](const System& s, py::dict) { return System(s); }, py::arg("memo"))
      .def_property(
          "positions", [](py::object self) { return vec3_view(self.cast<System&>().positions, self); },
          [](System& s, const DoubleArrayIn& value) { assign_vectors(s.positions, value, s.size(), "positions"); },
          "Positions (N, 3), Å: a view (no copy).")
      .def_property(
          "velocities",
          [](py::object self) -> py::object {
            System& s = self.cast<System&>();
            if (!s.has_velocities()) return py::none();
            return vec3_view(s.velocities, self);
          },
          [](System& s, const DoubleArrayIn& value) { assign_vectors(s.velocities, value, s.size(), "velocities"); },
          "Velocities (N, 3), Å/ps: a view, or None when the structure has none.")
      .def_property(
          "charges",
          [](py::object self) -> py::object {
            System& s = self.cast<System&>();
            if (!s.has_charges()) return py::none();
            return py::array_t<double>({static_cast<py::ssize_t>(s.size())}, {static_cast<py::ssize_t>(sizeof(double))},
                                       s.charges.data(), self);
          },
          [](System& s, const DoubleArrayIn& value) {
            std::vector<double> charges = vector_from_array(value, static_cast<long long>(s.size()), "charges");
            if (s.charges.empty())
              s.charges = std::move(charges);
            else
              std::copy(charges.begin(), charges.end(), s.charges.begin());
          },
          "Charges (N,), e: a view, or None when the structure has none.")
      .def_property(
          "forces",
          [](py::object self) -> py::object {
            System& s = self.cast<System&>();
            auto found = s.properties.find("forces");
            if (found == s.properties.end() || found->second.kind != 'R' || found->second.columns != 3)
              return py::none();
            return matrix_view(found->second.values, 3, self);
          },
          [](System& s, const py::object& value) { set_property(s, "forces", value); },
          "Forces (N, 3), eV/Å, stored with the structure (read from a file or assigned): a view, or None.")
      .def_property(
          "cell", [](const System& s) { return mat3_copy(s.cell.matrix()); },
          [](System& s, const DoubleArrayIn& value) {
            s.cell = Cell(mat3_from_array(value, "cell"), s.cell.origin(), s.cell.periodic());
          },
          "Cell (3, 3), Å, lattice vectors as rows (a copy; assign to change it).")
      .def_property(
          "origin", [](const System& s) { return py::array_t<double>(3, s.cell.origin().data()); },
          [](System& s, const DoubleArrayIn& value) {
            const std::vector<double> origin = vector_from_array(value, 3, "origin");
            s.cell.set_origin(Vec3(origin[0], origin[1], origin[2]));
          },
          "Origin of the cell (3,), Å (LAMMPS xlo, ylo, zlo).")
      .def_property(
          "pbc",
          [](const System& s) {
            const auto& p = s.cell.periodic();
            return py::make_tuple(p[0], p[1], p[2]);
          },
          [](System& s, std::array<bool, 3> pbc) { s.cell = Cell(s.cell.matrix(), s.cell.origin(), pbc); },
          "Periodic axes (3 bools).")
      .def_property_readonly(
          "volume", [](const System& s) { return s.cell.volume(); }, "Cell volume, Å³.")
      .def_property_readonly(
          "numbers",
          [](const System& s) {
            py::array_t<long long> out(static_cast<py::ssize_t>(s.size()));
            for (std::size_t i = 0; i < s.size(); ++i) out.mutable_at(i) = s.atomic_number(i);
            return out;
          },
          "Atomic numbers (N,) (a copy).")
      .def_property_readonly(
          "symbols",
          [](const System& s) {
            std::vector<std::string> out(s.size());
            for (std::size_t i = 0; i < s.size(); ++i) out[i] = s.symbol(i);
            return out;
          },
          "Element symbols, one per atom.")
      .def_property_readonly(
          "masses",
          [](const System& s) {
            std::vector<double> out(s.size());
            for (std::size_t i = 0; i < s.size(); ++i) out[i] = s.mass(i);
            return vector_copy(out);
          },
          "Masses (N,), amu (a copy; masses belong to types).")
      .def_property(
          "types",
          [](const System& s) {
            return py::array_t<long long>(static_cast<py::ssize_t>(s.size()),
                                          std::vector<long long>(s.types.begin(), s.types.end()).data());
          },
          [](System& s, const IntArrayIn& value) {
            if (value.ndim() != 1 || value.shape(0) != static_cast<py::ssize_t>(s.size()))
              throw InputError("types: expected one 1-based type per atom");
            System changed = s;
            for (std::size_t i = 0; i < s.size(); ++i) changed.types[i] = static_cast<int>(value.at(i));
            changed.validate();
            s.types = std::move(changed.types);
          },
          "1-based atom types (N,) (a copy); each indexes type_numbers/type_masses/type_labels.")
      .def_property_readonly(
          "type_numbers", [](const System& s) { return type_column(s, &AtomType::atomic_number); },
          "Atomic number of each type, in type order.")
      .def_property_readonly(
          "type_masses", [](const System& s) { return type_column(s, &AtomType::mass_amu); },
          "Mass of each type (amu), in type order.")
      .def_property(
          "type_labels", [](const System& s) { return type_column(s, &AtomType::label); },
          [](System& s, const std::vector<std::string>& labels) {
            if (labels.size() != s.atom_types.size()) throw InputError("type_labels: expected one label per type");
            for (std::size_t t = 0; t < labels.size(); ++t) s.atom_types[t].label = labels[t];
          },
          "Optional label of each type (e.g. 'Fe2+'), in type order.")
      .def_property(
          "ids",
          [](const System& s) { return py::array_t<long long>(static_cast<py::ssize_t>(s.size()), s.ids.data()); },
          [](System& s, const IntArrayIn& value) {
            if (value.ndim() != 1 || value.shape(0) != static_cast<py::ssize_t>(s.size()))
              throw InputError("ids: expected one id per atom");
            System changed = s;
            std::copy(value.data(), value.data() + value.shape(0), changed.ids.begin());
            changed.validate();
            s.ids = std::move(changed.ids);
          },
          "Atom ids (N,), unique (a copy).")
      .def_property(
          "images",
          [](const System& s) -> py::object {
            if (!s.has_images()) return py::none();
            py::array_t<long long> out({static_cast<py::ssize_t>(s.size()), py::ssize_t{3}});
            for (std::size_t i = 0; i < s.size(); ++i)
              for (int k = 0; k < 3; ++k) out.mutable_at(i, k) = s.images[i][k];
            return out;
          },
          [](System& s, const IntArrayIn& value) {
            if (value.ndim() != 2 || value.shape(0) != static_cast<py::ssize_t>(s.size()) || value.shape(1) != 3)
              throw InputError("images: expected an integer array of shape (N, 3)");
            s.images.resize(s.size());
            for (std::size_t i = 0; i < s.size(); ++i)
              for (int k = 0; k < 3; ++k) s.images[i][k] = static_cast<int>(value.at(i, k));
          },
          "Periodic image flags (N, 3) (a copy), or None.")
      .def_readwrite("timestep", &System::timestep, "MD step of this frame, -1 when unknown.")
      .def_property(
          "info",
          [](const System& s) {
            py::dict out;
            for (const auto& [key, value] : s.info) out[py::str(key)] = info_to_python(value);
            return out;
          },
          [](System& s, const py::dict& value) {
            std::map<std::string, InfoValue> info;
            for (const auto& [key, entry] : value) {
              const std::string name = py::str(key).cast<std::string>();
              info[name] = info_from_python(name, entry);
            }
            s.info = std::move(info);
          },
          "Per-frame values (a dict copy: assign a whole dict to change it). Keys carry their unit.")
      .def(
          "property_names",
          [](const System& s) {
            std::vector<std::string> names;
            for (const auto& entry : s.properties) names.push_back(entry.first);
            return names;
          },
          "Names of the per-atom properties (forces, per-atom energies, ...).")
      .def(
          "get_property",
          [](py::object self, const std::string& name) {
            System& s = self.cast<System&>();
            auto found = s.properties.find(name);
            if (found == s.properties.end()) throw py::key_error(name);
            return property_to_python(found->second, self);
          },
          py::arg("name"), "A per-atom property: a float64 view (N,) or (N, columns), or a list of str.")
      .def("set_property", &set_property, py::arg("name"), py::arg("values"),
           "Sets a real per-atom property (N,) or (N, columns): in place when it exists with that shape.")
      .def(
          "property_kind",
          [](const System& s, const std::string& name) {
            auto found = s.properties.find(name);
            if (found == s.properties.end()) throw py::key_error(name);
            return std::string(1, found->second.kind);
          },
          py::arg("name"), "'R' real, 'I' integer, 'L' logical, 'S' string.")
      .def(
          "delete_property",
          [](System& s, const std::string& name) {
            if (s.properties.erase(name) == 0) throw py::key_error(name);
          },
          py::arg("name"), "Removes a per-atom property. Views of it obtained before must not be used afterwards.")
      .def(
          "validate", [](const System& s) { s.validate(); }, "Raises InputError if the structure is inconsistent.");

  py::class_<FrameIterator>(m, "FrameIterator", "Frames of a file, read one by one as they are asked for.")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &FrameIterator::next);

  m.def(
      "open_frames",
      [](const std::string& path, const std::optional<std::string>& format, const py::object& types,
         const std::optional<std::string>& atom_style, long long start, long long stop, long long step) {
        if (start < 0 || step < 1 || stop < -1)
          throw InputError("frame selection: start ≥ 0, step ≥ 1, stop ≥ 0 or -1 (to the end)");
        return FrameIterator(path, read_options(format, types, atom_style), FrameSelection{start, stop, step});
      },
      py::arg("path"), py::arg("format") = py::none(), py::arg("types") = py::none(),
      py::arg("atom_style") = py::none(), py::arg("start") = 0, py::arg("stop") = -1, py::arg("step") = 1,
      "Iterator over frames start, start+step, ... (< stop; -1: to the end) of a file.");

  py::class_<TrajectoryWriter>(m, "FrameWriter", "Writes frames one by one; the file appears when close() is called.")
      .def(
          "write",
          [](TrajectoryWriter& w, const System& frame) {
            py::gil_scoped_release release;
            w.write(frame);
          },
          py::arg("frame"))
      .def("close", [](TrajectoryWriter& w) {
        py::gil_scoped_release release;
        w.close();
      });
  m.def(
      "create_writer",
      [](const std::string& path, const std::optional<std::string>& format,
         const std::optional<std::string>& atom_style, int precision) {
        WriteOptions options;
        if (format) options.format = *format;
        if (atom_style) options.atom_style = *atom_style;
        if (precision < 1 || precision > 17) throw InputError("precision: expected 1..17 digits");
        options.precision = precision;
        return create_trajectory_writer(path, options);
      },
      py::arg("path"), py::arg("format") = py::none(), py::arg("atom_style") = py::none(), py::arg("precision") = 10,
      "A writer for `path` (format from the extension unless given: lammps-data, lammps-dump, extxyz, "
      "poscar, xdatcar).");
  m.def(
      "detect_format", [](const std::string& path) { return format_name(detect_format(path)); }, py::arg("path"),
      "The format name ionglass picks for a file name (raises InputError when it cannot tell).");
}

}  // namespace ionglass::python
