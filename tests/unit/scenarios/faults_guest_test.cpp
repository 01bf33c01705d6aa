// Guest-side faults over Transport: the commands they run, how they revert, and the
// etcd rejoin procedures including the two operator mistakes, detected and named.
#include <gtest/gtest.h>

#include <sstream>

#include "fault_support.hpp"
#include "provisioner/etcd/etcdctl_output.hpp"
#include "provisioner/etcd/member.hpp"
#include "scenarios/faults/etcd_outcomes.hpp"
#include "scenarios/faults/etcd_procedures.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/registry.hpp"

namespace klab::scenarios {
namespace {

using testing::FaultWorld;
using namespace std::chrono_literals;

FaultSpec spec(std::string type, std::map<std::string, std::string> params = {}) {
  FaultSpec s;
  s.type = std::move(type);
  s.params = std::move(params);
  return s;
}

const char* const member_list_json =
    R"({"header":{"cluster_id":193},"members":[{"ID":1,"name":"m1","peerURLs":["https://192.168.49.151:2380"],"clientURLs":["https://192.168.49.151:2379"]},{"ID":2,"name":"m2","peerURLs":["https://192.168.49.152:2380"],"clientURLs":["https://192.168.49.152:2379"]},{"ID":3,"name":"m3","peerURLs":["https://192.168.49.153:2380"],"clientURLs":["https://192.168.49.153:2379"]}]})";

const char* const member_add_output =
    "Member 1f2e3d added to cluster c1\n\nETCD_NAME=\"m2\"\n"
    "ETCD_INITIAL_CLUSTER=\"m1=https://192.168.49.151:2380,m2=https://192.168.49.152:2380,m3=https://192.168.49.153:2380\"\n"
    "ETCD_INITIAL_ADVERTISE_PEER_URLS=\"https://192.168.49.152:2380\"\nETCD_INITIAL_CLUSTER_STATE=\"existing\"\n";

/// m2's etcd goes down on stop and answers again once started with `existing` after a
/// member add (or with its data); starts in other states fail like etcd would.
struct EtcdWorld : FaultWorld {
  bool added = false;
  bool wiped = false;
  std::string state_flag = "new";
  EtcdWorld() {
    auto& m1 = transports["m1"];
    m1.on("member list", member_list_json);
    m1.on("member add", member_add_output, 0, [this] { added = true; });
    auto& m2 = transports["m2"];
    m2.on("date +%s", "1700000000\n");
    m2.on("systemctl stop", "", 0, [this] { view.status["m2"].reachable = false; });
    m2.on("-delete", "", 0, [this] { wiped = true; });
    m2.on("ETCD_INITIAL_CLUSTER_STATE=\"existing\"", "", 0, [this] { state_flag = "existing"; });
    m2.on("ETCD_INITIAL_CLUSTER_STATE=\"new\"", "", 0, [this] { state_flag = "new"; });
    m2.on("systemctl start", "", 0, [this] {
      if (!wiped || (added && state_flag == "existing")) view.status["m2"].reachable = true;
    });
    m2.on("systemctl is-active", "", 3);
  }
};

TEST(GuestFaults, StopServiceStartsItAgain) {
  FaultWorld w;
  auto& t = w.transports["lb"];
  t.on("systemctl is-active", "", 3);
  FaultStack stack(w.ctx);
  make_fault(spec("stop-service", {{"service", "keepalived"}}))->inject(w.ctx, {"lb"}, stack);
  EXPECT_EQ(t.commands.front(), "systemctl stop 'keepalived' && date '+%s%N'");
  stack.revert_all();
  EXPECT_EQ(t.count("systemctl start 'keepalived'"), 1u);
  EXPECT_EQ(stack.left_behind(), std::vector<std::string>{"keepalived is not active on lb"});
}

TEST(GuestFaults, KillServiceSendsTheSignalAndSkipsAStartWhenSystemdRestartedIt) {
  FaultWorld w;
  auto& t = w.transports["lb"];
  FaultStack stack(w.ctx);
  make_fault(spec("kill-service", {{"service", "haproxy"}, {"signal", "KILL"}, {"keep_down", "false"}}))
      ->inject(w.ctx, {"lb"}, stack);
  EXPECT_EQ(t.commands.front(), "systemctl kill --kill-who=all -s 'KILL' 'haproxy' && date '+%s%N'");
  stack.revert_all();  // is-active answers 0 (unmatched commands succeed): already running
  EXPECT_EQ(t.count("systemctl start"), 0u);
  EXPECT_TRUE(stack.left_behind().empty());
}

// Failover times count from when the guest's kill returned, by the guest's own clock
// (seconds of SSH round trip under TCG are not part of the failover).
TEST(GuestFaults, KillMarksTheEffectAtTheGuestsTime) {
  FaultWorld w;
  const auto guest_time = std::chrono::system_clock::now() - std::chrono::milliseconds(1500);
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(guest_time.time_since_epoch()).count();
  w.transports["lb"].on("systemctl kill", std::to_string(ns) + "\n");
  FaultStack stack(w.ctx);
  const auto before = w.ctx.timeline.elapsed();
  make_fault(spec("kill-service", {{"service", "haproxy"}, {"signal", "KILL"}, {"keep_down", "false"}}))
      ->inject(w.ctx, {"lb"}, stack);
  ASSERT_TRUE(w.ctx.effective_at);
  EXPECT_NEAR(static_cast<double>(w.ctx.effective_at->count()), static_cast<double>((before - 1500ms).count()), 250);
}

TEST(GuestFaults, WithoutAGuestTimeTheEffectIsWhenTheCommandReturned) {
  FaultWorld w;
  FaultStack stack(w.ctx);
  make_fault(spec("stop-service", {{"service", "keepalived"}}))->inject(w.ctx, {"lb"}, stack);
  ASSERT_TRUE(w.ctx.effective_at);
  EXPECT_EQ(*w.ctx.effective_at, w.ctx.timeline.elapsed());
}

// Debian's haproxy unit restarts on failure: killed without keep_down it was back within
// a second on the real lab, keepalived's check never failed twice and the VIP never moved.
TEST(GuestFaults, KillServiceKeepsTheUnitDownUntilHealByDefault) {
  FaultWorld w;
  auto& t = w.transports["lb"];
  bool dropin = false;
  t.on("Restart=no", "", 0, [&] { dropin = true; });
  t.on("then rm -f", "", 0, [&] { dropin = false; });
  FaultStack stack(w.ctx);
  make_fault(spec("kill-service", {{"service", "haproxy"}}))->inject(w.ctx, {"lb"}, stack);
  ASSERT_EQ(t.commands.size(), 2u);
  EXPECT_NE(t.commands[0].find("/run/systemd/system/haproxy.service.d/klab-fault-no-restart.conf"),
            std::string::npos);
  EXPECT_NE(t.commands[0].find("Restart=no"), std::string::npos);
  EXPECT_EQ(t.commands[1], "systemctl kill --kill-who=all -s 'KILL' 'haproxy' && date '+%s%N'");
  EXPECT_TRUE(dropin);
  stack.revert_all();
  EXPECT_FALSE(dropin);
  t.on("test -e", "", dropin ? 0 : 1);
  EXPECT_TRUE(stack.left_behind().empty());
}

TEST(GuestFaults, WipeDataDirStopsFirstAndDeletesInsideThePath) {
  FaultWorld w;
  auto& t = w.transports["m1"];
  FaultStack stack(w.ctx);
  make_fault(spec("wipe-data-dir", {{"service", "etcd"}, {"path", "/var/lib/etcd/klab"}}))->inject(w.ctx, {"m1"}, stack);
  ASSERT_EQ(t.commands.size(), 2u);
  EXPECT_EQ(t.commands[0], "systemctl stop 'etcd' && date '+%s%N'");
  EXPECT_NE(t.commands[1].find("find '/var/lib/etcd/klab' -mindepth 1 -delete"), std::string::npos);
}

TEST(GuestFaults, EtcdFaultsRefuseStaticPodsAndNonMembers) {
  EtcdWorld w;
  w.settings.etcd.mode = provisioner::EtcdMode::static_pod;
  FaultStack stack(w.ctx);
  EXPECT_THROW(make_fault(spec("etcd-replace-member", {{"join_within", "10s"}}))->inject(w.ctx, {"m2"}, stack), Error);
  w.settings.etcd.mode = provisioner::EtcdMode::systemd;
  EXPECT_THROW(make_fault(spec("etcd-replace-member", {{"join_within", "10s"}}))->inject(w.ctx, {"lb"}, stack), Error);
}

TEST(EtcdRejoin, RestartWithDataRevertsStartFirstThenTheFlag) {
  EtcdWorld w;
  w.wiped = false;
  FaultStack stack(w.ctx);
  make_fault(spec("etcd-restart-with-data", {{"initial_cluster_state", "new"}, {"join_within", "30s"}}))
      ->inject(w.ctx, {"m2"}, stack);
  EXPECT_FALSE(w.view.status["m2"].reachable);
  EXPECT_TRUE(stack.revert_all().empty());
  EXPECT_TRUE(w.view.status["m2"].reachable);
  auto& c = w.transports["m2"].commands;
  auto index_of = [&](const std::string& prefix) {
    return std::find_if(c.begin(), c.end(), [&](const std::string& s) { return s.rfind(prefix, 0) == 0; }) - c.begin();
  };
  ASSERT_LT(index_of("systemctl start"), static_cast<long>(c.size()));
  ASSERT_LT(index_of("if test -e"), static_cast<long>(c.size()));
  EXPECT_LT(index_of("systemctl start"), index_of("if test -e"))
      << "etcd must start with the edited flag before the env file is restored";
}

TEST(EtcdRejoin, ReplaceMemberRunsRemoveWipeAddStartExisting) {
  EtcdWorld w;
  FaultStack stack(w.ctx);
  make_fault(spec("etcd-replace-member", {{"join_within", "60s"}}))->inject(w.ctx, {"m2"}, stack);
  EXPECT_TRUE(w.wiped);
  EXPECT_TRUE(stack.revert_all().empty());
  auto& m1 = w.transports["m1"];
  EXPECT_EQ(m1.count("member remove 2"), 1u) << "the old member (ID 2) is removed via a healthy peer";
  EXPECT_EQ(m1.count("member add m2 --peer-urls=https://192.168.49.152:2380"), 1u);
  EXPECT_TRUE(w.added);
  EXPECT_EQ(w.state_flag, "existing");
  EXPECT_TRUE(w.view.status["m2"].reachable);
  EXPECT_EQ(w.transports["m2"].count("ETCD_INITIAL_CLUSTER=\"m1=https://192.168.49.151:2380,m2="), 1u);
  EXPECT_TRUE(stack.left_behind().empty());
}

TEST(EtcdRejoin, ReplaceMemberThatNeverRejoinsIsACheckFailure) {
  EtcdWorld w;
  w.transports["m1"].rules.insert(w.transports["m1"].rules.begin(), {"member add", {}, {}});
  w.transports["m1"].rules.front().result.exit_status = 0;
  w.transports["m1"].rules.front().result.stdout_text = member_add_output;  // no effect: `added` stays false
  FaultStack stack(w.ctx);
  make_fault(spec("etcd-replace-member", {{"join_within", "5s"}}))->inject(w.ctx, {"m2"}, stack);
  const auto errors = stack.revert_all();
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].kind, ErrorKind::check_failed);
  EXPECT_NE(errors[0].message.find("did not rejoin within 5s"), std::string::npos) << errors[0].message;
}

