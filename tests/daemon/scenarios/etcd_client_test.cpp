// EtcdClient against a real 3-member TLS etcd cluster on 127.0.0.1 (tests/support).
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <thread>

#include "base/error.hpp"
#include "scenarios/etcd/etcd_client.hpp"
#include "scenarios/etcd/transport_error.hpp"
#include "support/etcd_fixture.hpp"
#include "support/sshd_fixture.hpp"  // free_loopback_port

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;
using testing::EtcdCluster;

TlsFiles tls_of(const EtcdCluster& etcd) {
  return {etcd.ca_file(), etcd.client_cert_file(), etcd.client_key_file()};
}

Endpoint member(const EtcdCluster& etcd, int i) { return parse_endpoint(etcd.client_url(i)); }

// Every member answers healthy (a leader is elected) before the deadline.
void wait_healthy(const EtcdCluster& etcd, std::chrono::seconds within = 30s) {
  auto deadline = std::chrono::steady_clock::now() + within;
  for (int i = 0; i < etcd.size(); ++i) {
    EtcdClient client(member(etcd, i), tls_of(etcd), 1s);
    std::string last;
    for (;;) {
      try {
        EtcdHealth h = client.health();
        if (h.healthy) break;
        last = "unhealthy: " + h.reason;
      } catch (const Error& e) {
        last = e.what();
      }
      if (std::chrono::steady_clock::now() > deadline) {
        FAIL() << etcd.member_name(i) << " not healthy in time: " << last << "\n" << etcd.log(i);
      }
      std::this_thread::sleep_for(50ms);  // polling a remote condition
    }
  }
}

class EtcdClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!EtcdCluster::unavailable_reason().empty()) return;
    etcd_ = std::make_unique<EtcdCluster>(3);
    etcd_->start();
    wait_healthy(*etcd_);
  }
  static void TearDownTestSuite() { etcd_.reset(); }
  void SetUp() override {
    if (std::string why = EtcdCluster::unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(etcd_);
  }
  static std::unique_ptr<EtcdCluster> etcd_;
};
std::unique_ptr<EtcdCluster> EtcdClientTest::etcd_;

TEST_F(EtcdClientTest, PutGetAndPrefixRead) {
  EtcdClient client(member(*etcd_, 0), tls_of(*etcd_), 3s);
  ResponseHeader first = client.put("klab/test/a", "one");
  ResponseHeader second = client.put("klab/test/b", "two");
  EXPECT_GT(second.revision, first.revision);
  EXPECT_NE(first.cluster_id, 0u);

  EtcdClient other(member(*etcd_, 2), tls_of(*etcd_), 3s);  // linearizable read elsewhere
  auto a = other.get("klab/test/a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->value, "one");
  EXPECT_EQ(a->mod_revision, first.revision);
  EXPECT_FALSE(other.get("klab/test/absent"));
  RangeResult all = other.get_prefix("klab/test/");
  ASSERT_EQ(all.kvs.size(), 2u);
  EXPECT_EQ(all.kvs[1].key, "klab/test/b");
  EXPECT_EQ(all.kvs[1].value, "two");
}

TEST_F(EtcdClientTest, MemberListHasThreeStartedMembersAndOneClusterId) {
  std::set<std::uint64_t> cluster_ids;
  std::set<std::uint64_t> leaders;
  for (int i = 0; i < 3; ++i) {
    EtcdClient client(member(*etcd_, i), tls_of(*etcd_), 3s);
    provisioner::etcd::MemberList list = client.member_list();
    ASSERT_EQ(list.members.size(), 3u);
    std::set<std::string> names;
    for (const provisioner::etcd::Member& m : list.members) {
      EXPECT_TRUE(m.started()) << m.id;
      EXPECT_FALSE(m.is_learner);
      EXPECT_EQ(m.peer_urls.size(), 1u);
      names.insert(m.name);
    }
    EXPECT_EQ(names, (std::set<std::string>{"m1", "m2", "m3"}));
    EndpointStatus status = client.status();
    cluster_ids.insert(list.cluster_id);
    cluster_ids.insert(status.header.cluster_id);
    leaders.insert(status.leader);
    EXPECT_NE(status.leader, 0u);
    EXPECT_GT(status.raft_term, 0u);
    EXPECT_EQ(status.version.substr(0, 2), "3.");
  }
  EXPECT_EQ(cluster_ids.size(), 1u);
  EXPECT_EQ(leaders.size(), 1u) << "members disagree about the leader";
}

TEST_F(EtcdClientTest, HashKvIsEqualAcrossMembersAtACommonRevision) {
  EtcdClient writer(member(*etcd_, 0), tls_of(*etcd_), 3s);
  for (int i = 0; i < 5; ++i) writer.put("klab/hash/" + std::to_string(i), "v" + std::to_string(i));
  std::int64_t common = writer.put("klab/hash/last", "x").revision;
  std::set<std::uint32_t> hashes;
  for (int i = 0; i < 3; ++i) {
    EtcdClient client(member(*etcd_, i), tls_of(*etcd_), 3s);
    HashKv h = client.hash_kv(common);
    EXPECT_EQ(h.revision, common);
    EXPECT_GE(h.header.revision, common);
    EXPECT_NE(h.header.member_id, 0u);
    hashes.insert(h.hash);
  }
  EXPECT_EQ(hashes.size(), 1u) << "HashKV differs between members at revision " << common;
  // A different revision hashes differently: the revision really is honoured.
  EtcdClient client(member(*etcd_, 1), tls_of(*etcd_), 3s);
  EXPECT_NE(client.hash_kv(common - 1).hash, *hashes.begin());
}

TEST_F(EtcdClientTest, HashKvOfAFutureRevisionSaysSo) {
  EtcdClient client(member(*etcd_, 1), tls_of(*etcd_), 3s);
  try {
    client.hash_kv(1'000'000);
    FAIL() << "HashKV of a future revision succeeded";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("future revision"), std::string::npos) << e.what();
  }
}

