#pragma once
// A FaultContext over the fakes, for the fault and check tests.
#include "fakes.hpp"
#include "provisioner/settings.hpp"
#include "scenarios/faults/fault.hpp"

namespace klab::scenarios::testing {

struct FaultWorld {
  lab::Plan plan = make_plan();
  provisioner::Settings settings;
  FakeClusterView view = FakeClusterView::healthy();
  FakeLab lab{view, plan};
  FakeTransports transports;
  FakeClock clock;
  Timeline timeline{clock};
  FaultContext ctx{plan, settings, lab, view, transports.fn(), clock, timeline, {}, {}, {}, {}};
};

}  // namespace klab::scenarios::testing
