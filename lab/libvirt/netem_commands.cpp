#include "lab/libvirt/netem_commands.hpp"

#include <cstdio>
#include <sstream>

#include "base/error.hpp"

namespace klab::lab::libvirt {

namespace {

std::string ms(std::chrono::milliseconds d) { return std::to_string(d.count()) + "ms"; }

std::string percent(double p) {
  char text[32];
  std::snprintf(text, sizeof text, "%g%%", p);
  return text;
}

}  // namespace

std::vector<std::string> netem_add_argv(const std::string& device, const NetemSpec& spec) {
  if (device.empty()) throw usage_error("netem needs a device name");
  if (spec.loss_percent < 0 || spec.loss_percent > 100)
    throw usage_error("netem loss must be between 0 and 100 percent, not " + percent(spec.loss_percent));
  std::vector<std::string> argv = {"tc", "qdisc", "replace", "dev", device, "root", "netem"};
  if (spec.delay.count() > 0 || spec.jitter.count() > 0) {
    argv.push_back("delay");
    argv.push_back(ms(spec.delay));
    if (spec.jitter.count() > 0) argv.push_back(ms(spec.jitter));
  }
  if (spec.loss_percent > 0) {
    argv.push_back("loss");
    argv.push_back(percent(spec.loss_percent));
  }
  return argv;
}

std::vector<std::string> netem_del_argv(const std::string& device) {
  return {"tc", "qdisc", "del", "dev", device, "root"};
}

std::vector<std::string> qdisc_show_argv(const std::string& device) {
  if (device.empty()) return {"tc", "qdisc", "show"};
  return {"tc", "qdisc", "show", "dev", device};
}

bool has_netem_qdisc(const std::string& tc_show_output) {
  std::istringstream in(tc_show_output);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("qdisc netem ", 0) == 0) return true;
  return false;
}

std::map<std::string, std::string> netem_devices(const std::string& tc_show_output) {
  std::map<std::string, std::string> out;
  std::istringstream in(tc_show_output);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("qdisc netem ", 0) != 0) continue;
    std::istringstream words(line);
    std::string word;
    while (words >> word) {
      if (word != "dev") continue;
      std::string device;
      if (words >> device) out[device] = line;
      break;
    }
  }
  return out;
}

}  // namespace klab::lab::libvirt
