#pragma once
// `klab logs export DIR`: a diagnostics bundle of the lab. Per host: the domain XML (the
// provider's LabInspection), the serial console log and, from the guest over SSH in ONE
// round trip, the cloud-init logs, the boot's journal (bounded), systemd-analyze blame
// and friends. For the lab network: its XML, state and dnsmasq's DHCP leases.
// Whatever cannot be collected (a host that is down, no SSH) is noted, not fatal.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "lab/inspection.hpp"
#include "lab/plan.hpp"
#include "lab/provider.hpp"

namespace klab::ops {

struct CollectedFile {
  std::string name;          // relative to the bundle: "kube-master1/console.log"
  std::uintmax_t bytes = 0;
};

/// What was collected for one part of the bundle (a host, "network" or "lab").
struct PartLogs {
  std::string part;
  std::string state;                 // host: libvirt state; network: active/inactive/absent
  std::vector<CollectedFile> files;
  std::vector<std::string> notes;    // what is missing and why
};

struct LogsReport {
  std::filesystem::path dir;
  PartLogs lab;                      // plan.json, state.json
  PartLogs network;
  std::vector<PartLogs> hosts;
  std::chrono::milliseconds elapsed{0};
  std::string summary() const;       // human-readable, also written to DIR/summary.txt
};

/// Writes the bundle into `dir` (created if needed). Throws klab::Error only when the
/// bundle itself cannot be written or the hypervisor is unreachable.
LogsReport export_logs(const lab::Plan& plan, lab::LabInspection& inspection, const std::filesystem::path& dir);
/// The same through the provider's LabInspection; an infrastructure Error when it has none.
LogsReport export_logs(const lab::Plan& plan, lab::Provider& provider, const std::filesystem::path& dir);

/// The guest side: one shell script printing every section as
/// "@@klab-section NAME EXIT-STATUS BYTES\n" followed by exactly BYTES bytes.
std::string guest_collect_script(int journal_lines = 20000);

struct GuestSection {
  std::string name;      // a file name: "journal.txt"
  int exit_status = 0;   // of the command that produced it
  std::string content;
};

/// Parses the script's output; throws klab::Error (infrastructure) on malformed framing.
std::vector<GuestSection> parse_guest_sections(std::string_view output);

}  // namespace klab::ops
