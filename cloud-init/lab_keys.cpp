#include "cloud-init/lab_keys.hpp"

#include <sys/stat.h>

#include "base/atomic_file.hpp"
#include "base/files.hpp"
#include "cloud-init/known_hosts.hpp"
#include "base/error.hpp"

namespace klab::cloudinit {

namespace {

namespace fs = std::filesystem;

const char* const kReseedHint =
    "hosts seeded with the old key need `klab down` and `klab up` afterwards";

fs::path public_path_of(const fs::path& private_path) {
  fs::path p = private_path;
  p += ".pub";
  return p;
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// OpenSSH refuses private keys others can read; the file is ours, so fix it.
void tighten_private_mode(const fs::path& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    if (::chmod(path.c_str(), static_cast<mode_t>(base::private_file_mode)) != 0) {
      throw infra_error("cannot restrict " + path.string() + " to mode 0600: " +
                        errno_string(errno) + " (fix its ownership or permissions)");
    }
  }
}

std::string load_or_create_private(const fs::path& path, const std::string& comment) {
  if (std::optional<std::string> existing = base::read_file_if_exists(path)) {
    tighten_private_mode(path);
    return *existing;
  }
  const fs::path pub = public_path_of(path);
  if (base::read_file_if_exists(pub)) {
    throw infra_error(pub.string() + " exists but its private key " + path.string() +
                      " is missing: restore the private key from a backup, or delete " +
                      pub.string() + " so klab issues a new pair (" + kReseedHint + ")");
  }
  // keep = link(2): if a concurrent klab created the key first, its key wins and is
  // read back below, so both processes end up with the same pair.
  base::write_file_atomic(path, generate_ed25519_key(comment).private_key, base::private_file_mode, base::IfExists::keep);
  std::optional<std::string> created = base::read_file_if_exists(path);
  if (!created) throw infra_error(path.string() + " vanished right after it was created");
  return *created;
}

SshKeyPair ensure_pair(const fs::path& private_path, const std::string& comment) {
  SshKeyPair pair;
  pair.private_key = load_or_create_private(private_path, comment);
  // A hand-edited key may have lost its final newline; user-data needs it.
  if (!pair.private_key.empty() && pair.private_key.back() != '\n') pair.private_key += '\n';
  std::string derived;
  try {
    derived = public_key_of(pair.private_key, comment);
  } catch (const Error& e) {
    rethrow_with_context(e, private_path.string() + " is damaged (restore it, or delete it and " +
                                public_path_of(private_path).filename().string() +
                                " to issue a new pair; " + kReseedHint + ")");
  }

  const fs::path pub_path = public_path_of(private_path);
  std::optional<std::string> pub = base::read_file_if_exists(pub_path);
  if (!pub) {
    // The public half is derived data: recreating it is not a new key.
    base::write_file_atomic(pub_path, derived + "\n", base::public_file_mode, base::IfExists::keep);
    pub = base::read_file_if_exists(pub_path);
    if (!pub) throw infra_error(pub_path.string() + " vanished right after it was created");
  }
  pair.public_key = first_line(*pub);
  bool matches = false;
  try {
    matches = same_public_key(pair.public_key, derived);
  } catch (const Error& e) {
    rethrow_with_context(e, pub_path.string() + " is damaged (delete it: klab derives it again from " +
                                private_path.filename().string() + ")");
  }
  if (!matches) {
    throw infra_error(pub_path.string() + " does not belong to " + private_path.string() +
                      ": delete the .pub file to derive it again from the private key");
  }
  return pair;
}

void check_file_name(const std::string& host) {
  if (host.empty() || host.front() == '.' || host.find('/') != std::string::npos) {
    throw infra_error("host name \"" + host + "\" cannot name a key file (internal error: the plan "
                      "should only hold validated DNS labels)");
  }
}

}  // namespace

const SshKeyPair& LabKeys::host_key(const std::string& host) const {
  const auto it = host_keys.find(host);
  if (it == host_keys.end()) {
    throw infra_error("no SSH host key for host " + host + " in " + ssh_dir.string() +
                      " (is the host part of this lab's plan?)");
  }
  return it->second;
}

LabKeys ensure_lab_keys(const lab::Plan& plan, const fs::path& lab_dir) {
  LabKeys keys;
  keys.ssh_dir = lab_dir / "ssh";
  keys.client_private_key = keys.ssh_dir / "id_ed25519";
  keys.known_hosts = keys.ssh_dir / "known_hosts";
  const fs::path hostkeys_dir = keys.ssh_dir / "hostkeys";
  base::ensure_private_dir(keys.ssh_dir);
  base::ensure_private_dir(hostkeys_dir);

  keys.client = ensure_pair(keys.client_private_key, "klab@" + plan.lab);
  for (const lab::HostPlan& host : plan.hosts) {
    check_file_name(host.name);
    keys.host_keys[host.name] =
        ensure_pair(hostkeys_dir / (host.name + "_ed25519"), "root@" + host.fqdn);
  }

  // Derived from the plan and the keys, so it always follows the current plan.
  const std::string known_hosts = render_known_hosts(plan, keys.host_keys);
  if (base::read_file_if_exists(keys.known_hosts) != known_hosts) {
    base::write_file_atomic(keys.known_hosts, known_hosts, base::public_file_mode);
  }
  return keys;
}

}  // namespace klab::cloudinit
