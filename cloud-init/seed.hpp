#pragma once
// The three NoCloud documents for one host, rendered together so that the instance-id
// in meta-data is the hash of the other two.
#include <string>

#include "cloud-init/lab_keys.hpp"
#include "lab/plan.hpp"

namespace klab::cloudinit {

struct SeedDocuments {
  std::string user_data;       // "#cloud-config" document (user_data.hpp)
  std::string meta_data;       // instance-id, local-hostname (meta_data.hpp)
  std::string network_config;  // version 2, static address (network_config.hpp)
  std::string instance_id;     // as written in meta_data
  bool operator==(const SeedDocuments&) const = default;
};

/// Pure given its inputs: the same plan and keys always give the same bytes.
SeedDocuments render_seed(const lab::Plan& plan, const lab::HostPlan& host, const LabKeys& keys);

}  // namespace klab::cloudinit
