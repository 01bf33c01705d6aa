#include "provisioner/pki/ossl.hpp"

#include <openssl/err.h>

#include "base/error.hpp"

namespace klab::provisioner::pki {

std::string openssl_errors() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

void throw_openssl(const std::string& what) {
  std::string reasons = openssl_errors();
  throw infra_error(reasons.empty() ? what : what + ": " + reasons);
}

BioPtr memory_bio(const std::string& text) {
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) throw_openssl("cannot allocate an OpenSSL memory buffer");
  return bio;
}

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

}  // namespace klab::provisioner::pki
