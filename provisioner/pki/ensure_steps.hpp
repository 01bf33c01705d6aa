#pragma once
// The steps of ensure_pki (ensure.hpp), one per kind of item. Internal to the PKI
// module; each appends what it did to the report.
#include "lab/plan.hpp"
#include "provisioner/pki/cert_spec.hpp"
#include "provisioner/pki/ensure.hpp"
#include "provisioner/pki/ossl.hpp"

namespace klab::provisioner::pki {

struct IssuedPair {
  X509Ptr cert;
  EvpPkeyPtr key;
};

/// Reuses the CA under `root` or creates it when neither file exists.
IssuedPair ensure_ca(const fs::path& root, const CertSpec& spec, const EnsureOptions& options,
                     EnsureReport& report);

/// Reuses, creates or reissues one leaf signed by `ca`.
void ensure_leaf(const fs::path& root, const CertSpec& spec, const Signer& ca,
                 const EnsureOptions& options, EnsureReport& report);

/// sa.key (RSA 2048) and sa.pub.
void ensure_service_account(const fs::path& root, EnsureReport& report);

/// One kubeconfig per KubeconfigSpec, from the certificates now on disk.
void ensure_kubeconfigs(const lab::Plan& plan, const fs::path& root, EnsureReport& report);

/// Sets a reused private file back to 0600 (with a warning) if someone loosened it.
void tighten_private_mode(const fs::path& file, EnsureReport& report);

}  // namespace klab::provisioner::pki
