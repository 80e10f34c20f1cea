// Geometry: layer boxes (deep bed, gluteus maximus layer, fat, skin), the piriformis as a rotated band on
// the deep bed, and the nerve as an extruded ellipse cut at the piriformis' lower margin; one OpenCASCADE
// fragment makes every interface conforming. Where shapes overlap, the nerve wins over the piriformis,
// which wins over the gluteus maximus layer.
#include "meshes/anatomy/generate_anatomy.hpp"

#include <fmt/format.h>
#include <gmsh.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cmath>
#include <map>

#include "engine/common/error.hpp"
#include "engine/mesh/quality.hpp"
#include "meshes/gmsh/gmsh_session.hpp"
#include "meshes/gmsh/msh_io.hpp"

namespace piriform {
namespace {

namespace occ = gmsh::model::occ;
using gmsh::vectorpair;
constexpr double kPi = 3.14159265358979323846;

// Elliptic cylinder along +y from y = -L/2 to +L/2 (width along x, thickness along z).
int elliptic_cylinder(double x, double z, double width, double thickness, double length) {
  const double a = width / 2, b = thickness / 2;
  const int curve = a > b ? occ::addEllipse(0, 0, 0, a, b) : occ::addCircle(0, 0, 0, a);
  const int loop = occ::addCurveLoop({curve});
  const int disk = occ::addPlaneSurface({loop});
  occ::rotate({{2, disk}}, 0, 0, 0, 1, 0, 0, kPi / 2);  // the y radius turns into z
  occ::translate({{2, disk}}, x, -length / 2, z);
  vectorpair out;
  occ::extrude({{2, disk}}, 0, length, 0, out);
  for (const auto& [dim, tag] : out)
    if (dim == 3) return tag;
  throw InputError("anatomy generator: extruding the nerve cross-section produced no volume");
}

// A box spanning far beyond the block on the cranial (side > 0) or caudal side of the piriformis' lower
// margin, or (side == 0) the band itself between its margins; heights z0..z1.
int margin_box(const AnatomySpec& s, int side, double z0, double z1) {
  const double big = 4 * std::max(s.width, s.length);
  const double y0 = side > 0 ? 0.0 : side < 0 ? -big : 0.0;
  const double dy = side == 0 ? s.piriformis_width : big;
  const int box = occ::addBox(-big, y0, z0, 2 * big, dy, z1 - z0);
  occ::rotate({{3, box}}, 0, 0, 0, 0, 0, 1, -s.piriformis_angle);
  occ::translate({{3, box}}, s.nerve_offset, s.nerve_exit, 0);
  return box;
}

vectorpair intersect(int object, int tool) {
  vectorpair out;
  std::vector<vectorpair> map;
  occ::intersect({{3, object}}, {{3, tool}}, out, map);
  return out;
}

int layer_box(const AnatomySpec& s, double z0, double z1) {
  return occ::addBox(-s.width / 2, -s.length / 2, z0, s.width, s.length, z1 - z0);
}

vectorpair surfaces_in_plane(int axis, double value, const AnatomySpec& s) {
  const double e = 1e-6;
  std::array<double, 3> lo{-s.width / 2 - e, -s.length / 2 - e, -e};
  std::array<double, 3> hi{s.width / 2 + e, s.length / 2 + e, s.skin_surface() + e};
  lo[axis] = value - e;
  hi[axis] = value + e;
  vectorpair out;
  gmsh::model::getEntitiesInBoundingBox(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2], out, 2);
  return out;
}

// The one face of the OpenCASCADE model lying in the plane z (over the whole block).
int surface_at_height(const AnatomySpec& s, double z) {
  const double e = 1e-6;
  vectorpair faces;
  occ::getEntitiesInBoundingBox(-s.width / 2 - e, -s.length / 2 - e, z - e, s.width / 2 + e, s.length / 2 + e,
                                z + e, faces, 2);
  if (faces.size() != 1)
    throw InputError(
        fmt::format("anatomy generator: expected one face at z = {:g} mm, found {}", z * 1e3, faces.size()));
  return faces[0].second;
}

// Extrudes a face upwards by `height` with `layers` element layers; appends the volume, returns the top face.
int extruded_layer(int face, double height, int layers, std::vector<int>& volumes) {
  vectorpair out;
  occ::extrude({{2, face}}, 0, 0, height, out, {layers});
  int top = -1;
  for (const auto& [dim, tag] : out) {
    if (dim == 3) volumes.push_back(tag);
    if (dim == 2 && top < 0) top = tag;
  }
  return top;
}

int field(const std::string& kind) { return gmsh::model::mesh::field::add(kind); }

void set_mesh_fields(const AnatomySpec& s, const vectorpair& nerve, const vectorpair& piriformis) {
  namespace f = gmsh::model::mesh::field;
  auto boundary_tags = [](const vectorpair& volumes) {
    vectorpair faces;
    gmsh::model::getBoundary(volumes, faces, false, false, false);
    std::vector<double> tags;
    for (const auto& [dim, tag] : faces) tags.push_back(tag);
    return tags;
  };
  auto threshold = [&](const vectorpair& volumes, double size) {
    const int distance = field("Distance");
    f::setNumbers(distance, "FacesList", boundary_tags(volumes));
    // Gmsh 4.8 samples each surface on this many points per parametric direction: the default 20 spaces
    // them ~5 mm apart along the nerve, which makes the nerve's cells twice the requested size.
    f::setNumber(distance, "NumPointsPerCurve", 100);
    const int t = field("Threshold");
    f::setNumber(t, "InField", distance);
    f::setNumber(t, "LcMin", size);
    f::setNumber(t, "LcMax", s.sizes.far);
    f::setNumber(t, "DistMin", 0.0);
    f::setNumber(t, "DistMax", s.sizes.transition);
    return t;
  };
  std::vector<double> fields = {static_cast<double>(threshold(nerve, s.sizes.nerve))};
  if (!piriformis.empty()) fields.push_back(threshold(piriformis, s.sizes.piriformis));
  const int skin = field("Box");
  f::setNumber(skin, "VIn", s.sizes.skin);
  f::setNumber(skin, "VOut", s.sizes.far);
  f::setNumber(skin, "XMin", -s.width);
  f::setNumber(skin, "XMax", s.width);
  f::setNumber(skin, "YMin", -s.length);
  f::setNumber(skin, "YMax", s.length);
  f::setNumber(skin, "ZMin", s.fat_bottom());
  f::setNumber(skin, "ZMax", 2 * s.skin_surface());
  f::setNumber(skin, "Thickness", s.sizes.transition);
  fields.push_back(skin);
  const int min = field("Min");
  f::setNumbers(min, "FieldsList", fields);
  f::setAsBackgroundMesh(min);
  gmsh::option::setNumber("Mesh.MeshSizeExtendFromBoundary", 0);
  gmsh::option::setNumber("Mesh.MeshSizeFromPoints", 0);
  gmsh::option::setNumber("Mesh.MeshSizeFromCurvature", 0);
  gmsh::option::setNumber("Mesh.MeshSizeMax", s.sizes.far);
}

void write_msh(const Mesh& mesh, const std::vector<std::size_t>& element_tags,
               const std::filesystem::path& path) {
  const auto parent = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const std::filesystem::path temporary =
      parent / fmt::format(".{}.{}.tmp.msh", path.filename().string(), static_cast<long>(::getpid()));
  gmsh::option::setNumber("Mesh.MshFileVersion", 4.1);
  gmsh::option::setNumber("Mesh.Binary", 0);
  gmsh::option::setNumber("Mesh.SaveAll", 0);
  try {
    gmsh::write(temporary.string());
    std::vector<double> data(3 * element_tags.size());
    for (Index c = 0; c < mesh.num_cells(); ++c)
      for (int d = 0; d < 3; ++d) data[3 * c + d] = mesh.fibre(d, c);
    const int view = gmsh::view::add("fibre");
    std::string model;
    gmsh::model::getCurrent(model);
    gmsh::view::addHomogeneousModelData(view, 0, model, "ElementData", element_tags, data, 0.0, 3);
    gmsh::option::setNumber("PostProcessing.SaveMesh", 0);  // the mesh is in the file already
    gmsh::view::write(view, temporary.string(), true);
  } catch (const std::string& message) {
    std::filesystem::remove(temporary);
    throw InputError(fmt::format("{}: cannot write the mesh: {}", path.string(), message));
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary);
    throw InputError(fmt::format("{}: cannot write the mesh: {}", path.string(), ec.message()));
  }
}

