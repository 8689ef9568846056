// Potentials in Python: ionglass.load_potential(path, threads, active_set) loads anything
// potential_loader/ loads (classical force-field YAML such as Teter or BMP, ACE .yace and B-basis
// .yaml, sums) and evaluates structures into an Evaluation: energy (eV), forces (eV/Å), virial
// (eV), stress (eV/Å³, ASE sign), pressure tensor (bar, LAMMPS sign), per-atom energies (eV) and,
// with an active set, the extrapolation grade γ per atom.
#include <pybind11/stl.h>

#include <limits>
#include <memory>
#include <optional>

#include "bindings.hpp"
#include "ionglass/ace/extrapolation_monitor.hpp"
#include "ionglass/core/execution_context.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/potential_loader/potential_loader.hpp"
#include "numpy_conversion.hpp"

namespace ionglass::python {

namespace {

/// One evaluation, with the arrays handed to NumPy without copies.
struct Evaluation {
  double energy = 0;
  std::vector<std::pair<std::string, double>> components;
  py::object forces;
  Mat3 virial = Mat3::Zero();
  double volume = 0;
  py::object energies;
  py::object gamma;
};

/// A loaded potential, its thread count and optional extrapolation monitor.
class LoadedPotential {
public:
  LoadedPotential(const std::string& path, int threads, const std::optional<std::string>& active_set,
                  const std::optional<std::string>& basis)
      : path_(path), context_(make_context(threads)) {
    potential_ = load_potential(path, context_);
    if (active_set) {
      ace::ExtrapolationSettings settings;
      settings.active_set = *active_set;
      if (basis) settings.potential = *basis;
      else if (path.size() > 5 && path.substr(path.size() - 5) == ".yaml") settings.potential = path;
      else throw InputError(path, 0, "γ needs the ACE B-basis (.yaml) of this potential: pass basis=PATH");
      monitor_ = std::make_unique<ace::ExtrapolationMonitor>(settings);
    }
  }

  Evaluation compute(const System& system, bool forces, bool virial, bool energies) {
    EvaluationRequest request;
    request.forces = forces;
    request.virial = virial;
    request.per_atom_energy = energies;
    PotentialResult result;
    std::vector<double> gamma;
    {
      py::gil_scoped_release release;
      ThreadScope threads(context_);
      result = evaluate(*potential_, system, request);
      if (monitor_) gamma = monitor_->grades(system);
    }
    Evaluation out;
    out.energy = result.energy;
    out.components = std::move(result.components);
    out.forces = forces ? py::object(vec3_array(std::move(result.forces))) : py::none();
    out.virial = result.virial;
    out.volume = system.cell.volume();
    out.energies = energies ? py::object(vector_array(std::move(result.per_atom_energy))) : py::none();
    out.gamma = monitor_ ? py::object(vector_array(std::move(gamma))) : py::none();
    if (!virial) out.virial = Mat3::Constant(std::numeric_limits<double>::quiet_NaN());
    return out;
  }

  const std::string& path() const { return path_; }
  std::string name() const { return potential_->name(); }
  double cutoff() const { return potential_->cutoff(); }
  std::string describe() const { return potential_->describe(); }
  bool has_active_set() const { return monitor_ != nullptr; }
  int threads() const { return context_.threads; }
  void set_threads(int threads) {
    context_ = make_context(threads);
    potential_->set_thread_count(context_.resolved_threads());
  }

private:
  static ExecutionContext make_context(int threads) {
    ExecutionContext context;
    context.threads = threads;
    context.show_progress = false;
    context.validate();
    return context;
  }

  std::string path_;
  ExecutionContext context_;
  std::unique_ptr<Potential> potential_;
  std::unique_ptr<ace::ExtrapolationMonitor> monitor_;
};

}  // namespace

void bind_potentials(py::module_& m) {
  py::class_<Evaluation>(m, "Evaluation", "The result of evaluating a potential on one structure (LAMMPS metal units).")
      .def_readonly("energy", &Evaluation::energy, "Potential energy, eV.")
      .def_property_readonly(
          "components",
          [](const Evaluation& e) {
            py::dict out;
            for (const auto& [name, value] : e.components) out[py::str(name)] = value;
            return out;
          },
          "Energy terms in eV by name ('short_range', 'coulomb_real_space', 'coulomb_kspace', 'ace', ...).")
      .def_readonly("forces", &Evaluation::forces, "Forces (N, 3), eV/Å (None when not requested).")
      .def_property_readonly("virial", [](const Evaluation& e) { return mat3_copy(e.virial); },
                             "Virial W = Σ r_ij ⊗ f_ij (3, 3), eV (W_ab = -dE/dε_ab).")
      .def_property_readonly(
          "stress",
          [](const Evaluation& e) -> py::object {
            if (!(e.volume > 0)) return py::none();
            return mat3_copy(-e.virial / e.volume);
          },
          "Stress (3, 3), eV/Å³, ASE's sign convention: σ = (1/V) dE/dε = -W/V (virial only, no kinetic "
          "part); None without a cell volume.")
      .def_property_readonly(
          "pressure_tensor",
          [](const Evaluation& e) -> py::object {
            if (!(e.volume > 0)) return py::none();
            return mat3_copy(e.virial / e.volume * units::eV_per_A3_to_bar);
          },
          "Pressure tensor (3, 3), bar, LAMMPS's sign: P = W/V (virial only, no kinetic part); None without "
          "a cell volume.")
      .def_property_readonly(
          "pressure",
          [](const Evaluation& e) -> py::object {
            if (!(e.volume > 0)) return py::none();
            return py::float_(e.virial.trace() / (3 * e.volume) * units::eV_per_A3_to_bar);
          },
          "Pressure tr(W)/(3V), bar (virial only, as `ionglass eval` prints it); None without a cell volume.")
      .def_readonly("energies", &Evaluation::energies, "Per-atom energies (N,), eV (None when not requested).")
      .def_readonly("gamma", &Evaluation::gamma,
                    "Extrapolation grade γ per atom (N,), dimensionless (None without an active set).")
      .def("__repr__", [](const Evaluation& e) { return "<ionglass.Evaluation energy=" + std::to_string(e.energy) + " eV>"; });

  py::class_<LoadedPotential>(m, "Potential", "An interatomic potential loaded from a file.")
      .def(py::init<const std::string&, int, const std::optional<std::string>&, const std::optional<std::string>&>(),
           py::arg("path"), py::arg("threads") = 0, py::arg("active_set") = py::none(), py::arg("basis") = py::none(),
           "Loads the potential file `path` (see load_potential).")
      .def("_compute_structure", &LoadedPotential::compute, py::arg("structure"), py::arg("forces") = true,
           py::arg("virial") = true, py::arg("energies") = true,
           "Evaluates `structure` (an ionglass.Structure); releases the GIL while computing. Raises "
           "InputError when the structure does not fit the potential, ComputationError when the result is "
           "not finite.")
      .def_property_readonly("path", &LoadedPotential::path, "The file it was loaded from.")
      .def_property_readonly("name", &LoadedPotential::name, "Short name ('teter', 'ace', 'sum', ...).")
      .def_property_readonly("cutoff", &LoadedPotential::cutoff, "Largest interaction distance, Å.")
      .def_property_readonly("has_active_set", &LoadedPotential::has_active_set, "Whether γ is computed.")
      .def_property("threads", &LoadedPotential::threads, &LoadedPotential::set_threads,
                    "OpenMP threads for compute (0: OMP_NUM_THREADS or all cores).")
      .def("describe", &LoadedPotential::describe, "Every parameter in force, as text.");
}

}  // namespace ionglass::python
