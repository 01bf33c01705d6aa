#pragma once
// The ordered list of deploy phases. `kubernetes` and `addons` slot in after `lb` by
// adding their Phase here.
#include <memory>
#include <string>
#include <vector>

#include "provisioner/phases/phase.hpp"

namespace klab::provisioner {

using PhaseList = std::vector<std::unique_ptr<Phase>>;

/// pki, prep, etcd, lb — in the order they must run.
PhaseList default_phases();

/// "pki, prep, etcd, lb"
std::string phase_names(const PhaseList& phases);

/// The phases named in `selection` (any order, no duplicates), kept in the list's order;
/// every phase when `selection` is empty. Throws a usage Error naming an unknown phase
/// (with the closest known name) and listing the valid ones.
std::vector<Phase*> select_phases(const PhaseList& phases, const std::vector<std::string>& selection);

}  // namespace klab::provisioner
