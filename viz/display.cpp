#include "viz/display.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "engine/common/error.hpp"

namespace piriform::viz {
namespace {

// An X server for display ":n" listens on this socket (local connections, which is all VTK needs).
std::filesystem::path socket_of(int n) { return "/tmp/.X11-unix/X" + std::to_string(n); }

// ":0", ":0.0", "unix:0" -> 0; remote ("host:0") and unparsable names -> -1 (trusted as given).
int local_display_number(const std::string& display) {
  const auto colon = display.find(':');
  if (colon == std::string::npos) return -1;
  const std::string host = display.substr(0, colon);
  if (!host.empty() && host != "unix") return -1;
  try {
    return std::stoi(display.substr(colon + 1));
  } catch (const std::exception&) {
    return -1;
  }
}

bool executable_in_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::filesystem::path candidate = std::filesystem::path(dirs.substr(start, end - start)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

Display::Display() {
  if (const char* d = std::getenv("DISPLAY"); d && *d) {
    const int n = local_display_number(d);
    if (n < 0 || std::filesystem::exists(socket_of(n))) {
      name_ = d;
      return;
    }
  }
  if (!executable_in_path("Xvfb"))
    throw InputError(
        "no X display for rendering and Xvfb is not installed (apt-get install xvfb, or run "
        "scripts/setup)");
  for (int n = 99; n < 200; ++n) {
    if (std::filesystem::exists(socket_of(n)) ||
        std::filesystem::exists("/tmp/.X" + std::to_string(n) + "-lock"))
      continue;
    const std::string display = ":" + std::to_string(n);
    const pid_t pid = ::fork();
    if (pid < 0) break;
    if (pid == 0) {
      // Xvfb must not outlive a killed piriform.
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      const int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::execlp("Xvfb", "Xvfb", display.c_str(), "-screen", "0", "1920x1080x24", "-nolisten", "tcp",
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    bool exited = false;
    for (int tries = 0; tries < 200 && !exited; ++tries) {
      if (std::filesystem::exists(socket_of(n))) {
        pid_ = pid;
        name_ = display;
        ::setenv("DISPLAY", display.c_str(), 1);
        return;
      }
      exited = ::waitpid(pid, nullptr, WNOHANG) == pid;  // lost a race for this number: try the next
      if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!exited) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  throw InputError("could not start Xvfb for rendering (tried displays :99 to :199)");
}

Display::~Display() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int tries = 0; tries < 100; ++tries) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

}  // namespace piriform::viz
