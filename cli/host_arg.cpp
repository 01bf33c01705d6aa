#include "cli/host_arg.hpp"

#include "base/error.hpp"
#include "lab/spelling.hpp"
#include "base/strings.hpp"

namespace klab::cli {

const lab::HostPlan& must_find_host_arg(const lab::Plan& plan, const std::string& arg) {
  std::vector<std::string> names;
  for (const auto& h : plan.hosts) {
    if (h.name == arg || h.fqdn == arg) return h;
    names.push_back(h.name);
  }
  std::string list = base::join(names, ", ");
  std::string message = "lab " + plan.lab + " has no host '" + arg + "'";
  if (auto guess = lab::closest_match(arg, names)) message += " (did you mean '" + *guess + "'?)";
  throw usage_error(message + "; its hosts are: " + list);
}

}  // namespace klab::cli