TEST_F(EtcdClientTest, WrongClientCertificateIsRefusedWithAClearError) {
  TlsFiles foreign{etcd_->ca_file(), etcd_->foreign_client_cert_file(), etcd_->foreign_client_key_file()};
  EtcdClient client(member(*etcd_, 0), foreign, 3s);
  try {
    client.health();
    FAIL() << "etcd accepted a client certificate from a foreign CA";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_TRUE(is_client_certificate_refused(message)) << message;
    EXPECT_NE(message.find(foreign.cert.string()), std::string::npos) << message;
    EXPECT_NE(message.find(etcd_->client_url(0).substr(8)), std::string::npos) << message;
  }
}

TEST_F(EtcdClientTest, UntrustedServerCertificateIsNamed) {
  // Trusting the foreign chain's leaf instead of our CA: the server cannot be verified.
  TlsFiles wrong_ca{etcd_->foreign_client_cert_file(), etcd_->client_cert_file(), etcd_->client_key_file()};
  EtcdClient client(member(*etcd_, 0), wrong_ca, 3s);
  try {
    client.health();
    FAIL() << "an unverifiable server was accepted";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("not trusted"), std::string::npos) << message;
    EXPECT_NE(message.find(wrong_ca.ca.string()), std::string::npos) << message;
  }
}

TEST_F(EtcdClientTest, MissingOrMismatchedFilesFailBeforeAnyConnection) {
  TlsFiles missing{etcd_->ca_file(), etcd_->dir() / "nope.crt", etcd_->client_key_file()};
  try {
    EtcdClient client(member(*etcd_, 0), missing, 1s);
    FAIL() << "a missing certificate was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nope.crt does not exist"), std::string::npos) << e.what();
  }
  TlsFiles mismatched{etcd_->ca_file(), etcd_->client_cert_file(), etcd_->foreign_client_key_file()};
  try {
    EtcdClient client(member(*etcd_, 0), mismatched, 1s);
    FAIL() << "a key of another certificate was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("does not belong to certificate"), std::string::npos) << e.what();
  }
}

TEST_F(EtcdClientTest, ClosedPortFailsFastAndNamesTheEndpoint) {
  Endpoint closed{"127.0.0.1", static_cast<std::uint16_t>(testing::free_loopback_port())};
  EtcdClient client(closed, tls_of(*etcd_), 2s);
  auto start = std::chrono::steady_clock::now();
  try {
    client.status();
    FAIL() << "status of a closed port succeeded";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find(to_string(closed)), std::string::npos) << message;
    EXPECT_NE(message.find("refused"), std::string::npos) << message;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

}  // namespace
}  // namespace klab::scenarios
