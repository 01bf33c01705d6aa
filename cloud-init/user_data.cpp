#include "cloud-init/user_data.hpp"

#include "cloud-init/etc_hosts.hpp"
#include "cloud-init/yaml_out.hpp"

namespace klab::cloudinit {

namespace {

using detail::put_block;
using detail::put_bool;
using detail::put_string;
using detail::put_strings;

// The short name becomes the hostname and the FQDN goes to /etc/hosts, which is what
// `hostname` / `hostname -f` on the original lab's machines return.
void emit_identity(YAML::Emitter& out, const lab::HostPlan& host) {
  put_string(out, "hostname", host.name);
  put_string(out, "fqdn", host.fqdn);
  put_bool(out, "prefer_fqdn_over_hostname", false);
  put_bool(out, "preserve_hostname", false);
}

void emit_etc_hosts(YAML::Emitter& out, const lab::Plan& plan) {
  put_bool(out, "manage_etc_hosts", false);
  out << YAML::Key << "write_files" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
  put_string(out, "path", "/etc/hosts");
  put_block(out, "content", render_etc_hosts(plan));
  put_string(out, "owner", "root:root");
  put_string(out, "permissions", "0644");
  out << YAML::EndMap << YAML::EndSeq;
}

// The only user entry is root, which exists already: no default user gets created
// (users-groups would otherwise add "debian"), so cc_ssh installs the lab key for root
// alone, and disable_root: false lets root log in with it. `users: []` would say the
// same, but cloud-init's schema requires at least one entry.
void emit_logins(YAML::Emitter& out, const LabKeys& keys) {
  out << YAML::Key << "users" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
  put_string(out, "name", "root");
  put_bool(out, "lock_passwd", true);
  out << YAML::EndMap << YAML::EndSeq;
  put_bool(out, "disable_root", false);
  put_strings(out, "ssh_authorized_keys", {keys.client.public_key});
  put_bool(out, "ssh_pwauth", false);
}

// The image's host keys are deleted and only the pre-generated ed25519 key installed:
// klab's known_hosts pins it. With ssh_keys given, cc_ssh generates no other key type
// (key generation is slow under TCG).
void emit_host_key(YAML::Emitter& out, const SshKeyPair& host_key) {
  put_bool(out, "ssh_deletekeys", true);
  out << YAML::Key << "ssh_keys" << YAML::Value << YAML::BeginMap;
  put_block(out, "ed25519_private", host_key.private_key);
  put_string(out, "ed25519_public", host_key.public_key);
  out << YAML::EndMap;
}

// Explicitly off: the image is already what the lab needs, and the sources list it was
// built with stays as built.
void emit_no_packages(YAML::Emitter& out) {
  put_bool(out, "package_update", false);
  put_bool(out, "package_upgrade", false);
  put_bool(out, "package_reboot_if_required", false);
  out << YAML::Key << "apt" << YAML::Value << YAML::BeginMap;
  put_bool(out, "preserve_sources_list", true);
  out << YAML::EndMap;
}

}  // namespace

std::string render_user_data(const lab::Plan& plan, const lab::HostPlan& host, const LabKeys& keys) {
  const SshKeyPair& host_key = keys.host_key(host.name);
  YAML::Emitter out;
  out << YAML::BeginMap;
  emit_identity(out, host);
  emit_etc_hosts(out, plan);
  emit_logins(out, keys);
  emit_host_key(out, host_key);
  emit_no_packages(out);
  out << YAML::EndMap;
  // The first line is what makes cloud-init treat the document as cloud-config.
  return "#cloud-config\n" + detail::finish(out, "user-data");
}

}  // namespace klab::cloudinit
