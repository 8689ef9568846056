#pragma once
// Initial velocities from the Maxwell–Boltzmann distribution: each component drawn from
// N(0, k_B T / m), the centre-of-mass velocity removed, then all velocities scaled so that the
// kinetic temperature (N_f = 3N − 3) is exactly T.
#include "ionglass/md/md_system.hpp"
#include "ionglass/md/random_stream.hpp"

namespace ionglass {

/// Throws InputError if temperature_K is negative or not finite (T = 0 gives zero velocities).
void assign_maxwell_boltzmann_velocities(MdSystem& md, double temperature_K, RandomStream& random);

}  // namespace ionglass