TEST(EtcdRejoin, WipedStartedNewIsDetectedFromTheJournalThenRemediated) {
  EtcdWorld w;
  w.transports["m2"].on("journalctl", "2024-01-01T00:00:00 m2 etcd[1]: {\"level\":\"fatal\",\"msg\":\"discovery failed\","
                                      "\"error\":\"member 2 has already been bootstrapped\"}\n");
  FaultStack stack(w.ctx);
  make_fault(spec("etcd-wiped-start-new", {{"detect_within", "20s"}, {"join_within", "60s"}}))->inject(w.ctx, {"m2"}, stack);
  ASSERT_EQ(w.ctx.findings.size(), 1u);
  EXPECT_EQ(w.ctx.findings[0].name, "wiped-member-started-new");
  EXPECT_NE(w.ctx.findings[0].evidence.find("has already been bootstrapped"), std::string::npos);
  EXPECT_FALSE(w.view.status["m2"].reachable) << "started with new on a wiped dir: it must not join";
  EXPECT_TRUE(stack.revert_all().empty());
  EXPECT_TRUE(w.view.status["m2"].reachable) << "remediated by the correct procedure";
}

// The third real outcome (issue 9, seen in two main-job runs): the bootstrap check missed
// the peers, etcd started an empty log under its old IDs and raft panicked.
const char* const raft_panic_journal =
    "2026-12-01T10:00:01 m2 etcd[812]: {\"level\":\"panic\",\"ts\":\"2026-12-01T10:00:01.5Z\","
    "\"caller\":\"raft/log.go:203\",\"msg\":\"tocommit(276) is out of range [lastIndex(3)]. "
    "Was the raft log corrupted, truncated, or lost?\"}\n"
    "2026-12-01T10:00:01 m2 etcd[812]: panic: tocommit(276) is out of range [lastIndex(3)]. Was the raft log "
    "corrupted, truncated, or lost?\n"
    "2026-12-01T10:00:01 m2 etcd[812]: goroutine 171 [running]:\n"
    "2026-12-01T10:00:01 m2 etcd[812]: go.uber.org/zap.(*SugaredLogger).Panicf(...)\n"
    "2026-12-01T10:00:01 m2 etcd[812]: go.etcd.io/etcd/raft.(*raftLog).commitTo(0xc0001fe0e0, 0x114)\n";

