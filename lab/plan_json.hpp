#pragma once
// The Plan as JSON (`klab plan --output json`, state.json, reports).
#include <nlohmann/json.hpp>

#include "lab/plan.hpp"

namespace klab::lab {

nlohmann::json to_json(const HostPlan& host);
nlohmann::json to_json(const Plan& plan);

}  // namespace klab::lab
