#pragma once
// Shared set-up for the provider's integration tests against libvirt's test driver
// (test:///default): an in-process fake hypervisor, so these tests need no daemon.
// The test driver cannot upload into volumes, so where the provider would upload
// (base image, seeds) the tests create the volumes directly through libvirt.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "fixtures/libvirt/sample_plan.hpp"
#include "lab/libvirt/connection.hpp"
#include "lab/libvirt/libvirt_error.hpp"
#include "lab/libvirt/provider.hpp"
#include "lab/libvirt/storage_xml.hpp"
#include "support/private_dir.hpp"

namespace klab::testing {

inline constexpr const char* kTestUri = "test:///default";

class LibvirtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_root_.emplace(std::string("klab-it-") +
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    state_dir_ = state_root_->path();
    provider_ = make();
  }
  void TearDown() override {
    provider_.reset();
    state_root_.reset();
  }

  static std::unique_ptr<lab::libvirt::LibvirtProvider> make() {
    lab::libvirt::LibvirtOptions o;
    o.uri = kTestUri;
    o.kvm = lab::KvmStatus{false, "no vmx/svm CPU flags: nested KVM would hang guests"};
    o.check_routes = false;  // the host's routes are not the test's business
    return std::make_unique<lab::libvirt::LibvirtProvider>(o);
  }

  lab::Plan plan(const std::string& lab, const std::string& subnet = "192.168.49.0/24") {
    return sample_plan(lab, kTestUri, subnet);
  }

  const lab::libvirt::Connection& conn() { return provider_->connection(kTestUri); }

  lab::BaseImage image() {
    lab::BaseImage img;
    img.disk = "/nonexistent/debian-12.qcow2";
    img.virtual_size = 2ull << 30;
    img.sha256 = std::string(64, 'a');
    return img;
  }

  // Creates a volume as the upload would have (the test driver cannot upload).
  void create_raw(const lab::Plan& p, const std::string& name, std::uint64_t size = 1 << 20) {
    lab::libvirt::Pool pool = conn().try_pool(p.pool_name);
    ASSERT_TRUE(pool);
    std::string xml = lab::libvirt::render_raw_volume(name, size);
    lab::libvirt::Volume vol(virStorageVolCreateXML(pool.get(), xml.c_str(), 0));
    ASSERT_TRUE(vol) << lab::libvirt::last_error("creating " + name).what();
  }

  std::string volume_xml(const lab::Plan& p, const std::string& name) {
    lab::libvirt::Pool pool = conn().try_pool(p.pool_name);
    lab::libvirt::Volume vol = lab::libvirt::try_volume(pool.get(), name);
    if (!vol) return "";
    return lab::libvirt::take_string(virStorageVolGetXMLDesc(vol.get(), 0));
  }

  // Network, pool, base volume, and per host its overlay, seed and domain: the state
  // `klab up` reaches before starting hosts, minus the uploads.
  void build_lab(const lab::Plan& p, const std::string& lab_key = "") {
    provider_->ensure_network(p);
    provider_->ensure_pool(p);
    create_raw(p, p.base_volume, 2ull << 30);
    for (const lab::HostPlan& h : p.hosts) {
      lab::libvirt::Pool pool = conn().try_pool(p.pool_name);
      std::string xml = lab::libvirt::render_overlay_volume(
          h.disk_volume, 8ull << 30,
          "/var/lib/libvirt/images/" + p.pool_name + "/" + p.base_volume);
      lab::libvirt::Volume vol(virStorageVolCreateXML(pool.get(), xml.c_str(), 0));
      ASSERT_TRUE(vol);
      create_raw(p, h.seed_volume);
      ASSERT_EQ(provider_->ensure_domain(p, h, image(), {"", lab_key}), lab::Ensured::created);
    }
  }

  std::optional<PrivateStateRoot> state_root_;  // KLAB_STATE_DIR for the test
  std::filesystem::path state_dir_;
  std::unique_ptr<lab::libvirt::LibvirtProvider> provider_;
};

/// Runs `f`, expecting a klab::Error whose message contains `needle`.
template <typename F>
void expect_error(F&& f, const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "expected an error containing: " << needle;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

}  // namespace klab::testing
