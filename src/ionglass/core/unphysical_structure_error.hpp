#pragma once
// The error of a structure that a potential cannot evaluate (core/error.hpp has the others).
#include "ionglass/core/error.hpp"

namespace ionglass {

/// A structure a potential cannot evaluate: atoms on the same spot or closer than the potential
/// is defined for, so that the energy or a force is not finite. Inside a simulation this is a
/// computation that cannot go on; where the structure is the user's input (a file given to
/// `eval`, the first step of `run`), the command reports it as an InputError naming that file
/// (exit status 2).
class UnphysicalStructureError : public ComputationError {
 public:
  using ComputationError::ComputationError;
};

}  // namespace ionglass
