#pragma once
// The HOST argument of `klab ssh`, `klab console`, ...: a planned host by name or FQDN.
#include <string>

#include "lab/plan.hpp"

namespace klab::cli {

/// The host of `plan` whose name or FQDN is `arg`. Throws a usage Error (exit 64) that
/// lists the lab's hosts, with a "did you mean" when `arg` looks like a typo.
const lab::HostPlan& must_find_host_arg(const lab::Plan& plan, const std::string& arg);

}  // namespace klab::cli