TEST(EtcdRejoin, WipedStartedNewRaftLogLostPanicIsDetectedAndNamed) {
  EtcdWorld w;
  w.transports["m2"].on("journalctl", raft_panic_journal);
  FaultStack stack(w.ctx);
  make_fault(spec("etcd-wiped-start-new", {{"detect_within", "20s"}, {"join_within", "60s"}}))->inject(w.ctx, {"m2"}, stack);
  ASSERT_EQ(w.ctx.findings.size(), 1u);
  const Finding& f = w.ctx.findings[0];
  EXPECT_EQ(f.name, "wiped-member-started-new");
  EXPECT_EQ(f.outcome, "raft-log-lost");
  EXPECT_NE(f.evidence.find("tocommit(276)"), std::string::npos) << f.evidence;
  // Every line of that panic is allowed by the outcome; an unrelated panic is not.
  std::istringstream in(raft_panic_journal);
  for (std::string line; std::getline(in, line);) {
    if (line.find("anic") != std::string::npos) {
      EXPECT_TRUE(first_matching_line(line, f.allowed_logs)) << line;
    }
  }
  EXPECT_FALSE(first_matching_line("m2 etcd[812]: panic: runtime error: invalid memory address", f.allowed_logs));
  EXPECT_TRUE(stack.revert_all().empty());
  EXPECT_TRUE(w.view.status["m2"].reachable) << "remediated by the correct procedure";
}

