#include "scenarios/fault_ledger.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "base/atomic_file.hpp"
#include "base/files.hpp"
#include "base/error.hpp"
#include "lab/paths.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {
namespace {

using nlohmann::json;

json to_json(const LedgerEntry& e) {
  return {{"id", e.id},       {"scenario", e.scenario}, {"case", e.case_name}, {"fault", e.fault},
          {"hosts", e.hosts}, {"pid", e.pid},           {"recorded_at", e.recorded_at}};
}

LedgerEntry from_json(const json& j) {
  LedgerEntry e;
  e.id = j.at("id").get<std::string>();
  e.scenario = j.value("scenario", "");
  e.case_name = j.value("case", "");
  e.fault = j.at("fault").get<std::string>();
  e.hosts = j.at("hosts").get<std::vector<std::string>>();
  e.pid = j.value("pid", 0L);
  e.recorded_at = j.value("recorded_at", "");
  return e;
}

std::string utc_now() { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::now())); }

}  // namespace

FaultLedger FaultLedger::for_lab(const std::string& lab) { return FaultLedger(lab::lab_dir(lab) / "faults.json"); }

std::vector<LedgerEntry> FaultLedger::entries() const {
  const std::optional<std::string> text = base::read_file_if_exists(file_);
  if (!text) return {};
  try {
    const json doc = json::parse(*text);
    std::vector<LedgerEntry> out;
    for (const json& j : doc.at("faults")) out.push_back(from_json(j));
    return out;
  } catch (const json::exception& e) {
    throw infra_error("the fault ledger " + file_.string() + " is unreadable (" + e.what() +
                      "): check the lab with `klab scenario heal`, then remove the file");
  }
}

void FaultLedger::write(const std::vector<LedgerEntry>& entries) const {
  json faults = json::array();
  for (const LedgerEntry& e : entries) faults.push_back(to_json(e));
  base::ensure_private_dir(file_.parent_path());
  base::write_file_atomic(file_, json{{"faults", faults}}.dump(2) + "\n", base::private_file_mode);
}

std::string FaultLedger::record(LedgerEntry entry) {
  static std::atomic<unsigned> counter{0};
  std::vector<LedgerEntry> all = entries();
  entry.pid = static_cast<long>(::getpid());
  entry.recorded_at = utc_now();
  entry.id = fmt::format("{}-{}-{}", entry.pid, ++counter,
                         std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count());
  all.push_back(entry);
  write(all);
  return entry.id;
}

void FaultLedger::clear(const std::string& id) {
  std::vector<LedgerEntry> all = entries();
  const auto n = all.size();
  std::erase_if(all, [&](const LedgerEntry& e) { return e.id == id; });
  if (all.size() != n) write(all);
}

void FaultLedger::clear_all() {
  if (!entries().empty()) write({});
}

std::string describe(const LedgerEntry& e) {
  std::string hosts = base::join(e.hosts, ", ");
  return e.fault + " on " + hosts + " (" + e.scenario + "/" + e.case_name + ", pid " + std::to_string(e.pid) +
         ", " + e.recorded_at + ")";
}

}  // namespace klab::scenarios
