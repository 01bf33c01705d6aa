#include "ops/clock_resync.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cmath>
#include <mutex>

#include "base/error.hpp"
#include "provisioner/lab_targets.hpp"
#include "provisioner/transport/run_parallel.hpp"
#include "provisioner/transport/ssh_transport.hpp"

namespace klab::ops {

namespace {

using std::chrono::system_clock;
using Ms = std::chrono::duration<double, std::milli>;

// Generous: right after a snapshot restore the sampling command took over 20 s on two of
// four TCG guests (they all catch up on timers at once). The accuracy comes from the
// smallest observed lag, not from the command being quick.
constexpr auto round_trip_deadline = std::chrono::seconds(60);
constexpr std::string_view sample_tag = "@@t ";

// adjtimex(ADJ_SETOFFSET | ADJ_NANO): adds ARGV[0] nanoseconds to the clock in the
// kernel, atomically. struct timex (x86_64): modes at 0, time {sec, nsec} at 72,
// 208 bytes; syscall 159. perl-base is in every Debian system.
constexpr const char* perl_step =
    "my $d=$ARGV[0]; my $s=int($d/1e9); my $n=$d-$s*1000000000; if($n<0){$n+=1000000000;$s-=1;}"
    " my $b=pack(\"L x68 q q x120\",0x2100,$s,$n); syscall(159,$b)>=0 or die \"adjtimex: $!\\n\";";

// Sets the clock to ARGV[0] (this host's time in ns when it opened the TCP connection)
// plus the time since the guest's sshd accepted it: the start time of the process
// the listening sshd forked for the connection (the topmost sshd below the listener;
// clock ticks since boot, /proc/PID/stat field 22) against CLOCK_BOOTTIME. So neither
// the handshake, the exec request (PAM, a fork, a shell) nor perl's own start-up ends
// up in the clock. Prints how far behind the clock was. clock_settime is syscall 227.
constexpr const char* perl_set =
    "use Time::HiRes qw(clock_gettime); use POSIX ();"
    " sub st { open(my $f,\"<\",\"/proc/$_[0]/stat\") or return; my $l=<$f>; $l=~s/^.*\\) //;"
    " my @x=split(/ /,$l); open(my $c,\"<\",\"/proc/$_[0]/comm\") or return; my $m=<$c>; return ($x[1],$x[19],$m); }"
    " my ($p,$st)=($$,undef); for (1..12) { my ($pp,$s)=st($p); last unless defined $s; $st=$s;"
    " my ($ppp,undef,$pm)=st($pp); last unless defined $pm; my (undef,undef,$ppm)=st($ppp);"
    " last if $pm=~/^sshd/ && (!defined $ppm || $ppm!~/^sshd/); $p=$pp; }"
    " my $el=clock_gettime(7)-$st/POSIX::sysconf(POSIX::_SC_CLK_TCK())+0.005;"
    " my $t=$ARGV[0]/1e9+$el; my $old=clock_gettime(0); my $s=int($t); my $n=int(($t-$s)*1e9);"
    " syscall(227,0,pack(\"q q\",$s,$n))>=0 or die \"clock_settime: $!\\n\"; printf(\"\\@\\@behind %.6f\\n\",$t-$old);";

// Runs `command` with its output streamed into a LagSampler; throws when it fails.
LagSampler sample(provisioner::SshTransport& transport, const std::string& command) {
  LagSampler sampler;
  std::string err;
  const auto result = transport.run_streaming(command, round_trip_deadline,
                                              [&](provisioner::OutputStream s, std::string_view bytes) {
                                                const auto now = system_clock::now();
                                                if (s == provisioner::OutputStream::out) sampler.feed(bytes, now);
                                                else err.append(bytes);
                                              });
  if (!result.ok() || !sampler.min_lag_ms())
    throw infra_error(fmt::format("{}: the clock command exited {}: {}", transport.host(), result.exit_status,
                                  provisioner::command_summary(err, 300)));
  return sampler;
}

constexpr double correct_above_ms = 20;

HostClock resync_host(const provisioner::SshTarget& target) {
  HostClock hc;
  hc.host = target.host;
  const auto start = std::chrono::steady_clock::now();
  provisioner::SshTransport transport(target);
  // When the successful TCP connect began: before the first attempt, or when the last
  // failed attempt was reported (the next one starts right away).
  system_clock::time_point connecting = system_clock::now();
  transport.connect([&](const provisioner::ConnectAttempt&) { connecting = system_clock::now(); });
  LagSampler after = sample(transport, clock_set_command(connecting));
  for (const std::string& line : after.other_lines()) {
    if (line.rfind("@@behind ", 0) == 0) {
      hc.behind_s = std::strtod(line.c_str() + 9, nullptr);
      hc.set_from_startup = true;
    }
  }
  hc.set_skew_ms = -*after.min_lag_ms();
  if (std::abs(hc.set_skew_ms) > correct_above_ms) {
    // The set was off (date -s fallback, a slow exec request): step by what is left.
    const auto delta = std::chrono::nanoseconds(std::llround(*after.min_lag_ms() * 1e6));
    if (!hc.set_from_startup) hc.behind_s = *after.min_lag_ms() / 1000;
    after = sample(transport, clock_step_command(delta, system_clock::now()));
    hc.corrected = true;
  }
  hc.skew_ms = -*after.min_lag_ms();
  hc.jitter_ms = after.spread_ms();
  for (const std::string& line : after.other_lines())
    if (line == "@@chrony") hc.chrony_stepped = true;
  hc.ok = true;
  hc.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return hc;
}

}  // namespace

bool ClockReport::ok() const {
  return std::all_of(hosts.begin(), hosts.end(), [](const HostClock& h) { return h.ok; });
}

double ClockReport::max_abs_skew_ms() const {
  double m = 0;
  for (const HostClock& h : hosts)
    if (h.ok) m = std::max(m, std::abs(h.skew_ms));
  return m;
}

void LagSampler::feed(std::string_view chunk, system_clock::time_point arrival) {
  partial_.append(chunk);
  for (std::size_t eol; (eol = partial_.find('\n')) != std::string::npos; partial_.erase(0, eol + 1)) {
    const std::string line = partial_.substr(0, eol);
    if (line.rfind(sample_tag, 0) == 0) lags_ms_.push_back(Ms(arrival - parse_epoch(line.substr(sample_tag.size()))).count());
    else other_.push_back(line);
  }
}

std::optional<double> LagSampler::min_lag_ms() const {
  if (lags_ms_.empty()) return std::nullopt;
  return *std::min_element(lags_ms_.begin(), lags_ms_.end());
}

double LagSampler::spread_ms() const {
  if (lags_ms_.empty()) return 0;
  const auto [lo, hi] = std::minmax_element(lags_ms_.begin(), lags_ms_.end());
  return *hi - *lo;
}

std::string clock_sample_command(int count) {
  // bash's $EPOCHREALTIME costs no process (a process costs ~200 ms under TCG); date is
  // the fallback for other shells. Each echo is its own write, usually its own packet.
  std::string list;
  for (int i = 1; i <= count; ++i) list += fmt::format("{}{}", i > 1 ? " " : "", i);
  return fmt::format("for i in {}; do echo \"{}${{EPOCHREALTIME:-$(date +%s.%N)}}\"; done", list, sample_tag);
}

std::string clock_set_command(system_clock::time_point now) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  return fmt::format(
      "perl -e '{}' -- {} || date -s @{}.{:09} >/dev/null || exit 1\n"
      "if [ -e /run/chrony/chronyd.pid ]; then chronyc -a makestep >/dev/null 2>&1 && echo @@chrony; fi\n"
      "{}",
      perl_set, ns, ns / 1000000000, ns % 1000000000, clock_sample_command());
}

