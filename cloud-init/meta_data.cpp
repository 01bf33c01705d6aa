#include "cloud-init/meta_data.hpp"

#include <openssl/evp.h>

#include <memory>

#include "cloud-init/yaml_out.hpp"
#include "base/error.hpp"

namespace klab::cloudinit {

namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// Each part is length-prefixed so that moving bytes between documents changes the hash.
std::string sha256_hex(std::initializer_list<std::string_view> parts) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1;
  for (std::string_view part : parts) {
    const std::string length = std::to_string(part.size()) + ":";
    ok = ok && EVP_DigestUpdate(ctx.get(), length.data(), length.size()) == 1 &&
         EVP_DigestUpdate(ctx.get(), part.data(), part.size()) == 1;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  ok = ok && EVP_DigestFinal_ex(ctx.get(), digest, &size) == 1;
  if (!ok) throw infra_error("OpenSSL could not compute a SHA-256 digest");
  static const char hex[] = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < size; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 0xf];
  }
  return text;
}

}  // namespace

std::string instance_id_for(const lab::Plan& plan, const lab::HostPlan& host,
                            std::string_view user_data, std::string_view network_config) {
  const std::string digest = sha256_hex({plan.lab, host.name, user_data, network_config});
  return "klab-" + plan.lab + "-" + host.name + "-" + digest.substr(0, 16);
}

std::string render_meta_data(const std::string& instance_id, const lab::HostPlan& host) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  detail::put_string(out, "instance-id", instance_id);
  detail::put_string(out, "local-hostname", host.name);
  out << YAML::EndMap;
  return detail::finish(out, "meta-data");
}

}  // namespace klab::cloudinit
