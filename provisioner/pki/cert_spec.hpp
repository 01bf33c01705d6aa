#pragma once
// CertSpec: one certificate klab issues, described as data — who it names, who signs
// it, what it may be used for, where it lives. catalog.hpp derives the full list from
// a Plan; issue, reuse and check all work from these values.
#include <set>
#include <string>
#include <vector>

namespace klab::provisioner::pki {

/// The three authorities; each signs only its own family of certificates.
enum class CaId { kubernetes, etcd, front_proxy };

std::string to_string(CaId ca);

/// A subjectAltName entry in OpenSSL's text form: "DNS:localhost" or "IP:127.0.0.1".
using San = std::string;
San dns_san(const std::string& name);
San ip_san(const std::string& address);

struct Usage {
  bool server = false;  // extendedKeyUsage serverAuth
  bool client = false;  // extendedKeyUsage clientAuth
  bool operator==(const Usage&) const = default;
};

struct CertSpec {
  std::string id;                          // path below the PKI root without extension:
                                           // "apiserver", "etcd/kube-master1-server"
  std::string purpose;                     // one line for humans: what uses it
  std::string common_name;
  std::vector<std::string> organizations;  // O=, in order
  bool is_ca = false;
  CaId ca = CaId::kubernetes;              // the CA that signs it (a CA: itself)
  Usage usage;                             // empty for CAs
  std::set<San> sans;
  int validity_days = 0;

  std::string cert_file() const { return id + ".crt"; }
  std::string key_file() const { return id + ".key"; }
};

}  // namespace klab::provisioner::pki
