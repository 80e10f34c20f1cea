#include "viz/export_vtu.hpp"

#include <vtkXMLUnstructuredGridWriter.h>

#include <system_error>

#include "engine/common/error.hpp"
#include "viz/results_grid.hpp"

namespace piriform::viz {

void export_vtu(const results::ResultsFile& file, int step, const std::filesystem::path& path) {
  const auto grid = results_grid(file, step);
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  auto writer = vtkSmartPointer<vtkXMLUnstructuredGridWriter>::New();
  writer->SetFileName(tmp.c_str());
  writer->SetInputData(grid);
  writer->SetDataModeToAppended();
  writer->SetCompressorTypeToZLib();
  // Failures are reported by the exception below, not by VTK's own message window.
  const bool warnings = vtkObject::GetGlobalWarningDisplay();
  vtkObject::GlobalWarningDisplayOff();
  const int written = writer->Write();
  vtkObject::SetGlobalWarningDisplay(warnings);
  if (written != 1) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw InputError("cannot write '" + path.string() + "' (check the directory exists and is writable)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw InputError("cannot write '" + path.string() + "': " + ec.message());
}

}  // namespace piriform::viz
