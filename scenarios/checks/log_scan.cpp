// log-scan: the case's etcd, haproxy and keepalived journals hold none of the known bad
// lines (panic, fatal, "has already been bootstrapped", ...) unless the case allows them,
// and none of its own forbidden lines. (Lines a case expects are an expectation, checked
// by the engine whether or not log-scan runs.)
#include <sstream>

#include "scenarios/checks/registry.hpp"
#include "scenarios/faults/etcd_procedures.hpp"

namespace klab::scenarios {
namespace {

bool allowed(const std::string& line, const std::vector<std::string>& allow) {
  return first_matching_line(line, allow).has_value();
}

class LogScanCheck : public Check {
 public:
  std::string name() const override { return "log-scan"; }
  CheckResult run(CheckContext& ctx) override {
    if (!ctx.journals) return make_result(name(), "", {"the journals were not collected"});
    std::vector<std::string> problems;
    std::vector<std::string> bad = known_bad_lines();
    std::vector<std::string> allow;
    if (ctx.logs) {
      bad.insert(bad.end(), ctx.logs->forbidden.begin(), ctx.logs->forbidden.end());
      allow = ctx.logs->allowed;
    }
    for (const auto& [host, error] : ctx.journals->errors) problems.push_back("journal of " + host + " unreadable: " + error);
    std::size_t lines = 0;
    for (const auto& [host, text] : ctx.journals->text) {
      std::istringstream in(text);
      for (std::string line; std::getline(in, line);) {
        ++lines;
        if (auto hit = first_matching_line(line, bad); hit && !allowed(line, allow))
          problems.push_back(host + ": " + line);
      }
    }
    return make_result(name(), std::to_string(lines) + " journal lines scanned, no known bad line",
                       std::move(problems));
  }
};

}  // namespace

std::unique_ptr<Check> make_log_scan_check() { return std::make_unique<LogScanCheck>(); }

}  // namespace klab::scenarios
