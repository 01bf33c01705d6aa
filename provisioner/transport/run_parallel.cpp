#include "provisioner/transport/run_parallel.hpp"

#include <algorithm>

#include "base/parallel.hpp"

namespace klab::provisioner {
namespace {

bool starts_with_host(const std::string& message, const std::string& host) {
  return message.compare(0, host.size(), host) == 0;
}

// The host-specific part: a failure's message names its host, and its kind and detail
// are kept for the combined error.
HostOutcome to_host_outcome(const std::string& host, const base::Outcome<void>& outcome) {
  HostOutcome out;
  out.host = host;
  out.ok = outcome.ok();
  out.duration = outcome.duration;
  if (out.ok) return out;
  try {
    std::rethrow_exception(outcome.error);
  } catch (const Error& e) {
    out.error = e.what();
    out.detail = e.detail();
    out.kind = e.kind();
  } catch (const std::exception& e) {
    out.error = std::string("internal error: ") + e.what();
  } catch (...) {
    out.error = "internal error: unknown exception";
  }
  if (!starts_with_host(out.error, host)) out.error = host + ": " + out.error;
  return out;
}

}  // namespace

std::vector<HostOutcome> run_parallel_collect(const std::vector<std::string>& hosts, const HostWork& work,
                                              int max_parallel) {
  std::vector<base::Outcome<void>> done =
      base::parallel_map(hosts, work, static_cast<std::size_t>(std::max(1, max_parallel)));
  std::vector<HostOutcome> outcomes;
  outcomes.reserve(hosts.size());
  for (std::size_t i = 0; i < hosts.size(); ++i) outcomes.push_back(to_host_outcome(hosts[i], done[i]));
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
