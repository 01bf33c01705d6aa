#pragma once
// A private OpenSSH server on 127.0.0.1 for tests: its own config, host keys,
// client key and authorized_keys in a temporary directory, on a free port. It never
// touches the system's sshd or /etc/ssh. Plain C++ and POSIX (no klab library), so any
// test binary may use it.
//
//   SshdServer sshd;            // keys + config on a free port, not started yet
//   sshd.start();               // returns once the port accepts connections
//   ... connect to 127.0.0.1:sshd.port() as root with sshd.client_key() ...
//
// Needs /usr/sbin/sshd (Debian package openssh-server) and ssh-keygen; check
// SshdServer::unavailable_reason() and GTEST_SKIP with it when they are missing.
// sshd running as root insists on its privilege-separation directory /run/sshd; it
// is created (empty, 0755) when missing, as Debian's init script does.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace klab::testing {

class SshdServer {
 public:
  /// Generates keys (ed25519 and ecdsa host keys, an ed25519 client key) and a config.
  SshdServer();
  ~SshdServer();
  SshdServer(const SshdServer&) = delete;
  SshdServer& operator=(const SshdServer&) = delete;

  /// Empty when sshd can run here; otherwise why not (for GTEST_SKIP).
  static std::string unavailable_reason();

  /// Starts sshd in the foreground (own process group) and waits until the port
  /// accepts TCP connections. Throws std::runtime_error with sshd's log otherwise.
  void start(std::chrono::milliseconds ready_within = std::chrono::seconds(10));
  /// Kills sshd and every connection it serves. Idempotent.
  void stop();
  bool running() const { return pid_ > 0; }
  /// Kills the per-connection sshd processes (open sessions drop, as on a host
  /// reset) and keeps the listener. Returns how many were killed.
  int kill_connections();

  int port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }
  /// Private key authorized for root, and its OpenSSH public key line.
  std::filesystem::path client_key() const { return dir_ / "client_ed25519"; }
  std::string client_public_key() const;
  /// Host public key lines ("ssh-ed25519 AAAA... comment"), by type.
  std::string host_public_key_ed25519() const;
  std::string host_public_key_ecdsa() const;
  /// Generates another key pair under dir() (not authorized); returns the private key.
  std::filesystem::path generate_key(const std::string& name, const std::string& type = "ed25519") const;
  /// sshd's log so far (LogLevel VERBOSE), for failure messages.
  std::string log() const;

 private:
  void write_config() const;

  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

/// A TCP port on 127.0.0.1 that nothing listens on right now.
int free_loopback_port();
/// Whether something accepts TCP connections on 127.0.0.1:port.
bool loopback_port_accepts(int port);

/// PIDs of processes whose command line contains `needle` (reads /proc).
std::vector<pid_t> pids_with_cmdline(const std::string& needle);

}  // namespace klab::testing
