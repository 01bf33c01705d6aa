#pragma once
// A whole simulated lab for deploy tests: the default 4-host plan (LB + 3 masters), a
// temporary lab directory, FakeHosts with simulated services and a FakeEtcd, and a
// one-call deploy through the real driver with the fakes' transport factory.
#include <memory>

#include "fakes/fake_etcd.hpp"
#include "fakes/fake_services.hpp"
#include "fakes/fake_transport.hpp"
#include "fixtures/render/default_lab.hpp"
#include "lab/progress.hpp"
#include "provisioner/deploy.hpp"
#include "provisioner/render/template_set.hpp"

namespace klab::provisioner::fakes {

struct FakeDeploy {
  lab::Plan plan = testing::default_plan();
  testing::TempDir lab_dir;
  Settings settings = deploy_settings(plan, lab_dir.path());  // as klab deploy: the lab's VRRP secret
  TemplateSet templates = TemplateSet::builtin();
  FakeLab lab{plan};
  std::shared_ptr<FakeServices> services = std::make_shared<FakeServices>();
  FakeEtcd etcd{lab, plan, settings};
  lab::NullProgress progress;

  FakeDeploy() { simulate_services(lab, plan, services, "kube-master"); }

  DeployOptions options(std::vector<std::string> phases = {}) const {
    DeployOptions o;
    o.phases = std::move(phases);
    o.max_parallel = 4;
    o.verify_timeout = std::chrono::seconds(3);  // the fakes converge at once; fail fast
    return o;
  }

  DeployReport run(const DeployOptions& o) {
    DeployInputs in{plan, settings, templates, lab_dir.path(), lab.factory(), progress};
    return deploy(in, o);
  }
  DeployReport run(std::vector<std::string> phases = {}) { return run(options(std::move(phases))); }

  /// Uploads and steps recorded so far, per host, then forgotten (for "second run" checks).
  void forget_history() {
    for (const lab::HostPlan& h : plan.hosts) {
      lab.host(h.name).runs.clear();
      lab.host(h.name).uploads.clear();
    }
  }
};

}  // namespace klab::provisioner::fakes
