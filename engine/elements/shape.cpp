#include "engine/elements/shape.hpp"

namespace piriform {

void shape_values(CellType t, const double* xi, double* N) {
  dispatch(t, [&](auto tag) {
    using S = Shape<decltype(tag)::value>;
    Eigen::Map<typename S::Values> out(N);
    out = S::N(Eigen::Map<const typename S::Point>(xi));
  });
}

void shape_gradients(CellType t, const double* xi, double* dN) {
  dispatch(t, [&](auto tag) {
    using S = Shape<decltype(tag)::value>;
    Eigen::Map<typename S::Gradients> out(dN);
    out = S::dN(Eigen::Map<const typename S::Point>(xi));
  });
}

}  // namespace piriform
