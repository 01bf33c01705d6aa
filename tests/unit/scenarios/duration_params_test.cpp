// Durations and fault parameter validation.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/faults/fault_params.hpp"
#include "scenarios/faults/registry.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;

TEST(Duration, ParsesUnitsAndRejectsBareNumbers) {
  EXPECT_EQ(parse_duration("250ms"), 250ms);
  EXPECT_EQ(parse_duration("30s"), 30s);
  EXPECT_EQ(parse_duration("2m"), 120s);
  EXPECT_EQ(parse_duration("1m30s"), 90s);
  EXPECT_FALSE(parse_duration("30"));
  EXPECT_FALSE(parse_duration("s"));
  EXPECT_FALSE(parse_duration("3 s"));
  EXPECT_FALSE(parse_duration("-1s"));
  EXPECT_FALSE(parse_duration("5d"));
  EXPECT_FALSE(parse_duration(""));
}

TEST(Duration, FormatsShortly) {
  EXPECT_EQ(format_duration(250ms), "250ms");
  EXPECT_EQ(format_duration(3s), "3s");
  EXPECT_EQ(format_duration(3531ms), "3.53s");
  EXPECT_EQ(format_duration(60s), "1m");
  EXPECT_EQ(format_duration(90s), "1m30s");
}

TEST(FaultParams, KindsAreChecked) {
  auto spec = [](std::string name, ParamKind kind) {
    ParamSpec p;
    p.name = std::move(name);
    p.kind = kind;
    return p;
  };
  const ParamSpec path = spec("path", ParamKind::path);
  EXPECT_FALSE(check_param(path, "/var/lib/etcd/klab"));
  EXPECT_TRUE(check_param(path, "/"));
  EXPECT_TRUE(check_param(path, "/var"));
  EXPECT_TRUE(check_param(path, "/var/lib/../../etc"));
  EXPECT_TRUE(check_param(path, "/var/lib/x y"));
  const ParamSpec pct = spec("loss", ParamKind::percent);
  EXPECT_FALSE(check_param(pct, "5%"));
  EXPECT_FALSE(check_param(pct, "0.5"));
  EXPECT_TRUE(check_param(pct, "101"));
  const ParamSpec unit = spec("service", ParamKind::text);
  EXPECT_TRUE(check_param(unit, "etcd; rm -rf /"));
  const ParamSpec hosts = spec("peers", ParamKind::hosts);
  EXPECT_FALSE(check_param(hosts, "m1,m2"));
  EXPECT_TRUE(check_param(hosts, "m1,$(x)"));
}

TEST(FaultParams, DefaultsApplyAndUndeclaredNamesThrow) {
  const FaultType* netem = find_fault_type("netem");
  ASSERT_NE(netem, nullptr);
  FaultParams p(netem->params, {{"delay", "100ms"}});
  EXPECT_EQ(p.duration("delay"), 100ms);
  EXPECT_EQ(p.duration("jitter"), 0ms);
  EXPECT_EQ(p.percent("loss"), 0.0);
  EXPECT_THROW(p.text("nope"), Error);
}

TEST(FaultRegistry, EveryTypeMakesAFaultOfItsOwnName) {
  for (const FaultType& t : fault_types()) {
    FaultSpec s;
    s.type = t.name;
    for (const ParamSpec& p : t.params)
      if (p.required) s.params[p.name] = p.kind == ParamKind::path ? "/var/lib/x" : "etcd";
    if (t.name == "netem") s.params["delay"] = "10ms";
    EXPECT_EQ(make_fault(s)->type(), t.name);
  }
  FaultSpec bad;
  bad.type = "meteor";
  EXPECT_THROW(make_fault(bad), Error);
}

}  // namespace
}  // namespace klab::scenarios
