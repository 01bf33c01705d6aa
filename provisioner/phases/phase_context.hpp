#pragma once
// What every deploy phase gets: the lab, the settings and templates, the lab directory,
// a transport per host, the progress display, the options — and a record of what the
// phase changed, for the summary and for idempotency checks.
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "lab/progress.hpp"
#include "provisioner/render/context.hpp"
#include "provisioner/settings.hpp"
#include "provisioner/transport/host_transports.hpp"

namespace klab::provisioner {

struct DeployOptions {
  std::vector<std::string> phases;                 // empty: every phase, in order
  std::optional<std::filesystem::path> dry_run;    // write rendered files here, connect to nothing
  bool verify = true;                              // run the checks after the phases
  std::chrono::milliseconds verify_timeout = std::chrono::seconds(90);  // until they hold
  int max_parallel = 4;                            // hosts worked on at once
  std::chrono::milliseconds probe_timeout = std::chrono::seconds(90);
  std::chrono::milliseconds apply_timeout = std::chrono::minutes(6);
  double max_clock_skew_s = 0.5;                   // prep: fail above this spread
};

/// What one phase did, per host: files it replaced, actions it took ("restart haproxy").
struct PhaseChanges {
  std::map<std::string, std::vector<std::string>> files;    // host -> paths uploaded
  std::map<std::string, std::vector<std::string>> actions;  // host -> actions run
  // host -> how long each action ran on the guest, aligned with `actions` (-1: unknown)
  std::map<std::string, std::vector<std::int64_t>> action_ms;
  std::vector<std::string> notes;                           // lines for the summary
  bool empty() const { return files.empty() && actions.empty(); }
};

class PhaseContext {
 public:
  PhaseContext(const lab::Plan& plan, const Settings& settings, const TemplateSet& templates,
               std::filesystem::path lab_dir, HostTransports& hosts, lab::Progress& progress,
               const DeployOptions& options)
      : plan(plan), settings(settings), templates(templates), lab_dir(std::move(lab_dir)), hosts(hosts),
        progress(progress), options(options) {}

  const lab::Plan& plan;
  const Settings& settings;
  const TemplateSet& templates;
  const std::filesystem::path lab_dir;
  HostTransports& hosts;
  lab::Progress& progress;
  const DeployOptions& options;

  RenderContext render() const { return RenderContext{plan, settings, templates}; }
  std::filesystem::path pki_dir() const { return lab_dir / "pki"; }
  std::filesystem::path state_dir() const { return lab_dir / "state"; }

  // Thread-safe recording, called from the per-host workers.
  void changed_file(const std::string& host, const std::string& path);
  void action(const std::string& host, const std::string& what,
              std::optional<std::chrono::milliseconds> took = std::nullopt);
  void note(const std::string& line);
  /// Takes what was recorded since the last call (the driver calls it after each phase).
  PhaseChanges take_changes();

 private:
  std::mutex mutex_;
  PhaseChanges changes_;
};

}  // namespace klab::provisioner
