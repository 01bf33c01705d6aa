#include "provisioner/transport/openssh_config.hpp"

#include <unistd.h>

#include <cerrno>
#include <sstream>

#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "provisioner/transport/host_key.hpp"

namespace klab::provisioner {
namespace {

// OpenSSH config values: quote when they hold spaces (paths).
std::string config_value(const std::string& value) {
  return value.find_first_of(" \t") == std::string::npos ? value : "\"" + value + "\"";
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
  // 0600: the files name the lab's private key; atomic, so a concurrent ssh never reads half.
  base::write_file_atomic(files.known_hosts, known, base::private_file_mode);
  base::write_file_atomic(files.config, render_ssh_config(targets, files.known_hosts), base::private_file_mode);
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
