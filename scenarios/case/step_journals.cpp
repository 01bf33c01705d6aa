#include <map>

#include "base/error.hpp"
#include "base/parallel.hpp"
#include "scenarios/case/case_steps.hpp"
#include "scenarios/faults/guest_ops.hpp"

namespace klab::scenarios::case_run {

namespace {

using PerHost = std::function<std::string(const std::string& host, provisioner::Transport&)>;

/// Runs `per_host` for every host at once (one SSH session each): an SSH round trip
/// to a busy TCG guest takes seconds, four of them in a row took most of a minute.
/// One outcome per host, in the order of `hosts`.
std::vector<base::Outcome<std::string>> on_each_host(const TransportFor& transport,
                                                     const std::vector<std::string>& hosts, const PerHost& per_host) {
  return base::parallel_map(hosts, [&](const std::string& host) { return per_host(host, transport(host)); });
}

}  // namespace

const std::vector<std::string>& service_units() {
  static const std::vector<std::string> units = {"etcd", "haproxy", "keepalived"};
  return units;
}

void mark_journal_start(CaseContext& ctx) {
  std::vector<std::string> hosts;
  for (const lab::HostPlan& h : ctx.deps.plan.hosts) hosts.push_back(h.name);
  auto epoch_of = [](const std::string&, provisioner::Transport& t) { return guest_epoch(t); };
  std::vector<base::Outcome<std::string>> epochs = on_each_host(ctx.deps.transport, hosts, epoch_of);
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const std::string& host = hosts[i];
    try {
      ctx.journals.epochs[host] = epochs[i].get();
    } catch (const Error& e) {
      ctx.timeline.add(EventKind::note, host, std::string("journal scan start unknown: ") + e.what());
    }
  }
}

void collect_journals(CaseContext& ctx) {
  const std::map<std::string, std::string>& epochs = ctx.journals.epochs;
  std::vector<std::string> hosts;
  for (const auto& [host, epoch] : epochs) hosts.push_back(host);
  auto journal_of = [&epochs](const std::string& host, provisioner::Transport& t) {
    return journal_since(t, service_units(), epochs.at(host));
  };
  std::vector<base::Outcome<std::string>> texts = on_each_host(ctx.deps.transport, hosts, journal_of);
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const std::string& host = hosts[i];
    try {
      ctx.journals.fetched.text[host] = texts[i].get();
    } catch (const std::exception& e) {
      ctx.journals.fetched.errors[host] = e.what();
    }
  }
  ctx.journals.collected = true;
}

}  // namespace klab::scenarios::case_run
