#include "cli/mesh_command.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "cli/scenario/yaml_fields.hpp"
#include "engine/common/error.hpp"
#include "engine/common/units.hpp"
#include "engine/mesh/quality.hpp"
#include "meshes/anatomy/anatomy_parameters.hpp"
#include "meshes/anatomy/generate_anatomy.hpp"
#include "meshes/gmsh/msh_io.hpp"

namespace piriform::cli {
namespace {

std::string dashed(std::string_view name) {
  std::string s(name);
  for (char& c : s)
    if (c == '_') c = '-';
  return s;
}

// A flat map "name: value with unit"; errors name the file, line and parameter.
void apply_parameter_file(const std::string& path, AnatomySpec& spec) {
  const scenario::Field root = scenario::load_yaml(path);
  auto apply = [&](const std::string& name) {
    const scenario::Field value = root[name];
    try {
      set_anatomy_parameter(spec, name, value.text());
    } catch (const InputError& e) {
      value.fail(e.what());
    }
  };
  // The preset sets every mesh size, so it goes first and explicit sizes override it.
  if (root.has("preset")) apply("preset");
  for (const auto& name : root.keys())
    if (name != "preset") apply(name);
}

std::string mm(double v) { return fmt::format("{:.1f}", v * 1e3); }

void print_summary(const Mesh& mesh, const AnatomySpec* spec) {
  fmt::print("  {}: {} nodes, {} cells, {} degrees of freedom\n", cell_type_name(mesh.cell_type),
             mesh.num_nodes(), mesh.num_cells(), 3 * mesh.num_nodes());
  const auto volumes = region_volumes(mesh);
  std::vector<Index> cells(volumes.size(), 0);
  for (int r : mesh.cell_region) ++cells[r];
  const auto exact = spec ? anatomy_region_volumes(*spec) : std::map<std::string, double>{};
  fmt::print("\n  {:<18} {:>8} {:>14} {:>14} {:>8}\n", "region", "cells", "volume (cm^3)",
             spec ? "exact (cm^3)" : "", spec ? "error" : "");
  for (std::size_t r = 0; r < volumes.size(); ++r) {
    const auto it = exact.find(mesh.region_names[r]);
    if (it == exact.end())
      fmt::print("  {:<18} {:>8} {:>14.3f}\n", mesh.region_names[r], cells[r], volumes[r] * 1e6);
    else
      fmt::print("  {:<18} {:>8} {:>14.3f} {:>14.3f} {:>7.2f}%\n", mesh.region_names[r], cells[r],
                 volumes[r] * 1e6, it->second * 1e6, 100 * (volumes[r] / it->second - 1));
  }
  fmt::print("\n  {:<18} {:>8} {:>14}\n", "surface", "facets", "area (cm^2)");
  for (const auto& set : mesh.facet_sets) {
    double area = 0.0;
    const int corners = num_corners(set.type);
    for (Index f = 0; f < set.size(); ++f) {
      const Index* n = set.facet(f);
      const Vec3 a = mesh.X.col(n[0]), b = mesh.X.col(n[1]), c = mesh.X.col(n[2]);
      area += 0.5 * (b - a).cross(c - a).norm();
      if (corners == 4) area += 0.5 * (c - a).cross(Vec3(mesh.X.col(n[3])) - a).norm();
    }
    fmt::print("  {:<18} {:>8} {:>14.2f}\n", set.name, set.size(), area * 1e4);
  }
  const MeshQuality q = mesh_quality(mesh);
  auto where = [&](Index c) { return c < 0 ? std::string() : mesh.region_names[mesh.cell_region[c]]; };
  fmt::print("\n  quality: min scaled Jacobian {:.3f} (cell {}, {}), max aspect ratio {:.1f} (cell {}, {})\n",
             q.min_scaled_jacobian, q.worst_jacobian_cell, where(q.worst_jacobian_cell), q.max_aspect_ratio,
             q.worst_aspect_cell, where(q.worst_aspect_cell));
  fmt::print("           cells with det J <= 0: {}{}\n", q.non_positive_cells,
             q.non_positive_cells ? fmt::format(" (first: cell {})", q.first_non_positive) : "");
}

}  // namespace

CLI::App* add_mesh_command(CLI::App& app, MeshOptions& o) {
  auto* cmd = app.add_subcommand("mesh", "Generate the posterior-hip model (.msh), or check a .msh file");
  cmd->add_option("--preset", o.preset, "Mesh sizes: coarse (sweeps), medium, fine")
      ->check(CLI::IsMember({"coarse", "medium", "fine"}))
      ->capture_default_str();
  cmd->add_option("--variant", o.variant, "Nerve course: A below the piriformis, B a division through it")
      ->check(CLI::IsMember({"A", "B", "a", "b"}))
      ->capture_default_str();
  cmd->add_option("--params", o.parameter_file, "YAML file of parameters (\"fat_thickness: 20 mm\")");
  cmd->add_option("-o,--output", o.output, "Mesh file to write (MSH 4.1, metres)")->capture_default_str();
  cmd->add_flag("--overwrite", o.overwrite, "Replace an existing output file");
  cmd->add_option("--check", o.check, "Read this .msh file and print its summary instead of generating");
  cmd->add_option("--unit", o.unit, "Length unit of the --check file's coordinates (m, cm, mm)")
      ->capture_default_str();
  AnatomySpec defaults;
  for (const auto& p : anatomy_parameters())
    cmd->add_option("--" + dashed(p.name), o.parameters[std::string(p.name)],
                    fmt::format("{} ({}, e.g. \"{}\")", p.help, dimension_name(p.dimension),
                                format_quantity(p.field(defaults), p.unit)));
  cmd->add_option("--order", o.parameters["order"], "Element order: 2 (Tet10, default) or 1 (Tet4)");
  return cmd;
}

int run_mesh(const MeshOptions& o, const CLI::App& cmd) {
  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  if (!o.check.empty()) {
    const Mesh mesh = read_msh(o.check, parse_quantity("1 " + o.unit, Dimension::Length));
    fmt::print("piriform mesh --check {}: read in {:.1f} s\n", o.check, seconds());
    print_summary(mesh, nullptr);
    return 0;
  }

  AnatomySpec spec;
  if (!o.parameter_file.empty()) apply_parameter_file(o.parameter_file, spec);
  if (cmd.count("--preset") || o.parameter_file.empty()) set_anatomy_parameter(spec, "preset", o.preset);
  if (cmd.count("--variant")) set_anatomy_parameter(spec, "variant", o.variant);
  for (const auto& [name, value] : o.parameters)
    if (!value.empty()) set_anatomy_parameter(spec, name, value);
  spec.validate();

  const std::filesystem::path output = o.output;
  if (std::filesystem::exists(output) && !o.overwrite)
    throw InputError(fmt::format("{}: exists already; pass --overwrite to replace it", output.string()));
  const Mesh mesh = generate_anatomy(spec, {output});
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(output, ec);
  fmt::print(
      "piriform mesh: type {} nerve, {} -> {} ({:.1f} MB) in {:.1f} s\n",
      spec.variant == NerveVariant::A ? "A (below the piriformis)" : "B (division through the piriformis)",
      cmd.count("--preset") || o.parameter_file.empty() ? o.preset + " preset"
                                                        : "sizes from " + o.parameter_file,
      output.string(), ec ? 0.0 : bytes / 1e6, seconds());
  fmt::print("  block {} x {} mm, {} mm deep; skin {} mm, fat {} mm; piriformis {} mm thick\n",
             mm(spec.width), mm(spec.length), mm(spec.skin_surface()), mm(spec.skin_thickness),
             mm(spec.fat_thickness), mm(spec.piriformis_thickness));
  fmt::print("  nerve {} x {} mm ({:.1f} mm^2), {} mm under the skin; sizes nerve {} / skin {} / far {} mm\n",
             mm(spec.nerve_width), mm(spec.nerve_thickness), nerve_cross_section_area(spec) * 1e6,
             mm(spec.nerve_depth), mm(spec.sizes.nerve), mm(spec.sizes.skin), mm(spec.sizes.far));
  print_summary(mesh, &spec);
  return 0;
}

}  // namespace piriform::cli
