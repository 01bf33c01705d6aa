#pragma once
// `klab deploy`: runs the selected phases in order (pki, prep, etcd, lb; later
// kubernetes and addons), each timed and with its SSH round trips counted per host, then
// verifies the result. One transport (SSH session) per host for the whole run. With
// dry_run set it writes every rendered file to DIR/<host>/<guest path> and connects to
// nothing.
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "lab/progress.hpp"
#include "provisioner/deploy/deploy_report.hpp"
#include "provisioner/phases/phase_list.hpp"
#include "provisioner/render/template_set.hpp"
#include "provisioner/settings.hpp"

namespace klab::provisioner {

struct DeployInputs {
  const lab::Plan& plan;
  const Settings& settings;
  const TemplateSet& templates;
  std::filesystem::path lab_dir;
  TransportFactory transports;
  lab::Progress& progress;
};

/// Runs the deploy. A failing phase stops the run: its error is in report.failure (the
/// phases before it keep their results, for the summary). Throws only for invalid
/// options (unknown phase: usage error).
DeployReport deploy(const DeployInputs& inputs, const DeployOptions& options, const PhaseList& phases);
DeployReport deploy(const DeployInputs& inputs, const DeployOptions& options);

}  // namespace klab::provisioner
