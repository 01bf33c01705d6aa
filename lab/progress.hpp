#pragma once
// Progress: how long-running drivers (up, deploy, scenarios) report what they are
// doing. Library code calls it; the CLI decides how it looks. Thread-safe: hosts are
// worked on in parallel.
#include <chrono>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

namespace klab::lab {

struct PhaseTiming {
  std::string name;
  std::chrono::steady_clock::duration elapsed{};
  bool ok = false;
};

class Progress {
 public:
  virtual ~Progress() = default;
  /// A lab-wide phase ("network", "boot", "ssh") begins or ends.
  virtual void phase_begin(const std::string& phase) = 0;
  virtual void phase_end(const std::string& phase, bool ok) = 0;
  /// The current state of one host ("creating disk", "booting", "ssh ready 41.2s").
  virtual void host_state(const std::string& host, const std::string& state) = 0;
  /// A one-off line of information.
  virtual void note(const std::string& message) = 0;
};

/// Discards everything (tests, --output json).
class NullProgress : public Progress {
 public:
  void phase_begin(const std::string&) override {}
  void phase_end(const std::string&, bool) override {}
  void host_state(const std::string&, const std::string&) override {}
  void note(const std::string&) override {}
};

/// Terminal rendering: on a TTY, one live line per host redrawn in place; otherwise
/// (CI, pipes) plain timestamped lines. Records phase timings for the final timeline.
class ConsoleProgress : public Progress {
 public:
  ConsoleProgress(std::ostream& out, bool tty);
  void phase_begin(const std::string& phase) override;
  void phase_end(const std::string& phase, bool ok) override;
  void host_state(const std::string& host, const std::string& state) override;
  void note(const std::string& message) override;

  const std::vector<PhaseTiming>& timings() const { return timings_; }
  /// "phase  12.3s  ok" lines with a bar proportional to the duration.
  void print_timeline(std::ostream& out) const;

 private:
  void line(const std::string& text);  // caller holds mutex_
  void redraw_hosts();                 // caller holds mutex_

  std::ostream& out_;
  bool tty_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::vector<std::pair<std::string, std::string>> hosts_;  // host → state, in first-seen order
  std::size_t drawn_lines_ = 0;
  std::vector<PhaseTiming> timings_;
  std::vector<std::pair<std::string, std::chrono::steady_clock::time_point>> open_phases_;
};

/// True when `fd` is a terminal and TERM is not "dumb".
bool is_tty(int fd);

}  // namespace klab::lab
