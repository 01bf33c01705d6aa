#pragma once
// Built-in topologies. `ha` is the lab of the users' notes (an LB in front of three
// masters, 192.168.49.150-153); `single` is one master with no LB and no VIP.
#include <optional>
#include <string>
#include <vector>

namespace klab::lab {

struct Preset {
  std::string name;
  std::string description;
  std::string yaml;  // a commented klab.yaml; `klab init` writes exactly this text
};

const std::vector<Preset>& presets();
std::optional<Preset> find_preset(const std::string& name);
/// "ha, single" — for error messages and help.
std::string preset_names();

}  // namespace klab::lab
