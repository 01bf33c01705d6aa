#include "provisioner/transport/run_parallel.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "provisioner/transport/deadline.hpp"

namespace klab::provisioner {
namespace {

bool starts_with_host(const std::string& message, const std::string& host) {
  return message.compare(0, host.size(), host) == 0;
}

void run_one(const std::string& host, const HostWork& work, HostOutcome& outcome) {
  const auto start = std::chrono::steady_clock::now();
  outcome.host = host;
  try {
    work(host);
    outcome.ok = true;
  } catch (const Error& e) {
    outcome.error = e.what();
    outcome.detail = e.detail();
    outcome.kind = e.kind();
  } catch (const std::exception& e) {
    outcome.error = std::string("internal error: ") + e.what();
  } catch (...) {
    outcome.error = "internal error: unknown exception";
  }
  if (!outcome.ok && !starts_with_host(outcome.error, host)) outcome.error = host + ": " + outcome.error;
  outcome.duration = elapsed_since(start);
}

}  // namespace

std::vector<HostOutcome> run_parallel_collect(const std::vector<std::string>& hosts, const HostWork& work,
                                              int max_parallel) {
  std::vector<HostOutcome> outcomes(hosts.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < hosts.size(); i = next++) run_one(hosts[i], work, outcomes[i]);
  };
  const std::size_t threads = std::min<std::size_t>(hosts.size(), static_cast<std::size_t>(std::max(1, max_parallel)));
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  }  // joins
  return outcomes;
}

std::vector<HostOutcome> run_parallel(const std::vector<std::string>& hosts, const HostWork& work,
                                      int max_parallel) {
  std::vector<HostOutcome> outcomes = run_parallel_collect(hosts, work, max_parallel);
  std::vector<const HostOutcome*> failed;
  for (const HostOutcome& o : outcomes) {
    if (!o.ok) failed.push_back(&o);
  }
  if (failed.empty()) return outcomes;
  ErrorKind kind = failed.front()->kind;
  std::string message = std::to_string(failed.size()) + " of " + std::to_string(hosts.size()) + " hosts failed:";
  std::string detail;
  for (const HostOutcome* o : failed) {
    if (o->kind != kind) kind = ErrorKind::infrastructure;
    message += "\n  " + o->error;
    if (!o->detail.empty()) detail += o->host + ":\n" + o->detail + "\n";
  }
  throw Error(kind, message, detail);
}

}  // namespace klab::provisioner
