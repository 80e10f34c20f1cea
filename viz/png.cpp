#include "viz/png.hpp"

#include <vtkPNGReader.h>
#include <vtkPNGWriter.h>
#include <vtkSmartPointer.h>
#include <vtkWindowToImageFilter.h>

#include <system_error>

#include "engine/common/error.hpp"

namespace piriform::viz {

void write_png(vtkRenderWindow* window, const std::filesystem::path& path, const PngText& text) {
  window->Render();
  auto grab = vtkSmartPointer<vtkWindowToImageFilter>::New();
  grab->SetInput(window);
  grab->ReadFrontBufferOff();
  grab->Update();
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  auto writer = vtkSmartPointer<vtkPNGWriter>::New();
  writer->SetFileName(tmp.c_str());
  writer->SetInputConnection(grab->GetOutputPort());
  for (const auto& [key, value] : text) writer->AddText(key.c_str(), value.c_str());
  const bool warnings = vtkObject::GetGlobalWarningDisplay();
  vtkObject::GlobalWarningDisplayOff();
  writer->Write();
  vtkObject::SetGlobalWarningDisplay(warnings);
  std::error_code ec;
  if (writer->GetErrorCode() != 0 || !std::filesystem::exists(tmp)) {
    std::filesystem::remove(tmp, ec);
    throw InputError("cannot write '" + path.string() + "' (check the directory exists and is writable)");
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw InputError("cannot write '" + path.string() + "': " + ec.message());
}

PngText read_png_text(const std::filesystem::path& path) {
  auto reader = vtkSmartPointer<vtkPNGReader>::New();
  reader->SetFileName(path.c_str());
  reader->Update();
  PngText out;
  for (int i = 0; i < static_cast<int>(reader->GetNumberOfTextChunks()); ++i)
    out.emplace_back(reader->GetTextKey(i), reader->GetTextValue(i));
  return out;
}

}  // namespace piriform::viz
