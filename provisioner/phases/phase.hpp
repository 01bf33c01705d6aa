#pragma once
// A deploy phase: one step of `klab deploy` (pki, prep, etcd, lb; later kubernetes and
// addons), in a file of its own. The driver runs the selected phases in order, times
// them and counts their SSH round trips.
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/phases/phase_context.hpp"
#include "provisioner/render/rendered_file.hpp"

namespace klab::provisioner {

class Phase {
 public:
  virtual ~Phase() = default;
  virtual std::string name() const = 0;
  /// One line for `klab deploy --help` and the docs.
  virtual std::string summary() const = 0;
  /// The configuration files this phase renders for `host` (what --dry-run writes).
  /// Key material is not included: it stays in the lab directory.
  virtual std::vector<RenderedFile> rendered_files(const PhaseContext& ctx, const lab::HostPlan& host) const {
    (void)ctx;
    (void)host;
    return {};
  }
  /// Does the work. Throws klab::Error naming the host and the phase on failure.
  virtual void run(PhaseContext& ctx) = 0;
};

}  // namespace klab::provisioner
