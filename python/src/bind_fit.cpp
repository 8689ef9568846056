// ionglass._ionglass fit binding: an ACE fit from a pacemaker input.yaml through the same library
// calls as `ionglass fit` (apps/ionglass/command_fit.cpp): ace::read_fit_input, ace::fit_potential
// with an ExecutionContext and a FitObserver, then write_fit_report. The fit runs with the GIL
// released; the observer takes the GIL only to check for Ctrl-C and to call the Python progress
// callable (at most once per `progress_interval_s`, the last row always delivered). An exception
// raised by the callable (or a KeyboardInterrupt) makes the observer answer Abort, so the fit stops
// as after a kill (the last checkpoint stays valid, no final output is written), and the exception
// is raised again once the GIL is back. The result is fit.json as the library wrote it, plus the
// paths of the outputs, the log messages and fit_log.csv's columns as NumPy arrays.
#include <pybind11/numpy.h>

#include <chrono>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "frame_arrays.hpp"
#include "ionglass/ace/fit_input.hpp"
#include "ionglass/ace/fit_log.hpp"
#include "ionglass/ace/potential_fit.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/execution_context.hpp"
#include "ionglass/report/fit_report.hpp"

namespace ionglass::python {

namespace {

/// One log row as a dict keyed by the fit_log.csv columns, in their order (values of
/// ace::to_json(row); None for the test columns without a test set).
py::dict row_dict(const ace::FitLogRow& row) {
  const py::dict all(to_python(ace::to_json(row)));
  py::dict out;
  for (const std::string& column : ace::fit_log_columns()) out[py::str(column)] = all[py::str(column)];
  return out;
}

/// fit_log.csv's columns as NumPy arrays: int64 for the integer columns, float64 for the others
/// (NaN where a row has no value, e.g. the test columns without a test set).
py::dict log_arrays(const std::vector<ace::FitLogRow>& log) {
  std::vector<nlohmann::json> rows;
  rows.reserve(log.size());
  for (const auto& row : log) rows.push_back(ace::to_json(row));
  const nlohmann::json kinds = ace::to_json(ace::FitLogRow{});  // integer columns hold integers
  py::dict out;
  for (const std::string& column : ace::fit_log_columns()) {
    const auto n = static_cast<py::ssize_t>(rows.size());
    if (kinds.at(column).is_number_integer()) {
      py::array_t<long long> values(n);
      long long* data = values.mutable_data();
      for (py::ssize_t i = 0; i < n; ++i) data[i] = rows[i].at(column).get<long long>();
      out[py::str(column)] = values;
    } else {
      py::array_t<double> values(n);
      double* data = values.mutable_data();
      for (py::ssize_t i = 0; i < n; ++i) {
        const nlohmann::json& value = rows[i].at(column);
        data[i] = value.is_null() ? std::nan("") : value.get<double>();
      }
      out[py::str(column)] = values;
    }
  }
  return out;
}

/// The FitObserver of a Python fit. Called from the thread running the fit, with the GIL released.
class PythonFitObserver : public ace::FitObserver {
 public:
  /// Constructed and destroyed with the GIL held.
  PythonFitObserver(py::object callback, double interval_s) : callback_(std::move(callback)), interval_s_(interval_s) {}

  ace::FitObserverDecision on_iteration(const ace::FitLogRow& row) override {
    if (error_) return ace::FitObserverDecision::Abort;
    py::gil_scoped_acquire gil;
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();  // Ctrl-C
      if (callback_.is_none()) return ace::FitObserverDecision::Continue;
      const auto now = std::chrono::steady_clock::now();
      if (delivered_once_ && std::chrono::duration<double>(now - last_).count() < interval_s_) {
        pending_ = row;
      } else {
        pending_.reset();
        deliver(row);
      }
    } catch (...) {
      error_ = std::current_exception();
      return ace::FitObserverDecision::Abort;
    }
    return ace::FitObserverDecision::Continue;
  }

  void on_message(const std::string& message) override { messages_.push_back(message); }

  /// Delivers the row held back by the rate limit, if any (after a completed fit).
  void flush_pending() {
    if (!pending_ || error_) return;
    py::gil_scoped_acquire gil;
    try {
      deliver(*pending_);
    } catch (...) {
      error_ = std::current_exception();
    }
    pending_.reset();
  }

  /// Raises the callback's exception, if it raised one. Call with the GIL held.
  void rethrow_if_failed() const {
    if (error_) std::rethrow_exception(error_);
  }

  const std::vector<std::string>& messages() const { return messages_; }

 private:
  void deliver(const ace::FitLogRow& row) {  // with the GIL held
    last_ = std::chrono::steady_clock::now();
    delivered_once_ = true;
    callback_(row_dict(row));
  }

  py::object callback_;
  double interval_s_;
  std::optional<ace::FitLogRow> pending_;
  bool delivered_once_ = false;
  std::chrono::steady_clock::time_point last_;
  std::exception_ptr error_;
  std::vector<std::string> messages_;
};

/// `ionglass fit INPUT --out DIR --threads N [--resume]`. Returns fit.json as a dict with
/// "completed", "output_directory", "potential_yaml", "potential_yace", "report_html", "fit_json",
/// "fit_log_csv", "messages" and "log" (fit_log.csv's columns as arrays) added.
py::dict fit_binding(const std::string& input_path, const std::string& output_directory, int threads, bool resume,
                     const py::object& progress, double progress_interval_s) {
  if (!(progress_interval_s >= 0)) throw InputError("progress_interval_s must be ≥ 0");
  if (!progress.is_none() && !PyCallable_Check(progress.ptr()))
    throw py::type_error("progress must be a callable or None");
  ExecutionContext context;
  context.threads = threads;
  context.show_progress = false;
  context.output_directory =
      output_directory.empty() ? "fit_" + std::filesystem::path(input_path).stem().string() : output_directory;
  context.validate();
  PythonFitObserver observer(progress, progress_interval_s);
  ace::FitResult result;
  {
    py::gil_scoped_release release;
    const ace::FitInput input = ace::read_fit_input(input_path);
    result = ace::fit_potential(input, context, observer, resume);
    if (result.completed) {
      write_fit_report(context.output_path("report.html"), result);
      observer.flush_pending();
    }
  }
  observer.rethrow_if_failed();

  py::dict out;
  if (result.completed) {
    const std::string fit_json = context.output_path("fit.json");
    std::ifstream in(fit_json);
    if (!in) throw Error("fit: cannot read " + fit_json + " after the fit");
    out = py::dict(to_python(nlohmann::json::parse(in)));
  }
  out["completed"] = result.completed;
  out["output_directory"] = context.output_directory;
  out["potential_yaml"] = context.output_path("potential.yaml");
  out["potential_yace"] = context.output_path("potential.yace");
  out["report_html"] = context.output_path("report.html");
  out["fit_json"] = context.output_path("fit.json");
  out["fit_log_csv"] = context.output_path("fit_log.csv");
  py::list messages;
  for (const auto& message : observer.messages()) messages.append(message);
  out["messages"] = messages;
  out["log"] = log_arrays(result.log);
  return out;
}

}  // namespace

void bind_fit(py::module_& m) {
  m.def("_fit", &fit_binding, py::arg("input_path"), py::arg("output_directory") = "", py::arg("threads") = 0,
        py::arg("resume") = false, py::arg("progress") = py::none(), py::arg("progress_interval_s") = 0.2,
        "Fits an ACE potential from a pacemaker input (`ionglass fit`). Use ionglass.fit.");
}

}  // namespace ionglass::python
