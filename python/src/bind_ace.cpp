// ionglass._ionglass ACE-tool bindings, as `ionglass ace` offers them (apps/ionglass/command_ace.cpp):
// per-atom B-basis projections (ace/projections.hpp), active sets by MaxVol (ace/active_set.hpp),
// extrapolation grades γ per atom and per structure (ace/structure_grades.hpp) and D-optimal
// selection of structures (select_structures). Reports are the CLI's JSON
// (report/ace_active_learning_report.hpp). Too few environments for MaxVol raise
// ionglass.ComputationError. The Python API is python/ionglass/ace_tools.py.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "frame_arrays.hpp"
#include "ionglass/ace/active_set.hpp"
#include "ionglass/ace/projections.hpp"
#include "ionglass/ace/structure_grades.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/execution_context.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/report/ace_active_learning_report.hpp"

namespace ionglass::python {

namespace {

using namespace ionglass::ace;

StructureStream stream_of(const std::vector<System>& frames) {
  return [&frames](const std::function<void(const System&, std::size_t)>& visit) {
    for (std::size_t i = 0; i < frames.size(); ++i) visit(frames[i], i);
  };
}

/// Reads the frames of `source`, then, with the GIL released and the context's threads, calls
/// `work(projector, frames, context)` with the projector of the B-basis `potential`.
template <class Work>
void with_projector(const std::string& potential, const FrameList& frames, int threads, Work work) {
  ExecutionContext context{threads, "", false};
  context.validate();
  py::gil_scoped_release release;
  const ThreadScope scope(context);
  const BProjector projector(read_b_basis(potential));
  work(projector, frames, context);
}

ActiveSetOptions active_set_options(double tolerance, int max_iterations, std::size_t batch_size,
                                    int refinement_passes) {
  ActiveSetOptions options;
  options.tolerance = tolerance;
  options.max_iterations = max_iterations;
  options.batch_size = batch_size;
  options.refinement_passes = refinement_passes;
  check_active_set_options(options);
  return options;
}

/// Per structure {"elements": symbols of the potential, "species": μ per atom (N,),
/// "offsets": (N+1,), "values": all B-function values (dimensionless) concatenated}.
py::list projections_binding(const std::string& potential, const py::tuple& source, int threads) {
  const FrameList list = frames_from_source(source);
  std::vector<AtomProjections> all;
  std::vector<std::string> elements;
  with_projector(potential, list, threads,
                 [&](const BProjector& projector, const FrameList& l, const ExecutionContext&) {
                   elements = projector.potential().elements;
                   for (std::size_t i = 0; i < l.frames.size(); ++i)
                     all.push_back(projector.compute(l.frames[i], l.origins[i].file));
                 });
  py::list out;
  for (const AtomProjections& p : all) {
    py::dict d;
    d["elements"] = elements;
    py::array_t<long long> species(static_cast<py::ssize_t>(p.species.size()));
    std::copy(p.species.begin(), p.species.end(), species.mutable_data());
    py::array_t<long long> offsets(static_cast<py::ssize_t>(p.offsets.size()));
    std::copy(p.offsets.begin(), p.offsets.end(), offsets.mutable_data());
    d["species"] = species;
    d["offsets"] = offsets;
    d["values"] = to_numpy(p.values);
    out.append(d);
  }
  return out;
}

/// Builds the active set; writes it to `output` (.asi) when given. Returns the CLI's JSON report.
py::object build_active_set_binding(const std::string& potential, const py::tuple& source, const std::string& output,
                                    double tolerance, int max_iterations, std::size_t batch_size, int refinement_passes,
                                    int threads) {
  const ActiveSetOptions options = active_set_options(tolerance, max_iterations, batch_size, refinement_passes);
  const FrameList list = frames_from_source(source);
  std::vector<ActiveSetElementReport> report;
  with_projector(potential, list, threads,
                 [&](const BProjector& projector, const FrameList& l, const ExecutionContext&) {
                   const ActiveSet set = build_active_set(projector, stream_of(l.frames), options, &report);
                   if (!output.empty()) write_active_set(output, set);
                 });
  return to_python(ace_active_set_json(potential, output, tolerance, list.frames.size(), report));
}

/// γ per atom of every structure against the active set. Returns (the CLI's JSON list, per
/// structure the per-atom γ as an array); writes annotated extxyz frames to `output` when given.
py::tuple gamma_binding(const std::string& potential, const std::string& active_set, const py::tuple& source,
                        const std::string& output, int threads) {
  const FrameList list = frames_from_source(source);
  std::vector<std::vector<double>> gammas(list.frames.size());
  std::vector<StructureGrades> grades;
  with_projector(potential, list, threads,
                 [&](const BProjector& projector, const FrameList& l, const ExecutionContext& context) {
                   const ActiveSet set = read_active_set(active_set, projector.potential());
                   std::unique_ptr<TrajectoryWriter> writer;
                   if (!output.empty()) writer = create_trajectory_writer(output, {"extxyz"});
                   grades = grade_structures(projector, set, stream_of(l.frames), context,
                                             [&](const System& s, std::size_t index, const std::vector<double>& gamma) {
                                               gammas[index] = gamma;
                                               if (writer) writer->write(with_extrapolation_grades(s, gamma));
                                             });
                   if (writer) writer->close();
                 });
  py::list arrays;
  for (const auto& g : gammas) arrays.append(to_numpy(g));
  return py::make_tuple(to_python(ace_grades_json(grades, list.origins)), arrays);
}

/// D-optimal selection of at most `max_structures` candidates; writes them (with γ columns) to
/// `output` when given. Returns (the CLI's JSON, the selected indices in rank order).
py::tuple select_binding(const std::string& potential, const std::string& active_set, const py::tuple& source,
                         std::size_t max_structures, const std::string& output, double tolerance,
                         std::size_t batch_size, int threads) {
  if (max_structures < 1) throw InputError("max_structures must be at least 1");
  const ActiveSetOptions options = active_set_options(tolerance, ActiveSetOptions{}.max_iterations, batch_size,
                                                      ActiveSetOptions{}.refinement_passes);
  const FrameList list = frames_from_source(source);
  std::vector<SelectedStructure> selected;
  with_projector(potential, list, threads,
                 [&](const BProjector& projector, const FrameList& l, const ExecutionContext& context) {
                   const ActiveSet set = read_active_set(active_set, projector.potential());
                   const StructureStream stream = stream_of(l.frames);
                   selected = select_structures(projector, stream, &set, max_structures, options);
                   if (output.empty()) return;
                   auto writer = create_trajectory_writer(output, {"extxyz"});
                   for (const auto& s : selected_structures_with_grades(projector, set, stream, selected, context))
                     writer->write(s);
                   writer->close();
                 });
  std::vector<std::size_t> indices;
  for (const auto& s : selected) indices.push_back(s.index);
  return py::make_tuple(to_python(ace_selection_json(selected, list.origins)), indices);
}

}  // namespace

void bind_ace(py::module_& m) {
  m.def("_ace_projections", &projections_binding, py::arg("potential"), py::arg("source"), py::arg("threads") = 0,
        "Per-atom B-basis projections (`ionglass ace projections`). Use ionglass.ace_tools.projections.");
  m.def("_ace_build_active_set", &build_active_set_binding, py::arg("potential"), py::arg("source"), py::arg("output"),
        py::arg("tolerance") = ActiveSetOptions{}.tolerance,
        py::arg("max_iterations") = ActiveSetOptions{}.max_iterations,
        py::arg("batch_size") = ActiveSetOptions{}.batch_size,
        py::arg("refinement_passes") = ActiveSetOptions{}.refinement_passes, py::arg("threads") = 0,
        "Active set by MaxVol (`ionglass ace activeset`). Use ionglass.ace_tools.build_active_set.");
  m.def("_ace_gamma", &gamma_binding, py::arg("potential"), py::arg("active_set"), py::arg("source"),
        py::arg("output") = "", py::arg("threads") = 0,
        "Extrapolation grades γ (`ionglass ace gamma`). Use ionglass.ace_tools.extrapolation_grades.");
  m.def("_ace_select", &select_binding, py::arg("potential"), py::arg("active_set"), py::arg("source"),
        py::arg("max_structures"), py::arg("output") = "", py::arg("tolerance") = ActiveSetOptions{}.tolerance,
        py::arg("batch_size") = ActiveSetOptions{}.batch_size, py::arg("threads") = 0,
        "D-optimal selection (`ionglass ace select`). Use ionglass.ace_tools.select_structures.");
}

}  // namespace ionglass::python
