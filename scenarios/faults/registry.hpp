#pragma once
// Every fault type a scenario file may name: its parameters and how to make it.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/faults/fault.hpp"
#include "scenarios/faults/fault_params.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

struct FaultType {
  std::string name;     // "link-down"
  std::string summary;  // one line for docs and `klab scenario list`
  std::vector<ParamSpec> params;
  bool masters_only = false;  // etcd faults: every target host must be an etcd member
  std::function<std::unique_ptr<Fault>(const FaultParams&)> make;
};

/// In the order docs/scenarios.md lists them.
const std::vector<FaultType>& fault_types();
const FaultType* find_fault_type(const std::string& name);
std::vector<std::string> fault_type_names();

/// Operator mistakes the etcd faults detect and name (Finding::name), and which fault
/// type detects each: `expectations.detect` must name the case's own fault's mistake.
std::vector<std::string> detectable_mistakes();
std::string mistake_detected_by(const std::string& mistake);  // fault type; empty if unknown

/// Faults that undo themselves, so that `heal: none` is allowed with them.
bool heals_itself(const std::string& fault_type);

/// The fault a (validated) spec describes. Throws a usage Error for an unknown type.
std::unique_ptr<Fault> make_fault(const FaultSpec& spec);

}  // namespace klab::scenarios
