#pragma once
// Which certificates and keys from the lab's PKI directory go to which host, and with
// which owner and mode: etcd runs as user etcd and must read its keys; etcdctl (root)
// uses the healthcheck client pair.
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/phases/phase_context.hpp"
#include "provisioner/transport/transport.hpp"

namespace klab::provisioner {

/// A master: ca.crt, server.{crt,key} and peer.{crt,key} (keys 0600 etcd:etcd), the
/// healthcheck client pair (key 0600 root).
std::vector<FileUpload> etcd_member_pki(const PhaseContext& ctx, const lab::HostPlan& host);

/// The LB: ca.crt, the gRPC proxy's server and client pairs (keys 0600 etcd:etcd), the
/// healthcheck client pair.
std::vector<FileUpload> lb_pki(const PhaseContext& ctx, const lab::HostPlan& host);

}  // namespace klab::provisioner
