#pragma once
// The invariant checks a scenario file may list by name.
#include <memory>
#include <string>
#include <vector>

#include "scenarios/checks/check.hpp"

namespace klab::scenarios {

/// "etcd-members", "etcd-cluster-id", "etcd-hashkv", "acked-writes", "lb-single-master",
/// "no-fault-left", "log-scan".
const std::vector<std::string>& check_names();
/// Throws a usage Error for an unknown name.
std::unique_ptr<Check> make_check(const std::string& name);

/// Known bad journal lines (case-insensitive regular expressions), scanned by log-scan.
const std::vector<std::string>& known_bad_lines();

/// Each check's factory, one file each under scenarios/checks/.
std::unique_ptr<Check> make_etcd_members_check();
std::unique_ptr<Check> make_etcd_cluster_id_check();
std::unique_ptr<Check> make_etcd_hashkv_check();
std::unique_ptr<Check> make_acked_writes_check();
std::unique_ptr<Check> make_lb_single_master_check();
std::unique_ptr<Check> make_no_fault_left_check();
std::unique_ptr<Check> make_log_scan_check();

}  // namespace klab::scenarios
