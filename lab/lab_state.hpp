#pragma once
// The lab's small state file, <lab dir>/state.json: the plan the lab was created from,
// the libvirt URIs it lives at, when, and by which klab. libvirt's ownership metadata
// stays the source of truth for what exists; this file records what was intended, for
// status and diagnostics, and where to look before the lab directory may be removed.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"

namespace klab::lab {

/// Writes state.json atomically (base::write_file_atomic). `klab up` writes it before it
/// creates anything at the plan's URIs.
void save_lab_state(const Plan& plan);
/// The parsed state.json of `lab`, or nullopt when there is none.
std::optional<nlohmann::json> load_lab_state(const std::string& lab);
/// The libvirt URIs state.json says the lab lives at; nullopt without a readable record.
std::optional<std::vector<std::string>> recorded_uris(const std::string& lab);

/// What remove_lab_dir removed and kept.
struct LabDirRemoval {
  bool existed = false;
  bool kept_pki = false;  // <lab dir>/pki is still there
};
/// Removes the lab directory (keys, seeds, console logs, records, reports) except its
/// PKI unless `purge`; the directory itself goes once nothing is left in it.
LabDirRemoval remove_lab_dir(const std::string& lab, bool purge);

}  // namespace klab::lab
