#include "ops/logs_export.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <fstream>
#include <mutex>
#include <optional>

#include "base/error.hpp"
#include "lab/paths.hpp"
#include "lab/plan_json.hpp"
#include "provisioner/lab_targets.hpp"
#include "provisioner/transport/run_parallel.hpp"
#include "provisioner/transport/ssh_transport.hpp"

namespace fs = std::filesystem;

namespace klab::ops {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::string_view section_tag = "@@klab-section ";

// Sections: output file name and the guest command (stdout and stderr both kept).
struct GuestItem {
  const char* file;
  std::string command;
};

std::vector<GuestItem> guest_items(int journal_lines) {
  return {
      {"cloud-init.log", "cat /var/log/cloud-init.log"},
      {"cloud-init-output.log", "cat /var/log/cloud-init-output.log"},
      // What `cloud-init status --long` reads; running it costs ~40 s of Python under TCG.
      {"cloud-init-status.json", "cat /run/cloud-init/status.json"},
      {"cloud-init-result.json", "cat /run/cloud-init/result.json"},
      {"journal.txt", fmt::format("journalctl -b --no-pager -o short-precise -n {}", journal_lines)},
      {"systemd-analyze-blame.txt", "systemd-analyze blame --no-pager"},
      {"systemd-analyze.txt", "systemd-analyze time --no-pager"},
      {"failed-units.txt", "systemctl --failed --no-pager"},
  };
}

class Bundle {
 public:
  explicit Bundle(fs::path dir) : dir_(std::move(dir)) {}
  // Writes `content` to dir/name and records it in `part`.
  void write(PartLogs& part, const std::string& name, std::string_view content) {
    const fs::path path = dir_ / name;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (ec || !out) throw infra_error("cannot write " + path.string() + ": check the directory and free space");
    std::lock_guard lock(mutex_);
    part.files.push_back({name, content.size()});
  }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
  std::mutex mutex_;
};

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

nlohmann::json leases_json(const std::vector<lab::DhcpLease>& leases) {
  nlohmann::json out = nlohmann::json::array();
  for (const lab::DhcpLease& l : leases)
    out.push_back({{"iface", l.iface}, {"expirytime", l.expirytime}, {"type", l.ipv6 ? "ipv6" : "ipv4"},
                   {"mac", l.mac}, {"ipaddr", l.ipaddr}, {"prefix", l.prefix}, {"hostname", l.hostname},
                   {"clientid", l.clientid}});
  return out;
}

PartLogs export_network(const lab::Plan& plan, lab::LabInspection& inspection, Bundle& bundle) {
  PartLogs part{"network", "absent", {}, {}};
  const std::optional<lab::InspectedNetwork> net = inspection.network(plan);
  if (!net) {
    part.notes.push_back("network " + plan.network.name + " does not exist at " + plan.uri);
    return part;
  }
  part.state = net->active ? "active" : "inactive";
  bundle.write(part, "network/network.xml", net->xml);
  nlohmann::json status = {{"name", plan.network.name}, {"uri", plan.uri}, {"active", net->active},
                           {"persistent", net->persistent}, {"bridge", plan.network.bridge}};
  if (net->autostart) status["autostart"] = *net->autostart;
  if (net->active) {
    try {
      const nlohmann::json leases = leases_json(inspection.dhcp_leases(plan));
      status["dhcp_leases"] = leases.size();
      bundle.write(part, "network/dhcp-leases.json", leases.dump(2) + "\n");
    } catch (const Error& e) {
      part.notes.push_back(e.what());
    }
  } else {
    part.notes.push_back("network is not active: no DHCP leases");
  }
  bundle.write(part, "network/status.json", status.dump(2) + "\n");
  return part;
}

// The hypervisor and host-side part of a host: state, domain XML, console log.
PartLogs export_host_files(const lab::Plan& plan, const lab::HostPlan& host, lab::LabInspection& inspection,
                           Bundle& bundle) {
  PartLogs part{host.name, "absent", {}, {}};
  try {
    if (const std::optional<lab::InspectedDomain> dom = inspection.domain(host)) {
      part.state = lab::to_string(dom->state);
      bundle.write(part, host.name + "/domain.xml", dom->xml);
    } else {
      part.notes.push_back("no domain " + host.domain_name + " at " + host.uri);
    }
  } catch (const Error& e) {
    part.notes.push_back(e.what());
  }
  const fs::path console = lab::console_log_path(plan.lab, host.name);
  if (fs::exists(console)) bundle.write(part, host.name + "/console.log", read_whole(console));
  else part.notes.push_back("no console log at " + console.string());
  return part;
}

void collect_from_guest(const provisioner::SshTarget& target, PartLogs& part, Bundle& bundle) {
  provisioner::SshTransport transport(target);
  const provisioner::CommandResult r = transport.run(guest_collect_script(), std::chrono::minutes(2));
  for (const GuestSection& s : parse_guest_sections(r.stdout_text)) {
    bundle.write(part, part.part + "/" + s.name, s.content);
    if (s.exit_status != 0)
      part.notes.push_back(fmt::format("{}: exit status {} (see the file)", s.name, s.exit_status));
  }
  if (!r.ok())
    part.notes.push_back(fmt::format("collection script exited {}: {}", r.exit_status,
                                     provisioner::command_summary(r.stderr_text, 200)));
}

void collect_guests(const lab::Plan& plan, std::vector<PartLogs>& hosts, Bundle& bundle) {
  std::optional<cloudinit::LabKeys> keys;
  try {
    keys = provisioner::must_load_lab_keys(plan);
  } catch (const Error& e) {
    for (PartLogs& p : hosts) p.notes.push_back(std::string("guest logs not collected: ") + e.what());
    return;
  }
  std::vector<std::string> running;
  for (PartLogs& p : hosts) {
    if (p.state == lab::to_string(lab::HostState::running)) running.push_back(p.part);
    else p.notes.push_back("host is " + p.state + ": guest logs not collected");
  }
  const auto outcomes = provisioner::run_parallel_collect(
      running,
      [&](const std::string& name) {
        provisioner::SshTarget target = provisioner::ssh_target_for(*plan.find_host(name), *keys);
        target.connect_timeout = std::chrono::seconds(5);
        target.reconnect_deadline = std::chrono::seconds(10);
        for (PartLogs& p : hosts)
          if (p.part == name) collect_from_guest(target, p, bundle);
      },
      8);
  for (const auto& o : outcomes)
    for (PartLogs& p : hosts)
      if (!o.ok && p.part == o.host) p.notes.push_back("guest logs not collected: " + o.error);
}

std::string human_size(std::uintmax_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
}

void summarize(std::string& out, const PartLogs& p) {
  out += fmt::format("{:<16} {:<10} {} files\n", p.part, p.state, p.files.size());
  for (const CollectedFile& f : p.files) out += fmt::format("    {:<48} {:>10}\n", f.name, human_size(f.bytes));
  for (const std::string& n : p.notes) out += "    note: " + n + "\n";
}

}  // namespace

