#include "cloud-init/seed.hpp"

#include "cloud-init/meta_data.hpp"
#include "cloud-init/network_config.hpp"
#include "cloud-init/user_data.hpp"

namespace klab::cloudinit {

SeedDocuments render_seed(const lab::Plan& plan, const lab::HostPlan& host, const LabKeys& keys) {
  SeedDocuments seed;
  seed.user_data = render_user_data(plan, host, keys);
  seed.network_config = render_network_config(plan, host);
  seed.instance_id = instance_id_for(plan, host, seed.user_data, seed.network_config);
  seed.meta_data = render_meta_data(seed.instance_id, host);
  return seed;
}

}  // namespace klab::cloudinit
