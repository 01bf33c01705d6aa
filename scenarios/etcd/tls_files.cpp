#include "scenarios/etcd/tls_files.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <system_error>

#include <boost/asio/ssl/error.hpp>

#include "base/error.hpp"

namespace klab::scenarios {
namespace {

namespace ssl = boost::asio::ssl;

void require_readable(const std::filesystem::path& path, const char* role) {
  std::error_code ec;
  if (path.empty()) {
    throw infra_error(std::string("no ") + role + " file given: pass the lab's etcd PKI files");
  }
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw infra_error(std::string(role) + " file " + path.string() +
                      " does not exist: run `klab deploy` to create the lab's PKI, or fix the path");
  }
}

std::string reason(const boost::system::error_code& ec) {
  std::string text = ec.message();
  if (unsigned long e = ERR_get_error(); e != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    text += " (" + std::string(buf) + ")";
  }
  ERR_clear_error();
  return text;
}

}  // namespace

TlsClient make_tls_client(const TlsFiles& files) {
  require_readable(files.ca, "CA certificate");
  require_readable(files.cert, "client certificate");
  require_readable(files.key, "client key");
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  if (context->load_verify_file(files.ca.string(), ec)) {
    throw infra_error("cannot load CA certificate " + files.ca.string() + ": " + reason(ec) +
                      "; it must be a PEM certificate (the lab's etcd/ca.crt)");
  }
  if (context->use_certificate_chain_file(files.cert.string(), ec)) {
    throw infra_error("cannot load client certificate " + files.cert.string() + ": " + reason(ec) +
                      "; it must be a PEM certificate");
  }
  if (context->use_private_key_file(files.key.string(), ssl::context::pem, ec)) {
    if (ec.category() == boost::asio::error::get_ssl_category() &&
        ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH) {
      ERR_clear_error();
      throw infra_error("client key " + files.key.string() + " does not belong to certificate " +
                        files.cert.string() + ": pass the key issued with that certificate");
    }
    throw infra_error("cannot load client key " + files.key.string() + ": " + reason(ec) +
                      "; it must be an unencrypted PEM private key");
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    ERR_clear_error();
    throw infra_error("client key " + files.key.string() + " does not belong to certificate " +
                      files.cert.string() + ": pass the key issued with that certificate");
  }
  context->set_verify_mode(ssl::verify_peer);
  return TlsClient{std::move(context), files};
}

}  // namespace klab::scenarios
