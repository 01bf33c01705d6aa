#pragma once
// Who created a lab's hypervisor objects: the effective uid, this machine's host name and
// the lab directory of the creating process. The provider records it on every object
// that can carry metadata, so `klab gc` can tell a leftover of this user's lab (its
// directory is gone) from somebody else's lab that merely has no directory in *this*
// process's state root (another user, another XDG_STATE_HOME, another machine sharing
// the libvirt URI).
#include <string>

namespace klab::lab {

struct LabOwner {
  std::string uid;        // effective uid, decimal
  std::string machine;    // host name of the machine klab ran on
  std::string state_dir;  // absolute lab directory (keys, PKI) of that process
  /// Objects written by klab versions before the owner record carry none.
  bool known() const { return !uid.empty(); }
  bool operator==(const LabOwner&) const = default;
  /// "uid 0 on host h, state dir /x" (or "owner unknown").
  std::string describe() const;
};

/// The calling process as the owner of lab `lab`.
LabOwner this_owner(const std::string& lab);

}  // namespace klab::lab
