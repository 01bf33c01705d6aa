#pragma once
// check_pki: a read-only audit of the PKI directory against the plan, for
// `klab certs check`. Never writes and never throws for a bad file — every problem is
// a finding in the report; it throws only when the plan itself is unusable.
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/pki/cert_spec.hpp"
#include "provisioner/pki/issue.hpp"
#include "provisioner/pki/reuse.hpp"
#include "provisioner/pki/spec_match.hpp"

namespace klab::provisioner::pki {

namespace fs = std::filesystem;

enum class CheckStatus { ok, warning, error };  // ordered by severity
std::string to_string(CheckStatus status);

struct CertCheck {
  std::string id;              // "apiserver", "etcd/kube-master1-server"
  std::string purpose;         // what uses it
  fs::path cert_file;
  bool present = false;        // the certificate file exists and parses
  std::string subject;
  std::string issuer;
  std::string serial;
  std::string key_type;
  std::string not_after;       // ISO 8601 UTC
  long days_left = 0;
  std::set<San> required_sans; // what the plan needs
  std::set<San> sans;          // what the certificate has
  SanCoverage coverage;
  bool chain_ok = false;       // X509_verify_cert against its CA, for its purpose
  std::string chain_error;
  bool key_ok = false;         // key file present, parses, matches, mode 0600
  std::vector<std::string> problems;  // one line each; empty when status is ok
  CheckStatus status = CheckStatus::ok;
};

struct FileCheck {             // kubeconfigs and the service-account key pair
  std::string id;              // "kubeconfigs/admin.conf", "sa"
  fs::path file;
  std::vector<std::string> problems;
  CheckStatus status = CheckStatus::ok;
};

struct CheckReport {
  fs::path root;
  std::string checked_at;      // ISO 8601 UTC
  std::vector<CertCheck> certs;  // in catalogue order, CAs first
  std::vector<FileCheck> files;

  CheckStatus overall() const;
  int count(CheckStatus status) const;  // over certs and files
  const CertCheck* find(const std::string& id) const;
};

struct CheckOptions {
  Clock::time_point now = Clock::now();
  std::chrono::days warn_window = default_renew_window;  // expiring within: warning
};

CheckReport check_pki(const lab::Plan& plan, const fs::path& root, const CheckOptions& options = {});

}  // namespace klab::provisioner::pki