// Gmsh's curved second-order cells can fold where a coarse cell meets the nerve's tightly curved edge (its
// radius of curvature is b^2/a, about 1 mm). A folded cell's mid-edge nodes are pulled halfway towards the
// chord midpoints until it is valid again (at most fully straight, which cannot fold a cell with valid
// corners), keeping as much of the curved boundary as possible; neighbours sharing a moved node are checked
// again. Returns the number of cells repaired.
Index unfold_curved_cells(Mesh& mesh) {
  if (order(mesh.cell_type) < 2) return 0;
  std::vector<std::vector<Index>> cells_of(mesh.num_nodes());
  for (Index c = 0; c < mesh.num_cells(); ++c)
    for (int k = 0; k < mesh.nodes_per_cell(); ++k) cells_of[mesh.cell(c)[k]].push_back(c);
  const auto edges = local_edges(mesh.cell_type);
  const int corners = num_corners(mesh.cell_type);
  std::vector<Index> suspects(mesh.num_cells());
  for (Index c = 0; c < mesh.num_cells(); ++c) suspects[c] = c;
  std::vector<char> repaired(mesh.num_cells(), 0);
  Index count = 0;
  while (!suspects.empty()) {
    std::vector<Index> next;
    for (Index c : suspects) {
      if (cell_quality(mesh, c).min_det_j > 0.0) continue;
      count += repaired[c] ? 0 : 1;
      repaired[c] = 1;
      const Index* nodes = mesh.cell(c);
      for (int halving = 0; halving < 8 && !(cell_quality(mesh, c).min_det_j > 0.0); ++halving) {
        for (std::size_t e = 0; e < edges.size(); ++e) {
          const Vec3 chord = 0.5 * (mesh.X.col(nodes[edges[e][0]]) + mesh.X.col(nodes[edges[e][1]]));
          const Index mid = nodes[corners + e];
          mesh.X.col(mid) = halving == 7 ? chord : Vec3(0.5 * (mesh.X.col(mid) + chord));
        }
      }
      for (std::size_t e = 0; e < edges.size(); ++e) {
        const auto& around = cells_of[nodes[corners + e]];
        next.insert(next.end(), around.begin(), around.end());
      }
    }
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    suspects = std::move(next);
  }
  return count;
}

}  // namespace

