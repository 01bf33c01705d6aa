#pragma once
// The end of `klab deploy`: checks the deployed infrastructure from the hosts
// themselves, one round trip per host per attempt, all hosts at once:
//   - every etcd member healthy over TLS (its own endpoint), one cluster ID across them,
//     all members listed as started;
//   - the VIP answering etcd on 2379 through haproxy (etcdctl endpoint health against
//     https://VIP:2379 from the LB, or the first master without an LB), and the LB's
//     gRPC proxy answering;
//   - exactly one keepalived MASTER: the one host whose `ip -4 addr show` holds the VIP.
// Right after a deploy the VIP may still be moving to its MASTER and members may still be
// electing, so the round is repeated until everything holds or the deadline passes.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "provisioner/deploy/etcd_facts.hpp"
#include "provisioner/phases/phase_context.hpp"

namespace klab::provisioner {

struct MemberHealth {
  std::string host;
  bool healthy = false;
  std::string cluster_id;  // hex, from endpoint status
  std::string member_id;
  std::string version;
  bool leader = false;
};

struct VerifyReport {
  std::vector<MemberHealth> members;
  std::optional<etcd::MemberList> member_list;
  std::string vip;                        // empty without a VIP
  std::vector<std::string> vip_holders;   // hosts whose interfaces hold the VIP
  std::string checked_from;               // where the VIP and proxy checks ran
  std::optional<bool> vip_etcd_ok;        // unset when not checked
  std::string vip_etcd_url;               // https://VIP:2379
  std::optional<bool> proxy_etcd_ok;
  int attempts = 0;
  std::chrono::milliseconds elapsed{0};
  std::vector<std::string> problems;      // empty: everything holds
  bool ok() const { return problems.empty(); }
};

struct VerifyOptions {
  std::chrono::milliseconds deadline = std::chrono::seconds(90);
  std::chrono::milliseconds pause = std::chrono::seconds(1);  // between attempts
};

/// Runs the checks until they hold or the deadline passes; returns the last round's
/// report (never throws for a failed check, only for unreachable hosts).
VerifyReport verify_deploy(PhaseContext& ctx, const VerifyOptions& options = {});

/// The problems of one round, from its raw observations (pure; unit-tested).
std::vector<std::string> assess(const VerifyReport& report, std::size_t expected_members);

std::string to_text(const VerifyReport& report);

}  // namespace klab::provisioner
