#pragma once
// NoCloud user-data (#cloud-config) for one host: identity, /etc/hosts, root login with
// the lab key only, and the pre-generated host key so klab can pin it. Nothing slow:
// no package updates, no generated host keys, no default user.
#include <string>

#include "cloud-init/lab_keys.hpp"
#include "lab/plan.hpp"

namespace klab::cloudinit {

/// The document, starting with the "#cloud-config" line. Throws klab::Error when
/// `keys` holds no host key for `host`.
std::string render_user_data(const lab::Plan& plan, const lab::HostPlan& host, const LabKeys& keys);

}  // namespace klab::cloudinit
