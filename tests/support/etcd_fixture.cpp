#include "support/etcd_fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/sshd_fixture.hpp"  // free_loopback_port

extern char** environ;

namespace klab::testing {
namespace fs = std::filesystem;
namespace {

constexpr const char* kEtcd = "/usr/bin/etcd";

// --- a tiny PKI with libcrypto (the fixture may not depend on klab libraries) -------

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const noexcept { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using FilePtr = std::unique_ptr<FILE, Deleter<std::fclose>>;

void check(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("etcd fixture PKI: " + what + " failed");
}

KeyPtr new_key() {
  KeyPtr key(EVP_EC_gen("P-256"));
  check(key != nullptr, "EC key generation");
  return key;
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  check(ext != nullptr && X509_add_ext(cert, ext.get(), -1) == 1, std::string("extension ") + value);
}

// Self-signed when issuer/issuer_key are null.
CertPtr issue(const std::string& cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key, bool ca,
              const char* eku, long serial) {
  CertPtr cert(X509_new());
  check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 2L * 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(cert.get(), key);
  X509* signer = issuer ? issuer : cert.get();
  add_ext(cert.get(), signer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  add_ext(cert.get(), signer, NID_key_usage,
          ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,keyEncipherment");
  add_ext(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (!ca) {
    add_ext(cert.get(), signer, NID_authority_key_identifier, "keyid");
    add_ext(cert.get(), signer, NID_ext_key_usage, eku);
    add_ext(cert.get(), signer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  }
  check(X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) > 0, "signing " + cn);
  return cert;
}

FilePtr open_for_write(const fs::path& path) {
  FilePtr file(std::fopen(path.c_str(), "w"));
  check(file != nullptr, "writing " + path.string());
  return file;
}

void write_pair(const fs::path& dir, const std::string& stem, X509* cert, EVP_PKEY* key) {
  FilePtr c = open_for_write(dir / (stem + ".crt"));
  check(PEM_write_X509(c.get(), cert) == 1, "PEM of " + stem);
  FilePtr k = open_for_write(dir / (stem + ".key"));
  check(PEM_write_PrivateKey(k.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "PEM key of " + stem);
  fs::permissions(dir / (stem + ".key"), fs::perms::owner_read | fs::perms::owner_write);
}

// --- processes -----------------------------------------------------------------------

bool exited(pid_t pid) {
  int status = 0;
  return ::waitpid(pid, &status, WNOHANG) == pid;
}

}  // namespace

EtcdCluster::EtcdCluster(int members) {
  if (members < 1) throw std::invalid_argument("EtcdCluster needs at least one member");
  char tmpl[] = "/tmp/klab-etcd-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp: " + std::string(std::strerror(errno)));
  dir_ = tmpl;
  std::set<int> taken;
  auto fresh_port = [&taken] {
    for (;;) {
      int port = free_loopback_port();
      if (taken.insert(port).second) return port;
    }
  };
  for (int i = 0; i < members; ++i) {
    Member m;
    m.name = "m" + std::to_string(i + 1);
    m.client_port = fresh_port();
    m.peer_port = fresh_port();
    members_.push_back(m);
  }
  write_pki();
}

EtcdCluster::~EtcdCluster() {
  stop();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string EtcdCluster::unavailable_reason() {
  if (::access(kEtcd, X_OK) != 0) {
    return std::string(kEtcd) + " not found: install the Debian package etcd-server";
  }
  return {};
}

void EtcdCluster::write_pki() const {
  fs::path pki = dir_ / "pki";
  fs::create_directories(pki);
  KeyPtr ca_key = new_key();
  CertPtr ca = issue("klab-test-etcd-ca", ca_key.get(), nullptr, nullptr, true, nullptr, 1);
  write_pair(pki, "ca", ca.get(), ca_key.get());
  long serial = 2;
  for (const Member& m : members_) {
    KeyPtr key = new_key();
    CertPtr cert = issue(m.name, key.get(), ca.get(), ca_key.get(), false, "serverAuth,clientAuth", serial++);
    write_pair(pki, m.name, cert.get(), key.get());
  }
  KeyPtr client_key = new_key();
  CertPtr client = issue("klab-test-client", client_key.get(), ca.get(), ca_key.get(), false, "clientAuth", serial++);
  write_pair(pki, "client", client.get(), client_key.get());

  // Same names, different authority: only the signature tells them apart.
  KeyPtr foreign_ca_key = new_key();
  CertPtr foreign_ca = issue("klab-test-etcd-ca", foreign_ca_key.get(), nullptr, nullptr, true, nullptr, 1);
  KeyPtr foreign_key = new_key();
  CertPtr foreign = issue("klab-test-client", foreign_key.get(), foreign_ca.get(), foreign_ca_key.get(),
                          false, "clientAuth", 2);
  write_pair(pki, "foreign-client", foreign.get(), foreign_key.get());
}

std::string EtcdCluster::member_name(int index) const { return members_.at(index).name; }
int EtcdCluster::client_port(int index) const { return members_.at(index).client_port; }
int EtcdCluster::peer_port(int index) const { return members_.at(index).peer_port; }
std::string EtcdCluster::client_url(int index) const {
  return "https://127.0.0.1:" + std::to_string(client_port(index));
}
std::string EtcdCluster::peer_url(int index) const {
  return "https://127.0.0.1:" + std::to_string(peer_port(index));
}

std::vector<std::string> EtcdCluster::command_line(int index) const {
  const Member& m = members_.at(index);
  std::string initial_cluster;
  for (int i = 0; i < size(); ++i) {
    if (i > 0) initial_cluster += ",";
    initial_cluster += members_[i].name + "=" + peer_url(i);
  }
  fs::path pki = dir_ / "pki";
  std::string cert = (pki / (m.name + ".crt")).string();
  std::string key = (pki / (m.name + ".key")).string();
  std::string ca = ca_file().string();
  return {kEtcd,
          "--name=" + m.name,
          "--data-dir=" + (dir_ / (m.name + ".etcd")).string(),
          "--listen-client-urls=" + client_url(index),
          "--advertise-client-urls=" + client_url(index),
          "--listen-peer-urls=" + peer_url(index),
          "--initial-advertise-peer-urls=" + peer_url(index),
          "--initial-cluster=" + initial_cluster,
          "--initial-cluster-state=new",
          "--initial-cluster-token=klab-test-" + std::to_string(::getpid()),
          "--cert-file=" + cert, "--key-file=" + key,
          "--client-cert-auth", "--trusted-ca-file=" + ca,
          "--peer-cert-file=" + cert, "--peer-key-file=" + key,
          "--peer-client-cert-auth", "--peer-trusted-ca-file=" + ca,
          "--logger=zap", "--log-outputs=stderr"};
}

void EtcdCluster::spawn(int index) {
  Member& m = members_.at(index);
  if (m.pid > 0) return;
  std::vector<std::string> argv = command_line(index);
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  std::string log_path = (dir_ / (m.name + ".log")).string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);  // own group: killable as a whole
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, kEtcd, &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw std::runtime_error("cannot start etcd: " + std::string(std::strerror(rc)));
  m.pid = pid;
}

void EtcdCluster::wait_accepting(int index, std::chrono::steady_clock::time_point deadline) const {
  const Member& m = members_.at(index);
  while (!loopback_port_accepts(m.client_port)) {
    if (m.pid <= 0 || exited(m.pid) || std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("etcd member " + m.name + " did not open its client port " +
                               std::to_string(m.client_port) + "; its log:\n" + log(index));
    }
    // Polling a port: there is no event to wait on for "someone else's listen()".
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void EtcdCluster::start(std::chrono::milliseconds ready_within) {
  auto deadline = std::chrono::steady_clock::now() + ready_within;
  // All at once: each member waits for the others' peer ports before it serves.
  for (int i = 0; i < size(); ++i) spawn(i);
  for (int i = 0; i < size(); ++i) wait_accepting(i, deadline);
}

void EtcdCluster::start_member(int index, std::chrono::milliseconds ready_within) {
  spawn(index);
  wait_accepting(index, std::chrono::steady_clock::now() + ready_within);
}

void EtcdCluster::kill_member(int index) {
  Member& m = members_.at(index);
  if (m.pid <= 0) return;
  ::kill(-m.pid, SIGKILL);
  int status = 0;
  while (::waitpid(m.pid, &status, 0) < 0 && errno == EINTR) {
  }
  m.pid = -1;
}

bool EtcdCluster::member_running(int index) const { return members_.at(index).pid > 0; }

void EtcdCluster::freeze_member(int index, bool frozen) {
  const Member& m = members_.at(index);
  if (m.pid > 0) ::kill(-m.pid, frozen ? SIGSTOP : SIGCONT);
}

void EtcdCluster::stop() {
  for (int i = 0; i < size(); ++i) kill_member(i);
}

std::string EtcdCluster::log(int index) const {
  std::ifstream in(dir_ / (members_.at(index).name + ".log"), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace klab::testing
