// An X display for VTK's OpenGL windows: the user's DISPLAY when its server is there, otherwise a private
// Xvfb started on a free display number and stopped by its PID when this object goes away, so that
// rendering works on headless machines without anyone starting a server.
#pragma once

#include <sys/types.h>

#include <string>

namespace piriform::viz {

class Display {
 public:
  // Throws InputError when there is no usable display and Xvfb is not installed or does not start.
  Display();
  ~Display();
  Display(const Display&) = delete;
  Display& operator=(const Display&) = delete;

  const std::string& name() const { return name_; }  // ":99"
  bool started_xvfb() const { return pid_ > 0; }

 private:
  std::string name_;
  pid_t pid_ = -1;
};

}  // namespace piriform::viz
