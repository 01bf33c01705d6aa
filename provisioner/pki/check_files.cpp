// check_service_account and check_kubeconfigs (check_steps.hpp).
#include <yaml-cpp/yaml.h>

#include "base/error.hpp"
#include "base/files.hpp"
#include "provisioner/pki/base64.hpp"
#include "provisioner/pki/catalog.hpp"
#include "provisioner/pki/check_steps.hpp"
#include "provisioner/pki/key.hpp"

namespace klab::provisioner::pki {

namespace {

void fail(FileCheck& f, std::string text) {
  f.problems.push_back(std::move(text));
  f.status = CheckStatus::error;
}

void check_private_mode(FileCheck& f, const fs::path& path) {
  if (fs::perms mode = base::file_mode(path); mode != base::private_file_mode)
    fail(f, path.string() + " has mode " + base::mode_string(mode) + ", expected 0600");
}

/// The scalar at `path` below the first entry of the sequence `list`, e.g.
/// ("clusters", {"cluster", "server"}); nullopt when any step is absent or mistyped.
std::optional<std::string> first_entry_scalar(const YAML::Node& doc, const char* list,
                                              std::initializer_list<const char*> path) {
  const YAML::Node seq = doc[list];
  if (!seq || !seq.IsSequence() || seq.size() == 0) return std::nullopt;
  YAML::Node node = seq[0];
  for (const char* key : path) {
    if (!node || !node.IsMap()) return std::nullopt;
    const YAML::Node parent = node;  // const: lookups never insert
    node.reset(parent[key]);         // rebind; operator= would assign into the document
  }
  if (!node || !node.IsScalar()) return std::nullopt;
  return node.as<std::string>();
}

void compare_embedded(FileCheck& f, const YAML::Node& doc, const char* list, const char* inner,
                      const char* field, const fs::path& source) {
  std::optional<std::string> text = first_entry_scalar(doc, list, {inner, field});
  std::optional<std::string> data = text ? base64_decode(*text) : std::nullopt;
  std::optional<std::string> on_disk = base::read_file_if_exists(source);
  if (!data)
    fail(f, std::string(field) + " is missing or not base64");
  else if (!on_disk || *data != *on_disk)
    fail(f, std::string(field) + " differs from " + source.string() + ": run the pki phase again");
}

FileCheck check_kubeconfig(const KubeconfigSpec& spec, const std::string& server, const fs::path& root) {
  FileCheck f;
  f.id = spec.file();
  f.file = root / spec.file();
  try {
    std::optional<std::string> text = base::read_file_if_exists(f.file);
    if (!text) {
      fail(f, f.file.string() + " is missing");
      return f;
    }
    check_private_mode(f, f.file);
    const YAML::Node doc = YAML::Load(*text);
    std::string actual = first_entry_scalar(doc, "clusters", {"cluster", "server"}).value_or("");
    if (actual != server) fail(f, "server is '" + actual + "', the plan needs " + server);
    std::string user = first_entry_scalar(doc, "users", {"name"}).value_or("");
    if (user != spec.user) fail(f, "user is '" + user + "', expected " + spec.user);
    compare_embedded(f, doc, "clusters", "cluster", "certificate-authority-data",
                     root / ca_spec(CaId::kubernetes).cert_file());
    compare_embedded(f, doc, "users", "user", "client-certificate-data", root / (spec.cert_id + ".crt"));
    compare_embedded(f, doc, "users", "user", "client-key-data", root / (spec.cert_id + ".key"));
  } catch (const YAML::Exception& e) {
    fail(f, f.file.string() + " is not valid YAML: " + e.what());
  } catch (const Error& e) {
    fail(f, e.what());
  }
  return f;
}

}  // namespace

FileCheck check_service_account(const fs::path& root) {
  FileCheck f;
  f.id = "sa";
  f.file = root / "sa.key";
  try {
    std::optional<std::string> key_pem = base::read_file_if_exists(f.file);
    std::optional<std::string> pub_pem = base::read_file_if_exists(root / "sa.pub");
    if (!key_pem) fail(f, f.file.string() + " is missing");
    if (!pub_pem) fail(f, (root / "sa.pub").string() + " is missing");
    if (!key_pem || !pub_pem) return f;
    check_private_mode(f, f.file);
    EvpPkeyPtr key = private_key_from_pem(*key_pem, f.file.string());
    EvpPkeyPtr pub = public_key_from_pem(*pub_pem, (root / "sa.pub").string());
    if (!same_public_key(key.get(), pub.get())) fail(f, "sa.pub is not the public half of sa.key");
  } catch (const Error& e) {
    fail(f, e.what());
  }
  return f;
}

std::vector<FileCheck> check_kubeconfigs(const lab::Plan& plan, const fs::path& root) {
  std::vector<FileCheck> out;
  const std::string server = apiserver_url(plan);
  for (const KubeconfigSpec& spec : required_kubeconfigs(plan))
    out.push_back(check_kubeconfig(spec, server, root));
  return out;
}

}  // namespace klab::provisioner::pki
