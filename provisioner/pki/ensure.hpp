#pragma once
// ensure_pki: make the PKI directory hold everything the plan needs, reusing what is
// already there and still right. Reconcile-style and idempotent: a second run with
// the same plan changes nothing.
//
// Rules
//  - A CA is created once and never replaced: a CA that exists is reused; one that is
//    corrupt, half-present or expired is an error telling the user what to do. The one
//    exception is a CA key without its certificate that signed nothing: an interrupted
//    first run, made again (key/certificate pairs are written certificate last).
//  - The service-account key (sa.key) is treated like a CA (a new one would invalidate
//    every issued token); sa.pub is derived from it and rewritten when it differs.
//  - A leaf is reused while reissue_reason() (reuse.hpp) finds nothing: right key,
//    chains to the current CA, same subject/usage/SANs, not expiring within 30 days.
//    Otherwise it is reissued with a new key, and the reason is reported.
//  - Kubeconfigs are re-rendered from the files on disk and rewritten when different.
//  - Private keys and kubeconfigs 0600, certificates 0644, directories 0700; every
//    write is atomic (files.hpp).
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/pki/issue.hpp"
#include "provisioner/pki/reuse.hpp"

namespace klab::provisioner::pki {

namespace fs = std::filesystem;

enum class Action {
  created,   // did not exist
  reused,    // existed and is still right: untouched
  reissued,  // a leaf replaced by a new key and certificate (see reason)
  updated,   // derived file rewritten (kubeconfig, sa.pub) (see reason)
};
std::string to_string(Action action);

enum class ItemKind { ca, certificate, key_pair, kubeconfig };
std::string to_string(ItemKind kind);

struct EnsureItem {
  std::string name;    // "ca", "etcd/kube-master1-server", "sa", "kubeconfigs/admin.conf"
  ItemKind kind = ItemKind::certificate;
  Action action = Action::reused;
  std::string reason;  // why it was reissued or updated
};

struct EnsureReport {
  fs::path root;
  std::vector<EnsureItem> items;      // in catalogue order
  std::vector<std::string> warnings;  // CA close to expiry, permissions tightened
  std::chrono::milliseconds elapsed{0};

  int count(Action action) const;
  bool changed() const { return count(Action::reused) != static_cast<int>(items.size()); }
  const EnsureItem* find(const std::string& name) const;  // nullptr if absent
};

struct EnsureOptions {
  Clock::time_point now = Clock::now();               // injectable for tests
  std::chrono::days renew_window = default_renew_window;
};

/// lab::lab_dir(plan.lab) / "pki".
fs::path pki_dir(const lab::Plan& plan);

/// Creates or reuses every CA, key pair, certificate and kubeconfig under `root`.
/// Throws klab::Error naming the file when something on disk cannot be used and must
/// not be replaced silently (a CA, sa.key, or any unparseable file).
EnsureReport ensure_pki(const lab::Plan& plan, const fs::path& root, const EnsureOptions& options = {});

}  // namespace klab::provisioner::pki
