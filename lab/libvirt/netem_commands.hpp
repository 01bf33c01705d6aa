#pragma once
// tc netem on the host side of a VM's tap device (vnetN): the commands and the parsing
// of `tc qdisc show`. A root qdisc on the tap shapes what the host sends *to* the guest;
// delay therefore adds once to every round trip and loss drops packets towards the guest.
#include <map>
#include <string>
#include <vector>

#include "lab/host_faults.hpp"

namespace klab::lab::libvirt {

/// `tc qdisc replace dev DEV root netem delay 100ms 20ms loss 5%` (replace: idempotent).
std::vector<std::string> netem_add_argv(const std::string& device, const NetemSpec& spec);
/// `tc qdisc del dev DEV root` (the device falls back to its default qdisc).
std::vector<std::string> netem_del_argv(const std::string& device);
/// `tc qdisc show dev DEV`, or every device when `device` is empty.
std::vector<std::string> qdisc_show_argv(const std::string& device = {});

/// Whether `tc qdisc show dev DEV` output has a netem qdisc.
bool has_netem_qdisc(const std::string& tc_show_output);
/// Every device with a netem qdisc in `tc qdisc show` output (all devices), mapped to
/// the netem line ("qdisc netem 8001: dev vnet3 root refcnt 2 limit 1000 delay 100ms").
std::map<std::string, std::string> netem_devices(const std::string& tc_show_output);

}  // namespace klab::lab::libvirt
