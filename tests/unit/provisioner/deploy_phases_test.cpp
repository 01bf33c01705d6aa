// The deploy driver: phase order, --phase selection, per-phase timings and round trips.
#include <gtest/gtest.h>

#include "fakes/fake_deploy.hpp"
#include "provisioner/phases/phase_list.hpp"

namespace klab::provisioner {
namespace {

using fakes::FakeDeploy;

std::vector<std::string> names(const std::vector<Phase*>& phases) {
  std::vector<std::string> out;
  for (const Phase* p : phases) out.push_back(p->name());
  return out;
}

TEST(DeployPhases, DefaultOrderIsPkiPrepEtcdLb) {
  const PhaseList phases = default_phases();
  EXPECT_EQ(names(select_phases(phases, {})), (std::vector<std::string>{"pki", "prep", "etcd", "lb"}));
  EXPECT_EQ(phase_names(phases), "pki, prep, etcd, lb");
}

TEST(DeployPhases, SelectionKeepsTheCanonicalOrder) {
  const PhaseList phases = default_phases();
  EXPECT_EQ(names(select_phases(phases, {"lb", "pki"})), (std::vector<std::string>{"pki", "lb"}));
}

TEST(DeployPhases, UnknownPhaseIsAUsageErrorWithASuggestion) {
  const PhaseList phases = default_phases();
  try {
    select_phases(phases, {"etdc"});
    FAIL() << "expected a usage error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("'etcd'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("pki, prep, etcd, lb"), std::string::npos) << e.what();
  }
}

TEST(DeployPhases, RunsOnlyTheSelectedPhasesInOrder) {
  FakeDeploy d;
  const DeployReport r = d.run({"prep", "pki"});
  ASSERT_FALSE(r.failure) << r.failure->what();
  ASSERT_EQ(r.phases.size(), 2u);
  EXPECT_EQ(r.phases[0].name, "pki");
  EXPECT_EQ(r.phases[1].name, "prep");
  // Nothing of etcd or lb happened on the hosts.
  EXPECT_FALSE(d.lab.host("kube-master1").files.contains("/etc/default/etcd"));
  EXPECT_FALSE(d.lab.host("kube-master").files.contains("/etc/haproxy/haproxy.cfg"));
  EXPECT_TRUE(d.lab.host("kube-master1").files.contains("/etc/sysctl.d/90-klab.conf"));
}

TEST(DeployPhases, PkiPhaseUsesNoTransport) {
  FakeDeploy d;
  const DeployReport r = d.run({"pki"});
  ASSERT_FALSE(r.failure) << r.failure->what();
  EXPECT_EQ(d.lab.transports_created(), 0);
  EXPECT_EQ(r.phases[0].round_trips(), 0u);
  EXPECT_TRUE(std::filesystem::exists(d.lab_dir.path() / "pki" / "etcd" / "ca.crt"));
  EXPECT_FALSE(r.verify) << "verification needs hosts; a pki-only run does not verify";
}

TEST(DeployPhases, ReportsRoundTripsPerPhaseAndHost) {
  FakeDeploy d;
  const DeployReport r = d.run();
  ASSERT_FALSE(r.failure) << r.failure->what() << "\n" << r.failure->detail();
  ASSERT_TRUE(r.verify);
  EXPECT_TRUE(r.verify->ok()) << to_text(r);
  EXPECT_EQ(r.verify->attempts, 1) << to_text(r);
  for (const PhaseResult& p : r.phases) {
    if (p.name == "pki") continue;
    EXPECT_GT(p.round_trips(), 0u) << p.name;
    // prep: clock sample, probe, upload, apply; the others: probe, upload, apply.
    EXPECT_LE(p.max_round_trips_per_host(), p.name == "prep" ? 4u : 3u) << p.name;
    for (const auto& [host, stats] : p.transport) EXPECT_LE(stats.uploads, 1u) << p.name << " " << host;
  }
  // One transport (SSH session) per host for the whole run.
  EXPECT_EQ(d.lab.transports_created(), 4);
}

TEST(DeployPhases, AFailedPhaseStopsTheRunAndNamesHostPhaseAndStep) {
  FakeDeploy d;
  d.lab.host("kube-master2").failures.push_back({"modprobe -a", 1});
  const DeployReport r = d.run();
  ASSERT_TRUE(r.failure);
  ASSERT_EQ(r.phases.size(), 2u) << "etcd and lb must not run after prep failed";
  EXPECT_FALSE(r.phases[1].ok);
  const std::string message = r.failure->what();
  EXPECT_NE(message.find("kube-master2"), std::string::npos) << message;
  EXPECT_NE(message.find("phase prep"), std::string::npos) << message;
  EXPECT_NE(message.find("modprobe -a"), std::string::npos) << message;
  EXPECT_NE(r.failure->detail().find("fake: step failed"), std::string::npos) << r.failure->detail();
}

TEST(DeployPhases, AnUnreachableHostIsNamedWithThePhase) {
  FakeDeploy d;
  d.lab.host("kube-master3").unreachable = true;
  const DeployReport r = d.run({"pki", "prep"});
  ASSERT_TRUE(r.failure);
  const std::string message = r.failure->what();
  EXPECT_NE(message.find("phase prep"), std::string::npos) << message;
  EXPECT_NE(message.find("kube-master3"), std::string::npos) << message;
  EXPECT_NE(message.find("unreachable"), std::string::npos) << message;
  EXPECT_EQ(r.failure->kind(), ErrorKind::infrastructure);
}

}  // namespace
}  // namespace klab::provisioner

namespace klab::provisioner {
namespace {

TEST(DeployReportText, ActionsCarryTheirGuestTimeWhenKnown) {
  DeployReport r;
  PhaseResult p;
  p.name = "lb";
  p.ok = true;
  p.changes.actions["lb1"] = {"restart haproxy", "start keepalived"};
  p.changes.action_ms["lb1"] = {3140, -1};
  r.phases.push_back(p);
  const std::string text = to_text(r);
  EXPECT_NE(text.find("lb: lb1: restart haproxy (3.1 s), start keepalived\n"), std::string::npos) << text;
  EXPECT_EQ(to_json(r)["phases"][0]["action_ms"]["lb1"], nlohmann::json({3140, -1}));
}

}  // namespace
}  // namespace klab::provisioner
