#pragma once
// A private etcd cluster on 127.0.0.1 for tests: N members (default 3) with TLS on
// the client and the peer ports and client-certificate auth on both, as the lab runs
// them. Its own CA, member and client certificates (plus a client pair from a foreign
// CA that etcd must refuse), data directories and logs live in a temporary directory;
// ports are free loopback ports. Plain C++, POSIX and libcrypto (which every test binary
// links through klab_lab), so any test binary may use it.
//
//   EtcdCluster etcd;          // PKI + config, nothing running yet
//   etcd.start();              // every member's client port accepts connections
//   ... https://127.0.0.1:etcd.client_port(i) with ca_file(), client_cert_file() ...
//   etcd.kill_member(1);       // SIGKILL; start_member(1) brings it back with its data
//
// Needs the etcd binary (Debian package etcd-server); check unavailable_reason() and
// GTEST_SKIP with it when missing. "Ports accept" is not "cluster healthy": wait for
// that with a client (a leader is elected a moment later).
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace klab::testing {

class EtcdCluster {
 public:
  explicit EtcdCluster(int members = 3);
  ~EtcdCluster();
  EtcdCluster(const EtcdCluster&) = delete;
  EtcdCluster& operator=(const EtcdCluster&) = delete;

  /// Empty when etcd can run here; otherwise why not (for GTEST_SKIP).
  static std::string unavailable_reason();

  /// Starts every member (a new cluster) and waits until all client ports accept TCP
  /// connections. Throws std::runtime_error with the members' logs otherwise.
  void start(std::chrono::milliseconds ready_within = std::chrono::seconds(30));
  /// Kills every member. Idempotent.
  void stop();

  /// Starts member `index` (0-based) again on its data directory and waits for its
  /// client port.
  void start_member(int index, std::chrono::milliseconds ready_within = std::chrono::seconds(15));
  /// SIGKILLs member `index` and reaps it: when this returns its ports are closed.
  void kill_member(int index);
  bool member_running(int index) const;
  /// SIGSTOP / SIGCONT member `index`: a frozen process whose sockets stay open, like a
  /// TCG guest that answers late.
  void freeze_member(int index, bool frozen);

  int size() const { return static_cast<int>(members_.size()); }
  std::string member_name(int index) const;  // "m1", "m2", ...
  int client_port(int index) const;
  int peer_port(int index) const;
  std::string client_url(int index) const;  // "https://127.0.0.1:<port>"
  std::string peer_url(int index) const;

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path ca_file() const { return dir_ / "pki" / "ca.crt"; }
  std::filesystem::path client_cert_file() const { return dir_ / "pki" / "client.crt"; }
  std::filesystem::path client_key_file() const { return dir_ / "pki" / "client.key"; }
  /// A client pair signed by a different CA with the same names: etcd must refuse it.
  std::filesystem::path foreign_client_cert_file() const { return dir_ / "pki" / "foreign-client.crt"; }
  std::filesystem::path foreign_client_key_file() const { return dir_ / "pki" / "foreign-client.key"; }

  /// Member `index`'s log so far (all its runs), for failure messages.
  std::string log(int index) const;

 private:
  struct Member {
    std::string name;
    int client_port = 0;
    int peer_port = 0;
    pid_t pid = -1;
  };

  void write_pki() const;
  std::vector<std::string> command_line(int index) const;
  void spawn(int index);
  void wait_accepting(int index, std::chrono::steady_clock::time_point deadline) const;

  std::filesystem::path dir_;
  std::vector<Member> members_;
};

}  // namespace klab::testing
