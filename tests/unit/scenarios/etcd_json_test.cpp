// The etcd gateway JSON, endpoints and the HashKV protobuf codec: no daemon needed.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "scenarios/etcd/endpoint.hpp"
#include "scenarios/etcd/etcd_json.hpp"
#include "scenarios/etcd/hash_kv_proto.hpp"

namespace klab::scenarios {
namespace {

// Captured from etcd 3.4.23's gateway.
constexpr const char* kStatus =
    R"({"header":{"cluster_id":"15118495548433857066","member_id":"13668033151171901709","revision":"2","raft_term":"2"},)"
    R"("version":"3.4.23","dbSize":"20480","leader":"13668033151171901709","raftIndex":"6","raftTerm":"2",)"
    R"("raftAppliedIndex":"6","dbSizeInUse":"16384"})";
constexpr const char* kRange =
    R"({"header":{"cluster_id":"1","member_id":"2","revision":"2","raft_term":"2"},)"
    R"("kvs":[{"key":"Zm9v","create_revision":"2","mod_revision":"2","version":"1","value":"YmFy"}],"count":"1"})";

TEST(EtcdJson, ParsesStatusAndHeader) {
  EndpointStatus s = etcd_json::parse_status(kStatus);
  EXPECT_EQ(s.header.member_id, 13668033151171901709ULL);
  EXPECT_EQ(s.leader, s.header.member_id);
  EXPECT_EQ(s.header.revision, 2);
  EXPECT_EQ(s.raft_term, 2u);
  EXPECT_EQ(s.raft_index, 6u);
  EXPECT_EQ(s.version, "3.4.23");
  EXPECT_EQ(s.db_size, 20480);
}

TEST(EtcdJson, ParsesRangeAndDecodesBase64) {
  RangeResult r = etcd_json::parse_range(kRange);
  ASSERT_EQ(r.kvs.size(), 1u);
  EXPECT_EQ(r.kvs[0].key, "foo");
  EXPECT_EQ(r.kvs[0].value, "bar");
  EXPECT_EQ(r.kvs[0].mod_revision, 2);
  EXPECT_EQ(r.count, 1);
  // A key that does not exist: no kvs, count omitted (proto3 zero).
  RangeResult empty = etcd_json::parse_range(R"({"header":{"cluster_id":"1","revision":"3"}})");
  EXPECT_TRUE(empty.kvs.empty());
  EXPECT_EQ(empty.count, 0);
}

TEST(EtcdJson, RejectsMalformedResponsesNamingTheCall) {
  EXPECT_THROW(etcd_json::parse_status("Not Found"), Error);
  try {
    etcd_json::parse_put(R"({"header":{"revision":"x1"}})");
    FAIL() << "a non-numeric revision was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("put"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("revision"), std::string::npos) << e.what();
  }
  EXPECT_THROW(etcd_json::parse_range(R"({"header":{},"kvs":[{"key":"!!"}]})"), Error);
}

TEST(EtcdJson, HealthAndErrorBodies) {
  EXPECT_TRUE(etcd_json::parse_health(R"({"health":"true"})").healthy);
  EtcdHealth bad = etcd_json::parse_health(R"({"health":"false","reason":"NOSPACE"})");
  EXPECT_FALSE(bad.healthy);
  EXPECT_EQ(bad.reason, "NOSPACE");
  EXPECT_EQ(etcd_json::error_message(R"({"error":"x","message":"etcdserver: no leader","code":14})"),
            "etcdserver: no leader (gRPC code 14)");
  EXPECT_EQ(etcd_json::error_message("Not Found\n"), "Not Found");
}

TEST(EtcdJson, RequestsAreBase64AndPrefixRangeEndIsNextKey) {
  EXPECT_EQ(etcd_json::put_request("foo", "bar"), R"({"key":"Zm9v","value":"YmFy"})");
  EXPECT_EQ(etcd_json::prefix_range_end("klab/writer/"), "klab/writer0");
  EXPECT_EQ(etcd_json::prefix_range_end(std::string("a\xff", 2)), "b");
  EXPECT_EQ(etcd_json::range_request("foo", true), R"({"key":"Zm9v","range_end":"Zm9w"})");
}

TEST(Endpoint, ParsesUrlsAndRejectsWithAHint) {
  EXPECT_EQ(parse_endpoint("https://192.168.49.160:2379"), (Endpoint{"192.168.49.160", 2379}));
  EXPECT_EQ(parse_endpoint("127.0.0.1:6443/"), (Endpoint{"127.0.0.1", 6443}));
  EXPECT_EQ(parse_endpoint("https://[::1]:2379"), (Endpoint{"::1", 2379}));
  EXPECT_EQ(to_url(Endpoint{"::1", 2379}), "https://[::1]:2379");
  for (const char* bad : {"http://1.2.3.4:2379", "https://1.2.3.4", "https://:2379", "https://h:0", "https://h:70000"}) {
    try {
      parse_endpoint(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::usage);
      EXPECT_NE(std::string(e.what()).find("https://HOST:PORT"), std::string::npos) << e.what();
    }
  }
}

TEST(HashKvProto, FramesTheRequest) {
  // revision 300 = varint ac 02; field 1 varint = tag 08.
  EXPECT_EQ(hash_kv_proto::framed_request(300), std::string("\0\0\0\0\x03\x08\xac\x02", 8));
  EXPECT_EQ(hash_kv_proto::framed_request(0), std::string("\0\0\0\0\0", 5));
}

TEST(HashKvProto, DecodesAResponseAndRejectsTruncation) {
  // header{cluster_id=1, member_id=2, revision=5, raft_term=3}, hash=0xdeadbeef, compact_revision=4
  std::string header("\x08\x01\x10\x02\x18\x05\x20\x03", 8);
  std::string msg = std::string("\x0a") + static_cast<char>(header.size()) + header +
                    std::string("\x10\xef\xfd\xb6\xf5\x0d\x18\x04", 8);
  std::string framed = std::string(1, '\0') + std::string("\0\0\0", 3) + static_cast<char>(msg.size()) + msg;
  auto parsed = hash_kv_proto::parse_framed_response(framed);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->hash, 0xdeadbeefu);
  EXPECT_EQ(parsed->compact_revision, 4);
  EXPECT_EQ(parsed->header.cluster_id, 1u);
  EXPECT_EQ(parsed->header.member_id, 2u);
  EXPECT_EQ(parsed->header.revision, 5);
  EXPECT_EQ(parsed->header.raft_term, 3u);
  EXPECT_FALSE(hash_kv_proto::parse_framed_response(framed.substr(0, framed.size() - 1)));
  EXPECT_FALSE(hash_kv_proto::parse_framed_response(""));
}

}  // namespace
}  // namespace klab::scenarios
