#pragma once
// The client side of the lab's etcd PKI: the CA that signs the servers, and the client
// certificate + key etcd demands (--client-cert-auth). Loaded once into an OpenSSL
// context that every connection of a client or probe set shares.
#include <filesystem>
#include <memory>

#include <boost/asio/ssl/context.hpp>

namespace klab::scenarios {

struct TlsFiles {
  std::filesystem::path ca;    // PEM CA bundle that verifies the server certificate
  std::filesystem::path cert;  // PEM client certificate (clientAuth)
  std::filesystem::path key;   // PEM private key of `cert`
};

/// A loaded client context and the files it came from (for error messages).
struct TlsClient {
  std::shared_ptr<boost::asio::ssl::context> context;
  TlsFiles files;
};

/// Loads the three files into a TLS >= 1.2 client context that verifies the peer.
/// Throws klab::Error (infrastructure) naming the file and what is wrong with it
/// (missing, not PEM, key does not match the certificate).
TlsClient make_tls_client(const TlsFiles& files);

}  // namespace klab::scenarios
