#include "cli/info_command.hpp"

#include <fmt/format.h>

#include "cli/scenario/summary.hpp"
#include "engine/results/results_reader.hpp"

namespace piriform::cli {

CLI::App* add_info_command(CLI::App& app, InfoOptions& o) {
  auto* cmd = app.add_subcommand("info", "Summarise a results file (results/*.h5)");
  cmd->add_option("file", o.file, "Results file")->required();
  cmd->add_flag("--provenance", o.provenance, "Also print the provenance and the scenario text");
  return cmd;
}

int run_info(const InfoOptions& o) {
  const results::ResultsFile f = results::open_results(o.file);
  const Mesh& mesh = f.mesh;
  fmt::print("scenario: {}\n", f.scenario_path);
  fmt::print("model: {} {} cells, {} nodes; regions:", mesh.num_cells(), cell_type_name(mesh.cell_type),
             mesh.num_nodes());
  for (const auto& r : mesh.region_names) fmt::print(" {}", r);
  fmt::print("\nfields per step:");
  for (const auto& field : f.fields) fmt::print(" {} [{}]", field.name, field.unit);
  fmt::print("\n{}", scenario::format_summary(f));
  if (o.provenance) {
    fmt::print("provenance:\n");
    for (const auto& [key, value] : f.provenance) fmt::print("  {}: {}\n", key, value);
    fmt::print("scenario text:\n{}\n", f.scenario_text);
  }
  return 0;
}

}  // namespace piriform::cli
