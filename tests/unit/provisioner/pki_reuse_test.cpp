// reissue_reason, rule by rule, on certificates built in memory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pki_test_support.hpp"
#include "provisioner/pki/catalog.hpp"
#include "provisioner/pki/reuse.hpp"

namespace klab::provisioner::pki {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;
using std::chrono::days;

class PkiReuse : public ::testing::Test {
 protected:
  PkiReuse()
      : now_(Clock::now()),
        ca_(pkitest::forge(ca_spec(CaId::etcd), Signer{}, validity_for(now_, 3650))),
        spec_(pkitest::spec_of(pkitest::ha_plan(), "etcd/kube-master1-server")),
        leaf_(pkitest::forge(spec_, ca_.signer(), validity_for(now_, 365))) {}

  std::optional<std::string> reason(const CertSpec& spec, Clock::time_point at) {
    return reissue_reason(spec, leaf_.cert.get(), leaf_.key.get(), ca_.cert.get(), at, days(30));
  }

  Clock::time_point now_;
  pkitest::Forged ca_;
  CertSpec spec_;
  pkitest::Forged leaf_;
};

TEST_F(PkiReuse, AMatchingCertificateIsReused) { EXPECT_EQ(reason(spec_, now_), std::nullopt); }

TEST_F(PkiReuse, AForeignKeyForcesReissue) {
  EvpPkeyPtr other = generate_key(KeyAlgorithm::ec_p256);
  EXPECT_THAT(reissue_reason(spec_, leaf_.cert.get(), other.get(), ca_.cert.get(), now_, days(30)),
              Optional(HasSubstr("private key does not belong")));
}

TEST_F(PkiReuse, ANewSanForcesReissue) {
  CertSpec wider = spec_;
  wider.sans.insert(ip_san("192.168.49.200"));
  EXPECT_THAT(reason(wider, now_), Optional(std::string("SANs missing: IP:192.168.49.200")));
}

TEST_F(PkiReuse, ADroppedSanForcesReissue) {
  CertSpec narrower = spec_;
  narrower.sans.erase(dns_san("localhost"));
  EXPECT_THAT(reason(narrower, now_), Optional(std::string("SANs no longer in the plan: DNS:localhost")));
}

TEST_F(PkiReuse, AWrongPurposeForcesReissue) {
  CertSpec client_only = pkitest::spec_of(pkitest::ha_plan(), "etcd/healthcheck-client");
  pkitest::Forged leaf = pkitest::forge(client_only, ca_.signer(), validity_for(now_, 365));
  CertSpec wants_server = client_only;
  wants_server.usage.server = true;
  EXPECT_THAT(reissue_reason(wants_server, leaf.cert.get(), leaf.key.get(), ca_.cert.get(), now_, days(30)),
              Optional(HasSubstr("unsuitable certificate purpose (as a TLS server)")));
}

TEST_F(PkiReuse, TheRenewalWindowIsThirtyDays) {
  EXPECT_EQ(reason(spec_, now_ + days(334)), std::nullopt);  // 31 days left
  EXPECT_THAT(reason(spec_, now_ + days(336)), Optional(HasSubstr("expires in 28 days")));
  EXPECT_THAT(reason(spec_, now_ + days(366)), Optional(HasSubstr("certificate has expired")));
}

TEST_F(PkiReuse, ACertificateNotYetValidForcesReissue) {
  EXPECT_THAT(reason(spec_, now_ - days(1)), Optional(HasSubstr("certificate is not yet valid")));
}

TEST_F(PkiReuse, AnotherCaForcesReissue) {
  pkitest::Forged other_ca = pkitest::forge(ca_spec(CaId::etcd), Signer{}, validity_for(now_, 3650));
  EXPECT_THAT(reissue_reason(spec_, leaf_.cert.get(), leaf_.key.get(), other_ca.cert.get(), now_, days(30)),
              Optional(HasSubstr("does not verify against etcd-ca")));
}

}  // namespace
}  // namespace klab::provisioner::pki
