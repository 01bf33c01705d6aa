#pragma once
// FakeTransport: a Transport for unit tests that simulates a host instead of reaching
// one. It records every command, script and upload, keeps the host's files (so a second
// deploy sees what the first one uploaded), answers the probe protocol of HostScript
// (file probe lines from its files, K lines from facts the test sets or computes), runs hooks
// when a script step contains a given text (to simulate effects: "systemctl restart etcd"
// starts a member), and fails steps or whole hosts on demand.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "lab/plan.hpp"
#include "provisioner/deploy/file_sync.hpp"
#include "provisioner/transport/host_transports.hpp"
#include "provisioner/transport/transport.hpp"

namespace klab::provisioner::fakes {

struct FakeFile {
  std::string content;
  unsigned mode = 0644;
  std::string owner = "root";
  std::string group = "root";
};

struct RecordedRun {
  std::string command;
  std::string stdin_data;
  std::vector<std::string> steps;  // commands of the HostScript steps it ran
};

class FakeLab;

struct FakeHost {
  std::string name;
  std::map<std::string, FakeFile> files;
  std::map<std::string, std::string> facts;                        // fixed answers
  std::map<std::string, std::function<std::string()>> fact_fns;     // computed answers
  double clock_offset_s = 0;                                        // for `date +%s.%N`
  bool unreachable = false;
  // step contains text -> effect(step command)
  std::vector<std::pair<std::string, std::function<void(const std::string&)>>> hooks;
  std::vector<std::pair<std::string, int>> failures;               // step contains -> exit status
  std::vector<RecordedRun> runs;
  std::vector<std::vector<FileUpload>> uploads;

  /// Every step command run on this host, in order.
  std::vector<std::string> all_steps() const {
    std::vector<std::string> out;
    for (const RecordedRun& r : runs) out.insert(out.end(), r.steps.begin(), r.steps.end());
    return out;
  }
  bool ran_step_containing(const std::string& text) const {
    for (const std::string& s : all_steps())
      if (s.find(text) != std::string::npos) return true;
    return false;
  }
  std::string fact(const std::string& key) const {
    if (auto it = fact_fns.find(key); it != fact_fns.end()) return it->second();
    if (auto it = facts.find(key); it != facts.end()) return it->second;
    return "";
  }
};

class FakeTransport final : public Transport {
 public:
  FakeTransport(std::shared_ptr<FakeHost> host, std::shared_ptr<std::recursive_mutex> lab_mutex)
      : host_(std::move(host)), mutex_(std::move(lab_mutex)) {}
  const std::string& host() const override { return host_->name; }

 protected:
  CommandResult do_run(const std::string& command, std::chrono::milliseconds, const std::string& stdin_data) override {
    std::lock_guard lock(*mutex_);
    if (host_->unreachable)
      throw infra_error(host_->name + " (fake): cannot connect: Connection refused (host unreachable)");
    RecordedRun record{command, stdin_data, {}};
    CommandResult result;
    result.exit_status = 0;
    if (command.rfind("date ", 0) == 0) {
      const double now =
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count() +
          host_->clock_offset_s;
      std::ostringstream t;
      t.setf(std::ios::fixed);
      t.precision(9);
      t << now << "\n";
      result.stdout_text = t.str();
    } else if (command == "sh -s") {
      interpret(stdin_data, record, result);
    } else {
      result.exit_status = 127;
      result.stderr_text = "fake: unknown command: " + command + "\n";
    }
    host_->runs.push_back(std::move(record));
    return result;
  }

  void do_upload(const std::vector<FileUpload>& files, std::chrono::milliseconds) override {
    std::lock_guard lock(*mutex_);
    if (host_->unreachable) throw infra_error(host_->name + " (fake): cannot connect: Connection refused");
    host_->uploads.push_back(files);
    for (const FileUpload& f : files) host_->files[f.path] = FakeFile{f.content, f.mode, f.owner, f.group};
  }

 private:
  static std::string unquote(const std::string& quoted) {
    std::string out;
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
      if (quoted.compare(i, 4, "'\\''") == 0) {
        out += '\'';
        i += 3;
      } else {
        out += quoted[i];
      }
    }
    return out;
  }