TEST(EtcdRejoin, TheHealNamesAnOutcomeThatCameAfterTheDetection) {
  EtcdWorld w;
  // Refused first; systemd restarts it, the peers are slow, and the second start panics.
  w.transports["m2"].on("journalctl", "m2 etcd[1]: member 2 has already been bootstrapped\n");
  FaultStack stack(w.ctx);
  make_fault(spec("etcd-wiped-start-new", {{"detect_within", "20s"}, {"join_within", "60s"}}))->inject(w.ctx, {"m2"}, stack);
  ASSERT_EQ(w.ctx.findings.size(), 1u);
  EXPECT_EQ(w.ctx.findings[0].outcome, "refused-already-bootstrapped");
  w.transports["m2"].rules.insert(w.transports["m2"].rules.begin(),
                                  {"journalctl", {}, {}});
  w.transports["m2"].rules.front().result.exit_status = 0;
  w.transports["m2"].rules.front().result.stdout_text =
      std::string("m2 etcd[1]: member 2 has already been bootstrapped\n") + raft_panic_journal;
  EXPECT_TRUE(stack.revert_all().empty());
  ASSERT_EQ(w.ctx.findings.size(), 2u);
  EXPECT_EQ(w.ctx.findings[1].outcome, "raft-log-lost");
}

TEST(EtcdRejoin, EveryOutcomeIsClassifiedFromItsOwnJournalLine) {
  const auto& wiped = wiped_start_new_outcomes();
  const auto names = [](const std::vector<ObservedOutcome>& seen) {
    std::vector<std::string> out;
    for (const auto& s : seen) out.push_back(s.outcome->name);
    return out;
  };
  EXPECT_EQ(names(classify_journal("etcd[1]: the member has been permanently removed from the cluster\n", wiped)),
            std::vector<std::string>{"removed-member"});
  EXPECT_EQ(names(classify_journal("etcd[1]: request cluster ID mismatch\n", wiped)),
            std::vector<std::string>{"second-cluster"});
  EXPECT_TRUE(classify_journal("etcd[1]: ready to serve client requests\n", wiped).empty());
  EXPECT_EQ(names(classify_journal(raft_panic_journal, existing_without_add_outcomes())),
            std::vector<std::string>{"raft-log-lost"});
  EXPECT_EQ(names(classify_journal("etcd[1]: cannot fetch cluster info from peer urls: x\n",
                                   existing_without_add_outcomes())),
            std::vector<std::string>{"peers-unreachable"});
}

