#pragma once
// NoCloud meta-data and the instance-id. cloud-init runs its per-instance modules
// (hostname, keys, network) again only when the instance-id changes, so the id is a
// hash of everything the host is configured with: it changes exactly when the
// host's rendered configuration does, and a re-seed with the same config is a no-op.
#include <string>
#include <string_view>

#include "lab/plan.hpp"

namespace klab::cloudinit {

/// "klab-<lab>-<host>-<16 hex digits of SHA-256 over the documents>".
std::string instance_id_for(const lab::Plan& plan, const lab::HostPlan& host,
                            std::string_view user_data, std::string_view network_config);

/// instance-id and local-hostname (the short name, as in user-data).
std::string render_meta_data(const std::string& instance_id, const lab::HostPlan& host);

}  // namespace klab::cloudinit
