// The compiled part of the Python package ionglass (python/ionglass/__init__.py re-exports it).
#include "bindings.hpp"

PYBIND11_MODULE(_ionglass, m) {
  m.doc() =
      "ionglass: ion conduction in disordered materials (compiled core). Units are LAMMPS "
      "'metal': Å, eV, ps, K, amu, e, bar.";
  ionglass::python::bind_errors(m);
  ionglass::python::bind_structures(m);
  ionglass::python::bind_potentials(m);
  ionglass::python::bind_analysis(m);
  ionglass::python::bind_md(m);
  ionglass::python::bind_ace(m);
  ionglass::python::bind_fit(m);
}
