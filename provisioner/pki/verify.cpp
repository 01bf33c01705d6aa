#include "provisioner/pki/verify.hpp"

namespace klab::provisioner::pki {

namespace {

std::optional<std::string> verify_once(X509* cert, X509* ca, Clock::time_point at, int purpose) {
  X509StorePtr store(X509_STORE_new());
  if (!store || X509_STORE_add_cert(store.get(), ca) != 1)
    throw_openssl("cannot build a certificate store");
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), cert, nullptr) != 1)
    throw_openssl("cannot start a certificate verification");
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());  // owned by ctx
  X509_VERIFY_PARAM_set_time(param, Clock::to_time_t(at));
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT);
  if (purpose != 0 && X509_STORE_CTX_set_purpose(ctx.get(), purpose) != 1)
    throw_openssl("cannot set the verification purpose");
  if (X509_verify_cert(ctx.get()) == 1) return std::nullopt;
  openssl_errors();  // the reason is in the context; drop the queue
  int err = X509_STORE_CTX_get_error(ctx.get());
  std::string reason = X509_verify_cert_error_string(err);
  if (purpose == X509_PURPOSE_SSL_SERVER) reason += " (as a TLS server)";
  if (purpose == X509_PURPOSE_SSL_CLIENT) reason += " (as a TLS client)";
  return reason;
}

}  // namespace

std::optional<std::string> verify_chain(X509* cert, X509* ca, Clock::time_point at, Usage usage) {
  if (!usage.server && !usage.client) return verify_once(cert, ca, at, 0);
  if (usage.server)
    if (auto err = verify_once(cert, ca, at, X509_PURPOSE_SSL_SERVER)) return err;
  if (usage.client)
    if (auto err = verify_once(cert, ca, at, X509_PURPOSE_SSL_CLIENT)) return err;
  return std::nullopt;
}

}  // namespace klab::provisioner::pki
