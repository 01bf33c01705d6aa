// The one member-list parser (provisioner/etcd/member.hpp): etcdctl's `member list -w
// json` (integers as JSON numbers) and the gRPC gateway's answer (proto3 JSON: 64-bit
// integers as decimal strings), the lookups on it, and its single error policy: a
// result that says why a text is no member list; the callers decide (tested with them).
#include "provisioner/etcd/member.hpp"

#include <gtest/gtest.h>

namespace klab::provisioner::etcd {
namespace {

// Captured from etcd 3.4.23 (Debian bookworm), a healthy 3-member cluster, m2 answering.
const char* kEtcdctlMemberList =
    R"({"header":{"cluster_id":11652804786072892431,"member_id":7977665246368977040,"raft_term":897},)"
    R"("members":[{"ID":6090535317558273548,"name":"m1","peerURLs":["http://127.0.0.1:23801"],)"
    R"("clientURLs":["http://127.0.0.1:23791"]},{"ID":7977665246368977040,"name":"m2",)"
    R"("peerURLs":["http://127.0.0.1:23802"],"clientURLs":["http://127.0.0.1:23792"]},)"
    R"({"ID":15577269334052691666,"name":"m3","peerURLs":["http://127.0.0.1:23803"],)"
    R"("clientURLs":["http://127.0.0.1:23793"]}]})";

// Captured from etcd 3.4.23's gateway.
constexpr const char* kGatewayMemberList =
    R"({"header":{"cluster_id":"15118495548433857066","member_id":"13668033151171901709","raft_term":"2"},)"
    R"("members":[{"ID":"13668033151171901709","name":"m1","peerURLs":["https://127.0.0.1:23801"],)"
    R"("clientURLs":["https://127.0.0.1:23791"]},{"ID":"42","peerURLs":["https://127.0.0.1:23802"],"isLearner":true}]})";

// As the faults' etcdctl on a master prints it: small IDs, m3 unstarted-looking by URL.
const char* kFaultsMemberList =
    R"({"header":{"cluster_id":193},"members":[{"ID":1,"name":"m1","peerURLs":["https://192.168.49.151:2380"],"clientURLs":["https://192.168.49.151:2379"]},{"ID":2,"name":"m2","peerURLs":["https://192.168.49.152:2380"],"clientURLs":["https://192.168.49.152:2379"]},{"ID":3,"name":"m3","peerURLs":["https://192.168.49.153:2380"],"clientURLs":["https://192.168.49.153:2379"]}]})";

TEST(EtcdMemberList, ParsesTheAnsweringMemberOfAnEtcdctlMemberList) {
  const ParsedMemberList parsed = parse_member_list(kEtcdctlMemberList);
  ASSERT_TRUE(parsed.list) << parsed.error;
  const MemberList& list = *parsed.list;
  EXPECT_EQ(list.cluster_id_hex(), "a1b71436b6d8b40f");
  EXPECT_EQ(list.answering_member(), "m2");
  EXPECT_EQ(list.members.size(), 3u);
}

TEST(EtcdMemberList, ParsesAGatewayMemberListWithAnUnstartedLearner) {
  const ParsedMemberList parsed = parse_member_list(kGatewayMemberList);
  ASSERT_TRUE(parsed.list) << parsed.error;
  const MemberList& list = *parsed.list;
  EXPECT_EQ(list.cluster_id, 15118495548433857066ULL);
  ASSERT_EQ(list.members.size(), 2u);
  EXPECT_EQ(list.members[0].id, 13668033151171901709ULL);
  EXPECT_EQ(list.members[0].name, "m1");
  EXPECT_TRUE(list.members[0].started());
  EXPECT_EQ(list.members[0].client_urls, std::vector<std::string>{"https://127.0.0.1:23791"});
  EXPECT_FALSE(list.members[0].is_learner);
  EXPECT_EQ(list.members[1].id, 42u);
  EXPECT_FALSE(list.members[1].started());
  EXPECT_TRUE(list.members[1].is_learner);
  EXPECT_TRUE(list.members[1].client_urls.empty());
  EXPECT_EQ(list.members[1].peer_urls.front(), "https://127.0.0.1:23802") << "an unstarted member is kept";
}

TEST(EtcdMemberList, FindsAMemberByNameOrItsPeerUrl) {
  const ParsedMemberList parsed = parse_member_list(kFaultsMemberList);
  ASSERT_TRUE(parsed.list) << parsed.error;
  const std::vector<Member>& members = parsed.list->members;
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[1].name, "m2");
  EXPECT_EQ(members[1].peer_urls.front(), "https://192.168.49.152:2380");
  ASSERT_TRUE(find_member(members, "zz", "https://192.168.49.153:2380"));
  EXPECT_EQ(find_member(members, "zz", "https://192.168.49.153:2380")->id, 3u) << "unstarted found by peer URL";
  EXPECT_EQ(find_member(members, "m2", "https://192.168.49.159:2380")->id, 2u);
  EXPECT_FALSE(find_member(members, "zz", "https://192.168.49.159:2380"));
  const std::vector<Member> unnamed = {{7, "", {"https://192.168.49.154:2380"}, {}, false}};
  EXPECT_FALSE(find_member(unnamed, "", "https://192.168.49.153:2380")) << "an empty name matches nothing";
}

TEST(EtcdMemberList, SaysWhyATextIsNoMemberList) {
  for (const char* text : {"", "{not json", "Error: context deadline exceeded", "[]", R"({"members":[]})",
                           R"({"header":{"member_id":1},"members":[]})", R"({"header":{"cluster_id":1},"members":{}})",
                           R"({"header":{"cluster_id":"x1"}})", R"({"header":{"cluster_id":1},"members":[{"ID":true}]})",
                           R"({"header":{"cluster_id":1},"members":[{"ID":1,"name":5}]})",
                           R"({"header":{"cluster_id":1},"members":[{"ID":1,"peerURLs":"https://a:2380"}]})"}) {
    const ParsedMemberList parsed = parse_member_list(text);
    EXPECT_FALSE(parsed.list) << text;
    EXPECT_FALSE(parsed.error.empty()) << text;
  }
  EXPECT_NE(parse_member_list(R"({"members":[]})").error.find("header"), std::string::npos);
  EXPECT_NE(parse_member_list(R"({"header":{"cluster_id":1},"members":[{"ID":true}]})").error.find("ID"),
            std::string::npos);
}

TEST(EtcdMemberList, LeftOutFieldsAreProto3Defaults) {
  const ParsedMemberList parsed = parse_member_list(R"({"header":{"cluster_id":"9"}})");
  ASSERT_TRUE(parsed.list) << parsed.error;
  EXPECT_EQ(parsed.list->cluster_id, 9u);
  EXPECT_EQ(parsed.list->answered_by, 0u);
  EXPECT_TRUE(parsed.list->members.empty());
  const ParsedMemberList one = parse_member_list(R"({"header":{"cluster_id":1},"members":[{"peerURLs":["u"]}]})");
  ASSERT_TRUE(one.list) << one.error;
  EXPECT_EQ(one.list->members.at(0), (Member{0, "", {"u"}, {}, false}));
}

TEST(EtcdMemberList, IdsPrintAsEtcdctlPrintsThem) {
  EXPECT_EQ(hex_id(0x8e9e05c52164694dULL), "8e9e05c52164694d");
  EXPECT_EQ(hex_id(0x48276a8f75b6a87ULL), "48276a8f75b6a87");
}

}  // namespace
}  // namespace klab::provisioner::etcd
