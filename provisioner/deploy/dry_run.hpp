#pragma once
// `klab deploy --dry-run DIR`: every file the selected phases would install, rendered
// exactly as a deploy would (same templates, settings and etcd record), written to
// DIR/<host>/<path on the guest> with the guest's mode. Nothing is contacted; key
// material is not copied (it stays in the lab directory).
#include <filesystem>
#include <vector>

#include "provisioner/phases/phase.hpp"

namespace klab::provisioner {

/// Returns the paths written, in host then phase order. Throws klab::Error naming the
/// file when DIR cannot be written.
std::vector<std::filesystem::path> write_dry_run(const PhaseContext& ctx, const std::vector<Phase*>& phases,
                                                 const std::filesystem::path& dir);

}  // namespace klab::provisioner
