// ionglass's C++ exceptions as Python exceptions:
//   ionglass::InputError       → ionglass.InputError (subclass of IonglassError and ValueError) with
//                                 attributes file (str, "" when none), line (int, 0 when none), problem
//   ionglass::ComputationError → ionglass.ComputationError (subclass of IonglassError)
//   other ionglass::Error      → ionglass.IonglassError (subclass of RuntimeError)
#include <Python.h>

#include "bindings.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::python {

namespace py = pybind11;

namespace {

/// A new exception class module.name with the given bases, added to the module.
py::object new_exception_class(py::module_& m, const char* name, const py::tuple& bases, const char* doc) {
  const std::string qualified = std::string("ionglass.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  py::object result = py::reinterpret_steal<py::object>(type);
  m.attr(name) = result;
  return result;
}

}  // namespace

void bind_errors(py::module_& m) {
  // Leaked on purpose: exception classes live as long as the interpreter (pybind11's own pattern).
  static py::object* ionglass_error = new py::object(new_exception_class(
      m, "IonglassError", py::make_tuple(py::handle(PyExc_RuntimeError)), "Base class of all ionglass errors."));
  static py::object* input_error = new py::object(new_exception_class(
      m, "InputError", py::make_tuple(*ionglass_error, py::handle(PyExc_ValueError)),
      "Bad input: a malformed file, an impossible parameter, a missing type. Attributes: file (str, "
      "empty when the problem is not in a file), line (int, 1-based, 0 when unknown) and problem "
      "(str); str(error) reads 'FILE:LINE: problem'."));
  static py::object* computation_error =
      new py::object(new_exception_class(m, "ComputationError", py::make_tuple(*ionglass_error),
                                         "A computation that cannot go on (non-finite energy, atoms too close, ...)."));

  py::register_exception_translator([](std::exception_ptr pointer) {
    if (!pointer) return;
    try {
      std::rethrow_exception(pointer);
    } catch (const InputError& error) {
      py::gil_scoped_acquire gil;
      py::object instance = (*input_error)(py::str(error.what()));
      instance.attr("file") = py::str(error.file());
      instance.attr("line") = py::int_(error.line());
      instance.attr("problem") = py::str(error.problem());
      PyErr_SetObject(input_error->ptr(), instance.ptr());
    } catch (const ComputationError& error) {
      PyErr_SetString(computation_error->ptr(), error.what());
    } catch (const Error& error) {
      PyErr_SetString(ionglass_error->ptr(), error.what());
    }
  });
}

}  // namespace ionglass::python
