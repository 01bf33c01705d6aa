#include "scenarios/etcd/transport_error.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace klab::scenarios {
namespace {

constexpr const char* kRefused = "refused our client certificate";

bool client_cert_rejected(int reason) {
  switch (reason) {
    case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
    case SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
    case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
    case SSL_R_TLSV1_ALERT_DECRYPT_ERROR:
    case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string to_string(TransportStep step) {
  switch (step) {
    case TransportStep::resolve: return "resolving";
    case TransportStep::connect: return "connecting";
    case TransportStep::handshake: return "TLS handshake";
    case TransportStep::write: return "sending the request";
    case TransportStep::read: return "reading the response";
  }
  return "?";
}

std::string describe_transport_error(const boost::system::error_code& ec, TransportStep step,
                                     const Endpoint& endpoint, const TlsFiles& tls,
                                     long verify_result, bool first_request_after_tls13_handshake) {
  std::string where = to_string(endpoint) + ": " + to_string(step) + ": ";
  bool closed = ec == boost::asio::error::connection_reset || ec == boost::asio::error::eof ||
                ec == boost::asio::error::broken_pipe || ec == boost::asio::ssl::error::stream_truncated ||
                ec == boost::beast::http::error::end_of_stream;
  if (closed && first_request_after_tls13_handshake) {
    return where + "the server closed the connection right after the TLS 1.3 handshake (" + ec.message() +
           "): it most likely " + kRefused + " " + tls.cert.string() +
           "; use a client certificate signed by the etcd CA the server trusts (the lab's etcd/ca.crt) "
           "with clientAuth usage";
  }
  if (ec == boost::beast::error::timeout) return where + "timed out";
  if (ec == boost::asio::error::operation_aborted) return where + "aborted";
  if (ec.category() == boost::asio::error::get_ssl_category()) {
    int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED) {
      return where + "the server's certificate is not trusted (" +
             X509_verify_cert_error_string(verify_result) + "): it must be signed by the CA in " +
             tls.ca.string() + " and name " + endpoint.host + " in its subjectAltName";
    }
    if (client_cert_rejected(reason)) {
      return where + "the server " + kRefused + " " + tls.cert.string() + " (" + ec.message() +
             "): use a client certificate signed by the etcd CA the server trusts (the lab's "
             "etcd/ca.crt) with clientAuth usage";
    }
    return where + ec.message();
  }
  if (ec == boost::asio::ssl::error::stream_truncated || ec == boost::asio::error::eof) {
    return where + "connection closed by the server";
  }
  return where + ec.message();
}

bool is_client_certificate_refused(const std::string& message) {
  return message.find(kRefused) != std::string::npos;
}

}  // namespace klab::scenarios
