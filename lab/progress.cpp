#include "lab/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fmt/format.h>

namespace klab::lab {

namespace {

double seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

std::string wall_clock() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  localtime_r(&t, &tm);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("{:02}:{:02}:{:02}.{:03}", tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

}  // namespace

bool is_tty(int fd) {
  const char* term = std::getenv("TERM");
  return ::isatty(fd) && !(term && std::string(term) == "dumb");
}

ConsoleProgress::ConsoleProgress(std::ostream& out, bool tty)
    : out_(out), tty_(tty), start_(std::chrono::steady_clock::now()) {}

void ConsoleProgress::line(const std::string& text) {
  if (tty_) {
    // Erase the live host block, print the line above it, redraw the block.
    for (std::size_t i = 0; i < drawn_lines_; ++i) out_ << "\x1b[1A\x1b[2K";
    drawn_lines_ = 0;
    out_ << text << "\n";
    redraw_hosts();
  } else {
    out_ << wall_clock() << " " << text << "\n";
  }
  out_.flush();
}

void ConsoleProgress::redraw_hosts() {
  for (std::size_t i = 0; i < drawn_lines_; ++i) out_ << "\x1b[1A\x1b[2K";
  for (const auto& [host, state] : hosts_) out_ << fmt::format("  {:<20} {}\n", host, state);
  drawn_lines_ = hosts_.size();
}

void ConsoleProgress::phase_begin(const std::string& phase) {
  std::lock_guard lock(mutex_);
  open_phases_.emplace_back(phase, std::chrono::steady_clock::now());
  line("• " + phase);
}

void ConsoleProgress::phase_end(const std::string& phase, bool ok) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(open_phases_.begin(), open_phases_.end(),
                         [&](const auto& p) { return p.first == phase; });
  const auto began = it == open_phases_.end() ? start_ : it->second;
  if (it != open_phases_.end()) open_phases_.erase(it);
  const auto elapsed = std::chrono::steady_clock::now() - began;
  timings_.push_back({phase, elapsed, ok});
  line(fmt::format("{} {} ({:.1f}s)", ok ? "✓" : "✗", phase, seconds(elapsed)));
}

void ConsoleProgress::host_state(const std::string& host, const std::string& state) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(hosts_.begin(), hosts_.end(), [&](const auto& h) { return h.first == host; });
  if (it == hosts_.end()) hosts_.emplace_back(host, state);
  else it->second = state;
  if (tty_) {
    redraw_hosts();
    out_.flush();
  } else {
    out_ << wall_clock() << " [" << host << "] " << state << "\n";
  }
}

void ConsoleProgress::note(const std::string& message) {
  std::lock_guard lock(mutex_);
  line(message);
}

void ConsoleProgress::print_timeline(std::ostream& out) const {
  double total = 0;
  for (const auto& t : timings_) total += seconds(t.elapsed);
  out << "timeline:\n";
  for (const auto& t : timings_) {
    const double s = seconds(t.elapsed);
    const int bar = total > 0 ? static_cast<int>(s / total * 40 + 0.5) : 0;
    out << fmt::format("  {:<22} {:>7.1f}s {:<4} {}\n", t.name, s, t.ok ? "ok" : "FAIL",
                       std::string(static_cast<std::size_t>(bar), '#'));
  }
  out << fmt::format("  {:<22} {:>7.1f}s\n", "total", seconds(std::chrono::steady_clock::now() - start_));
}

}  // namespace klab::lab