TEST(EtcdRejoin, WipedStartedNewSplitBrainIsDetectedFromASecondClusterId) {
  EtcdWorld w;
  // This time etcd bootstraps a one-member cluster of its own.
  w.transports["m2"].rules.insert(w.transports["m2"].rules.begin(),
                                  {"systemctl start", {}, [&w] {
                                     if (w.state_flag == "new") w.view.status["m2"] = {true, "", 0xbad, 9, 9, 1, 1};
                                     else w.view.status["m2"] = {true, "", 0xc1, 2, 1, 100, 2};
                                   }});
  w.transports["m2"].rules.front().result.exit_status = 0;
  FaultStack stack(w.ctx);
  make_fault(spec("etcd-wiped-start-new", {{"detect_within", "20s"}, {"join_within", "60s"}}))->inject(w.ctx, {"m2"}, stack);
  ASSERT_EQ(w.ctx.findings.size(), 1u);
  EXPECT_EQ(w.ctx.findings[0].outcome, "second-cluster");
  EXPECT_NE(w.ctx.findings[0].evidence.find("in cluster bad beside"), std::string::npos) << w.ctx.findings[0].evidence;
  EXPECT_TRUE(stack.revert_all().empty());
  EXPECT_EQ(w.view.status["m2"].cluster_id, 0xc1u);
}

TEST(EtcdRejoin, ExistingWithoutMemberAddIsNamed) {
  EtcdWorld w;
  w.transports["m2"].on("journalctl", "m2 etcd[7]: error validating peerURLs: member count is unequal\n");
  FaultStack stack(w.ctx);
  make_fault(spec("etcd-existing-without-add", {{"member_remove", "true"}, {"detect_within", "20s"}, {"join_within", "60s"}}))
      ->inject(w.ctx, {"m2"}, stack);
  ASSERT_EQ(w.ctx.findings.size(), 1u);
  EXPECT_EQ(w.ctx.findings[0].name, "existing-without-member-add");
  EXPECT_NE(w.ctx.findings[0].evidence.find("member count is unequal"), std::string::npos);
  EXPECT_EQ(w.ctx.findings[0].outcome, "member-count-unequal");
  EXPECT_EQ(w.transports["m1"].count("member remove 2"), 1u);
  EXPECT_EQ(w.transports["m1"].count("member add"), 0u) << "the mistake is the missing member add";
  EXPECT_TRUE(stack.revert_all().empty());
  EXPECT_EQ(w.transports["m1"].count("member add"), 1u);
}

TEST(EtcdRejoin, AMistakeThatShowsNoSymptomIsNotReportedAsDetected) {
  EtcdWorld w;
  FaultStack stack(w.ctx);
  make_fault(spec("etcd-existing-without-add", {{"member_remove", "false"}, {"detect_within", "5s"}, {"join_within", "60s"}}))
      ->inject(w.ctx, {"m2"}, stack);
  EXPECT_TRUE(w.ctx.findings.empty());
  const auto events = w.timeline.events();
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const TimelineEvent& e) {
    return e.kind == EventKind::finding && e.text.find("NOT detected") == 0;
  }));
}

// The parsers are provisioner/etcd's (tests/unit/provisioner/etcd_*_test.cpp); what a
// fault does with etcdctl's output is tested here.
TEST(Etcdctl, AMemberListViaAPeerIsReadAndBadOutputIsAHarnessError) {
  EtcdWorld w;
  const auto members = member_list_via(w.ctx, "m1");
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[1].name, "m2");
  EXPECT_EQ(members[1].peer_urls.front(), "https://192.168.49.152:2380");
  ASSERT_EQ(w.transports["m1"].commands.size(), 1u);
  const std::string& command = w.transports["m1"].commands.front();
  EXPECT_NE(command.find("'--endpoints=https://192.168.49.151:2379'"), std::string::npos) << command;
  EXPECT_NE(command.find("/server.crt'"), std::string::npos) << command;
  EXPECT_NE(command.find("/server.key'"), std::string::npos) << command;
  EXPECT_NE(command.find("'--command-timeout=15s' -w json member list"), std::string::npos) << command;

  FaultWorld bad;
  bad.transports["m1"].on("member list", "{not json");
  EXPECT_THROW(member_list_via(bad.ctx, "m1"), Error);
}

}  // namespace
}  // namespace klab::scenarios
