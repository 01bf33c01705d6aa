// The writer against a real 3-member TLS etcd on 127.0.0.1: writes sequential keys
// through one member, verification reads them all back through another, and a write
// that never happened is reported missing.
#include <gtest/gtest.h>

#include <thread>

#include "base/error.hpp"
#include "scenarios/etcd/etcd_client.hpp"
#include "scenarios/probes/asio_probe_set.hpp"
#include "scenarios/probes/verify_writes.hpp"
#include "support/etcd_fixture.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;
using std::chrono::steady_clock;
using testing::EtcdCluster;

TEST(ProbeWriter, WritesSequentialKeysAndVerifyFindsThemAll) {
  if (std::string why = EtcdCluster::unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  EtcdCluster etcd(3);
  etcd.start();
  TlsFiles tls{etcd.ca_file(), etcd.client_cert_file(), etcd.client_key_file()};
  EtcdClient reader(parse_endpoint(etcd.client_url(2)), tls, 2s);
  for (auto deadline = steady_clock::now() + 30s;;) {  // until a leader serves reads
    try {
      if (reader.health().healthy) break;
    } catch (const Error&) {
    }
    ASSERT_LT(steady_clock::now(), deadline) << etcd.log(2);
    std::this_thread::sleep_for(50ms);
  }

  ProbeSetConfig config;
  config.targets.push_back(etcd_health_target("vip", parse_endpoint(etcd.client_url(0))));
  config.tls = tls;
  config.writer_endpoint = parse_endpoint(etcd.client_url(0));
  AsioProbeSet probes(config);
  probes.start(ProbeSpec{20ms, true, "klab/writer/"});
  auto deadline = steady_clock::now() + 20s;
  while (probes.samples_so_far().size() < 2 * 50 && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  ProbeResults results = probes.stop();
  const WriterLog& log = probes.last_run().writer;

  ASSERT_GE(results.acknowledged_writes.size(), 30u);
  EXPECT_EQ(results.failed_writes, 0u) << (log.failed.empty() ? "" : log.failed[0].error);
  EXPECT_EQ(results.acknowledged_writes.front().key, "klab/writer/000001");
  for (std::size_t i = 1; i < results.acknowledged_writes.size(); ++i) {
    const auto& prev = results.acknowledged_writes[i - 1];
    const auto& cur = results.acknowledged_writes[i];
    EXPECT_GT(cur.revision, prev.revision) << cur.key;
    EXPECT_GE(cur.acknowledged, prev.acknowledged);
    EXPECT_LT(prev.key, cur.key);
  }

  WriteVerification ok = verify_acknowledged(reader, results.acknowledged_writes, "klab/writer/");
  EXPECT_TRUE(ok.ok()) << describe(ok);
  EXPECT_EQ(ok.checked, results.acknowledged_writes.size());
  EXPECT_GE(ok.read_revision, results.acknowledged_writes.back().revision);

  // A write the cluster never saw, and one whose value differs: both must be caught.
  std::vector<AcknowledgedWrite> claimed = results.acknowledged_writes;
  claimed.push_back({"klab/writer/999999", "klab writer 999999", 1, steady_clock::now()});
  claimed[0].value = "tampered";
  WriteVerification bad = verify_acknowledged(reader, claimed, "klab/writer/");
  EXPECT_FALSE(bad.ok());
  ASSERT_EQ(bad.missing.size(), 1u);
  EXPECT_EQ(bad.missing[0].key, "klab/writer/999999");
  ASSERT_EQ(bad.changed.size(), 1u);
  EXPECT_EQ(bad.changed[0].found_value, "klab writer 1");
  EXPECT_NE(describe(bad).find("1 of"), std::string::npos) << describe(bad);
}

TEST(ProbeWriter, StartWithoutWriterEndpointIsRefused) {
  ProbeSetConfig config;
  config.targets.push_back(etcd_health_target("vip", {"127.0.0.1", 1}));
  AsioProbeSet probes(config);
  EXPECT_THROW(probes.start(ProbeSpec{100ms, true, ""}), Error);
  EXPECT_FALSE(probes.running());
  EXPECT_TRUE(probes.stop().samples.empty());
}

}  // namespace
}  // namespace klab::scenarios
