#include "provisioner/transport/transport.hpp"

#include <deque>
#include <sstream>

#include "base/error.hpp"

namespace klab::provisioner {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

std::string last_lines(const std::string& text, std::size_t max_lines) {
  std::deque<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
    if (lines.size() > max_lines) lines.pop_front();
  }
  std::string out;
  for (const std::string& line : lines) out += "  " + line + "\n";
  return out;
}

}  // namespace

TransportStats TransportStats::operator-(const TransportStats& earlier) const {
  TransportStats d;
  d.round_trips = round_trips - earlier.round_trips;
  d.commands = commands - earlier.commands;
  d.uploads = uploads - earlier.uploads;
  d.files_uploaded = files_uploaded - earlier.files_uploaded;
  d.bytes_uploaded = bytes_uploaded - earlier.bytes_uploaded;
  d.connects = connects - earlier.connects;
  d.busy = busy - earlier.busy;
  return d;
}

CommandResult Transport::run(const std::string& command, std::chrono::milliseconds deadline,
                             const std::string& stdin_data) {
  struct Count {  // counted even when the command throws: the round trip happened
    Transport& self;
    Clock::time_point start;
    ~Count() { self.count_command(since(start)); }
  } count{*this, Clock::now()};
  return do_run(command, deadline, stdin_data);
}

void Transport::upload(const std::vector<FileUpload>& files, std::chrono::milliseconds deadline) {
  if (files.empty()) return;
  std::uint64_t bytes = 0;
  for (const FileUpload& f : files) bytes += f.content.size();
  struct Count {  // counted even when the upload throws: the bytes were sent
    Transport& self;
    Clock::time_point start;
    std::uint64_t files;
    std::uint64_t bytes;
    ~Count() {
      std::lock_guard lock(self.stats_mutex_);
      ++self.stats_.round_trips;
      ++self.stats_.uploads;
      self.stats_.files_uploaded += files;
      self.stats_.bytes_uploaded += bytes;
      self.stats_.busy += since(start);
    }
  } count{*this, Clock::now(), files.size(), bytes};
  do_upload(files, deadline);
}

TransportStats Transport::stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

void Transport::count_command(std::chrono::milliseconds busy) {
  std::lock_guard lock(stats_mutex_);
  ++stats_.round_trips;
  ++stats_.commands;
  stats_.busy += busy;
}

void Transport::count_connect() {
  std::lock_guard lock(stats_mutex_);
  ++stats_.connects;
}

CommandResult run_checked(Transport& transport, const std::string& command,
                          std::chrono::milliseconds deadline, const std::string& stdin_data) {
  CommandResult result = transport.run(command, deadline, stdin_data);
  if (!result.ok()) {
    std::string status = result.exit_signal.empty()
                             ? "exit status " + std::to_string(result.exit_status)
                             : "signal " + result.exit_signal;
    throw infra_error(transport.host() + ": `" + command_summary(command) + "` failed with " + status,
                      output_tail(result.stdout_text, result.stderr_text));
  }
  return result;
}

std::string output_tail(const std::string& stdout_text, const std::string& stderr_text,
                        std::size_t max_lines) {
  std::string out;
  if (!stdout_text.empty()) out += "stdout (last lines):\n" + last_lines(stdout_text, max_lines);
  if (!stderr_text.empty()) out += "stderr (last lines):\n" + last_lines(stderr_text, max_lines);
  if (out.empty()) out = "(no output)\n";
  return out;
}

std::string command_summary(const std::string& command, std::size_t max_chars) {
  std::string one_line;
  for (char c : command) one_line += (c == '\n' || c == '\r') ? ' ' : c;
  if (one_line.size() > max_chars) one_line = one_line.substr(0, max_chars - 3) + "...";
  return one_line;
}

}  // namespace klab::provisioner
