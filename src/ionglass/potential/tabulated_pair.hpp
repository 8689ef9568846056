#pragma once
// A pair potential given as a table of energies V(r_k) on increasing distances, interpolated by a
// natural cubic spline (energy and its exact derivative from the same spline, so forces are
// consistent with energies). Outside the table: below the first point the spline's end cubic is
// extrapolated, beyond the last point V = 0 (use a cutoff at or below the last distance).
#include <string>
#include <vector>

#include "ionglass/potential/pair_model.hpp"

namespace ionglass {

class TabulatedPair : public PairModel {
public:
  /// Distances (Å, strictly increasing, at least 3) and energies (eV). Throws InputError otherwise.
  TabulatedPair(std::vector<double> r, std::vector<double> energy, std::string source = "");
  const std::vector<double>& distances() const { return r_; }  ///< table distances r_k (Å)
  const std::vector<double>& energies() const { return e_; }   ///< table energies V(r_k) (eV)
  const std::string& source() const { return source_; }        ///< file the table came from ("" if none)
  std::string name() const override { return "tabulated"; }
  std::string describe() const override;
  void evaluate(double r, double& energy, double& derivative) const override;
  std::unique_ptr<PairModel> clone() const override { return std::make_unique<TabulatedPair>(*this); }

private:
  std::vector<double> r_, e_, second_;  // second_: spline second derivatives at the knots
  std::string source_;
};

}  // namespace ionglass
