#include "provisioner/phases/phase_list.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "lab/spelling.hpp"
#include "provisioner/phases/etcd_phase.hpp"
#include "provisioner/phases/lb_phase.hpp"
#include "provisioner/phases/pki_phase.hpp"
#include "provisioner/phases/prep_phase.hpp"
#include "base/strings.hpp"

namespace klab::provisioner {

PhaseList default_phases() {
  PhaseList out;
  out.push_back(std::make_unique<PkiPhase>());
  out.push_back(std::make_unique<PrepPhase>());
  out.push_back(std::make_unique<EtcdPhase>());
  out.push_back(std::make_unique<LbPhase>());
  return out;
}

std::string phase_names(const PhaseList& phases) {
  return base::join(phases, ", ", [](const auto& p) { return p->name(); });
}

std::vector<Phase*> select_phases(const PhaseList& phases, const std::vector<std::string>& selection) {
  std::vector<std::string> names;
  for (const auto& p : phases) names.push_back(p->name());
  for (const std::string& wanted : selection) {
    if (std::find(names.begin(), names.end(), wanted) != names.end()) continue;
    std::string message = "unknown phase '" + wanted + "'";
    if (auto guess = lab::closest_match(wanted, names)) message += " (did you mean '" + *guess + "'?)";
    throw usage_error(message + "; the phases are: " + phase_names(phases));
  }
  std::vector<Phase*> out;
  for (const auto& p : phases)
    if (selection.empty() || std::find(selection.begin(), selection.end(), p->name()) != selection.end())
      out.push_back(p.get());
  return out;
}

}  // namespace klab::provisioner
