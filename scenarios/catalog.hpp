#pragma once
// The scenarios klab knows: the built-in files plus every *.yaml in the --scenario-dir
// folders. A user file may not reuse a built-in name (it would silently change what
// `klab scenario etcd-rejoin` means in CI).
#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace klab::scenarios {

/// Parses the built-ins and every *.yaml under `dirs` (not recursive, sorted by name).
/// Throws lab::ConfigError with every problem of every file, or a usage Error for a
/// missing directory or a duplicate name.
std::vector<Scenario> load_catalog(const std::vector<std::filesystem::path>& dirs = {});

/// The scenarios called `names`, in that order; throws a usage Error naming an unknown
/// one, with a did-you-mean and the list of known names.
std::vector<Scenario> select_scenarios(const std::vector<Scenario>& catalog, const std::vector<std::string>& names);

}  // namespace klab::scenarios
