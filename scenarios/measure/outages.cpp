#include "scenarios/measure/outages.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

namespace klab::scenarios {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

milliseconds offset(std::chrono::steady_clock::time_point t, std::chrono::steady_clock::time_point epoch) {
  return duration_cast<milliseconds>(t - epoch);
}

}  // namespace

OutageAccount account_outages(std::vector<ProbeSample> samples,
                              std::chrono::steady_clock::time_point epoch,
                              std::chrono::steady_clock::time_point stopped) {
  std::stable_sort(samples.begin(), samples.end(), [](const ProbeSample& a, const ProbeSample& b) {
    return std::tie(a.target, a.mode, a.start) < std::tie(b.target, b.mode, b.start);
  });
  OutageAccount account;
  std::size_t i = 0;
  while (i < samples.size()) {
    SeriesSummary series;
    series.target = samples[i].target;
    series.mode = samples[i].mode;
    std::optional<Outage> current;
    for (; i < samples.size() && samples[i].target == series.target && samples[i].mode == series.mode; ++i) {
      const ProbeSample& s = samples[i];
      ++series.samples;
      if (!s.ok) {
        ++series.failed;
        if (!current) {
          current = Outage{s.target, s.mode, offset(s.start, epoch), {}, false, 0, s.error};
        }
        ++current->failed_samples;
      } else if (current) {
        current->end = offset(s.start, epoch);
        account.outages.push_back(*current);
        current.reset();
      }
    }
    if (current) {
      current->end = std::max(current->start, offset(stopped, epoch));
      current->open = true;
      account.outages.push_back(*current);
    }
    for (auto it = account.outages.rbegin(); it != account.outages.rend(); ++it) {
      if (it->target != series.target || it->mode != series.mode) break;
      ++series.outages;
      series.total_downtime += it->duration();
      series.longest = std::max(series.longest, it->duration());
    }
    account.series.push_back(series);
  }
  return account;
}

OutageAccount outages_from(const OutageAccount& all, milliseconds from) {
  OutageAccount out;
  for (const Outage& o : all.outages)
    if (o.end >= from) out.outages.push_back(o);
  for (SeriesSummary series : all.series) {
    series.outages = 0;
    series.total_downtime = milliseconds(0);
    series.longest = milliseconds(0);
    for (const Outage& o : out.outages) {
      if (o.target != series.target || o.mode != series.mode) continue;
      ++series.outages;
      series.total_downtime += o.duration();
      series.longest = std::max(series.longest, o.duration());
    }
    out.series.push_back(series);
  }
  return out;
}

bool series_matches(const SeriesSummary& series, const std::string& probe, const std::string& mode) {
  const bool probe_ok = probe == "*" || probe == series.target ||
                        (probe == "members" && series.target != "vip");
  const bool mode_ok = mode == "any" || mode == to_string(series.mode);
  return probe_ok && mode_ok;
}

}  // namespace klab::scenarios
