#include "provisioner/deploy/host_sync.hpp"

#include "base/error.hpp"
#include "provisioner/deploy/file_sync.hpp"
#include "provisioner/transport/run_parallel.hpp"
#include "provisioner/transport/upload_script.hpp"
#include "base/strings.hpp"

namespace klab::provisioner {

ScriptResult probe_host(PhaseContext& ctx, const std::string& phase, const lab::HostPlan& host,
                        const std::vector<std::string>& paths, HostScript facts) {
  for (const std::string& path : paths) facts.probe_file(path);
  return run_script(ctx.hosts.of(host.name), phase, facts, ctx.options.probe_timeout);
}

std::set<std::string> upload_changed(PhaseContext& ctx, const std::string& phase, const lab::HostPlan& host,
                                     const std::vector<FileUpload>& files, const ScriptResult& probe) {
  const std::vector<FileUpload> changed = changed_files(files, probe.files);
  std::set<std::string> out;
  if (changed.empty()) return out;
  ctx.progress.host_state(host.name, phase + ": uploading " + describe_uploads(changed));
  try {
    ctx.hosts.of(host.name).upload(changed, ctx.options.probe_timeout);
  } catch (const Error& e) {
    rethrow_with_context(e, "phase " + phase);
  }
  for (const FileUpload& f : changed) {
    out.insert(f.path);
    ctx.changed_file(host.name, f.path);
  }
  return out;
}

ProbeOutcome probe_and_upload(PhaseContext& ctx, const std::string& phase, const lab::HostPlan& host,
                              const std::vector<FileUpload>& files, HostScript facts) {
  std::vector<std::string> paths;
  for (const FileUpload& f : files) paths.push_back(f.path);
  ProbeOutcome out;
  out.probe = probe_host(ctx, phase, host, paths, std::move(facts));
  out.changed = upload_changed(ctx, phase, host, files, out.probe);
  return out;
}

std::optional<ScriptResult> apply_steps(PhaseContext& ctx, const std::string& phase, const lab::HostPlan& host,
                                        const HostScript& apply, std::chrono::milliseconds deadline) {
  if (!apply.has_steps()) return std::nullopt;
  const std::string what = base::join(apply.steps(), ", ", [](const auto& step) { return step.first; });
  ctx.progress.host_state(host.name, phase + ": " + what);
  ScriptResult done = run_script(ctx.hosts.of(host.name), phase, apply, deadline);
  record_actions(ctx, host.name, apply, done);
  return done;
}

void record_actions(PhaseContext& ctx, const std::string& host, const HostScript& script, const ScriptResult& done) {
  for (std::size_t i = 0; i < script.steps().size(); ++i)
    ctx.action(host, script.steps()[i].first, i < done.step_elapsed.size() ? done.step_elapsed[i] : std::nullopt);
}

void for_each_host(PhaseContext& ctx, const std::string& phase, const std::vector<const lab::HostPlan*>& hosts,
                   const std::function<void(const lab::HostPlan&)>& work, int max_parallel) {
  std::vector<std::string> names;
  for (const lab::HostPlan* h : hosts) names.push_back(h->name);
  const auto outcomes = run_parallel_collect(
      names,
      [&](const std::string& name) {
        ctx.progress.host_state(name, phase + ": working");
        work(*ctx.plan.find_host(name));
        ctx.progress.host_state(name, phase + ": done");
      },
      max_parallel > 0 ? max_parallel : ctx.options.max_parallel);
  std::string message;
  std::string detail;
  ErrorKind kind = ErrorKind::infrastructure;
  int failed = 0;
  for (const HostOutcome& o : outcomes) {
    if (o.ok) continue;
    ctx.progress.host_state(o.host, phase + ": FAILED");
    kind = failed++ == 0 ? o.kind : (kind == o.kind ? kind : ErrorKind::infrastructure);
    message += "\n  " + o.error;
    if (!o.detail.empty()) detail += o.host + ":\n" + o.detail + (o.detail.back() == '\n' ? "" : "\n");
  }
  if (failed == 0) return;
  if (failed == 1) throw Error(kind, message.substr(3), detail);
  throw Error(kind, "phase " + phase + ": " + std::to_string(failed) + " of " + std::to_string(hosts.size()) +
                        " hosts failed:" + message,
              detail);
}

std::vector<const lab::HostPlan*> all_hosts(const lab::Plan& plan) {
  std::vector<const lab::HostPlan*> out;
  for (const lab::HostPlan& h : plan.hosts) out.push_back(&h);
  return out;
}

}  // namespace klab::provisioner
