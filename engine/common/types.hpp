// Fixed-size linear-algebra types and index conventions shared by every part of the engine.
#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <Eigen/LU>
#include <cstdint>

namespace piriform {

using Index = std::int32_t;  // node, cell and equation numbers; 2^31 is far beyond a 2-core machine's models

using Vec2 = Eigen::Vector2d;
using Vec3 = Eigen::Vector3d;
using Vec6 = Eigen::Matrix<double, 6, 1>;
using Mat3 = Eigen::Matrix3d;
using Mat6 = Eigen::Matrix<double, 6, 6>;
using Mat9 = Eigen::Matrix<double, 9, 9>;
using VecX = Eigen::VectorXd;

// Voigt order for symmetric second-order tensors: 11, 22, 33, 12, 23, 13 (no factor 2 on shear in
// stresses; tangents map symmetric strain increments written with engineering shear).
inline constexpr int voigt_i[6] = {0, 1, 2, 0, 1, 0};
inline constexpr int voigt_j[6] = {0, 1, 2, 1, 2, 2};

inline int voigt_index(int i, int j) {
  static constexpr int map[3][3] = {{0, 3, 5}, {3, 1, 4}, {5, 4, 2}};
  return map[i][j];
}

inline Vec6 to_voigt(const Mat3& A) {
  Vec6 v;
  for (int k = 0; k < 6; ++k) v[k] = A(voigt_i[k], voigt_j[k]);
  return v;
}

inline Mat3 from_voigt(const Vec6& v) {
  Mat3 A;
  for (int k = 0; k < 6; ++k) A(voigt_i[k], voigt_j[k]) = A(voigt_j[k], voigt_i[k]) = v[k];
  return A;
}

}  // namespace piriform
