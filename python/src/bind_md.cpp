// ionglass._ionglass MD binding: run an MD protocol (md/protocol.hpp, docs/md.md) given as YAML
// text or a file, exactly as `ionglass run` does (thermo.csv, trajectory, checkpoints, final
// structure, summary.json in the output folder; resume from the checkpoint). Progress goes to a
// Python callable: the run's console lines are collected in C++ and the callable is called with
// the GIL held only for the call, at most once per `progress_interval_s` (the latest line wins;
// the last one is always delivered).
#include <pybind11/functional.h>

#include <chrono>
#include <optional>
#include <ostream>
#include <sstream>
#include <streambuf>

#include "bindings.hpp"
#include "frame_arrays.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/md/protocol_runner.hpp"
#include "ionglass/report/md_run_summary.hpp"

namespace ionglass::python {

namespace {

/// Collects the console text of a run into lines and hands them to a Python callable at a
/// bounded rate. Called from the thread running the protocol, with the GIL released.
class ProgressLines : public std::streambuf {
 public:
  ProgressLines(py::object callback, double interval_s) : callback_(std::move(callback)), interval_s_(interval_s) {}

  /// Delivers the line held back by the rate limit, if any.
  void flush_pending() {
    if (pending_) deliver(*pending_);
    pending_.reset();
  }

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    if (c == '\n') {
      line_done();
    } else {
      line_.push_back(static_cast<char>(c));
    }
    return c;
  }

 private:
  void line_done() {
    std::string line;
    line.swap(line_);
    if (line.empty()) return;
    const auto now = std::chrono::steady_clock::now();
    if (delivered_once_ && std::chrono::duration<double>(now - last_).count() < interval_s_) {
      pending_ = std::move(line);
      return;
    }
    pending_.reset();
    deliver(line);
  }

  void deliver(const std::string& line) {
    last_ = std::chrono::steady_clock::now();
    delivered_once_ = true;
    py::gil_scoped_acquire gil;
    callback_(progress_record(line));
  }

  /// {"line": text} and, for a thermo line, its numbers (rounded as printed; exact values are in
  /// thermo.csv): step, time_ps, temperature_K, potential_energy_eV, total_energy_eV,
  /// pressure_bar, density_g_cm3.
  static py::dict progress_record(const std::string& line) {
    py::dict record;
    record["line"] = line;
    std::istringstream in(line);
    long long step = 0;
    double values[6];
    if (in >> step) {
      bool all = true;
      for (double& v : values) all = all && static_cast<bool>(in >> v);
      std::string rest;
      if (all && !(in >> rest)) {
        record["step"] = step;
        const char* keys[6] = {"time_ps",         "temperature_K", "potential_energy_eV",
                               "total_energy_eV", "pressure_bar",  "density_g_cm3"};
        for (int k = 0; k < 6; ++k) record[keys[k]] = values[k];
      }
    }
    return record;
  }

  py::object callback_;
  double interval_s_;
  std::string line_;
  std::optional<std::string> pending_;
  bool delivered_once_ = false;
  std::chrono::steady_clock::time_point last_;
};

/// Runs the protocol in `text` (YAML or JSON, named `path` in errors and anchoring its relative
/// paths; with empty text the file `path` is read). Returns summary.json as a dict.
py::object run_protocol_binding(const std::string& text, const std::string& path, const std::string& output_directory,
                                int threads, bool resume, const py::object& progress, double progress_interval_s,
                                bool progress_bar) {
  if (!(progress_interval_s >= 0)) throw InputError("progress_interval_s must be ≥ 0");
  const Protocol protocol = text.empty() ? read_protocol(path) : parse_protocol(text, path);
  ExecutionContext context{threads, output_directory, progress_bar};
  context.validate();
  std::optional<ProgressLines> lines;
  std::optional<std::ostream> console;
  if (!progress.is_none()) {
    lines.emplace(progress, progress_interval_s);
    console.emplace(&*lines);
    console->exceptions(std::ios::badbit);  // an exception of the callback stops the run
  }
  RunControl control;
  control.resume = resume;
  control.console = console ? &*console : nullptr;
  RunSummary summary;
  {
    py::gil_scoped_release release;
    summary = run_protocol(protocol, context, control);
    if (console) console->flush();
    if (lines) lines->flush_pending();
    write_md_run_summary(summary, path, output_directory);
  }
  return to_python(md_run_summary_json(summary, path));
}

}  // namespace

void bind_md(py::module_& m) {
  m.def("_run_protocol", &run_protocol_binding, py::arg("text"), py::arg("path"), py::arg("output_directory"),
        py::arg("threads") = 0, py::arg("resume") = false, py::arg("progress") = py::none(),
        py::arg("progress_interval_s") = 0.2, py::arg("progress_bar") = false,
        "Runs an MD protocol (`ionglass run`). Use ionglass.run.");
}

}  // namespace ionglass::python
