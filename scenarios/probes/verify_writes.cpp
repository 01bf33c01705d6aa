#include "scenarios/probes/verify_writes.hpp"

#include <map>

namespace klab::scenarios {

WriteVerification verify_acknowledged(EtcdClient& client, const std::vector<AcknowledgedWrite>& writes,
                                      const std::string& key_prefix) {
  RangeResult range = client.get_prefix(key_prefix);
  std::map<std::string, std::string> found;
  for (KeyValue& kv : range.kvs) found.emplace(std::move(kv.key), std::move(kv.value));
  WriteVerification result;
  result.read_revision = range.header.revision;
  for (const AcknowledgedWrite& w : writes) {
    ++result.checked;
    auto it = found.find(w.key);
    if (it == found.end()) {
      result.missing.push_back(w);
    } else if (it->second != w.value) {
      result.changed.push_back(ChangedWrite{w, it->second});
    }
  }
  return result;
}

std::string describe(const WriteVerification& v) {
  if (v.ok()) return "all " + std::to_string(v.checked) + " acknowledged writes are readable";
  std::string text;
  if (!v.missing.empty()) {
    text = std::to_string(v.missing.size()) + " of " + std::to_string(v.checked) +
           " acknowledged writes are missing:";
    for (std::size_t i = 0; i < v.missing.size() && i < 10; ++i) {
      text += " " + v.missing[i].key + " (rev " + std::to_string(v.missing[i].revision) + ")";
    }
    if (v.missing.size() > 10) text += " ...";
  }
  if (!v.changed.empty()) {
    if (!text.empty()) text += "; ";
    text += std::to_string(v.changed.size()) + " have another value, e.g. " + v.changed[0].write.key;
  }
  return text;
}

}  // namespace klab::scenarios
