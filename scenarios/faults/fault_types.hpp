#pragma once
// Factories of the fault implementations, one file each under scenarios/faults/.
#include <memory>

#include "scenarios/faults/fault.hpp"
#include "scenarios/faults/fault_params.hpp"

namespace klab::scenarios {

std::unique_ptr<Fault> make_link_down(const FaultParams& params);
std::unique_ptr<Fault> make_suspend(const FaultParams& params);
std::unique_ptr<Fault> make_destroy(const FaultParams& params);
std::unique_ptr<Fault> make_reset(const FaultParams& params);
std::unique_ptr<Fault> make_reboot(const FaultParams& params);
std::unique_ptr<Fault> make_netem(const FaultParams& params);
std::unique_ptr<Fault> make_partition(const FaultParams& params);
std::unique_ptr<Fault> make_stop_service(const FaultParams& params);
std::unique_ptr<Fault> make_kill_service(const FaultParams& params);
std::unique_ptr<Fault> make_wipe_data_dir(const FaultParams& params);
std::unique_ptr<Fault> make_etcd_restart_with_data(const FaultParams& params);
std::unique_ptr<Fault> make_etcd_replace_member(const FaultParams& params);
std::unique_ptr<Fault> make_etcd_wiped_start_new(const FaultParams& params);
std::unique_ptr<Fault> make_etcd_existing_without_add(const FaultParams& params);
std::unique_ptr<Fault> make_etcd_quorum_restore(const FaultParams& params);

}  // namespace klab::scenarios
