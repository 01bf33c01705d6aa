// What the etcd phase parses from etcdctl's JSON on the masters.
#include "provisioner/phases/etcd_facts.hpp"

#include <gtest/gtest.h>

namespace klab::provisioner {
namespace {

// Captured from etcd 3.4.23 (Debian bookworm), a healthy 3-member cluster, m2 answering.
const char* kStatus =
    R"([{"Endpoint":"http://127.0.0.1:23792","Status":{"header":{"cluster_id":11652804786072892431,)"
    R"("member_id":7977665246368977040,"revision":1,"raft_term":897},"version":"3.4.23","dbSize":20480,)"
    R"("leader":15577269334052691666,"raftIndex":13,"raftTerm":897,"raftAppliedIndex":13,"dbSizeInUse":16384}}])";
// The same cluster after it lost its quorum: the survivor still answers, without a leader.
const char* kStatusNoLeader =
    R"([{"Endpoint":"http://127.0.0.1:23791","Status":{"header":{"cluster_id":11652804786072892431,)"
    R"("member_id":6090535317558273548,"revision":1,"raft_term":44},"version":"3.4.23","dbSize":20480,)"
    R"("raftIndex":8,"raftTerm":44,"raftAppliedIndex":8,"errors":["etcdserver: no leader"],"dbSizeInUse":16384}}])";

TEST(EtcdFacts, ParsesEndpointStatusWithAndWithoutALeader) {
  const auto st = parse_endpoint_status(kStatus);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->cluster_id, "a1b71436b6d8b40f");
  EXPECT_EQ(st->member_id, "6eb65c462acd5090");
  EXPECT_EQ(st->version, "3.4.23");
  EXPECT_FALSE(st->leader);
  const auto lost = parse_endpoint_status(kStatusNoLeader);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->cluster_id, "a1b71436b6d8b40f");
  EXPECT_FALSE(lost->leader);
  EXPECT_FALSE(parse_endpoint_status(""));
  EXPECT_FALSE(parse_endpoint_status("[]"));
  EXPECT_FALSE(parse_endpoint_status("Error: context deadline exceeded"));
}

}  // namespace
}  // namespace klab::provisioner
