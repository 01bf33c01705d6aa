// The fault ledger and the recovery of what an interrupted run left: entries written
// before the fault's first step, kept when it was not verified gone, and every kind of
// leftover found and reverted on the recorded hosts.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "fault_support.hpp"
#include "lab/progress.hpp"
#include "scenarios/engine.hpp"
#include "scenarios/fault_ledger.hpp"
#include "scenarios/faults/recovery.hpp"
#include "scenarios/scenario_parse.hpp"

namespace klab::scenarios {
namespace {

using testing::FaultWorld;
using testing::FakeProbeSet;

// A FaultWorld whose members have their etcd data (recovery only replaces wiped ones).
struct RecoveryWorld : FaultWorld {
  RecoveryWorld() {
    for (const char* m : {"m1", "m2", "m3"}) transports[m].on("-mindepth 1 -print -quit", "/var/lib/etcd/klab/member\n");
  }
};

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/klab-ledger-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

TEST(FaultLedger, RecordsClearsAndSurvivesAReader) {
  TempDir dir;
  FaultLedger ledger(dir.path / "faults.json");
  EXPECT_TRUE(ledger.entries().empty()) << "no file: nothing recorded";
  const std::string a = ledger.record({"", "etcd-rejoin", "c", "etcd-wiped-start-new", {"m2"}, 0, ""});
  const std::string b = ledger.record({"", "lb-failover", "x", "suspend", {"lb"}, 0, ""});
  EXPECT_NE(a, b);
  const auto entries = FaultLedger(dir.path / "faults.json").entries();  // another reader (the next klab)
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].fault, "etcd-wiped-start-new");
  EXPECT_EQ(entries[0].hosts, std::vector<std::string>{"m2"});
  EXPECT_EQ(entries[0].pid, static_cast<long>(::getpid()));
  EXPECT_FALSE(entries[0].recorded_at.empty());
  EXPECT_NE(describe(entries[1]).find("suspend on lb (lb-failover/x, pid "), std::string::npos) << describe(entries[1]);
  ledger.clear(a);
  ASSERT_EQ(ledger.entries().size(), 1u);
  EXPECT_EQ(ledger.entries()[0].id, b);
  EXPECT_EQ(std::filesystem::status(ledger.file()).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST(FaultLedger, ACorruptLedgerIsAnErrorNotAnEmptyOne) {
  TempDir dir;
  std::ofstream(dir.path / "faults.json") << "{\"faults\": [";
  try {
    FaultLedger(dir.path / "faults.json").entries();
    FAIL() << "a truncated ledger must not read as empty";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(std::string(e.what()).find("faults.json is unreadable"), std::string::npos) << e.what();
  }
}

TEST(FaultRecovery, RevertsEveryHostSideLeftoverOfTheRecordedHosts) {
  RecoveryWorld w;
  w.lab.power["m2"] = lab::HostState::paused;
  w.lab.link["m2"] = false;
  w.lab.netem["m2"] = {};
  w.lab.partitions.insert({"m1", "m2"});
  w.lab.power["lb"] = lab::HostState::shut_off;
  const RecoveryReport r = recover_hosts(w.ctx, {"m2", "lb"});
  EXPECT_TRUE(r.ok()) << r.remaining.front();
  EXPECT_TRUE(w.lab.leftovers().empty());
  EXPECT_EQ(w.lab.power["lb"], lab::HostState::running);
  EXPECT_EQ(r.actions.size(), 5u);
}

TEST(FaultRecovery, RemovesDropInsRestoresEnvFilesAndStartsStoppedServices) {
  RecoveryWorld w;
  auto& t = w.transports["lb"];
  t.on("find /run/systemd/system",
       "dropin /run/systemd/system/haproxy.service.d/klab-fault-no-restart.conf\n"
       "backup /etc/default/haproxy.klab-fault-backup\nstopped haproxy\n");
  const RecoveryReport r = recover_hosts(w.ctx, {"lb"});
  EXPECT_TRUE(r.ok()) << r.remaining.front();
  EXPECT_EQ(t.count("rm -f '/run/systemd/system/haproxy.service.d/klab-fault-no-restart.conf' && systemctl daemon-reload"), 1u);
  EXPECT_EQ(t.count("cat '/etc/default/haproxy.klab-fault-backup' > '/etc/default/haproxy'"), 1u);
  EXPECT_EQ(t.count("systemctl start 'haproxy'"), 1u);
  EXPECT_EQ(r.actions.size(), 3u);
}

TEST(FaultRecovery, AWipedMemberIsReplacedNeverStartedWithTheDeployedNew) {
  FaultWorld w;
  auto& t = w.transports["m2"];
  t.on("find /run/systemd/system", "stopped etcd\n");
  t.on("-mindepth 1 -print -quit", "");  // the data directory is empty
  w.transports["m1"].on("member list",
                        R"({"header":{"cluster_id":193},"members":[{"ID":1,"name":"m1","peerURLs":["https://192.168.49.151:2380"],"clientURLs":["https://192.168.49.151:2379"]},{"ID":2,"name":"m2","peerURLs":["https://192.168.49.152:2380"],"clientURLs":["https://192.168.49.152:2379"]}]})");
  w.view.status["m2"].reachable = false;
  t.on("systemctl stop", "", 0, [&w] { w.view.status["m2"].reachable = false; });
  t.on("systemctl start", "", 0, [&w] { w.view.status["m2"].reachable = true; });
  w.transports["m1"].on("member add",
                        "ETCD_INITIAL_CLUSTER=\"m1=https://192.168.49.151:2380,m2=https://192.168.49.152:2380\"\n");
  const RecoveryReport r = recover_hosts(w.ctx, {"m2"});
  EXPECT_TRUE(r.ok()) << (r.remaining.empty() ? "" : r.remaining.front());
  EXPECT_EQ(w.transports["m1"].count("member add m2"), 1u);
  ASSERT_FALSE(r.actions.empty());
  EXPECT_NE(r.actions.back().find("member replaced"), std::string::npos) << r.actions.back();
  EXPECT_EQ(t.count("ETCD_INITIAL_CLUSTER_STATE=\"existing\""), 1u);
}

TEST(FaultRecovery, WhatCannotBeFixedIsListedAndTheLedgerKept) {
  TempDir dir;
  RecoveryWorld w;
  FaultLedger ledger(dir.path / "faults.json");
  ledger.record({"", "s", "c", "link-down", {"m3"}, 0, ""});
  w.lab.link["m3"] = false;
  w.lab.fail_on = "link-up";
  RecoveryReport r = recover_recorded(w.ctx, ledger);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(ledger.entries().size(), 1u) << "not recovered: still recorded";
  w.lab.fail_on.clear();
  r = recover_recorded(w.ctx, ledger);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(ledger.entries().empty());
}

struct EngineWorld : FaultWorld {
  FakeProbeSet probes;
  lab::NullProgress progress;
  TempDir dir;
  FaultLedger ledger{dir.path / "faults.json"};
  Engine engine{EngineDeps{plan, settings, lab, view, probes, transports.fn(), clock, progress, [] { return false; }}};
  EngineWorld() {
    for (const auto& h : plan.hosts) transports[h.name].on("date +%s", "1700000000\n");
  }
  CaseReport run(const std::string& fault) {
    const Scenario s = parse_scenario(
        "name: t\ndescription: d\nexpected: e\npreconditions: {require: [hosts-running], wait: 10s}\n"
        "invariants: []\ncases:\n  - name: x\n    target: host:m1\n    fault: " + fault + "\n    hold: 1s\n",
        "test.yaml");
    RunOptions o;
    o.ledger = &ledger;
    return engine.run({s}, o).cases.at(0);
  }
};

TEST(FaultLedger, TheEngineRecordsAFaultBeforeInjectingItAndClearsItOnceGone) {
  EngineWorld w;
  std::size_t recorded_while_in_effect = 0;
  w.clock.on_sleep = [&w, &recorded_while_in_effect] {
    if (!w.lab.link["m1"]) recorded_while_in_effect = w.ledger.entries().size();
  };
  const CaseReport c = w.run("{type: link-down}");
  EXPECT_EQ(c.verdict, Verdict::passed) << (c.reasons.empty() ? "" : c.reasons.front());
  EXPECT_EQ(recorded_while_in_effect, 1u) << "a klab killed during the hold leaves the entry";
  EXPECT_TRUE(w.ledger.entries().empty()) << "reverted and verified gone: cleared";
}

TEST(FaultLedger, AFaultNotVerifiedGoneStaysRecorded) {
  EngineWorld w;
  w.lab.fail_on = "remove-netem";
  const CaseReport c = w.run("{type: netem, delay: 100ms}");
  EXPECT_EQ(c.verdict, Verdict::failed);
  ASSERT_EQ(w.ledger.entries().size(), 1u);
  EXPECT_EQ(w.ledger.entries()[0].fault, "netem");
  bool said = false;
  for (const auto& reason : c.reasons) said = said || reason.find("klab scenario heal") != std::string::npos;
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace klab::scenarios
