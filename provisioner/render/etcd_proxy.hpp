#pragma once
// The etcd gRPC proxy on the LB host (seeds/000's "etcd proxy": one etcd endpoint for
// clients such as calico), as a systemd unit running Debian's etcd binary.
#include "lab/plan.hpp"
#include "provisioner/render/context.hpp"
#include "provisioner/render/rendered_file.hpp"

namespace klab::provisioner {

inline constexpr const char* kGrpcProxyUnit = "klab-etcd-grpc-proxy.service";

/// /etc/systemd/system/klab-etcd-grpc-proxy.service for the LB host (template
/// etcd-grpc-proxy.service.mustache). TLS both ways: to the members with the proxy's
/// client certificate, and on its listener <lb-ip>:grpc_proxy_port demanding client
/// certificates from the etcd CA. Throws a usage Error when `host` is not an LB host or
/// the lab has no master.
RenderedFile render_etcd_grpc_proxy_unit(const RenderContext& ctx, const lab::HostPlan& host);

}  // namespace klab::provisioner
