// Scoped, exclusive use of the Gmsh library, whose state is global: initialised quietly on construction and
// finalised on destruction; a second session waits for the first to end.
#pragma once

#include <mutex>

namespace piriform {

class GmshSession {
 public:
  GmshSession();
  ~GmshSession();
  GmshSession(const GmshSession&) = delete;
  GmshSession& operator=(const GmshSession&) = delete;

 private:
  std::unique_lock<std::mutex> lock_;
};

}  // namespace piriform