Vec3 anatomy_fibre(const AnatomySpec& s, std::string_view region) {
  using namespace anatomy;
  if (region == kGluteus) return {std::cos(s.gluteus_fibre_angle), -std::sin(s.gluteus_fibre_angle), 0.0};
  if (region == kPiriformis) return {std::cos(s.piriformis_angle), -std::sin(s.piriformis_angle), 0.0};
  if (region == kNerve) return {0.0, 1.0, 0.0};
  if (region == kDeepBed) return {1.0, 0.0, 0.0};  // short external rotators run transversely. Assumption
  return Vec3::Zero();
}

Mesh generate_anatomy(const AnatomySpec& s, const AnatomyOutput& output) {
  s.validate();
  GmshSession session;
  try {
    gmsh::model::add("piriform_anatomy");
    const double zb = s.bed_top(), zf = s.fat_bottom();

    // Inputs to the fragment, in increasing priority, with the region each one stands for.
    std::vector<std::pair<int, std::string_view>> parts;
    parts.emplace_back(layer_box(s, zb, zf), anatomy::kGluteus);
    parts.emplace_back(layer_box(s, 0.0, zb), anatomy::kDeepBed);
    for (const auto& [dim, tag] : intersect(margin_box(s, 0, zb, s.piriformis_top()), layer_box(s, zb, zf)))
      parts.emplace_back(tag, anatomy::kPiriformis);
    const int trunk =
        elliptic_cylinder(s.nerve_offset, s.nerve_centre_z(), s.nerve_width, s.nerve_thickness, s.length);
    for (const auto& [dim, tag] : intersect(trunk, margin_box(s, -1, 0.0, zf)))
      parts.emplace_back(tag, anatomy::kNerve);
    if (s.variant == NerveVariant::B) {
      const int division = elliptic_cylinder(s.division_offset(), s.nerve_centre_z(), s.division_width,
                                             s.division_thickness, s.length);
      for (const auto& [dim, tag] : intersect(division, margin_box(s, 1, 0.0, zf)))
        parts.emplace_back(tag, anatomy::kNerve);
    }

    vectorpair objects = {{3, parts[0].first}}, tools, out;
    for (std::size_t i = 1; i < parts.size(); ++i) tools.emplace_back(3, parts[i].first);
    std::vector<vectorpair> map;
    occ::fragment(objects, tools, out, map);

    std::map<int, std::size_t> owner;  // fragment volume -> highest-priority part
    for (std::size_t i = 0; i < parts.size() && i < map.size(); ++i)
      for (const auto& [dim, tag] : map[i])
        if (dim == 3) owner[tag] = i;
    std::map<std::string_view, std::vector<int>> volumes;
    for (const auto& [tag, part] : owner) volumes[parts[part].second].push_back(tag);

    // Fat and skin are extruded from the top of the gluteus maximus, their mesh too: thin layers meshed
    // by Delaunay under cells much wider than the layer is thick came out with slivers (scaled Jacobian
    // 3e-5), while extruded layers give prism-shaped tetrahedra.
    // At least two layers through the fat: with one, the displacement through the fat is a single parabola
    // per cell, too coarse for the steep gradients under a thumb.
    const int fat_layers = std::max(2, static_cast<int>(std::lround(s.fat_thickness / s.sizes.skin)));
    int top = extruded_layer(surface_at_height(s, zf), s.fat_thickness, fat_layers, volumes[anatomy::kFat]);
    extruded_layer(top, s.skin_thickness, 1, volumes[anatomy::kSkin]);
    occ::synchronize();

    const auto region_order = anatomy::region_names();
    for (const auto& name : region_order) {
      const auto it = volumes.find(name);
      if (it == volumes.end() || it->second.empty())
        throw InputError(
            fmt::format("anatomy generator: region '{}' came out empty; check the parameters", name));
      const int group = gmsh::model::addPhysicalGroup(3, it->second);
      gmsh::model::setPhysicalName(3, group, name);
    }
    const std::vector<std::tuple<std::string_view, int, double>> planes = {
        {anatomy::kSkinSurface, 2, s.skin_surface()}, {anatomy::kDeepSurface, 2, 0.0},
        {anatomy::kMedial, 0, -s.width / 2},          {anatomy::kLateral, 0, s.width / 2},
        {anatomy::kCaudal, 1, -s.length / 2},         {anatomy::kCranial, 1, s.length / 2}};
    for (const auto& [name, axis, value] : planes) {
      std::vector<int> tags;
      for (const auto& [dim, tag] : surfaces_in_plane(axis, value, s)) tags.push_back(tag);
      if (tags.empty()) throw InputError(fmt::format("anatomy generator: surface '{}' came out empty", name));
      const int group = gmsh::model::addPhysicalGroup(2, tags);
      gmsh::model::setPhysicalName(2, group, std::string(name));
    }

    auto dim_tags = [&](std::string_view region) {
      vectorpair v;
      for (int tag : volumes[region]) v.emplace_back(3, tag);
      return v;
    };
    set_mesh_fields(s, dim_tags(anatomy::kNerve), dim_tags(anatomy::kPiriformis));
    gmsh::model::mesh::generate(3);
    if (s.sizes.order == 2) {
      gmsh::model::mesh::setOrder(2);
    }

    GmshNumbering numbering;
    Mesh mesh = mesh_from_gmsh_model("generated anatomy", 1.0, &numbering, /*validate=*/false);
    if (const Index n = unfold_curved_cells(mesh); n > 0) {
      spdlog::info("anatomy mesh: {} curved cells folded at the nerve's edges and were made less curved", n);
      for (Index v = 0; v < mesh.num_nodes(); ++v)
        gmsh::model::mesh::setNode(numbering.nodes[v], {mesh.X(0, v), mesh.X(1, v), mesh.X(2, v)}, {});
    }
    mesh.fibre = Eigen::Matrix3Xd::Zero(3, mesh.num_cells());
    for (Index c = 0; c < mesh.num_cells(); ++c)
      mesh.fibre.col(c) = anatomy_fibre(s, mesh.region_names[mesh.cell_region[c]]);
    mesh.validate();
    if (!output.msh.empty()) write_msh(mesh, numbering.cells, output.msh);
    return mesh;
  } catch (const std::string& message) {
    throw InputError(fmt::format("anatomy generator: Gmsh failed: {}", message));
  }
}

}  // namespace piriform
