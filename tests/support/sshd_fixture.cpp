#include "support/sshd_fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace klab::testing {
namespace {

constexpr const char* kSshd = "/usr/sbin/sshd";
constexpr const char* kSshKeygen = "/usr/bin/ssh-keygen";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string first_line(std::string text) {
  if (auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text;
}

// Runs a tool with stdout/stderr discarded; returns its exit status.
int run_quiet(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void keygen(const std::filesystem::path& file, const std::string& type, const std::string& comment) {
  std::filesystem::remove(file);
  std::filesystem::remove(file.string() + ".pub");
  if (run_quiet({kSshKeygen, "-q", "-t", type, "-N", "", "-C", comment, "-f", file.string()}) != 0) {
    throw std::runtime_error("ssh-keygen failed to create " + file.string());
  }
}

pid_t parent_of(pid_t pid) {
  // /proc/PID/stat: "pid (comm) state ppid ..."; comm may contain spaces or ')'.
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  auto close_paren = stat.rfind(')');
  if (close_paren == std::string::npos) return -1;
  std::istringstream rest(stat.substr(close_paren + 1));
  std::string state;
  pid_t ppid = -1;
  rest >> state >> ppid;
  return ppid;
}

std::vector<pid_t> all_pids() {
  std::vector<pid_t> pids;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
      pids.push_back(static_cast<pid_t>(std::stol(name)));
    }
  }
  return pids;
}

// Every descendant of `root` (children first level included), collected before any
// is killed, because a killed parent's children are re-parented.
std::vector<pid_t> descendants(pid_t root) {
  std::vector<std::pair<pid_t, pid_t>> edges;  // (pid, ppid)
  for (pid_t pid : all_pids()) edges.emplace_back(pid, parent_of(pid));
  std::set<pid_t> tree{root};
  bool grew = true;
  while (grew) {
    grew = false;
    for (auto [pid, ppid] : edges) {
      if (tree.count(ppid) && !tree.count(pid)) {
        tree.insert(pid);
        grew = true;
      }
    }
  }
  tree.erase(root);
  return {tree.begin(), tree.end()};
}

}  // namespace

bool loopback_port_accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port: " + std::string(std::strerror(errno)));
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::vector<pid_t> pids_with_cmdline(const std::string& needle) {
  std::vector<pid_t> found;
  for (pid_t pid : all_pids()) {
    if (pid == ::getpid()) continue;
    std::string cmdline = read_file("/proc/" + std::to_string(pid) + "/cmdline");
    for (char& c : cmdline) {
      if (c == '\0') c = ' ';
    }
    if (cmdline.find(needle) != std::string::npos) found.push_back(pid);
  }
  return found;
}

std::string SshdServer::unavailable_reason() {
  if (::access(kSshd, X_OK) != 0) return std::string(kSshd) + " missing: apt-get install openssh-server";
  if (::access(kSshKeygen, X_OK) != 0) return std::string(kSshKeygen) + " missing: apt-get install openssh-client";
  return {};
}

SshdServer::SshdServer() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "klab-sshd-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    throw std::runtime_error("mkdtemp: " + std::string(std::strerror(errno)));
  }
  dir_ = tmpl;
  port_ = free_loopback_port();
  keygen(dir_ / "host_ed25519", "ed25519", "klab-test-host");
  keygen(dir_ / "host_ecdsa", "ecdsa", "klab-test-host");
  keygen(dir_ / "client_ed25519", "ed25519", "klab-test-client");
  std::ofstream(dir_ / "authorized_keys") << client_public_key() << "\n";
  write_config();
}

SshdServer::~SshdServer() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void SshdServer::write_config() const {
  std::ofstream cfg(dir_ / "sshd_config");
  cfg << "Port " << port_ << "\n"
      << "ListenAddress 127.0.0.1\n"
      << "HostKey " << (dir_ / "host_ed25519").string() << "\n"
      << "HostKey " << (dir_ / "host_ecdsa").string() << "\n"
      << "PidFile " << (dir_ / "sshd.pid").string() << "\n"
      << "AuthorizedKeysFile " << (dir_ / "authorized_keys").string() << "\n"
      << "PermitRootLogin prohibit-password\n"
      << "PubkeyAuthentication yes\n"
      << "PasswordAuthentication no\n"
      << "KbdInteractiveAuthentication no\n"
      << "UsePAM no\n"
      << "StrictModes no\n"
      << "MaxStartups 100\n"
      << "LogLevel VERBOSE\n"
      << "Subsystem sftp internal-sftp\n"
      // sshd runs every command as `$SHELL -c CMD` of the user running the tests, and
      // bash sources that user's ~/.bashrc for a top-level shell started by sshd. One
      // that blocks without a terminal (seen in CI and on a dev box: root's
      // `eval "$(pyenv init -)"`) would time out every SSH test. SHLVL=1 makes bash
      // count the session shell as nested, so it skips ~/.bashrc; nothing else changes.
      << "SetEnv SHLVL=1\n";
}

void SshdServer::start(std::chrono::milliseconds ready_within) {
  if (running()) return;
  if (std::string why = unavailable_reason(); !why.empty()) throw std::runtime_error(why);
  // sshd (as root) refuses to start without its privilege-separation directory.
  if (::geteuid() == 0 && !std::filesystem::exists("/run/sshd")) {
    std::filesystem::create_directories("/run/sshd");
    std::filesystem::permissions("/run/sshd", std::filesystem::perms(0755));
  }
  const std::string log_path = (dir_ / "sshd.log").string();
  const std::string config = (dir_ / "sshd_config").string();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    ::setpgid(0, 0);
    int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int null = ::open("/dev/null", O_RDONLY);
    if (log >= 0) {
      ::dup2(log, 1);
      ::dup2(log, 2);
    }
    if (null >= 0) ::dup2(null, 0);
    ::execl(kSshd, kSshd, "-D", "-e", "-f", config.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  pid_ = pid;
  const auto deadline = std::chrono::steady_clock::now() + ready_within;
  while (!loopback_port_accepts(port_)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("sshd exited during startup:\n" + log());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error("sshd did not listen on 127.0.0.1:" + std::to_string(port_) +
                               " in time:\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // poll interval, not a sync
  }
}

int SshdServer::kill_connections() {
  if (!running()) return 0;
  int connections = 0;
  for (pid_t pid : descendants(pid_)) {
    if (parent_of(pid) == pid_) ++connections;
    ::kill(pid, SIGKILL);
  }
  return connections;
}

void SshdServer::stop() {
  if (!running()) return;
  std::vector<pid_t> tree = descendants(pid_);
  ::kill(pid_, SIGKILL);
  for (pid_t pid : tree) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

std::string SshdServer::client_public_key() const {
  return first_line(read_file(dir_ / "client_ed25519.pub"));
}

std::string SshdServer::host_public_key_ed25519() const {
  return first_line(read_file(dir_ / "host_ed25519.pub"));
}

std::string SshdServer::host_public_key_ecdsa() const {
  return first_line(read_file(dir_ / "host_ecdsa.pub"));
}

std::filesystem::path SshdServer::generate_key(const std::string& name, const std::string& type) const {
  std::filesystem::path file = dir_ / name;
  keygen(file, type, "klab-test-" + name);
  return file;
}

std::string SshdServer::log() const { return read_file(dir_ / "sshd.log"); }

}  // namespace klab::testing
