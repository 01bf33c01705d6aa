#include "provisioner/pki/report_format.hpp"

#include <fmt/format.h>

namespace klab::provisioner::pki {

namespace {

nlohmann::json sans_json(const std::set<San>& sans) { return nlohmann::json(std::vector<San>(sans.begin(), sans.end())); }

std::string coverage_text(const CertCheck& c) {
  if (c.required_sans.empty() && c.sans.empty()) return "-";
  std::size_t covered = c.required_sans.size() - c.coverage.missing.size();
  return fmt::format("{}/{}{}", covered, c.required_sans.size(),
                     c.coverage.extra.empty() ? "" : fmt::format(" +{}", c.coverage.extra.size()));
}

}  // namespace

nlohmann::json to_json(const CheckReport& r) {
  nlohmann::json certs = nlohmann::json::array();
  for (const CertCheck& c : r.certs) {
    certs.push_back({{"id", c.id},
                     {"purpose", c.purpose},
                     {"file", c.cert_file.string()},
                     {"present", c.present},
                     {"status", to_string(c.status)},
                     {"subject", c.subject},
                     {"issuer", c.issuer},
                     {"serial", c.serial},
                     {"key_type", c.key_type},
                     {"not_after", c.not_after},
                     {"days_left", c.days_left},
                     {"sans", {{"required", sans_json(c.required_sans)},
                               {"present", sans_json(c.sans)},
                               {"missing", sans_json(c.coverage.missing)},
                               {"extra", sans_json(c.coverage.extra)}}},
                     {"chain_ok", c.chain_ok},
                     {"chain_error", c.chain_error},
                     {"key_ok", c.key_ok},
                     {"problems", c.problems}});
  }
  nlohmann::json files = nlohmann::json::array();
  for (const FileCheck& f : r.files)
    files.push_back({{"id", f.id}, {"file", f.file.string()}, {"status", to_string(f.status)},
                     {"problems", f.problems}});
  return {{"root", r.root.string()},
          {"checked_at", r.checked_at},
          {"status", to_string(r.overall())},
          {"counts", {{"ok", r.count(CheckStatus::ok)},
                      {"warning", r.count(CheckStatus::warning)},
                      {"error", r.count(CheckStatus::error)}}},
          {"certificates", certs},
          {"files", files}};
}

nlohmann::json to_json(const EnsureReport& r) {
  nlohmann::json items = nlohmann::json::array();
  for (const EnsureItem& i : r.items)
    items.push_back({{"name", i.name}, {"kind", to_string(i.kind)}, {"action", to_string(i.action)},
                     {"reason", i.reason}});
  return {{"root", r.root.string()},
          {"elapsed_ms", r.elapsed.count()},
          {"counts", {{"created", r.count(Action::created)},
                      {"reused", r.count(Action::reused)},
                      {"reissued", r.count(Action::reissued)},
                      {"updated", r.count(Action::updated)}}},
          {"items", items},
          {"warnings", r.warnings}};
}

std::string to_text(const CheckReport& r) {
  std::string out = fmt::format("PKI {} (checked {})\n", r.root.string(), r.checked_at);
  out += fmt::format("{:<8} {:>6}  {:<36} {:<21} {:<7} {}\n", "STATUS", "DAYS", "CERTIFICATE",
                     "NOT AFTER", "SANS", "CHAIN");
  for (const CertCheck& c : r.certs) {
    out += fmt::format("{:<8} {:>6}  {:<36} {:<21} {:<7} {}\n", to_string(c.status),
                       c.present ? std::to_string(c.days_left) : "-", c.id,
                       c.present ? c.not_after : "-", coverage_text(c),
                       c.chain_ok ? "ok" : (c.present ? "FAIL" : "-"));
    for (const std::string& p : c.problems) out += "           " + p + "\n";
  }
  for (const FileCheck& f : r.files) {
    out += fmt::format("{:<8} {:>6}  {}\n", to_string(f.status), "", f.id);
    for (const std::string& p : f.problems) out += "           " + p + "\n";
  }
  out += fmt::format("{}: {} ok, {} warning(s), {} error(s)\n", to_string(r.overall()),
                     r.count(CheckStatus::ok), r.count(CheckStatus::warning),
                     r.count(CheckStatus::error));
  return out;
}

std::string to_text(const EnsureReport& r) {
  std::string out = fmt::format("PKI {}: {} created, {} reused, {} reissued, {} updated in {} ms\n",
                                r.root.string(), r.count(Action::created), r.count(Action::reused),
                                r.count(Action::reissued), r.count(Action::updated), r.elapsed.count());
  for (const EnsureItem& i : r.items) {
    if (i.action == Action::reused) continue;
    out += fmt::format("  {:<9} {}{}\n", to_string(i.action), i.name, i.reason.empty() ? "" : ": " + i.reason);
  }
  for (const std::string& w : r.warnings) out += "  warning: " + w + "\n";
  return out;
}

}  // namespace klab::provisioner::pki
