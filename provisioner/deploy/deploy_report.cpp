#include "provisioner/deploy/deploy_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "provisioner/transport/deadline.hpp"

namespace klab::provisioner {
namespace {

std::size_t count_all(const std::map<std::string, std::vector<std::string>>& m) {
  std::size_t n = 0;
  for (const auto& [host, items] : m) n += items.size();
  return n;
}

nlohmann::json transport_json(const std::map<std::string, TransportStats>& stats) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [host, s] : stats)
    out[host] = {{"round_trips", s.round_trips}, {"commands", s.commands},        {"uploads", s.uploads},
                 {"files_uploaded", s.files_uploaded}, {"bytes_uploaded", s.bytes_uploaded},
                 {"connects", s.connects}, {"busy_ms", s.busy.count()}};
  return out;
}

// " (3.1 s)": how long the action ran on the guest, when it said.
std::string action_time(const PhaseChanges& changes, const std::string& host, std::size_t index) {
  const auto times = changes.action_ms.find(host);
  if (times == changes.action_ms.end() || index >= times->second.size() || times->second[index] < 0) return "";
  return fmt::format(" ({:.1f} s)", static_cast<double>(times->second[index]) / 1000.0);
}

}  // namespace

std::uint64_t PhaseResult::round_trips() const {
  std::uint64_t n = 0;
  for (const auto& [host, s] : transport) n += s.round_trips;
  return n;
}

std::uint64_t PhaseResult::max_round_trips_per_host() const {
  std::uint64_t n = 0;
  for (const auto& [host, s] : transport) n = std::max(n, s.round_trips);
  return n;
}

bool DeployReport::changed() const {
  return std::any_of(phases.begin(), phases.end(), [](const PhaseResult& p) { return !p.changes.empty(); });
}

std::string to_text(const DeployReport& r) {
  std::string out;
  if (r.dry_run) {
    out += fmt::format("dry run: {} files written, nothing was contacted\n", r.dry_run_files.size());
    for (const auto& f : r.dry_run_files) out += "  " + f.string() + "\n";
    return out;
  }
  out += fmt::format("{:<8} {:>8}  {:>11}  {:>5}  {:>7}  {}\n", "PHASE", "TIME", "ROUND TRIPS", "FILES", "ACTIONS",
                     "STATUS");
  for (const PhaseResult& p : r.phases)
    out += fmt::format("{:<8} {:>8}  {:>4} ({:>2}/host)  {:>5}  {:>7}  {}\n", p.name, format_duration(p.elapsed),
                       p.round_trips(), p.max_round_trips_per_host(), count_all(p.changes.files),
                       count_all(p.changes.actions), p.ok ? "ok" : "FAILED");
  if (r.verify) {
    std::uint64_t trips = 0, max_trips = 0;
    for (const auto& [host, s] : r.verify_transport) {
      trips += s.round_trips;
      max_trips = std::max(max_trips, s.round_trips);
    }
    out += fmt::format("{:<8} {:>8}  {:>4} ({:>2}/host)  {:>5}  {:>7}  {}\n", "verify", format_duration(r.verify->elapsed),
                       trips, max_trips, "-", "-", r.verify->ok() ? "ok" : "FAILED");
  }
  out += fmt::format("total    {:>8}\n", format_duration(r.elapsed));
  for (const PhaseResult& p : r.phases) {
    std::map<std::string, std::string> lines;
    for (const auto& [host, files] : p.changes.files)
      for (const std::string& f : files) lines[host] += (lines[host].empty() ? "" : ", ") + f;
    for (const auto& [host, actions] : p.changes.actions)
      for (std::size_t i = 0; i < actions.size(); ++i)
        lines[host] += (lines[host].empty() ? "" : ", ") + actions[i] + action_time(p.changes, host, i);
    for (const auto& [host, line] : lines) out += fmt::format("  {}: {}: {}\n", p.name, host, line);
  }
  if (!r.phases.empty() && !r.changed() && !r.failure) out += "nothing changed: every host was already as deployed\n";
  if (r.verify) out += to_text(*r.verify);
  return out;
}

nlohmann::json to_json(const DeployReport& r) {
  nlohmann::json j;
  j["dry_run"] = r.dry_run;
  j["elapsed_ms"] = r.elapsed.count();
  j["changed"] = r.changed();
  j["phases"] = nlohmann::json::array();
  for (const PhaseResult& p : r.phases)
    j["phases"].push_back({{"name", p.name},
                           {"elapsed_ms", p.elapsed.count()},
                           {"ok", p.ok},
                           {"round_trips", p.round_trips()},
                           {"transport", transport_json(p.transport)},
                           {"files", p.changes.files},
                           {"actions", p.changes.actions},
                           {"action_ms", p.changes.action_ms},
                           {"notes", p.changes.notes}});
  if (r.failure) j["error"] = {{"message", r.failure->what()}, {"detail", r.failure->detail()}};
  if (r.verify) {
    const VerifyReport& v = *r.verify;
    nlohmann::json members = nlohmann::json::array();
    for (const MemberHealth& m : v.members)
      members.push_back({{"host", m.host}, {"healthy", m.healthy}, {"cluster_id", m.cluster_id},
                         {"member_id", m.member_id}, {"version", m.version}, {"leader", m.leader}});
    j["verify"] = {{"ok", v.ok()},          {"members", members},       {"vip", v.vip},
                   {"vip_holders", v.vip_holders}, {"checked_from", v.checked_from}, {"problems", v.problems},
                   {"attempts", v.attempts}, {"elapsed_ms", v.elapsed.count()},
                   {"transport", transport_json(r.verify_transport)}};
    if (v.vip_etcd_ok) j["verify"]["vip_etcd_ok"] = *v.vip_etcd_ok;
    if (v.proxy_etcd_ok) j["verify"]["proxy_etcd_ok"] = *v.proxy_etcd_ok;
    if (v.member_list) j["verify"]["cluster_id"] = v.member_list->cluster_id_hex();
  }
  if (r.dry_run) {
    j["files"] = nlohmann::json::array();
    for (const auto& f : r.dry_run_files) j["files"].push_back(f.string());
  }
  return j;
}

}  // namespace klab::provisioner
