// ionglass._ionglass analysis bindings: the structure workflow (analyze_structure), the dynamics
// workflow (analyze_dynamics, from files or from frames in memory) and the Arrhenius fit
// (analyze_arrhenius). Results come back as the CLI's JSON (report/structure_report.hpp,
// report/dynamics_report.hpp, report/arrhenius_report.hpp: the same keys, the same numbers) plus
// the curves as NumPy arrays. The Python API over these is python/ionglass/analysis.py.
#include <pybind11/stl.h>

#include <filesystem>

#include "bindings.hpp"
#include "frame_arrays.hpp"
#include "ionglass/analysis/dynamics/arrhenius_workflow.hpp"
#include "ionglass/analysis/dynamics/dynamics_workflow.hpp"
#include "ionglass/analysis/structure/structure_workflow.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/report/arrhenius_report.hpp"
#include "ionglass/report/dynamics_json_reader.hpp"
#include "ionglass/report/dynamics_report.hpp"
#include "ionglass/report/structure_report.hpp"

namespace ionglass::python {

namespace {

ReadOptions read_options(const std::vector<std::string>& types, const std::string& format,
                         const std::string& atom_style) {
  ReadOptions read;
  read.type_elements = types;
  read.format = format;
  read.atom_style = atom_style;
  return read;
}

ExecutionContext context_of(int threads, bool progress) {
  ExecutionContext context{threads, "", progress};
  context.validate();
  return context;
}

/// `work()` with the GIL released.
template <class Work>
auto without_gil(Work work) {
  py::gil_scoped_release release;
  return work();
}

/// {table: {"x_column": name, column: array, ...}} of one file's curves.
py::dict file_curves(const std::map<std::string, CurveTable>& curves) {
  py::dict tables;
  for (const auto& [name, table] : curves) {
    py::dict columns;
    columns["x_column"] = table.x_column;
    for (const auto& [column, values] : table.columns) columns[py::str(column)] = to_numpy(values);
    tables[py::str(name)] = columns;
  }
  return tables;
}

/// Per group: "curves" (mean across files, "<column>_std" the std, on the first file's x) and
/// "files" (each file's own curves).
py::dict structure_curves(const StructureResults& results) {
  py::dict groups;
  for (const GroupStructure& group : results.groups) {
    const auto& first = group.files.front().curves;
    py::dict tables;
    for (const auto& [name, columns] : group.curves) {
      py::dict out;
      const CurveTable& x = first.at(name);
      out["x_column"] = x.x_column;
      out[py::str(x.x_column)] = to_numpy(x.columns.at(x.x_column));
      for (const auto& [column, curve] : columns) {
        out[py::str(column)] = to_numpy(curve.mean);
        out[py::str(column + "_std")] = to_numpy(curve.std);
      }
      tables[py::str(name)] = out;
    }
    py::list files;
    for (const FileStructure& file : group.files) files.append(file_curves(file.curves));
    py::dict entry;
    entry["curves"] = tables;
    entry["files"] = files;
    groups[py::str(group.name)] = entry;
  }
  return groups;
}

/// The settings as `ionglass structure` builds them from its options (apps/ionglass/command_structure.cpp).
StructureSettings structure_settings(const py::dict& o) {
  StructureSettings s;
  for (const auto& item : o["groups"].cast<py::list>()) {
    const auto group = item.cast<std::pair<std::string, std::vector<std::string>>>();
    s.groups.push_back({group.first, group.second});
  }
  s.read = read_options(o["types"].cast<std::vector<std::string>>(), o["format"].cast<std::string>(),
                        o["atom_style"].cast<std::string>());
  s.frames = o["frames"].cast<std::string>();
  s.r_max_A = o["r_max_A"].cast<double>();
  s.bin_width_A = o["bin_width_A"].cast<double>();
  s.q_max_per_A = o["q_max_per_A"].cast<double>();
  for (const auto& symbol : o["formers"].cast<std::vector<std::string>>()) {
    const auto z = elements::find_symbol(symbol);
    if (!z) throw InputError("formers: unknown element '" + symbol + "'");
    s.formers.push_back(*z);
  }
  s.formers_must_be_present = o["formers_must_be_present"].cast<bool>();
  if (!o["bridging_anion"].is_none())
    s.bridging_anion = elements::by_symbol(o["bridging_anion"].cast<std::string>()).atomic_number;
  const auto rings = o["rings"].cast<std::string>();
  if (!rings.empty()) s.ring_kinds = parse_ring_kinds(rings);
  s.max_ring_size = o["max_ring_size"].cast<int>();
  const auto angles = o["angles"].cast<std::string>();
  if (!angles.empty()) s.extra_angles = parse_bond_angle_triplets(angles);
  for (const auto& [pair, cutoff] : o["cutoffs"].cast<std::vector<std::pair<std::string, double>>>())
    s.cutoffs.push_back({parse_element_pair(pair, "cutoffs"), cutoff});
  s.voids = o["voids"].cast<bool>();
  s.void_grid_A = o["void_grid_A"].cast<double>();
  s.void_probe_A = o["void_probe_A"].cast<double>();
  s.homology = o["homology"].cast<bool>();
  s.experiment_sq_file = o["experiment_sq_file"].cast<std::string>();
  return s;
}

py::dict analyze_structure_binding(const py::dict& options, int threads, bool progress) {
  const StructureSettings settings = structure_settings(options);
  const ExecutionContext context = context_of(threads, progress);
  const StructureResults results = without_gil([&] { return analyze_structure(settings, context); });
  py::dict out;
  out["json"] = to_python(structure_json(results));
  out["groups"] = structure_curves(results);
  return out;
}

/// Writes frames given as arrays to an extended-XYZ file (exact round-trip numbers), so the
/// file-based workflows can read them.
void write_frames_binding(const std::string& path, const DoubleArray& positions, const DoubleArray& cells,
                          const IntArray& numbers, const py::sequence& pbc, const IntArray& steps) {
  const std::vector<System> frames = frames_from_arrays(positions, cells, numbers, pbc, steps, path);
  without_gil([&] {
    auto writer = create_trajectory_writer(path, {"extxyz"});
    for (const System& frame : frames) writer->write(frame);
    writer->close();
  });
}

/// The settings as `ionglass dynamics` builds them (apps/ionglass/command_dynamics.cpp).
DynamicsSettings dynamics_settings(const py::dict& o) {
  DynamicsSettings s;
  s.trajectory_files = o["files"].cast<std::vector<std::string>>();
  s.read = read_options(o["types"].cast<std::vector<std::string>>(), o["format"].cast<std::string>(),
                        o["atom_style"].cast<std::string>());
  s.timestep_ps = o["timestep_ps"].cast<double>();
  s.frame_interval_ps = o["frame_interval_ps"].cast<double>();
  s.species = o["species"].cast<std::vector<std::string>>();
  s.charges_e = o["charges_e"].cast<std::map<std::string, double>>();
  s.temperature_K = o["temperature_K"].cast<double>();
  s.mobile = o["mobile"].cast<std::string>();
  s.mobile_preference = o["mobile_preference"].cast<std::vector<std::string>>();
  s.remove_drift = o["remove_drift"].cast<bool>();
  if (!o["fit_window_ps"].is_none()) {
    const auto window = o["fit_window_ps"].cast<std::pair<double, double>>();
    s.fit.window_start_ps = window.first;
    s.fit.window_end_ps = window.second;
  }
  s.fit.ballistic_ps = o["ballistic_ps"].cast<double>();
  s.fit.beta_tolerance = o["beta_tolerance"].cast<double>();
  s.fit.max_fraction = o["max_fit_fraction"].cast<double>();
  s.fit.blocks = o["blocks"].cast<int>();
  s.van_hove_times_ps = o["van_hove_times_ps"].cast<std::vector<double>>();
  s.van_hove_times_required = o["van_hove_times_required"].cast<bool>();
  s.van_hove_bin_A = o["van_hove_bin_A"].cast<double>();
  s.hops.threshold_A = o["hop_threshold_A"].cast<double>();
  s.hops.persistence_ps = o["hop_persistence_ps"].cast<double>();
  s.hops.site_radius_A = o["site_radius_A"].cast<double>();
  s.mobility_fraction = o["mobility_fraction"].cast<double>();
  s.mobility_window_ps = o["mobility_window_ps"].cast<double>();
  s.network_former = o["network_former"].cast<std::string>();
  s.matrix_species = o["matrix_species"].cast<std::vector<std::string>>();
  s.descriptor_cutoffs_A = o["cutoffs_A"].cast<std::map<std::string, double>>();
  return s;
}

/// Every curve of the dynamics results as arrays: per species "time_ps", "msd_A2", "msd_x_A2",
/// "msd_y_A2", "msd_z_A2", "beta", alpha2 ("alpha2_time_ps", "alpha2", "alpha2_msd_A2",
/// "alpha2_msd4_A4") and the van Hove curves (list of {"time_ps", "r_A", "values",
/// "shell_integral"}); at the top "charge_msd_e2A2" with conductivities.
py::dict dynamics_curves(const DynamicsResults& r) {
  const auto van_hove = [](const std::vector<VanHoveCurve>& curves) {
    py::list list;
    for (const VanHoveCurve& c : curves) {
      py::dict d;
      d["time_ps"] = c.time_ps;
      d["r_A"] = to_numpy(c.r_A);
      d["values"] = to_numpy(c.values);
      d["shell_integral"] = c.shell_integral;
      list.append(d);
    }
    return list;
  };
  py::dict out;
  py::dict species;
  for (const auto& [symbol, s] : r.species) {
    const DiffusionResult& d = s.diffusion;
    std::vector<double> time(d.msd.total.size());
    for (std::size_t lag = 0; lag < time.size(); ++lag) time[lag] = r.time_ps(lag);
    py::dict e;
    e["time_ps"] = to_numpy(time);
    e["msd_A2"] = to_numpy(d.msd.total);
    e["msd_x_A2"] = to_numpy(d.msd.axis[0]);
    e["msd_y_A2"] = to_numpy(d.msd.axis[1]);
    e["msd_z_A2"] = to_numpy(d.msd.axis[2]);
    e["beta"] = to_numpy(d.beta);
    e["fit_window_lags"] = py::make_tuple(d.window.first, d.window.last);
    e["alpha2_time_ps"] = to_numpy(s.alpha2.time_ps);
    e["alpha2"] = to_numpy(s.alpha2.alpha2);
    e["alpha2_msd_A2"] = to_numpy(s.alpha2.msd_A2);
    e["alpha2_msd4_A4"] = to_numpy(s.alpha2.quartic_A4);
    e["self_van_hove"] = van_hove(s.self_van_hove);
    e["distinct_van_hove"] = van_hove(s.distinct_van_hove);
    species[py::str(symbol)] = e;
  }
  out["species"] = species;
  if (r.conductivity) out["charge_msd_e2A2"] = to_numpy(r.conductivity->charge_msd.msd.total);
  return out;
}

/// The native results, kept so that arrhenius points can be taken from them without a file.
struct DynamicsHandle {
  DynamicsResults results;
};

py::tuple dynamics_output(DynamicsResults&& results) {
  auto handle = std::make_shared<DynamicsHandle>();
  handle->results = std::move(results);
  const DynamicsResults& r = handle->results;
  return py::make_tuple(to_python(dynamics_json(r)), dynamics_curves(r), handle);
}

py::tuple analyze_dynamics_files(const py::dict& options, int threads, bool progress) {
  const DynamicsSettings settings = dynamics_settings(options);
  const ExecutionContext context = context_of(threads, progress);
  return dynamics_output(without_gil([&] { return analyze_dynamics(settings, context); }));
}

py::tuple analyze_dynamics_arrays(const py::dict& options, const DoubleArray& positions, const DoubleArray& cells,
                                  const IntArray& numbers, const py::sequence& pbc, const IntArray& steps, int threads,
                                  bool progress) {
  DynamicsSettings settings = dynamics_settings(options);
  settings.validate();
  const ExecutionContext context = context_of(threads, progress);
  const std::string source = settings.trajectory_files.empty() ? "frames" : settings.trajectory_files.front();
  const std::vector<System> frames = frames_from_arrays(positions, cells, numbers, pbc, steps, source);
  return dynamics_output(without_gil([&] {
    TrajectoryUnwrapper unwrapper(dynamics_unwrap_options(settings));
    for (const System& frame : frames) unwrapper.add(frame, source);
    return analyze_dynamics(unwrapper.finish(), settings, context);
  }));
}

/// Points: each a DynamicsHandle (in memory, labelled) or a dynamics.json path.
py::dict analyze_arrhenius_binding(const py::list& points, const std::string& species,
                                   const std::vector<double>& extrapolate_K) {
  std::vector<ArrheniusPoint> list;
  for (const auto& item : points) {
    const auto pair = item.cast<py::tuple>();
    const auto label = pair[0].cast<std::string>();
    if (py::isinstance<DynamicsHandle>(pair[1]))
      list.push_back(arrhenius_point(pair[1].cast<const DynamicsHandle&>().results, species, label));
    else
      list.push_back(read_arrhenius_point(pair[1].cast<std::string>(), species));
  }
  ArrheniusSettings settings;
  settings.species = species;
  settings.extrapolate_K = extrapolate_K;
  const ArrheniusResults results = analyze_arrhenius(std::move(list), settings);
  py::dict out;
  out["json"] = to_python(arrhenius_json(results));
  out["temperatures_K"] = to_numpy(results.temperatures_K());
  out["D_cm2_per_s"] = to_numpy(results.D_cm2_per_s());
  return out;
}

}  // namespace

void bind_analysis(py::module_& m) {
  py::class_<DynamicsHandle, std::shared_ptr<DynamicsHandle>>(m, "_DynamicsResults",
                                                              "Native dynamics results (for arrhenius points)");
  m.def("_analyze_structure", &analyze_structure_binding, py::arg("options"), py::arg("threads") = 0,
        py::arg("progress") = false,
        "The structure workflow (`ionglass structure`): returns {'json': structure.json as a dict, 'groups': "
        "curves as NumPy arrays}. Use ionglass.analysis.analyze_structure.");
  m.def("_write_frames", &write_frames_binding, py::arg("path"), py::arg("positions"), py::arg("cells"),
        py::arg("numbers"), py::arg("pbc"), py::arg("steps"),
        "Writes frames given as arrays (Å) to an extended-XYZ file with exact round-trip numbers.");
  m.def("_analyze_dynamics_files", &analyze_dynamics_files, py::arg("options"), py::arg("threads") = 0,
        py::arg("progress") = false, "The dynamics workflow (`ionglass dynamics`) on trajectory files.");
  m.def("_analyze_dynamics_arrays", &analyze_dynamics_arrays, py::arg("options"), py::arg("positions"),
        py::arg("cells"), py::arg("numbers"), py::arg("pbc"), py::arg("steps"), py::arg("threads") = 0,
        py::arg("progress") = false, "The dynamics workflow on frames in memory (positions in Å).");
  m.def("_analyze_arrhenius", &analyze_arrhenius_binding, py::arg("points"), py::arg("species"),
        py::arg("extrapolate_K") = std::vector<double>{},
        "The Arrhenius fit (`ionglass arrhenius`) of (label, dynamics results or dynamics.json path) points.");
}

}  // namespace ionglass::python
