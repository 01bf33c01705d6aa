#include "provisioner/transport/remote_command.hpp"

#include <unistd.h>

#include <cerrno>

#include "base/strings.hpp"

namespace klab::provisioner {
namespace {

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // reader went away (a closed pipe): drop the rest, like ssh
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string join_remote_command(const std::vector<std::string>& words) {
  return base::join(words, " ");
}

OutputSink fd_sink(int out_fd, int err_fd) {
  return [out_fd, err_fd](OutputStream stream, std::string_view bytes) {
    write_all(stream == OutputStream::err ? err_fd : out_fd, bytes);
  };
}

int run_remote_command(SshTransport& transport, const std::string& command, int out_fd, int err_fd,
                       std::chrono::milliseconds deadline) {
  return transport.run_streaming(command, deadline, fd_sink(out_fd, err_fd)).exit_status;
}

}  // namespace klab::provisioner