std::string clock_step_command(std::chrono::nanoseconds delta, system_clock::time_point fallback) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(fallback.time_since_epoch()).count();
  return fmt::format(
      "perl -e '{}' -- {} || date -s @{}.{:09} >/dev/null || exit 1\n"
      "if [ -e /run/chrony/chronyd.pid ]; then chronyc -a makestep >/dev/null 2>&1 && echo @@chrony; fi\n"
      "{}",
      perl_step, delta.count(), ns / 1000000000, ns % 1000000000, clock_sample_command());
}

system_clock::time_point parse_epoch(const std::string& text) {
  const std::size_t begin = text.find_first_not_of(" \t\r\n");
  const std::size_t dot = begin == std::string::npos ? begin : text.find('.', begin);
  long long seconds = 0, nanos = 0;
  bool good = dot != std::string::npos;
  if (good) {
    const std::string sec = text.substr(begin, dot - begin);
    std::string frac = text.substr(dot + 1);
    frac = frac.substr(0, frac.find_first_not_of("0123456789"));
    good = !sec.empty() && !frac.empty() && frac.size() <= 9 &&
           std::from_chars(sec.data(), sec.data() + sec.size(), seconds).ec == std::errc{} &&
           std::from_chars(frac.data(), frac.data() + frac.size(), nanos).ec == std::errc{};
    for (std::size_t i = frac.size(); i < 9; ++i) nanos *= 10;
  }
  if (!good) throw infra_error("cannot read the guest's time from `" + text + "` (expected SECONDS.FRACTION)");
  return system_clock::time_point(std::chrono::duration_cast<system_clock::duration>(
      std::chrono::seconds(seconds) + std::chrono::nanoseconds(nanos)));
}

ClockReport resync_clocks(const lab::Plan& plan, const cloudinit::LabKeys& keys) {
  const auto start = std::chrono::steady_clock::now();
  ClockReport report;
  std::vector<std::string> names;
  for (const lab::HostPlan& h : plan.hosts) {
    names.push_back(h.name);
    report.hosts.push_back(HostClock{});
    report.hosts.back().host = h.name;
  }
  std::mutex mutex;
  const auto outcomes = provisioner::run_parallel_collect(
      names,
      [&](const std::string& name) {
        provisioner::SshTarget target = provisioner::ssh_target_for(*plan.find_host(name), keys);
        // Right after a restore four guests catch up on timers at once: one handshake
        // attempt took over 5 s there (the scenario case went inconclusive).
        target.connect_timeout = std::chrono::seconds(20);
        target.reconnect_deadline = std::chrono::seconds(60);
        HostClock hc = resync_host(target);
        std::lock_guard lock(mutex);
        for (HostClock& h : report.hosts)
          if (h.host == name) h = hc;
      },
      static_cast<int>(std::max<std::size_t>(1, names.size())));
  for (const auto& o : outcomes)
    for (HostClock& h : report.hosts)
      if (h.host == o.host && !o.ok) h.error = o.error;
  report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return report;
}

}  // namespace klab::ops
