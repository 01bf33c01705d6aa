#include "provisioner/deploy/clock_skew.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

namespace klab::provisioner {

std::string SkewReport::describe() const {
  std::string out;
  for (const ClockSample& s : samples)
    out += fmt::format("{}{} {:+.3f}s ±{:.3f}", out.empty() ? "" : ", ", s.host, s.offset(), s.uncertainty());
  return out;
}

SkewReport assess_skew(std::vector<ClockSample> samples) {
  SkewReport r;
  r.samples = std::move(samples);
  if (r.samples.empty()) return r;
  auto by_offset = [](const ClockSample& a, const ClockSample& b) { return a.offset() < b.offset(); };
  const auto [lo, hi] = std::minmax_element(r.samples.begin(), r.samples.end(), by_offset);
  r.spread_s = hi->offset() - lo->offset();
  r.certain_spread_s = std::max(0.0, r.spread_s - hi->uncertainty() - lo->uncertainty());
  r.fastest = hi->host;
  r.slowest = lo->host;
  return r;
}

std::optional<double> parse_unix_time(const std::string& text) {
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ' || t.back() == '\r')) t.pop_back();
  if (t.empty() || t.find_first_not_of("0123456789.") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || value <= 0) return std::nullopt;
  return value;
}

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace klab::provisioner
