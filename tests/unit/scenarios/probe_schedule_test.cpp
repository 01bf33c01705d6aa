// The fixed-rate schedule and how probe answers are judged: no daemon needed.
#include <gtest/gtest.h>

#include "scenarios/probes/fixed_rate.hpp"
#include "scenarios/probes/probe_target.hpp"
#include "scenarios/probes/writer_workload.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;
using std::chrono::steady_clock;

TEST(FixedRate, NextSlotIsPreviousPlusIntervalNotEndPlusInterval) {
  steady_clock::time_point t0{};
  // The sample took 70 ms: the next still starts at t0 + 100 ms.
  NextSlot n = next_slot(t0, 100ms, t0 + 70ms);
  EXPECT_EQ(n.at, t0 + 100ms);
  EXPECT_EQ(n.skipped, 0u);
}

TEST(FixedRate, SkipsSlotsThatAlreadyPassedAndCountsThem) {
  steady_clock::time_point t0{};
  NextSlot n = next_slot(t0, 100ms, t0 + 350ms);  // woke up very late
  EXPECT_EQ(n.at, t0 + 400ms);                    // still on the grid
  EXPECT_EQ(n.skipped, 3u);                       // 100, 200, 300
  NextSlot exact = next_slot(t0, 100ms, t0 + 100ms);
  EXPECT_EQ(exact.at, t0 + 200ms);
  EXPECT_EQ(exact.skipped, 1u);
}

TEST(ProbeJudge, EtcdHealthNeedsTrueAnd200) {
  EXPECT_EQ(judge_response(ProbeKind::etcd_health, {200, R"({"health":"true"})"}), "");
  EXPECT_NE(judge_response(ProbeKind::etcd_health, {503, R"({"health":"false"})"}), "");
  EXPECT_NE(judge_response(ProbeKind::etcd_health, {200, R"({"health":"false"})"}), "");
  std::string garbage = judge_response(ProbeKind::etcd_health, {200, "<html>"});
  EXPECT_NE(garbage.find("HTTP 200"), std::string::npos) << garbage;
}

TEST(ProbeJudge, ReadyzNeeds200) {
  EXPECT_EQ(judge_response(ProbeKind::apiserver_readyz, {200, "ok"}), "");
  std::string not_ready = judge_response(ProbeKind::apiserver_readyz, {500, "[-]etcd failed"});
  EXPECT_NE(not_ready.find("HTTP 500"), std::string::npos);
  EXPECT_NE(not_ready.find("etcd failed"), std::string::npos);
  EXPECT_EQ(probe_request(ProbeKind::apiserver_readyz, true).target, "/readyz");
  EXPECT_EQ(probe_request(ProbeKind::etcd_health, false).target, "/health");
}

TEST(ProbeJudge, EtcdReadIsALinearizableRangeThatMustAnswerWithAHeader) {
  const HttpRequest r = probe_request(ProbeKind::etcd_read, true);
  EXPECT_EQ(r.method, HttpMethod::post);
  EXPECT_EQ(r.target, "/v3/kv/range");
  EXPECT_EQ(r.body.find("serializable"), std::string::npos) << "linearizable: " << r.body;
  EXPECT_TRUE(r.keep_alive);
  EXPECT_EQ(judge_response(ProbeKind::etcd_read, {200, R"({"header":{"cluster_id":"1","revision":"5"}})"}), "");
  const std::string refused =
      judge_response(ProbeKind::etcd_read, {503, R"({"error":"etcdserver: request timed out","code":14})"});
  EXPECT_NE(refused.find("HTTP 503"), std::string::npos) << refused;
  EXPECT_NE(refused.find("timed out"), std::string::npos) << refused;
  EXPECT_NE(judge_response(ProbeKind::etcd_read, {200, "<html>"}), "");
}

TEST(Writer, KeysAreZeroPaddedAndSortInWriteOrder) {
  EXPECT_EQ(writer_key("klab/writer/", 1), "klab/writer/000001");
  EXPECT_EQ(writer_key("p/", 1234567), "p/1234567");
  EXPECT_LT(writer_key("k/", 9), writer_key("k/", 10));
}

}  // namespace
}  // namespace klab::scenarios
