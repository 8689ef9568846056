#pragma once
// A short-range pair interaction V(r) between two species: the building block of classical force
// fields (Buckingham, Teter, Morse, ...). Models are combined per type pair by
// ClassicalForceField, which applies cutoffs, shifts and tabulation.
#include <memory>
#include <string>

namespace ionglass {

class PairModel {
public:
  virtual ~PairModel() = default;
  /// Model name as written in potential files ("buckingham", "teter", ...).
  virtual std::string name() const = 0;
  /// Parameters in words (for logs): "A=... eV, rho=... Å, ...".
  virtual std::string describe() const = 0;
  /// Energy V(r) (eV) and its derivative dV/dr (eV/Å) at distance r > 0 (Å).
  virtual void evaluate(double r, double& energy, double& derivative) const = 0;
  virtual std::unique_ptr<PairModel> clone() const = 0;
};

}  // namespace ionglass
