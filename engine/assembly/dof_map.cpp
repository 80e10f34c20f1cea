#include "engine/assembly/dof_map.hpp"

#include <Eigen/QR>

namespace piriform {

DofMap::DofMap(Index num_nodes, const std::vector<char>& constrained)
    : eq_(3 * static_cast<std::size_t>(num_nodes), -1), mask_(num_nodes, 0) {
  for (Index d = 0; d < 3 * num_nodes; ++d) {
    if (constrained[d]) {
      constrained_.push_back(d);
    } else {
      eq_[d] = num_free_++;
      mask_[d / 3] |= static_cast<unsigned char>(1u << (d % 3));
    }
  }
}

DofMap DofMap::from_model(const Model& model) {
  std::vector<char> constrained(3 * static_cast<std::size_t>(model.mesh.num_nodes()), 0);
  for (const auto& bc : model.supports) {
    const auto& set = model.mesh.facet_set(bc.surface);
    for (Index v : set.nodes)
      for (int i = 0; i < 3; ++i)
        if (bc.components[i]) constrained[3 * static_cast<std::size_t>(v) + i] = 1;
  }
  return DofMap(model.mesh.num_nodes(), constrained);
}

void DofMap::gather(const VecX& full, VecX& free) const {
  free.resize(num_free_);
  for (Index d = 0; d < num_dofs(); ++d)
    if (eq_[d] >= 0) free[eq_[d]] = full[d];
}

void DofMap::scatter(const VecX& free, VecX& full) const {
  for (Index d = 0; d < num_dofs(); ++d)
    if (eq_[d] >= 0) full[d] = free[eq_[d]];
}

int unrestrained_rigid_modes(const Mesh& mesh, const DofMap& dofs) {
  const auto& c = dofs.constrained_dofs();
  if (c.empty()) return 6;
  // Columns: three translations and three infinitesimal rotations about the centroid, evaluated at the
  // constrained dofs; each independent combination not seen there is a free rigid-body motion.
  const Vec3 centre = mesh.X.rowwise().mean();
  const double scale = (mesh.X.colwise() - centre).colwise().norm().maxCoeff();
  Eigen::MatrixXd R = Eigen::MatrixXd::Zero(static_cast<Index>(c.size()), 6);
  for (std::size_t r = 0; r < c.size(); ++r) {
    const Index node = c[r] / 3;
    const int comp = c[r] % 3;
    const Vec3 x = (mesh.X.col(node) - centre) / scale;
    R(static_cast<Index>(r), comp) = 1.0;
    for (int k = 0; k < 3; ++k) R(static_cast<Index>(r), 3 + k) = Vec3::Unit(k).cross(x)[comp];
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(R);
  qr.setThreshold(1e-10);
  return 6 - static_cast<int>(qr.rank());
}

}  // namespace piriform
