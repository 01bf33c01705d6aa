#pragma once
// Turns a failed network/TLS step into one line a user can act on: which endpoint,
// which step, and for TLS what to check (the server certificate against our CA, or our
// client certificate refused by the server).
#include <string>

#include <boost/system/error_code.hpp>

#include "scenarios/etcd/endpoint.hpp"
#include "scenarios/etcd/tls_files.hpp"

namespace klab::scenarios {

enum class TransportStep { resolve, connect, handshake, write, read };

std::string to_string(TransportStep step);

/// `verify_result` is SSL_get_verify_result() after a failed handshake (X509_V_OK
/// otherwise). `first_request_after_tls13_handshake`: under TLS 1.3 the server checks
/// our certificate after the client considers the handshake done, and Go's TLS stack
/// (etcd, apiserver) then closes the connection, so the refusal shows up as a reset or
/// EOF on the first request rather than as an alert.
std::string describe_transport_error(const boost::system::error_code& ec, TransportStep step,
                                     const Endpoint& endpoint, const TlsFiles& tls,
                                     long verify_result, bool first_request_after_tls13_handshake = false);

/// True when `message` (from describe_transport_error) says the server refused our
/// client certificate.
bool is_client_certificate_refused(const std::string& message);

}  // namespace klab::scenarios