std::string LogsReport::summary() const {
  std::size_t files = lab.files.size() + network.files.size();
  for (const PartLogs& h : hosts) files += h.files.size();
  std::string out = fmt::format("logs exported to {}: {} files in {:.1f}s\n", dir.string(), files,
                                elapsed.count() / 1000.0);
  summarize(out, lab);
  summarize(out, network);
  for (const PartLogs& h : hosts) summarize(out, h);
  return out;
}

std::string guest_collect_script(int journal_lines) {
  // Each command's output goes to a temporary file first, so its size is known
  // before it is sent; nothing here may make the script itself fail.
  std::string script =
      "t=$(mktemp) || exit 1\n"
      "trap 'rm -f \"$t\"' EXIT\n"
      "section() { n=$1; shift; sh -c \"$1\" >\"$t\" 2>&1 </dev/null; rc=$?;"
      " printf '" + std::string(section_tag) + "%s %s %s\\n' \"$n\" \"$rc\" \"$(wc -c <\"$t\")\"; cat \"$t\"; }\n";
  for (const GuestItem& item : guest_items(journal_lines))
    script += fmt::format("section {} '{}'\n", item.file, item.command);
  return script;
}

std::vector<GuestSection> parse_guest_sections(std::string_view output) {
  std::vector<GuestSection> sections;
  auto malformed = [&](const std::string& why) {
    return infra_error("unexpected output from the log collection script (" + why + ")",
                       std::string(output.substr(0, 400)));
  };
  while (!output.empty()) {
    if (output.substr(0, section_tag.size()) != section_tag) throw malformed("no section header");
    const std::size_t eol = output.find('\n');
    if (eol == std::string_view::npos) throw malformed("truncated section header");
    const std::string_view header = output.substr(section_tag.size(), eol - section_tag.size());
    const std::size_t s1 = header.find(' '), s2 = header.find(' ', s1 + 1);
    if (s1 == std::string_view::npos || s2 == std::string_view::npos || s1 == 0) throw malformed("bad header");
    GuestSection s;
    s.name = std::string(header.substr(0, s1));
    std::size_t bytes = 0;
    const auto rc = header.substr(s1 + 1, s2 - s1 - 1), size = header.substr(s2 + 1);
    if (std::from_chars(rc.data(), rc.data() + rc.size(), s.exit_status).ec != std::errc{} ||
        std::from_chars(size.data(), size.data() + size.size(), bytes).ec != std::errc{})
      throw malformed("bad numbers in header of " + s.name);
    if (s.name.find('/') != std::string::npos || s.name.starts_with('.')) throw malformed("bad name " + s.name);
    output.remove_prefix(eol + 1);
    if (output.size() < bytes) throw malformed("section " + s.name + " is truncated");
    s.content = std::string(output.substr(0, bytes));
    output.remove_prefix(bytes);
    sections.push_back(std::move(s));
  }
  return sections;
}

LogsReport export_logs(const lab::Plan& plan, lab::Provider& provider, const fs::path& dir) {
  lab::LabInspection* inspection = provider.inspection();
  if (!inspection)
    throw infra_error("provider " + provider.name() + " cannot report its domains and networks: `klab logs export` "
                      "needs libvirt");
  return export_logs(plan, *inspection, dir);
}

LogsReport export_logs(const lab::Plan& plan, lab::LabInspection& inspection, const fs::path& dir) {
  const auto start = Clock::now();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw infra_error("cannot create " + dir.string() + ": " + ec.message());
  LogsReport report;
  report.dir = dir;
  Bundle bundle(dir);
  report.lab = PartLogs{"lab", plan.lab, {}, {}};
  bundle.write(report.lab, "plan.json", lab::to_json(plan).dump(2) + "\n");
  const fs::path state = lab::lab_dir(plan.lab) / "state.json";
  if (fs::exists(state)) bundle.write(report.lab, "state.json", read_whole(state));
  else report.lab.notes.push_back("no " + state.string());
  report.network = export_network(plan, inspection, bundle);
  for (const lab::HostPlan& host : plan.hosts)
    report.hosts.push_back(export_host_files(plan, host, inspection, bundle));
  collect_guests(plan, report.hosts, bundle);
  report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  std::ofstream(dir / "summary.txt") << report.summary();
  return report;
}

}  // namespace klab::ops
