#include "scenarios/case/case_steps.hpp"
#include "scenarios/reports/artifacts.hpp"

namespace klab::scenarios::case_run {

void keep_artifacts_of_failure(CaseContext& ctx) {
  CaseReport& r = ctx.report;
  if (r.verdict == Verdict::passed || ctx.options.artifacts_dir.empty()) return;
  const EngineDeps& d = ctx.deps;
  try {
    const std::filesystem::path dir = ctx.options.artifacts_dir / (ctx.scenario.name + "." + r.name());
    r.artifacts = collect_artifacts(dir, ArtifactSources{d.plan, d.settings, d.cluster, d.lab, d.transport,
                                                         ctx.journals.epochs, service_units()});
  } catch (const std::exception& e) {
    r.reasons.push_back(std::string("keeping artifacts failed: ") + e.what());
  }
}

}  // namespace klab::scenarios::case_run
