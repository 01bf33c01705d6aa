#pragma once
// etcd's members as etcd reports them, and the one parser of a member list: what
// `etcdctl member list -w json` prints and what the gRPC gateway's
// /v3/cluster/member/list answers (proto3 JSON: 64-bit integers as decimal strings,
// zero values and empty lists left out). The provisioner's etcd phase and verification,
// and the scenarios' faults and live cluster view read member lists through it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace klab::provisioner::etcd {

struct Member {
  std::uint64_t id = 0;
  std::string name;                      // empty until the member has started (joined with its name)
  std::vector<std::string> peer_urls;
  std::vector<std::string> client_urls;  // empty while unstarted
  bool is_learner = false;
  bool started() const { return !name.empty(); }
  bool operator==(const Member&) const = default;
};

struct MemberList {
  std::uint64_t cluster_id = 0;   // header.cluster_id
  std::uint64_t answered_by = 0;  // header.member_id: the member that answered
  std::vector<Member> members;
  /// The cluster ID as etcdctl prints it.
  std::string cluster_id_hex() const;
  /// The name of the member that answered; empty when it is not (by ID) in the list.
  std::string answering_member() const;
};

/// A parsed member list, or why the text is none; the caller decides what that means
/// (the etcd phase: nothing was read; a fault: the harness is broken).
struct ParsedMemberList {
  std::optional<MemberList> list;
  std::string error;  // set when !list: "not JSON: ...", "no header", "member 2: ID is not an integer"
};

/// Never throws. A member list is a JSON object with a header that names the cluster
/// (cluster_id); "members" may be left out (proto3: none); a member's ID defaults to 0,
/// its name and URLs to empty, isLearner to false. Integers are JSON numbers or decimal
/// strings; any field of the wrong type makes the whole text no member list.
ParsedMemberList parse_member_list(std::string_view text);

/// "48276a8f75b6a87": lower-case hex, how etcdctl prints IDs and takes them.
std::string hex_id(std::uint64_t id);

/// The member of `members` that is `name` (by name, or by `peer_url` while it is unstarted
/// or renamed); nullptr when none is.
const Member* find_member(const std::vector<Member>& members, const std::string& name,
                          const std::string& peer_url);

}  // namespace klab::provisioner::etcd
