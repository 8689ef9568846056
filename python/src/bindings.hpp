#pragma once
// The parts of the compiled module ionglass._ionglass, each defined in its own bind_*.cpp and
// called in this order from module.cpp (later parts use the classes and exceptions of earlier ones).
#include <pybind11/pybind11.h>

namespace ionglass::python {

/// ionglass.IonglassError, ionglass.InputError, ionglass.ComputationError and their translators.
void bind_errors(pybind11::module_& m);
/// Structure (a System), read/iread/write of every file format.
void bind_structures(pybind11::module_& m);
/// load_potential, Potential, PotentialResult (energy, forces, virial, stress, per-atom energies, γ).
void bind_potentials(pybind11::module_& m);

/// Structure, dynamics and Arrhenius workflows (analyze_structure, analyze_dynamics, analyze_arrhenius).
void bind_analysis(pybind11::module_& m);
/// MD protocols (run_protocol) with a progress callback.
void bind_md(pybind11::module_& m);
/// ACE tools: projections, active sets, extrapolation grades, selection.
void bind_ace(pybind11::module_& m);
/// ACE fitting (`ionglass fit`) with a progress callback.
void bind_fit(pybind11::module_& m);

}  // namespace ionglass::python