  // The words of a line of shell_quote()d arguments: 'a b' 'it'\''s' -> {a b, it's}.
  static std::vector<std::string> shell_words(const std::string& line) {
    std::vector<std::string> words;
    std::string word;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted) {
        if (c == '\'') quoted = false;
        else word += c;
      } else if (c == '\'') {
        quoted = any = true;
      } else if (c == '\\' && i + 1 < line.size()) {
        word += line[++i];
        any = true;
      } else if (c == ' ') {
        if (any) words.push_back(word);
        word.clear();
        any = false;
      } else {
        word += c;
        any = true;
      }
    }
    if (any) words.push_back(word);
    return words;
  }

  // What `klab_files PATH...` prints: as sha256sum --tag and stat -c would.
  std::string file_probes(const std::string& args) const {
    std::string out;
    for (const std::string& path : shell_words(args)) {
      const auto it = host_->files.find(path);
      if (it == host_->files.end()) {
        out += "F - - - - " + path + "\n";
        continue;
      }
      char mode[8];
      std::snprintf(mode, sizeof mode, "%o", it->second.mode);
      out += "SHA256 (" + path + ") = " + sha256_hex(it->second.content) + "\n";
      out += std::string("M ") + mode + " " + it->second.owner + " " + it->second.group + " " + path + "\n";
    }
    return out;
  }

  // What a few coreutils steps do to the files.
  void builtin_effects(const std::string& step) {
    if (step.rfind("mv -f '", 0) != 0) return;
    const auto mid = step.find("' '");
    if (mid == std::string::npos) return;
    const std::string from = unquote(step.substr(6, mid - 6 + 1));
    const std::string to = unquote(step.substr(mid + 2));
    auto it = host_->files.find(from);
    if (it == host_->files.end()) return;
    host_->files[to] = it->second;
    host_->files.erase(from);
  }

  // Walks the script: steps run hooks (or fail), facts and file probes print answers.
  void interpret(const std::string& script, RecordedRun& record, CommandResult& result) {
    std::istringstream in(script);
    std::string line, step_command;
    bool in_step = false;
    while (std::getline(in, line)) {
      if (in_step) {
        if (line.rfind(") || klab_fail $? ", 0) == 0) {
          in_step = false;
          const std::string index = line.substr(18);
          record.steps.push_back(step_command);
          for (const auto& [text, status] : host_->failures) {
            if (step_command.find(text) == std::string::npos) continue;
            result.exit_status = status;
            result.stderr_text += "fake: step failed\nklab-failed " + std::to_string(status) + " " + index + "\n";
            return;
          }
          builtin_effects(step_command);
          for (const auto& [text, effect] : host_->hooks)
            if (step_command.find(text) != std::string::npos) effect(step_command);
        } else {
          step_command += "\n" + line;
        }
        continue;
      }
      if (line.rfind("( ", 0) == 0) {
        in_step = true;
        step_command = line.substr(2);
      } else if (const auto marker = line.find("# klab-fact:"); marker != std::string::npos) {
        const std::string key = line.substr(marker + 12);
        // As the real script does: one line, trailing spaces trimmed.
        std::string value = host_->fact(key);
        for (char& c : value)
          if (c == '\n') c = ' ';
        while (!value.empty() && value.back() == ' ') value.pop_back();
        result.stdout_text += "K " + key + " " + value + "\n";
      } else if (line.rfind("klab_files ", 0) == 0) {
        result.stdout_text += file_probes(line.substr(11));
      }
    }
  }

  std::shared_ptr<FakeHost> host_;
  std::shared_ptr<std::recursive_mutex> mutex_;
};

/// A fake host per plan host, and the factory the deploy driver takes.
class FakeLab {
 public:
  explicit FakeLab(const lab::Plan& plan) {
    for (const lab::HostPlan& h : plan.hosts) {
      auto host = std::make_shared<FakeHost>();
      host->name = h.name;
      hosts_[h.name] = host;
    }
  }
  FakeHost& host(const std::string& name) { return *hosts_.at(name); }
  std::recursive_mutex& mutex() { return *mutex_; }
  /// How many transports the driver asked for (a dry run must ask for none).
  int transports_created() const { return created_; }

  TransportFactory factory() {
    return [this](const lab::HostPlan& h) -> std::unique_ptr<Transport> {
      ++created_;
      return std::make_unique<FakeTransport>(hosts_.at(h.name), mutex_);
    };
  }

 private:
  std::map<std::string, std::shared_ptr<FakeHost>> hosts_;
  std::shared_ptr<std::recursive_mutex> mutex_ = std::make_shared<std::recursive_mutex>();
  std::atomic<int> created_{0};
};

}  // namespace klab::provisioner::fakes
