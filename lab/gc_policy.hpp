#pragma once
// `klab gc` policy: which labs found at a libvirt URI are leftovers this process may
// remove. Only a lab this user created here (uid, host name and lab directory all match
// the caller) whose lab directory is gone, and with no domain running, is offered; any
// other lab only with an explicit --all (another owner, an unknown owner, a directory
// that still exists) and --include-running (a running or paused domain). A lab whose
// directory is missing *for this process* is not evidence that it is abandoned: another
// user, another XDG_STATE_HOME or another machine on the same URI may be using it.
#include <string>
#include <vector>

#include "lab/lab_owner.hpp"
#include "lab/provider.hpp"

namespace klab::lab {

struct GcFlags {
  bool all = false;              // also other owners, unknown owners, labs in use here
  bool include_running = false;  // also labs with active domains
};

enum class GcOwnership {
  this_process,  // every owner record names the caller
  other,         // some object was created by someone else
  unknown,       // no owner record (older klab, or only the pool is left)
};

struct GcLab {
  std::string lab, uri;
  std::vector<std::string> objects;  // one listing line per object
  GcOwnership ownership = GcOwnership::unknown;
  LabOwner owner;                    // the other owner (other), or the caller (this_process)
  bool only_pool = false;            // nothing that can carry an owner record is left
  std::vector<std::string> running;  // active domains
  bool has_state = false;            // the caller has a lab directory of this name
  bool offered = false;              // `gc --yes` removes it
  std::string skip_reason;           // why not offered ("" when offered)
  std::string included;              // offered although ...: what the flags included
};

/// The klab-owned objects of `inv`, one entry per lab (sorted by name): ownership from
/// the owner records against this_owner(lab), running domains, and whether the caller's
/// lab directory (lab_dir) exists; offered and skip_reason decided by `flags`.
std::vector<GcLab> gc_candidates(const Inventory& inv, const GcFlags& flags);

}  // namespace klab::lab
