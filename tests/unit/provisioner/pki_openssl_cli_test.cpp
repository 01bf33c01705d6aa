// An independent cross-check: the openssl command-line tool (when installed; klab
// itself never uses it) must agree that the chains verify for their purpose.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>

#include "pki_test_support.hpp"

namespace klab::provisioner::pki {
namespace {

namespace fs = std::filesystem;

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult run(const std::string& command) {
  CommandResult r;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen((command + " 2>&1").c_str(), "r"), ::pclose);
  if (!pipe) return r;
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe.get())) r.output += buf.data();
  r.status = ::pclose(pipe.release());
  return r;
}

bool have_openssl() { return run("command -v openssl").status == 0; }

std::string verify(const fs::path& ca, const fs::path& cert, const char* purpose) {
  return run("openssl verify -x509_strict -purpose " + std::string(purpose) + " -CAfile '" + ca.string() +
             "' '" + cert.string() + "'").output;
}

TEST(PkiOpensslCli, ChainsVerifyWithTheOpensslTool) {
  if (!have_openssl()) GTEST_SKIP() << "openssl CLI not installed; cross-check not run";
  const fs::path root = pkitest::pristine_ha_pki();
  EXPECT_EQ(verify(root / "ca.crt", root / "apiserver.crt", "sslserver"),
            (root / "apiserver.crt").string() + ": OK\n");
  EXPECT_EQ(verify(root / "etcd/ca.crt", root / "etcd/kube-master2-peer.crt", "sslclient"),
            (root / "etcd/kube-master2-peer.crt").string() + ": OK\n");
  EXPECT_EQ(verify(root / "ca.crt", root / "clients/kubelet-kube-master1.crt", "sslclient"),
            (root / "clients/kubelet-kube-master1.crt").string() + ": OK\n");
  // And it must refuse what is wrong: an etcd cert against the cluster CA, a client
  // cert used as a server.
  EXPECT_NE(verify(root / "ca.crt", root / "etcd/kube-master1-server.crt", "sslserver").find("error"),
            std::string::npos);
  EXPECT_NE(verify(root / "ca.crt", root / "clients/admin.crt", "sslserver").find("error"), std::string::npos);
}

TEST(PkiOpensslCli, SansSeenByTheOpensslTool) {
  if (!have_openssl()) GTEST_SKIP() << "openssl CLI not installed; cross-check not run";
  const fs::path root = pkitest::pristine_ha_pki();
  CommandResult r = run("openssl x509 -noout -ext subjectAltName -in '" + (root / "etcd/kube-master3-server.crt").string() + "'");
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* san : {"DNS:kube-master3", "DNS:kube-master3.example.com", "IP Address:192.168.49.153",
                          "DNS:localhost", "IP Address:127.0.0.1"})
    EXPECT_NE(r.output.find(san), std::string::npos) << san << " not in " << r.output;
}

}  // namespace
}  // namespace klab::provisioner::pki
