#pragma once
// Runs klab commands in-process (klab::cli::run), so they share the test driver's
// in-memory hypervisor (test:///default) with the fixture's connection.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace klab::testing {

struct CliResult {
  int code = 0;
  std::string out, err;
  bool says(const std::string& part) const {
    return out.find(part) != std::string::npos || err.find(part) != std::string::npos;
  }
};

inline CliResult run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "klab");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

/// Writes a topology file for the 4 hosts of sample_plan (same names and addresses) as
/// lab `lab` at `uri`, so the CLI resolves the plan the fixture's build_lab created.
inline std::filesystem::path write_topology(const std::filesystem::path& file, const std::string& lab,
                                            const std::string& uri) {
  std::ofstream(file) << "name: " << lab << "\nlibvirt: {uri: '" << uri << "', accel: tcg}\nimage: debian-12\n"
                      << "network: {subnet: 192.168.49.0/24, gateway: 192.168.49.1, domain: example.com, "
                         "vip: 192.168.49.160, mode: nat}\n"
                         "defaults: {vcpus: 1, memory: 1024, disk: 8}\nhosts:\n"
                         "  - {name: kube-master,  role: lb,     ip: 192.168.49.150}\n"
                         "  - {name: kube-master1, role: master, ip: 192.168.49.151}\n"
                         "  - {name: kube-master2, role: master, ip: 192.168.49.152}\n"
                         "  - {name: kube-master3, role: master, ip: 192.168.49.153}\n";
  return file;
}

}  // namespace klab::testing
