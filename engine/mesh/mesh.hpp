// The finite-element mesh: reference node coordinates, one volume cell type, named regions (cell sets)
// with an optional per-cell fibre direction, and named boundary facet sets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/common/types.hpp"
#include "engine/elements/cell_type.hpp"

namespace piriform {

// A named set of boundary facets, each stored with the facet element's node order and oriented so that
// its right-hand-rule normal points out of the body.
struct FacetSet {
  std::string name;
  CellType type = CellType::Tri3;
  std::vector<Index> nodes;  // num_nodes(type) per facet

  Index size() const;
  const Index* facet(Index f) const { return nodes.data() + static_cast<std::size_t>(f) * num_nodes(type); }
};

struct Mesh {
  Eigen::Matrix3Xd X;  // reference coordinates of the nodes, m
  CellType cell_type = CellType::Tet10;
  std::vector<Index> cells;               // num_nodes(cell_type) node numbers per cell (Gmsh order)
  std::vector<int> cell_region;           // region number of each cell
  std::vector<std::string> region_names;  // region number -> name
  Eigen::Matrix3Xd fibre;                 // unit fibre direction per cell; zero columns or empty: none
  std::vector<FacetSet> facet_sets;

  Index num_nodes() const { return static_cast<Index>(X.cols()); }
  Index num_cells() const;
  int nodes_per_cell() const { return piriform::num_nodes(cell_type); }
  const Index* cell(Index c) const { return cells.data() + static_cast<std::size_t>(c) * nodes_per_cell(); }
  Vec3 fibre_of(Index c) const { return fibre.cols() == 0 ? Vec3::Zero() : Vec3(fibre.col(c)); }

  // Look-ups by name; unknown names throw InputError listing the names that exist.
  int region_id(std::string_view name) const;
  const FacetSet& facet_set(std::string_view name) const;
  bool has_facet_set(std::string_view name) const;

  // Throws InputError on out-of-range node numbers, inconsistent sizes, unknown region numbers, facet sets
  // of the wrong facet type, non-unit fibres, or cells with non-positive reference volume.
  void validate() const;
};

// Every facet that belongs to exactly one cell, oriented outwards.
FacetSet boundary_facets(const Mesh& mesh, std::string name = "boundary");

// Outward unit normal (from the corner nodes, reference configuration) and centroid of facet f.
Vec3 facet_normal(const Mesh& mesh, const FacetSet& set, Index f);
Vec3 facet_centroid(const Mesh& mesh, const FacetSet& set, Index f);

// The facets of `from` whose centroid and normal satisfy `keep`.
template <class Predicate>
FacetSet select_facets(const Mesh& mesh, const FacetSet& from, std::string name, Predicate keep) {
  FacetSet out{std::move(name), from.type, {}};
  const int n = num_nodes(from.type);
  for (Index f = 0; f < from.size(); ++f) {
    if (keep(facet_centroid(mesh, from, f), facet_normal(mesh, from, f)))
      out.nodes.insert(out.nodes.end(), from.facet(f), from.facet(f) + n);
  }
  return out;
}

// Volume of every cell (reference configuration), by quadrature.
std::vector<double> cell_volumes(const Mesh& mesh);

// Sorted, unique node numbers of a facet set.
std::vector<Index> facet_set_nodes(const FacetSet& set);

}  // namespace piriform
