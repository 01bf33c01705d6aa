// What LiveClusterView builds its answers from: the live domain XML's link state and
// etcd's status/member answers (the VRRP side: live_vrrp_wire_test.cpp).
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "scenarios/live/live_cluster_view.hpp"

namespace klab::scenarios {
namespace {

TEST(LiveEtcdAnswers, StatusMapsHeaderAndLeader) {
  EndpointStatus s;
  s.header = ResponseHeader{0xc0ffee, 0x11, 42, 7};
  s.leader = 0x11;
  s.raft_term = 8;
  const EtcdEndpointStatus e = to_endpoint_status(s);
  EXPECT_TRUE(e.reachable);
  EXPECT_EQ(e.cluster_id, 0xc0ffeeu);
  EXPECT_EQ(e.member_id, 0x11u);
  EXPECT_EQ(e.leader_id, 0x11u);
  EXPECT_EQ(e.revision, 42);
  EXPECT_EQ(e.raft_term, 8u);
  EXPECT_TRUE(e.is_leader());
  s.leader = 0;
  s.raft_term = 0;
  EXPECT_FALSE(to_endpoint_status(s).is_leader());
  EXPECT_EQ(to_endpoint_status(s).raft_term, 7u);  // falls back to the header's term
}

}  // namespace
}  // namespace klab::scenarios
