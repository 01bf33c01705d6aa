#pragma once
// Artifacts of a case that did not pass: the service journals of every host since the
// case began, each etcd member's member list and status, the VMs' console log paths and
// any host-side fault still in place. Collection never throws for one missing piece: it
// writes what it could and lists what it could not in errors.txt.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/settings.hpp"
#include "scenarios/cluster_view.hpp"
#include "scenarios/faults/fault.hpp"
#include "scenarios/lab_control.hpp"

namespace klab::scenarios {

struct ArtifactSources {
  const lab::Plan& plan;
  const provisioner::Settings& settings;
  ClusterView& cluster;
  LabControl& lab;
  TransportFor transport;
  const std::map<std::string, std::string>& journal_epochs;  // host → guest epoch at case start
  const std::vector<std::string>& units;
};

/// Writes into `dir` (created) and returns it. Throws only when `dir` cannot be created.
std::filesystem::path collect_artifacts(const std::filesystem::path& dir, const ArtifactSources& from);

}  // namespace klab::scenarios
