#include "engine/assembly/assembler.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/assembly/solid_kernel.hpp"
#include "engine/common/error.hpp"
#include "engine/elements/quadrature.hpp"

namespace piriform {

namespace {

// Adds the element matrix Ke (local dofs 3a+i over nodes v[0..n)) into K's values through the scatter map.
template <class ElementMatrix>
void scatter_matrix(const ElementMatrix& Ke, const int* pos, int n, const Index* v, const DofMap& dofs,
                    double* values) {
  for (int b = 0; b < n; ++b)
    for (int k = 0; k < 3; ++k)
      for (int a = 0; a < n; ++a) {
        int p = pos[(a * n + b) * 3 + k];
        if (p < 0) continue;
        const int mask = dofs.free_mask(v[a]);
        for (int i = 0; i < 3; ++i)
          if (mask & (1 << i)) values[p++] += Ke(3 * a + i, 3 * b + k);
      }
}

}  // namespace

// A loaded surface with its quadrature data, computed once.
struct Assembler::Surface {
  const FacetSet* set = nullptr;
  int n = 0;
  std::vector<double> weight;        // quadrature weights (reference facet)
  std::vector<Eigen::VectorXd> N;    // shape values per point
  std::vector<Eigen::Matrix2Xd> dN;  // d/dxi, d/deta per point
  ScatterMap scatter;
};

Assembler::Assembler(const Model& model, const DofMap& dofs)
    : model_(model), dofs_(dofs), geometry_(model.mesh), sparsity_(model.mesh, dofs) {
  auto make = [&](const std::string& name) {
    auto s = std::make_shared<Surface>();
    s->set = &model.mesh.facet_set(name);
    s->n = num_nodes(s->set->type);
    const auto rule = default_quadrature(s->set->type);
    for (std::size_t q = 0; q < rule.size(); ++q) {
      s->weight.push_back(rule.weights[q]);
      Eigen::VectorXd N(s->n);
      Eigen::Matrix2Xd dN(2, s->n);
      shape_values(s->set->type, rule.points[q].data(), N.data());
      shape_gradients(s->set->type, rule.points[q].data(), dN.data());
      s->N.push_back(N);
      s->dN.push_back(dN);
    }
    s->scatter.resize(s->set->size(), s->n);
    for (Index f = 0; f < s->set->size(); ++f)
      s->scatter.build(sparsity_.pattern(), dofs, s->set->facet(f), s->n, f);
    return s;
  };
  for (const auto& p : model.pressures) pressure_surfaces_.push_back(make(p.surface));
  for (const auto& t : model.tractions) traction_surfaces_.push_back(make(t.surface));

  // Internal variables: one block per cell, allocated once, so evaluations never allocate.
  const Mesh& mesh = model.mesh;
  bool any_history = false;
  for (std::size_t region = 0; region < model.materials.size(); ++region) {
    const int size = model.materials[region] ? model.materials[region]->history_size() : 0;
    region_history_size_.push_back(size);
    if (size == 0) continue;
    any_history = true;
    // The small-strain kernel evaluates CC(I) only; a history-dependent stress needs the finite kernels.
    if (model.kinematics == Kinematics::SmallStrain)
      throw InputError(fmt::format(
          "region '{}': material '{}' has internal variables (history), which needs finite kinematics; "
          "the small-strain analysis supports elastic materials only",
          mesh.region_names[region], model.materials[region]->name()));
  }
  if (!any_history) return;
  const Index nc = mesh.num_cells();
  const int points = geometry_.num_points();
  history_offset_.assign(nc + 1, 0);
  for (Index c = 0; c < nc; ++c)
    history_offset_[c + 1] =
        history_offset_[c] + static_cast<std::size_t>(points) * region_history_size_[mesh.cell_region[c]];
  committed_.assign(history_offset_[nc], 0.0);
  for (Index c = 0; c < nc; ++c) {
    const Material& mat = *model.materials[mesh.cell_region[c]];
    const int size = region_history_size_[mesh.cell_region[c]];
    for (int q = 0; q < points && size > 0; ++q)
      mat.initial_history(committed_.data() + history_offset_[c] + q * size);
  }
  trial_ = committed_;
}

void Assembler::set_time_step(double dt) {
  if (!(dt >= 0.0) || !std::isfinite(dt))
    throw std::invalid_argument(
        fmt::format("Assembler::set_time_step: dt = {} s; expected a finite value >= 0", dt));
  dt_ = dt;
}

void Assembler::commit_history() {
  std::copy(trial_.begin(), trial_.end(), committed_.begin());
  dt_ = 0.0;
}

CellHistory Assembler::cell_history(Index c) const {
  CellHistory h;
  h.dt = dt_;
  if (history_offset_.empty()) return h;
  h.size = region_history_size_[model_.mesh.cell_region[c]];
  h.committed = committed_.data() + history_offset_[c];
  h.trial = trial_.data() + history_offset_[c];
  return h;
}

const double* Assembler::committed_history(Index c, int q) const { return cell_history(c).committed_at(q); }

const double* Assembler::trial_history(Index c, int q) const { return cell_history(c).trial_at(q); }

template <CellType T>
Evaluation Assembler::evaluate_cells(const VecX& u, VecX* r, SpMat* K, bool want_energy,
                                     const VecX* lift_direction, VecX* lift) const {
  using Kernel = SolidKernel<T>;
  constexpr int n = Kernel::n;
  const Mesh& mesh = model_.mesh;
  const Index nc = mesh.num_cells();
  std::vector<double> energy(want_energy ? nc : 0, 0.0), min_J(nc, 1.0);
  double* values = K ? K->valuePtr() : nullptr;
  const auto& offsets = sparsity_.colour_offsets();
  const auto& blocks = sparsity_.coloured_blocks();

  // One thread team for all colours (the implicit barrier of each loop separates them); below a few
  // hundred cells, waking the team costs more than the cells themselves.
  [[maybe_unused]] constexpr Index min_parallel_cells = 256;
#pragma omp parallel if (nc >= min_parallel_cells)
  {
    typename Kernel::Disp ue;
    typename Kernel::Vec re;
    typename Kernel::Mat Ke;
    typename Kernel::Vec de;
    for (int colour = 0; colour < sparsity_.num_colours(); ++colour) {
#pragma omp for schedule(static)
      for (Index i = offsets[colour]; i < offsets[colour + 1]; ++i) {
        for (Index c = sparsity_.block_begin(blocks[i]); c < sparsity_.block_end(blocks[i]); ++c) {
          const Index* v = mesh.cell(c);
          for (int a = 0; a < n; ++a) ue.col(a) = u.template segment<3>(3 * static_cast<Index>(v[a]));
          if (r) re.setZero();
          if (K) Ke.setZero();
          const Material& mat = *model_.materials[mesh.cell_region[c]];
          const Vec3 a0 = mesh.fibre_of(c);
          typename Kernel::Out out;
          if (model_.kinematics == Kinematics::SmallStrain)
            out = Kernel::small_strain(geometry_, c, ue, mat, a0, r ? &re : nullptr, K ? &Ke : nullptr,
                                       want_energy);
          else if (model_.formulation == Formulation::MeanDilatation)
            out = Kernel::mean_dilatation(geometry_, c, ue, mat, a0, r ? &re : nullptr, K ? &Ke : nullptr,
                                          want_energy, cell_history(c));
          else
            out = Kernel::finite(geometry_, c, ue, mat, a0, r ? &re : nullptr, K ? &Ke : nullptr, want_energy,
                                 cell_history(c));
          min_J[c] = out.inverted ? std::min(out.min_J, 0.0) : out.min_J;
          if (out.inverted) continue;
          if (want_energy) energy[c] = out.energy;
          if (r)
            for (int a = 0; a < n; ++a)
              r->template segment<3>(3 * static_cast<Index>(v[a])) += re.template segment<3>(3 * a);
          if (K) scatter_matrix(Ke, sparsity_.cells().element(c), n, v, dofs_, values);
          if (lift) {
            for (int a = 0; a < n; ++a)
              de.template segment<3>(3 * a) =
                  lift_direction->template segment<3>(3 * static_cast<Index>(v[a]));
            if (!de.isZero(0.0)) {
              re.noalias() = Ke * de;
              for (int a = 0; a < n; ++a)
                lift->template segment<3>(3 * static_cast<Index>(v[a])) += re.template segment<3>(3 * a);
            }
          }
        }
      }
    }
  }

  Evaluation ev;
  for (Index c = 0; c < nc; ++c) {
    if (want_energy) ev.energy += energy[c];
    ev.min_J = std::min(ev.min_J, min_J[c]);
    if (min_J[c] <= 0.0) {
      if (ev.inverted_cells++ == 0) ev.first_inverted = c;
    }
  }
  return ev;
}

void Assembler::add_surface_loads(const VecX& u, double t, VecX* r, SpMat* K, LoadStiffness mode,
                                  SpMat* skew) const {
  const Mesh& mesh = model_.mesh;
  using SmallMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 24, 24>;
  SmallMat Ke;
  Eigen::Matrix<double, 3, Eigen::Dynamic, 0, 3, 8> x, X;
  auto cross_matrix = [](const Vec3& a) {
    Mat3 m;
    m << 0, -a[2], a[1], a[2], 0, -a[0], -a[1], a[0], 0;
    return m;
  };
  // Geometrically linear analyses keep the loads on the reference surface (no load stiffness).
  const bool on_reference = model_.kinematics == Kinematics::SmallStrain;
  std::vector<Eigen::Triplet<double>> skew_entries;
  for (std::size_t s = 0; s < pressure_surfaces_.size(); ++s) {
    const Surface& surf = *pressure_surfaces_[s];
    const auto& load = model_.pressures[s];
    const int n = surf.n;
    x.resize(3, n);
    X.resize(3, n);
    for (Index f = 0; f < surf.set->size(); ++f) {
      const Index* v = surf.set->facet(f);
      for (int a = 0; a < n; ++a) {
        X.col(a) = mesh.X.col(v[a]);
        x.col(a) = X.col(a);
        if (!on_reference) x.col(a) += u.segment<3>(3 * static_cast<Index>(v[a]));
      }
      const bool stiff = K && mode != LoadStiffness::None && !on_reference;
      if (stiff) Ke.setZero(3 * n, 3 * n);
      for (std::size_t q = 0; q < surf.weight.size(); ++q) {
        const Vec3 Xq = X * surf.N[q];
        const double p = load.pressure(Xq, t);
        if (p == 0.0) continue;
        const Vec3 x_xi = x * surf.dN[q].row(0).transpose(), x_eta = x * surf.dN[q].row(1).transpose();
        const double wp = surf.weight[q] * p;
        // Follower pressure, current area vector n da = x_xi x x_eta dxi deta (Bonet & Wood 2008, §8.5.2).
        if (r) {
          const Vec3 nda = x_xi.cross(x_eta);
          for (int a = 0; a < n; ++a)
            r->segment<3>(3 * static_cast<Index>(v[a])) += (wp * surf.N[q][a]) * nda;
        }
        if (stiff) {
          const Mat3 Sxi = cross_matrix(x_xi), Seta = cross_matrix(x_eta);
          for (int b = 0; b < n; ++b) {
            const Mat3 D = surf.dN[q](1, b) * Sxi - surf.dN[q](0, b) * Seta;
            for (int a = 0; a < n; ++a) Ke.block<3, 3>(3 * a, 3 * b) += (wp * surf.N[q][a]) * D;
          }
        }
      }
      if (stiff) {
        if (mode == LoadStiffness::Symmetric) {
          if (skew)
            for (int j = 0; j < 3 * n; ++j)
              for (int i = 0; i < 3 * n; ++i) {
                const Index row = dofs_.eq(3 * static_cast<Index>(v[i / 3]) + i % 3);
                const Index col = dofs_.eq(3 * static_cast<Index>(v[j / 3]) + j % 3);
                const double value = 0.5 * (Ke(i, j) - Ke(j, i));
                if (row >= 0 && col >= 0 && value != 0.0) skew_entries.emplace_back(row, col, value);
              }
          Ke = (0.5 * (Ke + Ke.transpose())).eval();
        }
        scatter_matrix(Ke, surf.scatter.element(f), n, v, dofs_, K->valuePtr());
      }
    }
  }
  if (skew) skew->setFromTriplets(skew_entries.begin(), skew_entries.end());
  if (!r) return;
  for (std::size_t s = 0; s < traction_surfaces_.size(); ++s) {
    const Surface& surf = *traction_surfaces_[s];
    const auto& load = model_.tractions[s];
    const int n = surf.n;
    X.resize(3, n);
    for (Index f = 0; f < surf.set->size(); ++f) {
      const Index* v = surf.set->facet(f);
      for (int a = 0; a < n; ++a) X.col(a) = mesh.X.col(v[a]);
      for (std::size_t q = 0; q < surf.weight.size(); ++q) {
        const Vec3 X_xi = X * surf.dN[q].row(0).transpose(), X_eta = X * surf.dN[q].row(1).transpose();
        const double dA = surf.weight[q] * X_xi.cross(X_eta).norm();
        const Vec3 tq = load.traction(X * surf.N[q], t);
        for (int a = 0; a < n; ++a) r->segment<3>(3 * static_cast<Index>(v[a])) -= (dA * surf.N[q][a]) * tq;
      }
    }
  }
}

Evaluation Assembler::evaluate(const VecX& u, double t, VecX* r, SpMat* K, bool want_energy,
                               LoadStiffness load_stiffness, const VecX* lift_direction, VecX* lift,
                               SpMat* load_skew) const {
  if (lift && !K) throw std::logic_error("Assembler::evaluate: lift needs the tangent");
  if (lift) lift->setZero(dofs_.num_dofs());
  if (r) r->setZero(dofs_.num_dofs());
  if (K) {
    if (K->nonZeros() != sparsity_.pattern().nonZeros() || K->rows() != sparsity_.pattern().rows())
      *K = sparsity_.pattern();
    std::fill(K->valuePtr(), K->valuePtr() + K->nonZeros(), 0.0);
  }
  const Evaluation ev = dispatch(model_.mesh.cell_type, [&](auto tag) -> Evaluation {
    constexpr CellType T = decltype(tag)::value;
    if constexpr (Shape<T>::dim == 3)
      return evaluate_cells<T>(u, r, K, want_energy, lift_direction, lift);
    else
      throw InputError("mesh cells must be volume cells");
  });
  if (load_skew) {
    load_skew->resize(dofs_.num_free(), dofs_.num_free());
    load_skew->setZero();
  }
  if (ev.inverted_cells == 0) add_surface_loads(u, t, r, K, load_stiffness, K ? load_skew : nullptr);
  return ev;
}

void Assembler::external_force(const VecX& u, double t, VecX& f) const {
  f.setZero(dofs_.num_dofs());
  add_surface_loads(u, t, &f, nullptr, LoadStiffness::None, nullptr);
  f = -f;
}

}  // namespace piriform
