#include "provisioner/transport/openssh_config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>

#include "base/error.hpp"
#include "provisioner/transport/host_key.hpp"

namespace klab::provisioner {
namespace {

// OpenSSH config values: quote when they hold spaces (paths).
std::string config_value(const std::string& value) {
  return value.find_first_of(" \t") == std::string::npos ? value : "\"" + value + "\"";
}

void write_private_file(const std::filesystem::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw infra_error("cannot write " + path.string() + ": " + errno_string(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw infra_error("cannot write " + path.string() + ": " + errno_string(err));
    }
    done += static_cast<std::size_t>(n);
  }
  ::fchmod(fd, 0600);
  ::close(fd);
}

}  // namespace

std::string known_hosts_line(const SshTarget& target) {
  std::istringstream fields(target.host_key);
  std::string type, base64;
  fields >> type >> base64;
  PinnedHostKey::parse(target.host_key, target.host + ": pinned host key");  // validates
  return target.host + " " + type + " " + base64;
}

std::string render_ssh_config(const std::vector<SshTarget>& targets, const std::filesystem::path& known_hosts) {
  std::string out;
  for (const SshTarget& t : targets) {
    const PinnedHostKey key = PinnedHostKey::parse(t.host_key, t.host + ": pinned host key");
    out += "Host " + t.host + "\n";
    out += "  HostName " + t.address + "\n";
    out += "  Port " + std::to_string(t.port) + "\n";
    out += "  User " + t.user + "\n";
    out += "  IdentityFile " + config_value(t.private_key.string()) + "\n";
    out += "  IdentitiesOnly yes\n";
    out += "  HostKeyAlias " + t.host + "\n";
    out += "  HostKeyAlgorithms " + key.type() + "\n";
    out += "  UserKnownHostsFile " + config_value(known_hosts.string()) + "\n";
    out += "  GlobalKnownHostsFile /dev/null\n";
    out += "  StrictHostKeyChecking yes\n";
    out += "  UpdateHostKeys no\n";
    out += "  PasswordAuthentication no\n";
    out += "  KbdInteractiveAuthentication no\n";
    out += "  ConnectTimeout " + std::to_string(std::max<long long>(1, t.connect_timeout.count() / 1000)) + "\n";
    out += "  LogLevel ERROR\n\n";
  }
  return out;
}

OpenSshFiles write_openssh_files(const std::vector<SshTarget>& targets, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw infra_error("cannot create " + dir.string() + ": " + ec.message());
  OpenSshFiles files{dir / "ssh_config", dir / "known_hosts"};
  std::string known;
  for (const SshTarget& t : targets) known += known_hosts_line(t) + "\n";
  write_private_file(files.known_hosts, known);
  write_private_file(files.config, render_ssh_config(targets, files.known_hosts));
  return files;
}

std::vector<std::string> interactive_ssh_argv(const SshTarget& target, const OpenSshFiles& files) {
  return {"ssh", "-F", files.config.string(), target.host};
}

void exec_program(const std::vector<std::string>& argv) {
  if (argv.empty()) throw infra_error("exec_program: empty command line");
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  const int err = errno;
  if (err == ENOENT) {
    throw infra_error(argv[0] + " not found in PATH; install it (Debian: apt-get install openssh-client)");
  }
  throw infra_error("cannot run " + argv[0] + ": " + errno_string(err));
}

}  // namespace klab::provisioner
