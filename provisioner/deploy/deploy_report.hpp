#pragma once
// What a `klab deploy` run did: per phase its time, its SSH round trips per host and what
// it changed; the verification; the files a dry run wrote. Text and JSON renderings.
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "provisioner/phases/phase_context.hpp"
#include "provisioner/verify/verify.hpp"

namespace klab::provisioner {

struct PhaseResult {
  std::string name;
  std::chrono::milliseconds elapsed{0};
  bool ok = false;
  std::map<std::string, TransportStats> transport;  // per host, this phase only
  PhaseChanges changes;
  std::uint64_t round_trips() const;                // over all hosts
  std::uint64_t max_round_trips_per_host() const;
};

struct DeployReport {
  std::vector<PhaseResult> phases;                  // the phases that ran (the last may have failed)
  std::optional<Error> failure;                     // the failed phase's error
  std::optional<VerifyReport> verify;
  std::map<std::string, TransportStats> verify_transport;
  std::vector<std::filesystem::path> dry_run_files; // written by a dry run
  std::chrono::milliseconds elapsed{0};
  bool dry_run = false;
  bool changed() const;                             // any file uploaded or action taken
};

/// One line per phase (time, round trips total and max per host, files uploaded,
/// actions), then what changed per host, then the verification.
std::string to_text(const DeployReport& report);
nlohmann::json to_json(const DeployReport& report);

}  // namespace klab::provisioner
