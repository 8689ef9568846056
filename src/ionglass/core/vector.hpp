#pragma once
// Small fixed-size linear algebra used everywhere: Eigen's 3-vectors and 3x3 matrices. Only
// <Eigen/Core> comes with it; files that invert or factorise (LU, Cholesky) or take cross products
// (Geometry) include those modules themselves.
#include <Eigen/Core>
#include <array>

namespace ionglass {

using Vec3 = Eigen::Vector3d;
using Mat3 = Eigen::Matrix3d;
/// Integer lattice translation (periodic image flags).
using Image = std::array<int, 3>;

}  // namespace ionglass
