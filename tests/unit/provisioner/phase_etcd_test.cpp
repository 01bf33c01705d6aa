// The etcd phase against a simulated cluster: what it does for each decision of
// decide_cluster_action, and what it refuses.
#include <gtest/gtest.h>

#include "fakes/fake_deploy.hpp"
#include "provisioner/etcd/record.hpp"

namespace klab::provisioner {
namespace {

using fakes::FakeDeploy;

const std::vector<std::string> kMasters = {"kube-master1", "kube-master2", "kube-master3"};

std::string env_of(FakeDeploy& d, const std::string& host) {
  return d.lab.host(host).files.at("/etc/default/etcd").content;
}

TEST(PhaseEtcd, BootstrapStartsEveryMemberWithNewThenLeavesTheSteadyFile) {
  FakeDeploy d;
  const DeployReport r = d.run({"pki", "etcd"});
  ASSERT_FALSE(r.failure) << r.failure->what() << "\n" << r.failure->detail();
  EXPECT_TRUE(d.etcd.errors().empty()) << d.etcd.errors().front();
  ASSERT_TRUE(d.etcd.cluster_id());
  for (const std::string& m : kMasters) {
    EXPECT_TRUE(d.etcd.running(m)) << m;
    // The bootstrap uploaded `new` ...
    const auto& uploads = d.lab.host(m).uploads;
    ASSERT_EQ(uploads.size(), 1u) << m;
    bool uploaded_new = false;
    for (const FileUpload& f : uploads[0])
      if (f.path == "/etc/default/etcd") uploaded_new = f.content.find("ETCD_INITIAL_CLUSTER_STATE=\"new\"") != std::string::npos;
    EXPECT_TRUE(uploaded_new) << m;
    // ... and the member ends with the steady `existing` file.
    EXPECT_NE(env_of(d, m).find("ETCD_INITIAL_CLUSTER_STATE=\"existing\""), std::string::npos) << m;
    EXPECT_FALSE(d.lab.host(m).files.contains("/etc/default/etcd.klab-steady")) << "mv'd into place";
  }
  const auto record = load_etcd_record(d.lab_dir.path());
  ASSERT_TRUE(record);
  ASSERT_TRUE(record->cluster_id);
  EXPECT_EQ(*record->cluster_id, d.etcd.cluster_id_hex());
  EXPECT_EQ(record->token.rfind("klab-ha-", 0), 0u) << record->token;
  EXPECT_NE(env_of(d, "kube-master1").find(record->token), std::string::npos);
}

TEST(PhaseEtcd, EachBootstrapGetsAFreshToken) {
  FakeDeploy a, b;
  ASSERT_FALSE(a.run({"pki", "etcd"}).failure);
  ASSERT_FALSE(b.run({"pki", "etcd"}).failure);
  EXPECT_NE(load_etcd_record(a.lab_dir.path())->token, load_etcd_record(b.lab_dir.path())->token);
}

TEST(PhaseEtcd, AStoppedMemberIsStartedAsItIsAndNothingElseRestarts) {
  FakeDeploy d;
  ASSERT_FALSE(d.run({"pki", "etcd"}).failure);
  d.forget_history();
  d.etcd.stop("kube-master2");
  const DeployReport r = d.run({"etcd"});
  ASSERT_FALSE(r.failure) << r.failure->what();
  EXPECT_TRUE(d.etcd.running("kube-master2"));
  EXPECT_EQ(d.etcd.starts("kube-master2"), 2);
  EXPECT_EQ(d.etcd.starts("kube-master1"), 1);
  EXPECT_EQ(d.etcd.starts("kube-master3"), 1);
  EXPECT_TRUE(d.lab.host("kube-master2").uploads.empty()) << "its files did not change";
}

TEST(PhaseEtcd, AMemberThatLostItsDataIsReplacedThroughAHealthyMember) {
  FakeDeploy d;
  ASSERT_FALSE(d.run({"pki", "etcd"}).failure);
  const std::string id = d.etcd.cluster_id_hex();
  d.forget_history();
  d.etcd.lose_data("kube-master3");
  const DeployReport r = d.run({"etcd"});
  ASSERT_FALSE(r.failure) << r.failure->what() << "\n" << r.failure->detail();
  EXPECT_TRUE(d.etcd.errors().empty()) << d.etcd.errors().front();
  EXPECT_EQ(d.etcd.cluster_id_hex(), id) << "the same cluster, never a new one";
  EXPECT_TRUE(d.etcd.running("kube-master3"));
  // member remove + add ran on a healthy member, not on the one being replaced.
  EXPECT_TRUE(d.lab.host("kube-master1").ran_step_containing("'member' 'remove'"));
  EXPECT_TRUE(d.lab.host("kube-master1").ran_step_containing("'member' 'add' 'kube-master3'"));
  EXPECT_FALSE(d.lab.host("kube-master3").ran_step_containing("'member'"));
  // It started with `existing`: with all three masters listed again, that is exactly the
  // steady file it already has, so nothing was uploaded, only the data wiped and etcd started.
  EXPECT_NE(env_of(d, "kube-master3").find("ETCD_INITIAL_CLUSTER_STATE=\"existing\""), std::string::npos);
  EXPECT_TRUE(d.lab.host("kube-master3").ran_step_containing("systemctl restart etcd"));
  EXPECT_EQ(d.etcd.starts("kube-master1"), 1) << "the healthy members are not restarted";
  EXPECT_EQ(d.etcd.members().size(), 3u);
  for (const auto& m : d.etcd.members()) EXPECT_FALSE(m.name.empty()) << "every member started";
}

TEST(PhaseEtcd, RefusesToBootstrapAgainOverARecordedCluster) {
  FakeDeploy d;
  ASSERT_FALSE(d.run({"pki", "etcd"}).failure);
  const std::string id = d.etcd.cluster_id_hex();
  d.forget_history();
  d.etcd.wipe_everything();  // every member lost its data: `new` would be silent data loss
  const DeployReport r = d.run({"etcd"});
  ASSERT_TRUE(r.failure);
  const std::string message = r.failure->what();
  EXPECT_NE(message.find("phase etcd"), std::string::npos) << message;
  EXPECT_NE(message.find("refusing to bootstrap"), std::string::npos) << message;
  EXPECT_NE(message.find(id), std::string::npos) << message;
  EXPECT_NE(message.find("Safe procedure"), std::string::npos) << message;
  for (const std::string& m : kMasters) {
    EXPECT_FALSE(d.etcd.running(m)) << m;
    EXPECT_TRUE(d.lab.host(m).uploads.empty()) << "nothing may change before the refusal: " << m;
  }
}

TEST(PhaseEtcd, StopsTheDefaultEtcdDebianStartedBeforeBootstrapping) {
  FakeDeploy d;
  // The package's postinst started a one-member etcd with its default config.
  for (const std::string& m : kMasters) {
    d.lab.host(m).fact_fns.erase("active");
    d.lab.host(m).facts["active"] = "active";
  }
  ASSERT_FALSE(d.run({"pki", "etcd"}).failure);
  for (const std::string& m : kMasters) {
    const auto steps = d.lab.host(m).all_steps();
    ASSERT_FALSE(steps.empty()) << m;
    EXPECT_EQ(steps.front(), "systemctl stop etcd") << m << ": stop it before anything else";
    EXPECT_TRUE(d.lab.host(m).ran_step_containing("systemctl restart etcd")) << m;
  }
}

// Nothing in the run uploaded an /etc/default/etcd that bootstraps (`new`).
bool uploaded_new(FakeDeploy& d, const std::string& host) {
  for (const auto& upload : d.lab.host(host).uploads)
    for (const FileUpload& f : upload)
      if (f.content.find("ETCD_INITIAL_CLUSTER_STATE=\"new\"") != std::string::npos) return true;
  return false;
}

// Re-runs the etcd phase on a clean history; its failure message ("" when it passed).
std::string rerun_failure(FakeDeploy& d) {
  d.forget_history();
  const DeployReport r = d.run({"etcd"});
  return r.failure ? std::string(r.failure->what()) : std::string();
}

// The state a deploy killed after the first start left before the cluster ID was
// recorded at once: a formed cluster, a record with the token only.
void forget_the_cluster_id(FakeDeploy& d) {
  auto record = load_etcd_record(d.lab_dir.path());
  ASSERT_TRUE(record);
  record->cluster_id.reset();
  save_etcd_record(d.lab_dir.path(), *record);
}

TEST(PhaseEtcd, AKillBeforeTheIdWasRecordedNeverLetsALostMemberBootstrapNew) {
  FakeDeploy d;
  ASSERT_FALSE(d.run({"pki", "etcd"}).failure);
  const std::string id = d.etcd.cluster_id_hex();
  forget_the_cluster_id(d);
  // Every member stopped (a lab brought back without etcd running), one lost its data.
  for (const std::string& m : kMasters) d.etcd.stop(m);
  d.etcd.lose_data("kube-master3");
  const std::string message = rerun_failure(d);
  ASSERT_FALSE(message.empty()) << "kube-master3 must not bootstrap `new` next to the formed cluster";
  EXPECT_NE(message.find("refusing to bootstrap etcd on kube-master3"), std::string::npos) << message;
  EXPECT_NE(message.find("kube-master1, kube-master2 have data"), std::string::npos) << message;
  EXPECT_NE(message.find("Safe procedure"), std::string::npos) << message;
  for (const std::string& m : kMasters) {
    EXPECT_FALSE(uploaded_new(d, m)) << m;
    EXPECT_FALSE(d.etcd.running(m)) << m << ": nothing starts before the refusal";
  }

  // The procedure: start the members with data; the re-run replaces kube-master3 through
  // their quorum, in the same cluster, and records its ID.
  d.etcd.start_service("kube-master1");
  d.etcd.start_service("kube-master2");
  d.forget_history();
  const DeployReport again = d.run({"etcd"});
  ASSERT_FALSE(again.failure) << again.failure->what() << "\n" << again.failure->detail();
  EXPECT_TRUE(d.etcd.errors().empty()) << d.etcd.errors().front();
  EXPECT_EQ(d.etcd.cluster_id_hex(), id);
  EXPECT_FALSE(uploaded_new(d, "kube-master3"));
  EXPECT_TRUE(d.lab.host("kube-master1").ran_step_containing("'member' 'add' 'kube-master3'"));
  EXPECT_TRUE(d.etcd.running("kube-master3"));
  EXPECT_EQ(load_etcd_record(d.lab_dir.path())->cluster_id, id);
}

TEST(PhaseEtcd, TheObservedClusterIdIsRecordedBeforeAnyJoin) {
  FakeDeploy d;
  ASSERT_FALSE(d.run({"pki", "etcd"}).failure);
  const std::string id = d.etcd.cluster_id_hex();
  forget_the_cluster_id(d);
  d.etcd.lose_data("kube-master3");
  // The replacement dies (as a kill would): the ID must be on record by then.
  for (const std::string& m : kMasters) d.lab.host(m).failures.push_back({"'member' 'add'", 1});
  d.forget_history();
  ASSERT_TRUE(d.run({"etcd"}).failure);
  const auto record = load_etcd_record(d.lab_dir.path());
  ASSERT_TRUE(record);
  EXPECT_EQ(record->cluster_id, id);
}

TEST(PhaseEtcd, TheClusterIdIsRecordedFromTheFirstMemberListAfterAStart) {
  FakeDeploy d;
  // kube-master3 never starts; the two others form the cluster and answer.
  d.lab.host("kube-master3").failures.push_back({"systemctl restart etcd", 1});
  const DeployReport r = d.run({"pki", "etcd"});
  ASSERT_TRUE(r.failure);
  ASSERT_TRUE(d.etcd.cluster_id());
  const auto record = load_etcd_record(d.lab_dir.path());
  ASSERT_TRUE(record);
  EXPECT_EQ(record->cluster_id, d.etcd.cluster_id_hex()) << "recorded without waiting for kube-master3";

  // The re-run starts kube-master3 into that cluster (it is listed, never started).
  d.lab.host("kube-master3").failures.clear();
  d.forget_history();
  const DeployReport again = d.run({"etcd"});
  ASSERT_FALSE(again.failure) << again.failure->what() << "\n" << again.failure->detail();
  EXPECT_TRUE(d.etcd.errors().empty()) << d.etcd.errors().front();
  EXPECT_FALSE(uploaded_new(d, "kube-master3"));
  EXPECT_TRUE(d.etcd.running("kube-master3"));
}

TEST(PhaseEtcd, AnInterruptedBootstrapIsRefusedOnceAMemberHasData) {
  FakeDeploy d;
  // The first bootstrap died after kube-master1 started: it has data, never saw a quorum
  // and answers nothing (etcd serves clients only once ready).
  d.lab.host("kube-master2").failures.push_back({"systemctl restart etcd", 1});
  d.lab.host("kube-master3").failures.push_back({"systemctl restart etcd", 1});
  ASSERT_TRUE(d.run({"pki", "etcd"}).failure);
  const auto pending = load_etcd_record(d.lab_dir.path());
  ASSERT_TRUE(pending);
  EXPECT_FALSE(pending->cluster_id) << "no member ever answered";
  d.lab.host("kube-master2").failures.clear();
  d.lab.host("kube-master3").failures.clear();
  const std::string message = rerun_failure(d);
  ASSERT_FALSE(message.empty()) << "kube-master1 has data: the cluster may have formed, `new` is never chosen";
  EXPECT_NE(message.find("kube-master1 has data"), std::string::npos) << message;
  EXPECT_NE(message.find("move the data dir aside"), std::string::npos) << message;
  for (const std::string& m : kMasters) EXPECT_FALSE(uploaded_new(d, m)) << m;

  // The procedure for a cluster that never formed: stop it, move its data aside; the
  // re-run completes the bootstrap with the recorded token.
  d.etcd.lose_data("kube-master1");
  d.forget_history();
  const DeployReport again = d.run({"etcd"});
  ASSERT_FALSE(again.failure) << again.failure->what() << "\n" << again.failure->detail();
  EXPECT_TRUE(d.etcd.errors().empty()) << d.etcd.errors().front();
  const auto record = load_etcd_record(d.lab_dir.path());
  EXPECT_EQ(record->token, pending->token);
  ASSERT_TRUE(record->cluster_id);
  for (const std::string& m : kMasters) EXPECT_TRUE(d.etcd.running(m)) << m;
}

TEST(PhaseEtcd, RefusesWhenAMemberReportsAnotherClusterThanTheMemberList) {
  FakeDeploy d;
  ASSERT_FALSE(d.run({"pki", "etcd"}).failure);
  const std::string id = d.etcd.cluster_id_hex();
  // kube-master3's own member answers as cluster 8e9e05c52164694d; the member list every
  // probe reads comes from kube-master1 (the first endpoint), in cluster `id`.
  d.lab.host("kube-master3").fact_fns["status"] = [] {
    return std::string(R"([{"Endpoint":"https://127.0.0.1:2379","Status":{"header":{"cluster_id":)") +
           std::to_string(0x8e9e05c52164694dULL) + R"(,"member_id":7},"version":"3.4.23","leader":7}}])";
  };
  const std::string message = rerun_failure(d);
  ASSERT_FALSE(message.empty());
  EXPECT_NE(message.find("cluster 8e9e05c52164694d: kube-master3"), std::string::npos) << message;
  EXPECT_NE(message.find("cluster " + id + ": kube-master1, kube-master2"), std::string::npos) << message;
  for (const std::string& m : kMasters) EXPECT_TRUE(d.lab.host(m).uploads.empty()) << m;
}

TEST(PhaseEtcd, RoundTripsPerMember) {
  FakeDeploy d;
  const DeployReport r = d.run({"pki", "etcd"});
  ASSERT_FALSE(r.failure);
  // probe, one upload, one apply script (start + steady file + member list).
  for (const std::string& m : kMasters) EXPECT_EQ(r.phases[1].transport.at(m).round_trips, 3u) << m;
  EXPECT_FALSE(r.phases[1].transport.contains("kube-master")) << "the LB has no etcd member";
}

}  // namespace
}  // namespace klab::provisioner
