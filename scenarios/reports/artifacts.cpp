#include "scenarios/reports/artifacts.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "provisioner/etcd/member.hpp"
#include "scenarios/faults/guest_ops.hpp"

namespace klab::scenarios {

namespace {

void write(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) throw infra_error("cannot write " + file.string());
}

nlohmann::json member_json(const std::vector<provisioner::etcd::Member>& members) {
  nlohmann::json out = nlohmann::json::array();
  for (const provisioner::etcd::Member& m : members)
    out.push_back({{"id", provisioner::etcd::hex_id(m.id)}, {"name", m.name}, {"peer_urls", m.peer_urls},
                   {"client_urls", m.client_urls}, {"learner", m.is_learner}});
  return out;
}

}  // namespace

std::filesystem::path collect_artifacts(const std::filesystem::path& dir, const ArtifactSources& from) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw infra_error("cannot create the artifacts directory " + dir.string() + ": " + ec.message());
  std::vector<std::string> errors;
  auto attempt = [&](const std::string& what, const std::function<void()>& fn) {
    try {
      fn();
    } catch (const std::exception& e) {
      errors.push_back(what + ": " + e.what());
    }
  };
  for (const lab::HostPlan& h : from.plan.hosts) {
    attempt("journal of " + h.name, [&] {
      auto it = from.journal_epochs.find(h.name);
      const std::string since = it != from.journal_epochs.end() ? it->second : guest_epoch(from.transport(h.name));
      write(dir / ("journal-" + h.name + ".log"), journal_since(from.transport(h.name), from.units, since));
    });
  }
  attempt("etcd member lists", [&] {
    nlohmann::json doc = nlohmann::json::object();
    for (const lab::HostPlan* m : from.plan.hosts_with_role(lab::Role::master)) {
      const EtcdEndpointStatus s = from.cluster.etcd_status(m->name);
      nlohmann::json entry = {{"reachable", s.reachable}, {"error", s.error},
                              {"cluster_id", provisioner::etcd::hex_id(s.cluster_id)}, {"member_id", provisioner::etcd::hex_id(s.member_id)},
                              {"leader_id", provisioner::etcd::hex_id(s.leader_id)}, {"revision", s.revision},
                              {"raft_term", s.raft_term}};
      if (auto members = from.cluster.etcd_members(m->name)) entry["members"] = member_json(*members);
      doc[m->name] = entry;
    }
    write(dir / "etcd-members.json", doc.dump(2) + "\n");
  });
  attempt("console logs", [&] {
    std::string list;
    for (const auto& p : from.lab.console_logs()) list += p.string() + "\n";
    write(dir / "console-logs.txt", list);
  });
  attempt("host-side leftovers", [&] {
    std::string list;
    for (const auto& l : from.lab.leftovers()) list += l + "\n";
    write(dir / "leftovers.txt", list);
  });
  if (!errors.empty()) {
    std::string text;
    for (const auto& e : errors) text += e + "\n";
    write(dir / "errors.txt", text);
  }
  return dir;
}

}  // namespace klab::scenarios
