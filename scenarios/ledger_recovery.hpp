#pragma once
// The faults an interrupted `klab scenario` left recorded in the lab's fault ledger
// (scenarios/fault_ledger.hpp): found, named and reverted before the next scenario run
// or deploy, and on demand by `klab scenario heal`.
#include <ostream>

#include "lab/plan.hpp"
#include "lab/progress.hpp"
#include "scenarios/live/live_lab.hpp"

namespace klab::scenarios {

/// Reverts what the ledger of `live`'s lab records, saying what it found and did on
/// `progress`. Nothing recorded: does nothing and returns false. Throws an
/// infrastructure Error listing what is still in place when recovery cannot finish.
bool recover_recorded_faults(LiveLab& live, lab::Progress& progress);

/// The same for a command that has no LiveLab yet (deploy): opens one only when the
/// ledger records something.
bool recover_recorded_faults(const lab::Plan& plan, lab::Progress& progress);

}  // namespace klab::scenarios
