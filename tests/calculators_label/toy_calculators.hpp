#pragma once
// Test calculators for the labelling tests: a harmonic toy E = ½ k Σ|r|², F = −k r (Å, eV, eV/Å),
// computed either in process or by a shell script (so that real child processes run, sleep,
// crash, time out and get killed).
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "ionglass/calculators/calculator.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass::test {

inline double harmonic_energy(const System& s, double k) {
  double e = 0;
  for (const Vec3& r : s.positions) e += 0.5 * k * r.squaredNorm();
  return e;
}

/// In process: prepare() returns no command, collect() computes.
class InProcessHarmonic : public calculators::Calculator {
 public:
  explicit InProcessHarmonic(double k) : k_(k) {}
  std::string name() const override { return "harmonic_in_process"; }
  std::string settings_text() const override { return fmt::format("k = {}\n", k_); }
  calculators::CalculationJob prepare(const System&, const calculators::CalculationRequest&,
                                      const std::string&) const override {
    return {};
  }
  calculators::CalculationResult collect(const System& s, const calculators::CalculationRequest&, const std::string&,
                                         const ChildProcessOutcome&) const override {
    calculators::CalculationResult r;
    r.status = calculators::CalculationStatus::ok;
    r.energy_eV = harmonic_energy(s, k_);
    for (const Vec3& p : s.positions) r.forces_eV_per_A.push_back(-k_ * p);
    return r;
  }

 private:
  double k_;
};

/// By a shell script: mode "ok", "crash" (exit 3), "not_converged", "missing" (no such program),
/// "hang" (sleeps 30 s). Every run appends "START END" (s since the epoch) to log_file and its
/// attempt folder to attempts_file.
class ShellHarmonic : public calculators::Calculator {
 public:
  ShellHarmonic(double k, std::string mode, std::string log_file, double sleep_min_s = 0, double sleep_span_s = 0)
      : k_(k), mode_(std::move(mode)), log_(std::move(log_file)), sleep_min_(sleep_min_s), sleep_span_(sleep_span_s) {}
  std::string name() const override { return "harmonic_shell"; }
  std::string settings_text() const override { return fmt::format("k = {}\nmode = {}\n", k_, mode_); }
  calculators::CalculationJob prepare(const System& s, const calculators::CalculationRequest&,
                                      const std::string& dir) const override {
    if (s.size() == 0) throw InputError("harmonic_shell: a structure without atoms");
    std::ofstream in(dir + "/positions.txt");
    in.precision(17);
    for (const Vec3& p : s.positions) in << p[0] << " " << p[1] << " " << p[2] << "\n";
    std::ofstream script(dir + "/run.sh");
    script << "start=$(date +%s.%N)\n"
           << fmt::format("sleep $(awk -v seed=$$ 'BEGIN{{srand(seed); printf \"%.3f\", {} + rand()*{}}}')\n",
                          sleep_min_, sleep_span_);
    if (mode_ == "hang") script << "sleep 30\n";
    script << "echo \"$start $(date +%s.%N)\" >> '" << log_ << "'\n";
    if (mode_ == "crash") script << "exit 3\n";
    if (mode_ == "not_converged") script << "echo 'NOT CONVERGED' > output.txt; exit 0\n";
    script << fmt::format(
        "awk -v k={} '{{e += 0.5*k*($1*$1+$2*$2+$3*$3); f[NR] = sprintf(\"%.17g %.17g %.17g\", -k*$1, -k*$2, "
        "-k*$3)}} END {{printf \"%.17g\\n\", e; for (i = 1; i <= NR; ++i) print f[i]}}' positions.txt > "
        "output.tmp && mv output.tmp output.txt\n",
        k_);
    calculators::CalculationJob job;
    job.command = {mode_ == "missing" ? "/nonexistent/harmonic_program" : "sh", "run.sh"};
    return job;
  }
  calculators::CalculationResult collect(const System& s, const calculators::CalculationRequest&,
                                         const std::string& dir, const ChildProcessOutcome& outcome) const override {
    using calculators::CalculationStatus;
    if (!outcome.succeeded()) return calculators::failed_result(CalculationStatus::crashed, outcome.describe());
    std::ifstream out(dir + "/output.txt");
    std::string first;
    if (!std::getline(out, first)) return calculators::failed_result(CalculationStatus::bad_output, "no output.txt");
    if (first == "NOT CONVERGED") return calculators::failed_result(CalculationStatus::not_converged, "toy SCF");
    calculators::CalculationResult r;
    r.status = CalculationStatus::ok;
    r.energy_eV = std::stod(first);
    for (std::size_t i = 0; i < s.size(); ++i) {
      Vec3 f;
      out >> f[0] >> f[1] >> f[2];
      r.forces_eV_per_A.push_back(f);
    }
    if (!out) return calculators::failed_result(CalculationStatus::bad_output, "output.txt cut short");
    return r;
  }

 private:
  double k_;
  std::string mode_, log_;
  double sleep_min_, sleep_span_;
};

/// n structures of 3 atoms (Na, Cl, Na) in a 10 Å cube, positions a deterministic function of the index.
inline std::vector<System> toy_structures(int n, double scale = 1.0) {
  std::vector<System> out;
  for (int i = 0; i < n; ++i) {
    System s;
    s.cell = Cell(Mat3::Identity() * 10.0);
    const int na = s.type_for_element(11), cl = s.type_for_element(17);
    s.add_atom(1, na, scale * Vec3(0.1 * i + 0.5, 1.0, 2.0 + 0.01 * i));
    s.add_atom(2, cl, scale * Vec3(3.0, 0.2 * i + 0.3, 1.5));
    s.add_atom(3, na, scale * Vec3(5.0, 5.0, 0.05 * i + 0.7));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace ionglass::test
