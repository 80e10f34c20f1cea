#include "engine/common/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "engine/common/error.hpp"

namespace piriform {

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  auto fail = [&](const char* what) {
    const std::string reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw InputError("cannot " + std::string(what) + " '" + path.string() + "': " + reason);
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("create");
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      fail("write");
    }
    done += static_cast<std::size_t>(n);
  }
  // The data must be on disk before the rename makes it the file's content.
  if (::fsync(fd) != 0 && errno != EINVAL) {
    ::close(fd);
    fail("write");
  }
  if (::close(fd) != 0) fail("write");
  if (std::rename(tmp.c_str(), path.c_str()) != 0) fail("replace");
}

}  // namespace piriform
