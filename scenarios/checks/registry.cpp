#include "scenarios/checks/registry.hpp"

#include "base/error.hpp"

namespace klab::scenarios {

const std::vector<std::string>& check_names() {
  static const std::vector<std::string> names = {
      "etcd-members", "etcd-cluster-id", "etcd-hashkv", "acked-writes",
      "lb-single-master", "no-fault-left", "log-scan"};
  return names;
}

std::unique_ptr<Check> make_check(const std::string& name) {
  if (name == "etcd-members") return make_etcd_members_check();
  if (name == "etcd-cluster-id") return make_etcd_cluster_id_check();
  if (name == "etcd-hashkv") return make_etcd_hashkv_check();
  if (name == "acked-writes") return make_acked_writes_check();
  if (name == "lb-single-master") return make_lb_single_master_check();
  if (name == "no-fault-left") return make_no_fault_left_check();
  if (name == "log-scan") return make_log_scan_check();
  throw usage_error("unknown invariant check '" + name + "'");
}

const std::vector<std::string>& known_bad_lines() {
  static const std::vector<std::string> lines = {
      "panic",
      "fatal",
      "has already been bootstrapped",
      "cannot fetch cluster info from peer urls",
      "member count is unequal",
  };
  return lines;
}

CheckResult make_result(const std::string& name, const std::string& ok_summary,
                        std::vector<std::string> problems) {
  CheckResult r;
  r.name = name;
  r.passed = problems.empty();
  r.summary = r.passed ? ok_summary
                       : problems.front() + (problems.size() > 1
                                                 ? " (+" + std::to_string(problems.size() - 1) + " more)"
                                                 : "");
  r.problems = std::move(problems);
  return r;
}

}  // namespace klab::scenarios
