#include "provisioner/pki/ensure.hpp"

#include <map>

#include "base/error.hpp"
#include "base/files.hpp"
#include "lab/paths.hpp"
#include "provisioner/pki/catalog.hpp"
#include "provisioner/pki/cert_info.hpp"
#include "provisioner/pki/ensure_steps.hpp"

namespace klab::provisioner::pki {

std::string to_string(Action action) {
  switch (action) {
    case Action::created: return "created";
    case Action::reused: return "reused";
    case Action::reissued: return "reissued";
    case Action::updated: return "updated";
  }
  return "unknown";
}

std::string to_string(ItemKind kind) {
  switch (kind) {
    case ItemKind::ca: return "ca";
    case ItemKind::certificate: return "certificate";
    case ItemKind::key_pair: return "key-pair";
    case ItemKind::kubeconfig: return "kubeconfig";
  }
  return "unknown";
}

int EnsureReport::count(Action action) const {
  int n = 0;
  for (const EnsureItem& i : items) n += i.action == action ? 1 : 0;
  return n;
}

const EnsureItem* EnsureReport::find(const std::string& name) const {
  for (const EnsureItem& i : items)
    if (i.name == name) return &i;
  return nullptr;
}

fs::path pki_dir(const lab::Plan& plan) { return lab::lab_dir(plan.lab) / "pki"; }

EnsureReport ensure_pki(const lab::Plan& plan, const fs::path& root, const EnsureOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  EnsureReport report;
  report.root = root;
  try {
    for (const char* sub : {"", "etcd", "clients", "kubeconfigs"}) base::ensure_private_dir(root / sub);
    std::map<CaId, IssuedPair> cas;
    for (const CertSpec& spec : required_certs(plan)) {
      if (spec.is_ca) {
        cas.emplace(spec.ca, ensure_ca(root, spec, options, report));
        continue;
      }
      const IssuedPair& ca = cas.at(spec.ca);
      ensure_leaf(root, spec, Signer{ca.cert.get(), ca.key.get()}, options, report);
    }
    ensure_service_account(root, report);
    ensure_kubeconfigs(plan, root, report);
  } catch (const Error& e) {
    rethrow_with_context(e, "PKI in " + root.string());
  }
  report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return report;
}

}  // namespace klab::provisioner::pki
