// ensure_ca and ensure_leaf: the certificate steps of ensure_pki.
#include <algorithm>

#include "base/error.hpp"
#include "base/files.hpp"
#include "provisioner/pki/cert_info.hpp"
#include "provisioner/pki/ensure_steps.hpp"
#include "provisioner/pki/key.hpp"
#include "provisioner/pki/pair_store.hpp"
#include "provisioner/pki/verify.hpp"

namespace klab::provisioner::pki {

namespace {

IssuedPair issue_new(const fs::path& root, const CertSpec& spec, const Signer& signer,
                     Clock::time_point now) {
  IssuedPair pair;
  pair.key = generate_key(KeyAlgorithm::ec_p256);
  Validity validity = validity_for(now, spec.validity_days);
  // A leaf outliving its CA would only fail later, and more confusingly.
  if (signer.cert) validity.not_after = std::min(validity.not_after, inspect_certificate(signer.cert).not_after);
  pair.cert = issue_certificate(spec, pair.key.get(), signer, validity);
  save_pair(root, spec, pair.cert.get(), pair.key.get());
  return pair;
}

[[noreturn]] void unusable_ca(const fs::path& root, const CertSpec& spec, const std::string& problem) {
  throw infra_error(problem + ": " + repair_advice(root, spec));
}

// A CA key without its certificate is what a run killed between the two writes left
// (klab writes the certificate last, and older versions wrote the key first): that CA
// was never published, so it can be made again, unless a certificate on disk shows the
// key did sign something (then its certificate was lost, not never written).
IssuedPair replace_orphaned_key(const fs::path& root, const CertSpec& spec, EVP_PKEY* key,
                                const EnsureOptions& options, EnsureReport& report) {
  const fs::path key_path = root / spec.key_file();
  const fs::path cert_path = root / spec.cert_file();
  if (std::optional<fs::path> issued = find_certificate_signed_by(root, key))
    unusable_ca(root, spec, cert_path.string() + " is missing but " + key_path.string() + " exists and signed " +
                                issued->string());
  IssuedPair pair = issue_new(root, spec, Signer{}, options.now);
  report.items.push_back({spec.id, ItemKind::ca, Action::created,
                          key_path.string() + " had no certificate (an interrupted run) and had signed "
                                              "nothing: made a new CA"});
  return pair;
}

}  // namespace

void tighten_private_mode(const fs::path& file, EnsureReport& report) {
  fs::perms mode = base::file_mode(file);
  if (mode == base::private_file_mode) return;
  std::error_code ec;
  fs::permissions(file, base::private_file_mode, fs::perm_options::replace, ec);
  if (ec) throw infra_error("cannot set mode 0600 on " + file.string() + ": " + ec.message());
  report.warnings.push_back(file.string() + " had mode " + base::mode_string(mode) +
                            ", set back to 0600: it holds a private key");
}

IssuedPair ensure_ca(const fs::path& root, const CertSpec& spec, const EnsureOptions& options,
                     EnsureReport& report) {
  remove_interrupted_writes(root, spec);
  StoredPair stored = load_pair(root, spec);
  const fs::path cert_path = root / spec.cert_file();
  const fs::path key_path = root / spec.key_file();
  if (!stored.cert && !stored.key) {
    IssuedPair pair = issue_new(root, spec, Signer{}, options.now);
    report.items.push_back({spec.id, ItemKind::ca, Action::created, {}});
    return pair;
  }
  if (!stored.key)
    unusable_ca(root, spec, key_path.string() + " is missing but " + cert_path.string() + " exists");
  if (!stored.cert) return replace_orphaned_key(root, spec, stored.key.get(), options, report);
  if (!same_public_key(X509_get0_pubkey(stored.cert.get()), stored.key.get()))
    unusable_ca(root, spec, key_path.string() + " is not the key of " + cert_path.string());
  CertInfo info = inspect_certificate(stored.cert.get());
  if (!info.is_ca) unusable_ca(root, spec, cert_path.string() + " is not a CA certificate");
  if (auto err = verify_chain(stored.cert.get(), stored.cert.get(), options.now, {}))
    unusable_ca(root, spec, cert_path.string() + " cannot be used: " + *err + " (not after " +
                                format_utc(info.not_after) + ")");
  if (info.not_after - options.now < options.renew_window)
    report.warnings.push_back(cert_path.string() + " (" + to_string(spec.ca) + ") expires on " +
                              format_utc(info.not_after) +
                              "; klab does not rotate CAs: plan a rotation before then");
  tighten_private_mode(key_path, report);
  report.items.push_back({spec.id, ItemKind::ca, Action::reused, {}});
  return IssuedPair{std::move(stored.cert), std::move(stored.key)};
}

void ensure_leaf(const fs::path& root, const CertSpec& spec, const Signer& ca,
                 const EnsureOptions& options, EnsureReport& report) {
  remove_interrupted_writes(root, spec);
  StoredPair stored = load_pair(root, spec);
  if (!stored.cert && !stored.key) {
    issue_new(root, spec, ca, options.now);
    report.items.push_back({spec.id, ItemKind::certificate, Action::created, {}});
    return;
  }
  std::optional<std::string> reason;
  if (!stored.cert)
    reason = spec.cert_file() + " is missing";
  else if (!stored.key)
    reason = spec.key_file() + " is missing";
  else
    reason = reissue_reason(spec, stored.cert.get(), stored.key.get(), ca.cert, options.now,
                            options.renew_window);
  if (reason) {
    issue_new(root, spec, ca, options.now);
    report.items.push_back({spec.id, ItemKind::certificate, Action::reissued, *reason});
    return;
  }
  tighten_private_mode(root / spec.key_file(), report);
  report.items.push_back({spec.id, ItemKind::certificate, Action::reused, {}});
}

}  // namespace klab::provisioner::pki
