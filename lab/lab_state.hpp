#pragma once
// The lab's small state file, <lab dir>/state.json: the plan the lab was created from,
// when, and by which klab. libvirt's ownership metadata stays the source of truth for
// what exists; this file records what was intended, for status and diagnostics.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "lab/plan.hpp"

namespace klab::lab {

/// Writes state.json atomically (temp file + rename).
void save_lab_state(const Plan& plan);
/// The parsed state.json of `lab`, or nullopt when there is none.
std::optional<nlohmann::json> load_lab_state(const std::string& lab);

}  // namespace klab::lab
