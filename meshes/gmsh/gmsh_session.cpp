// Gmsh reports errors by throwing std::string once initialised through the API (General.AbortOnError = 2);
// its terminal output is switched off so that piriform's own log stays the only voice.
#include "meshes/gmsh/gmsh_session.hpp"

#include <gmsh.h>

namespace piriform {
namespace {
std::mutex& gmsh_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

GmshSession::GmshSession() : lock_(gmsh_mutex()) {
  gmsh::initialize(0, nullptr, /*readConfigFiles=*/false);
  gmsh::option::setNumber("General.Terminal", 0);
  gmsh::option::setNumber("General.NumThreads", 1);  // parallel meshing is not reproducible
}

GmshSession::~GmshSession() { gmsh::finalize(); }

}  // namespace piriform
