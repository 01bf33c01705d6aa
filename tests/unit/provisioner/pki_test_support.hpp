#pragma once
// Shared by the pki_*_test.cpp files: the default 4-host lab as a Plan value, a
// scratch directory, and small readers for what ensure_pki writes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lab/plan.hpp"
#include "support/private_dir.hpp"
#include "provisioner/pki/cert_info.hpp"
#include "provisioner/pki/catalog.hpp"
#include "provisioner/pki/ensure.hpp"
#include "base/atomic_file.hpp"
#include "base/files.hpp"
#include "provisioner/pki/issue.hpp"
#include "provisioner/pki/key.hpp"

namespace klab::provisioner::pki::pkitest {

inline lab::Ipv4 ip(const char* text) { return lab::parse_ipv4(text).value(); }

inline lab::HostPlan host(const std::string& name, lab::Role role, const char* address) {
  lab::HostPlan h;
  h.name = name;
  h.fqdn = name + ".example.com";
  h.role = role;
  h.ip = ip(address);
  return h;
}

/// The default lab of DESIGN.md: "ha", example.com, LB kube-master .150, masters
/// kube-master1..3 .151-.153, VIP .160.
inline lab::Plan ha_plan() {
  lab::Plan p;
  p.lab = "ha";
  p.network.subnet = lab::parse_cidr("192.168.49.0/24").value();
  p.network.gateway = ip("192.168.49.1");
  p.network.domain = "example.com";
  p.network.vip = ip("192.168.49.160");
  p.network.vip_fqdn = "vip.example.com";
  p.hosts = {host("kube-master", lab::Role::lb, "192.168.49.150"),
             host("kube-master1", lab::Role::master, "192.168.49.151"),
             host("kube-master2", lab::Role::master, "192.168.49.152"),
             host("kube-master3", lab::Role::master, "192.168.49.153")};
  return p;
}

inline lab::Plan with_fourth_master(lab::Plan p) {
  p.hosts.push_back(host("kube-master4", lab::Role::master, "192.168.49.154"));
  return p;
}

/// The `single` preset: one master, no LB, no VIP.
inline lab::Plan single_plan() {
  lab::Plan p = ha_plan();
  p.lab = "single";
  p.network.vip.reset();
  p.network.vip_fqdn.clear();
  p.hosts = {host("kube-master1", lab::Role::master, "192.168.49.151")};
  return p;
}

/// A fresh private directory (mkdtemp, 0700: the CA keys written into it are root's),
/// removed with everything in it.
class ScratchDir : public klab::testing::ScratchDir {
 public:
  ScratchDir() : klab::testing::ScratchDir("klab-pki-test") {}
  std::filesystem::path pki() const { return path() / "pki"; }
};

/// A PKI generated once per test binary for the default lab, copied into a fresh
/// directory for each test that modifies it (RSA key generation dominates the cost).
inline const std::filesystem::path& pristine_ha_pki();

/// Copies pristine_ha_pki() to `to` (which must not exist), keeping modes.
inline void copy_pristine_ha_pki(const std::filesystem::path& to) {
  std::filesystem::copy(pristine_ha_pki(), to, std::filesystem::copy_options::recursive);
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("test cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void spew(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("test cannot write " + path.string());
}

inline X509Ptr load_cert(const std::filesystem::path& path) {
  return certificate_from_pem(slurp(path), path.string());
}

inline EvpPkeyPtr load_key(const std::filesystem::path& path) {
  return private_key_from_pem(slurp(path), path.string());
}

inline std::string serial_of(const std::filesystem::path& cert_path) {
  return inspect_certificate(load_cert(cert_path).get()).serial;
}

/// The CertSpec with `id` from the plan's catalogue.
inline CertSpec spec_of(const lab::Plan& plan, const std::string& id) {
  for (CertSpec& s : required_certs(plan))
    if (s.id == id) return s;
  throw std::runtime_error("test: no certificate " + id + " in the catalogue");
}

struct Forged {
  X509Ptr cert;
  EvpPkeyPtr key;
  Signer signer() const { return Signer{cert.get(), key.get()}; }
};

/// Issues `spec` with a fresh key, signed by `signer`, valid for `validity`.
inline Forged forge(const CertSpec& spec, const Signer& signer, const Validity& validity) {
  Forged f;
  f.key = generate_key(KeyAlgorithm::ec_p256);
  f.cert = issue_certificate(spec, f.key.get(), signer, validity);
  return f;
}

/// A CA that is not the lab's, with the same subject as the lab's cluster CA.
inline Forged impostor_ca() {
  return forge(ca_spec(CaId::kubernetes), Signer{}, validity_for(Clock::now(), 3650));
}

/// The CA of `ca` as stored under `root`.
inline Forged stored_ca(const std::filesystem::path& root, CaId ca) {
  CertSpec s = ca_spec(ca);
  return Forged{load_cert(root / s.cert_file()), load_key(root / s.key_file())};
}

/// A fixed RSA 2048 key, for tests only: seeding sa.key with it spares every test
/// process the RSA generation (the one slow step of ensure_pki, 0.2-0.6 s here).
/// PkiEnsureFresh covers generating sa.key for real.
inline constexpr const char* test_sa_key_pem = R"(-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDAEYaFFSE2d2KI
J99f0EDh1zvAZI0NTFEdC/FlBH+by8eez2Gw967unqLc9qBxiXuU6Ql8U0qthqKE
SlLNG87c7Lq4aeqbKxmY9ItwGVR9fkak654K2i38Qllbm+jDP74UivpJEuwrvK2z
1axcdyHOkFwKtMCjgmjCOf8k9mDJf63SOOsDtR8HlGcAF0U+Ruo+p9QzdKoDgoYT
GKpBrbj8P+SyNjSAZ6uTaf2px+AtpuuQSY2amWCWpZViO8qd4DgrSHu3rd6hgVrO
qPCgZRY1+VbPE105G5zWtbuKGyOcZBKsI7Qt5gGFqPr88auizIMh/Wjs4jlsdwXD
xr4ykXGlAgMBAAECggEAA46UdEDzJyB0uK6jH0zSBsj9K/wJV3U+NIuoiY8nnThl
qnYsbISTl2OzeL0JIXiIBnHNdSsyo54y1nHjJvrNoIvtee0iYDT3qwFWOUZQC6OI
HFCLNJQ+uwB1GLmul4jtSGUIpn0tOPesK4psZ4H4/Ou2kApZNlVePg+BhCFCttYY
OX4D2akT2/L+ZlbIpAaJJHqkKOvjy188YGltIB9Q9eWvO12upF/+OtuW0Nzw5Q8h
N/9nS0qcgqC5iKLR9oZLpoqJFvksQLQj2mNEMHWeMj7qFXAM3xMQp1D6YK+ExA5G
hprQXEiZq6hCszStaproXg/0VXrGBsufFZ0uMQWtOQKBgQD3q3dA56EaRHRe2z7s
9wejzHOnBzYahxRzURwIdKhIpyfsSp24dq+5COjsl6Yg57ybMfmiYaXGREPELwX8
sg71jKegCdpaeqz7Xnd9PZsZZDQq/y98c8HZREfE45BAOUk4pbE7wR6YtyLIZluu
OgnsPMPSXT0TYuhJIf502kXkUwKBgQDGh09y0WjACwy3GBokWXaVaSGDOcxQflq4
loM8ZEapnFkekl3xTRTB4YJNwThA+gqbtQzdH02pYH8/eJQ88R4AJbZBe0+Kw97u
dwf8xe7HE/55Qu4yZ9ep0sqLLm7/1qKhcOS4BedZoW7SrjYQxWbwg1od9y/6QWnu
YJD/9vCTJwKBgQCEmMFE933SAVpIOptK5MqrUFeO0haOR0mUn5UhlctO8mc2Y5Bj
ZO+ZYgLKQDqKHWdls3DSFfNZ3cxmKULMUkwd/Ir17LCBhnI8NgxE+gmio3omlu7G
c3cSKjM+XxMov0LLWDI2KqOF4W522g41jg8n8jRo2NBNI8P2+4Mu7nlCzwKBgGKt
mQjqG5XxKBXN7hiJO08SnWy7itmrpG5BqeOXuCPQKd/vQrCQ7rNb4sfBNbPeVO2G
NWmniJOa+kTTK2OLOa07EXdE0omXyDRhh9/VhlT/lCoz4W++e8zWkIRTxSp3RgjW
s2jgzliXzBz+KLN3Wy5LK7zfQ8KxRvUMnKYN2RBbAoGBAKsS0ILoKRITuywkJTY3
ISQX0ohv47QqV2Dlriz6O9BhIFiWkt+BVfdBC0730OkkyTZcDz6SjSfQmAl7Sbzq
oLxaOr8LDXPe9we4GFjoTuOA3+FuCc6bpFxj7bFspqU4KQR6tVp/fI8IX4zhI6QU
ToG7a7fUdyQmyGLqO+3mUShz
-----END PRIVATE KEY-----
)";

inline const std::filesystem::path& pristine_ha_pki() {
  struct Pristine {
    ScratchDir dir;
    std::filesystem::path root = dir.pki();
    Pristine() {
      base::ensure_private_dir(root);
      base::write_file_atomic(root / "sa.key", test_sa_key_pem, base::private_file_mode);
      ensure_pki(ha_plan(), root);
    }
  };
  static Pristine pristine;  // removed at exit
  return pristine.root;
}

}  // namespace klab::provisioner::pki::pkitest
