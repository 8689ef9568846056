#pragma once
// Helpers shared by the ACE tests: the bundled potential, reference frames, and a numerical
// evaluation of energies for finite-difference checks.
#include <memory>
#include <string>
#include <vector>

#include "ionglass/ace/ace_potential.hpp"
#include "ionglass/ace/yace_reader.hpp"
#include "ionglass/core/system.hpp"
#include "ionglass/io/extended_xyz.hpp"
#include "test_paths.hpp"

namespace ionglass::test {

inline std::string bundled_yace() { return data_dir() + "/potential/NaFePO4.yace"; }

/// The bundled potential, read once per test program (reading and tabulating takes ~0.3 s).
inline const ace::AceCTildeBasis& bundled_basis() {
  static const ace::AceCTildeBasis basis = ace::read_yace(bundled_yace());
  return basis;
}

/// A fresh potential (own neighbour list) sharing one compiled evaluator of the bundled file.
inline std::unique_ptr<ace::AcePotential> bundled_potential() {
  static const std::shared_ptr<const ace::AceEvaluator> evaluator = std::make_shared<const ace::AceEvaluator>(bundled_basis());
  return std::make_unique<ace::AcePotential>(evaluator, bundled_yace());
}

/// All frames of an extended-XYZ file (library reader).
inline std::vector<System> read_extxyz(const std::string& path) {
  auto reader = open_extended_xyz(path);
  std::vector<System> frames;
  System frame;
  while (reader->next(frame)) frames.push_back(frame);
  return frames;
}

inline double energy_of(Potential& potential, const System& system) {
  EvaluationRequest request;
  request.forces = false;
  request.virial = false;
  PotentialResult r;
  r.reset(system.size(), request);
  potential.compute(system, request, r);
  return r.energy;
}

}  // namespace ionglass::test
