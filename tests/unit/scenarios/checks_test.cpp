// Invariant checks over the fakes: each passes on a healthy cluster and names exactly
// what is wrong when its invariant is broken.
#include <gtest/gtest.h>

#include "fault_support.hpp"
#include "scenarios/checks/registry.hpp"
#include "scenarios/faults/fault_stack.hpp"

namespace klab::scenarios {
namespace {

using testing::FaultWorld;

struct CheckWorld : FaultWorld {
  ProbeResults probes;
  LogExpectations logs;
  Journals journals;
  std::optional<std::int64_t> restored;
  FaultStack stack{ctx};
  CheckResult run(const std::string& name) {
    CheckContext c{plan, settings, view, lab, transports.fn(), &stack, &probes, restored, &logs, &journals};
    return make_check(name)->run(c);
  }
};

TEST(Checks, AllPassOnAHealthyLab) {
  CheckWorld w;
  w.probes.acknowledged_writes.push_back({"/klab/w/0", "v0", 10, {}});
  w.view.kv["/klab/w/0"] = "v0";
  for (const std::string& name : check_names()) {
    const CheckResult r = w.run(name);
    EXPECT_TRUE(r.passed) << name << ": " << r.summary;
    EXPECT_EQ(r.name, name);
  }
}

TEST(Checks, UnknownCheckIsAUsageError) { EXPECT_THROW(make_check("vibes"), Error); }

TEST(Checks, MemberListsMustBeIdenticalAndStarted) {
  CheckWorld w;
  w.view.members["m3"].pop_back();
  CheckResult r = w.run("etcd-members");
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.summary.find("member lists differ"), std::string::npos) << r.summary;
  CheckWorld u;
  for (auto& [h, list] : u.view.members) list.push_back({0x99, "", {"https://x:2380"}, {}, false});
  r = u.run("etcd-members");
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.problems.front().find("99 is unstarted"), std::string::npos) << r.problems.front();
}

TEST(Checks, ASecondClusterIdIsSplitBrain) {
  CheckWorld w;
  w.view.status["m3"].cluster_id = 0xbad;
  const CheckResult r = w.run("etcd-cluster-id");
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.summary.find("split brain: 2 cluster IDs"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("bad on m3"), std::string::npos);
}

TEST(Checks, HashKvMustMatchAtACommonRevision) {
  CheckWorld w;
  w.view.hashes["m2"] = 1;
  w.view.status["m2"].revision = 90;  // the common revision is the lowest
  const CheckResult r = w.run("etcd-hashkv");
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.summary.find("differs at revision 90"), std::string::npos) << r.summary;
}

TEST(Checks, EveryAcknowledgedWriteMustBeReadable) {
  CheckWorld w;
  for (int i = 0; i < 5; ++i) {
    const std::string key = "/klab/w/" + std::to_string(i);
    w.probes.acknowledged_writes.push_back({key, "v" + std::to_string(i), 10 + i, {}});
    w.view.kv[key] = "v" + std::to_string(i);
  }
  EXPECT_TRUE(w.run("acked-writes").passed);
  w.view.kv.erase("/klab/w/3");
  w.view.kv["/klab/w/1"] = "other";
  CheckResult r = w.run("acked-writes");
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].find("changed: /klab/w/1"), std::string::npos);
  EXPECT_NE(r.problems[1].find("lost: /klab/w/3"), std::string::npos);
  // After a snapshot restore at revision 12, writes 13 and 14 may be gone.
  w.view.kv["/klab/w/1"] = "v1";
  w.view.kv.erase("/klab/w/4");
  w.restored = 12;
  r = w.run("acked-writes");
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_NE(r.summary.find("2 written after the restored snapshot"), std::string::npos) << r.summary;
  w.view.kv_readable = false;
  EXPECT_FALSE(w.run("acked-writes").passed);
}

TEST(Checks, AWriterThatAcknowledgedNothingFailsAckedWrites) {
  CheckWorld w;
  w.probes.failed_writes = 7;
  CheckResult r = w.run("acked-writes");
  EXPECT_FALSE(r.passed);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("no write acknowledged (7 unacknowledged)"), std::string::npos) << r.problems[0];
}

TEST(Checks, ExactlyOneVrrpMasterHoldingTheVip) {
  CheckWorld w;
  w.view.vrrp["m1"] = VrrpState::master;  // two MASTERs after a freeze
  CheckResult r = w.run("lb-single-master");
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.summary.find("2 keepalived MASTERs"), std::string::npos);
  CheckWorld u;
  u.view.holders = {"lb", "m2"};
  EXPECT_FALSE(u.run("lb-single-master").passed);
  CheckWorld v;
  v.view.vrrp["lb"] = VrrpState::backup;
  v.view.vrrp["m1"] = VrrpState::master;
  r = v.run("lb-single-master");
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.summary.find("MASTER is m1 but the VIP is on lb"), std::string::npos);
}

TEST(Checks, NoFaultLeftSeesGuardsAndTheHostSide) {
  CheckWorld w;
  bool left = true;
  w.stack.push(make_guard("netem on m1", [](FaultContext&) {}, [&left](FaultContext&) -> std::optional<std::string> {
    if (left) return "netem still on m1";
    return std::nullopt;
  }));
  CheckResult r = w.run("no-fault-left");
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.summary.find("never reverted"), std::string::npos);
  w.stack.revert_all();
  r = w.run("no-fault-left");
  EXPECT_EQ(r.problems, std::vector<std::string>{"netem still on m1"});
  left = false;
  w.lab.extra_leftovers = {"nft rule from yesterday"};
  r = w.run("no-fault-left");
  EXPECT_EQ(r.problems, std::vector<std::string>{"host side: nft rule from yesterday"});
}

TEST(Checks, LogScanFindsKnownBadLinesUnlessAllowed) {
  CheckWorld w;
  w.journals.text["m2"] =
      "etcd[1]: ready to serve\n"
      "etcd[1]: {\"level\":\"fatal\",\"msg\":\"member 2 has already been bootstrapped\"}\n"
      "haproxy[2]: Server etcd/m2 is DOWN\n";
  w.journals.text["m3"] = "etcd[9]: panic: runtime error\n";
  CheckResult r = w.run("log-scan");
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.problems.size(), 2u);
  w.logs.allowed = {"has already been bootstrapped"};
  r = w.run("log-scan");
  EXPECT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("m3: etcd[9]: panic"), std::string::npos);
  w.logs.forbidden = {"is DOWN"};
  EXPECT_EQ(w.run("log-scan").problems.size(), 2u);
  w.journals.text.clear();
  w.journals.errors["lb"] = "ssh: timeout";
  EXPECT_FALSE(w.run("log-scan").passed);
}

}  // namespace
}  // namespace klab::scenarios
