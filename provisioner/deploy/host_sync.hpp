#pragma once
// The shape of every host-level phase, in at most three round trips per host:
//   1. probe  — one script: the state of the phase's files + the facts it needs
//   2. upload — only the files that differ, in one transfer (skipped when none do)
//   3. apply  — one script of steps chosen from what changed and the facts (skipped
//               when there is nothing to do)
// plus the parallel fan-out over hosts with per-host progress.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/deploy/host_script.hpp"
#include "provisioner/phases/phase_context.hpp"

namespace klab::provisioner {

struct ProbeOutcome {
  ScriptResult probe;
  std::set<std::string> changed;  // paths uploaded
};

/// Round trip 1: runs `facts` plus a probe of every path in `paths`.
ScriptResult probe_host(PhaseContext& ctx, const std::string& phase, const lab::HostPlan& host,
                        const std::vector<std::string>& paths, HostScript facts);

/// Round trip 2: uploads the files of `files` that differ from what `probe` saw, in one
/// transfer, records them in `ctx` and returns their paths.
std::set<std::string> upload_changed(PhaseContext& ctx, const std::string& phase, const lab::HostPlan& host,
                                     const std::vector<FileUpload>& files, const ScriptResult& probe);

/// Round trips 1 and 2: probes `files` (plus whatever `facts` asks), uploads the ones
/// that differ and records them in `ctx`.
ProbeOutcome probe_and_upload(PhaseContext& ctx, const std::string& phase, const lab::HostPlan& host,
                              const std::vector<FileUpload>& files, HostScript facts);

/// Round trip 3: runs `apply` when it has steps, recording each step as an action with
/// its guest time; nullopt when there was nothing to run.
std::optional<ScriptResult> apply_steps(PhaseContext& ctx, const std::string& phase, const lab::HostPlan& host,
                                        const HostScript& apply, std::chrono::milliseconds deadline);

/// Records every step of `script` that ran (`done`) as an action of `host`.
void record_actions(PhaseContext& ctx, const std::string& host, const HostScript& script, const ScriptResult& done);

/// Runs `work` for every host in parallel (bounded by options.max_parallel, or by
/// `max_parallel` when > 0: 1 serialises), showing per-host progress; throws one
/// klab::Error naming every failed host and the phase.
void for_each_host(PhaseContext& ctx, const std::string& phase, const std::vector<const lab::HostPlan*>& hosts,
                   const std::function<void(const lab::HostPlan&)>& work, int max_parallel = 0);

std::vector<const lab::HostPlan*> all_hosts(const lab::Plan& plan);

}  // namespace klab::provisioner
