#include "provisioner/pki/check.hpp"

#include <algorithm>
#include <map>

#include "base/error.hpp"
#include "base/files.hpp"
#include "provisioner/pki/catalog.hpp"
#include "provisioner/pki/cert_info.hpp"
#include "provisioner/pki/check_steps.hpp"
#include "provisioner/pki/key.hpp"
#include "provisioner/pki/verify.hpp"

namespace klab::provisioner::pki {

namespace {

void raise(CheckStatus& status, CheckStatus at_least) { status = std::max(status, at_least); }

void problem(CertCheck& c, CheckStatus severity, std::string text) {
  c.problems.push_back(std::move(text));
  raise(c.status, severity);
}

X509Ptr load_cert(CertCheck& c) {
  try {
    std::optional<std::string> pem = base::read_file_if_exists(c.cert_file);
    if (!pem) {
      problem(c, CheckStatus::error, c.cert_file.string() + " is missing");
      return nullptr;
    }
    return certificate_from_pem(*pem, c.cert_file.string());
  } catch (const Error& e) {
    problem(c, CheckStatus::error, e.what());
    return nullptr;
  }
}

void check_key(CertCheck& c, const fs::path& key_path, X509* cert) {
  try {
    std::optional<std::string> pem = base::read_file_if_exists(key_path);
    if (!pem) return problem(c, CheckStatus::error, key_path.string() + " is missing");
    EvpPkeyPtr key = private_key_from_pem(*pem, key_path.string());
    if (!same_public_key(X509_get0_pubkey(cert), key.get()))
      return problem(c, CheckStatus::error, key_path.string() + " is not the key of this certificate");
    if (fs::perms mode = base::file_mode(key_path); mode != base::private_file_mode)
      return problem(c, CheckStatus::error,
                     key_path.string() + " has mode " + base::mode_string(mode) + ", expected 0600");
    c.key_ok = true;
  } catch (const Error& e) {
    problem(c, CheckStatus::error, e.what());
  }
}

void check_validity(CertCheck& c, const CertInfo& info, const CheckOptions& options) {
  c.not_after = format_utc(info.not_after);
  c.days_left = days_until(info.not_after, options.now);
  if (info.not_after <= options.now)
    problem(c, CheckStatus::error, "expired on " + c.not_after);
  else if (info.not_before > options.now)
    problem(c, CheckStatus::error, "not valid before " + format_utc(info.not_before));
  else if (info.not_after - options.now < options.warn_window)
    problem(c, CheckStatus::warning, "expires in " + std::to_string(c.days_left) + " days");
}

CertCheck check_one(const fs::path& root, const CertSpec& spec, X509* ca, X509Ptr& loaded,
                    const CheckOptions& options) {
  CertCheck c;
  c.id = spec.id;
  c.purpose = spec.purpose;
  c.cert_file = root / spec.cert_file();
  c.required_sans = spec.sans;
  c.coverage.missing = spec.sans;  // until a certificate shows otherwise
  loaded = load_cert(c);
  if (!loaded) return c;
  c.present = true;
  CertInfo info = inspect_certificate(loaded.get());
  c.subject = info.subject;
  c.issuer = info.issuer;
  c.serial = info.serial;
  c.key_type = info.key_type;
  c.sans = info.sans;
  c.coverage = san_coverage(spec.sans, info.sans);
  check_validity(c, info, options);
  for (const std::string& diff : spec_mismatches(spec, info))
    problem(c, diff.starts_with("SANs no longer") ? CheckStatus::warning : CheckStatus::error, diff);
  X509* anchor = spec.is_ca ? loaded.get() : ca;
  if (!anchor) {
    c.chain_error = to_string(spec.ca) + " is unavailable";
  } else if (auto err = verify_chain(loaded.get(), anchor, options.now, spec.usage)) {
    c.chain_error = *err;
  } else {
    c.chain_ok = true;
  }
  if (!c.chain_ok) problem(c, CheckStatus::error, "chain: " + c.chain_error);
  check_key(c, root / spec.key_file(), loaded.get());
  return c;
}

}  // namespace

std::string to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::ok: return "ok";
    case CheckStatus::warning: return "warning";
    case CheckStatus::error: return "error";
  }
  return "unknown";
}

CheckStatus CheckReport::overall() const {
  CheckStatus s = CheckStatus::ok;
  for (const CertCheck& c : certs) s = std::max(s, c.status);
  for (const FileCheck& f : files) s = std::max(s, f.status);
  return s;
}

int CheckReport::count(CheckStatus status) const {
  int n = 0;
  for (const CertCheck& c : certs) n += c.status == status ? 1 : 0;
  for (const FileCheck& f : files) n += f.status == status ? 1 : 0;
  return n;
}

const CertCheck* CheckReport::find(const std::string& id) const {
  for (const CertCheck& c : certs)
    if (c.id == id) return &c;
  return nullptr;
}

CheckReport check_pki(const lab::Plan& plan, const fs::path& root, const CheckOptions& options) {
  CheckReport report;
  report.root = root;
  report.checked_at = format_utc(options.now);
  std::map<CaId, X509Ptr> cas;
  for (const CertSpec& spec : required_certs(plan)) {
    X509Ptr loaded;
    auto ca = cas.find(spec.ca);
    report.certs.push_back(check_one(root, spec, ca == cas.end() ? nullptr : ca->second.get(),
                                     loaded, options));
    // An unusable CA still anchors its leaves: their chain errors then name its fault.
    if (spec.is_ca && loaded) cas.emplace(spec.ca, std::move(loaded));
  }
  report.files.push_back(check_service_account(root));
  for (FileCheck& f : check_kubeconfigs(plan, root)) report.files.push_back(std::move(f));
  return report;
}

}  // namespace klab::provisioner::pki
