#include "provisioner/transport/ssh_connect.hpp"

#include <algorithm>
#include <thread>

#include "base/error.hpp"
#include "provisioner/transport/deadline.hpp"

namespace klab::provisioner {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kFirstBackoff{100};
constexpr milliseconds kMaxBackoff{1000};
constexpr milliseconds kMinAttemptTimeout{200};

std::string session_error(ssh_session session) { return ssh_get_error(session); }

void set_option(ssh_session session, ssh_options_e option, const void* value, const SshTarget& target,
                const char* what) {
  if (ssh_options_set(session, option, value) != SSH_OK) {
    throw infra_error(target.describe() + ": libssh rejected the " + what + " option: " +
                      session_error(session));
  }
}

base::SshSession new_session(const SshTarget& target, const PinnedHostKey& host_key, milliseconds timeout) {
  base::SshSession session(ssh_new());
  if (!session) throw infra_error(target.describe() + ": libssh could not allocate a session");
  ssh_session s = session.get();
  const int port = target.port;
  const int no = 0, yes = 1, quiet = SSH_LOG_NOLOG;
  set_option(s, SSH_OPTIONS_HOST, target.address.c_str(), target, "host");
  set_option(s, SSH_OPTIONS_PORT, &port, target, "port");
  set_option(s, SSH_OPTIONS_USER, target.user.c_str(), target, "user");
  set_option(s, SSH_OPTIONS_LOG_VERBOSITY, &quiet, target, "log verbosity");
  // Nothing from ~/.ssh/config or known_hosts files: klab pins keys itself.
  set_option(s, SSH_OPTIONS_PROCESS_CONFIG, &no, target, "process-config");
  set_option(s, SSH_OPTIONS_KNOWNHOSTS, "/dev/null", target, "known-hosts");
  set_option(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null", target, "global known-hosts");
  // Offer only the pinned key's algorithm, so a host with several host keys
  // presents the one we can check.
  set_option(s, SSH_OPTIONS_HOSTKEYS, host_key.type().c_str(), target, "host-key algorithms");
  // Commands are small request/response exchanges: Nagle would add delays to each.
  set_option(s, SSH_OPTIONS_NODELAY, &yes, target, "TCP_NODELAY");
  set_session_timeout(s, timeout);
  return session;
}

[[noreturn]] void throw_host_key_mismatch(const SshTarget& target, const PinnedHostKey& pinned,
                                          ssh_key presented) {
  throw infra_error(
      target.describe() + ": host key mismatch: klab pinned " + pinned.type() + " " + pinned.fingerprint() +
          " but the server presented " + host_key_algorithm(presented) + " " + sha256_fingerprint(presented) +
          ". This is not the host klab created, or its host keys were replaced; if the lab was "
          "re-created run `klab up` again, otherwise find out who answers at " + target.endpoint() + ".");
}

void verify_host_key(ssh_session session, const SshTarget& target, const PinnedHostKey& pinned) {
  ssh_key raw = nullptr;
  if (ssh_get_server_publickey(session, &raw) != SSH_OK) {
    throw infra_error(target.describe() + ": the server sent no host key: " + session_error(session));
  }
  base::SshKey presented(raw);
  if (!pinned.matches(presented.get())) throw_host_key_mismatch(target, pinned, presented.get());
}

// Returns an empty string on success, the reason on a transient failure; throws on a
// permanent one.
std::string authenticate(ssh_session session, const SshTarget& target, ssh_key private_key) {
  switch (ssh_userauth_publickey(session, nullptr, private_key)) {
    case SSH_AUTH_SUCCESS: return {};
    case SSH_AUTH_DENIED:
    case SSH_AUTH_PARTIAL:
      throw infra_error(target.describe() + ": " + target.user + " refused the lab key " +
                        target.private_key.string() + " (" + sha256_fingerprint(private_key) +
                        "): it is not in " + target.user +
                        "'s authorized_keys there. The host was not created with this lab's key; "
                        "re-create it with `klab up`.");
    default:  // SSH_AUTH_ERROR: the connection failed during authentication
      return "authentication interrupted: " + session_error(session);
  }
}

struct Attempt {
  base::SshSession session;
  std::string error;  // transient failure when session is null
};

Attempt try_once(const SshTarget& target, const PinnedHostKey& host_key, ssh_key private_key,
                 milliseconds timeout) {
  base::SshSession session = new_session(target, host_key, timeout);
  if (ssh_connect(session.get()) != SSH_OK) {
    std::string why = session_error(session.get());
    if (!is_transient_connect_error(why)) {
      throw infra_error(target.describe() + ": SSH handshake refused: " + why +
                        ". The host offers no " + host_key.type() + " host key (pinned " +
                        host_key.fingerprint() + "); re-create it with `klab up`.");
    }
    return {nullptr, why};
  }
  verify_host_key(session.get(), target, host_key);
  if (std::string why = authenticate(session.get(), target, private_key); !why.empty()) return {nullptr, why};
  return {std::move(session), {}};
}

}  // namespace

base::SshKey load_private_key(const std::filesystem::path& path, const std::string& host) {
  ssh_key raw = nullptr;
  int rc = ssh_pki_import_privkey_file(path.c_str(), nullptr, nullptr, nullptr, &raw);
  base::SshKey key(raw);
  if (rc == SSH_EOF) {
    throw infra_error(host + ": the lab's SSH private key " + path.string() +
                      " does not exist or is unreadable; run `klab up` to create it");
  }
  if (rc != SSH_OK || !key) {
    throw infra_error(host + ": cannot load the SSH private key " + path.string() +
                      " (expected an unencrypted OpenSSH private key)");
  }
  return key;
}

void set_session_timeout(ssh_session session, milliseconds timeout) {
  timeout = std::max(timeout, milliseconds(1));
  const long sec = static_cast<long>(timeout.count() / 1000);
  const long usec = static_cast<long>(timeout.count() % 1000) * 1000;
  ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &sec);
  ssh_options_set(session, SSH_OPTIONS_TIMEOUT_USEC, &usec);
}

bool is_transient_connect_error(const std::string& message) {
  // Algorithm negotiation failures ("kex error : no match for method server host key
  // algo ...") mean the host lacks the pinned key type: waiting will not fix that.
  return message.find("no match for method") == std::string::npos;
}

base::SshSession connect_authenticated(const SshTarget& target, const PinnedHostKey& host_key,
                                   ssh_key private_key, Clock::time_point deadline, ConnectReport* report,
                                   const ConnectProgress& progress) {
  const auto start = Clock::now();
  ConnectReport local;
  ConnectReport& r = report ? *report : local;
  r = {};
  milliseconds backoff = kFirstBackoff;
  while (true) {
    const milliseconds timeout = std::max(std::min(target.connect_timeout, remaining(deadline)), kMinAttemptTimeout);
    ++r.attempts;
    Attempt attempt = try_once(target, host_key, private_key, timeout);
    r.elapsed = elapsed_since(start);
    if (attempt.session) return std::move(attempt.session);
    r.last_error = attempt.error;
    if (progress) progress({r.attempts, r.elapsed, attempt.error});
    if (remaining(deadline) <= milliseconds(0)) break;
    // Pace the retries of a booting host; bounded by the deadline.
    std::this_thread::sleep_for(std::min(backoff, remaining(deadline)));
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
  throw infra_error(target.describe() + ": SSH not reachable: " + std::to_string(r.attempts) +
                    " attempt(s) in " + format_duration(r.elapsed) + ", last error: " + r.last_error +
                    ". Is the VM running and booted? See `klab status` and `klab console " + target.host + "`.");
}

}  // namespace klab::provisioner
