#include "lab/libvirt/upload.hpp"

#include <cerrno>
#include <fstream>
#include <vector>

#include "lab/libvirt/libvirt_error.hpp"

namespace klab::lab::libvirt {

void upload_file(const Connection& conn, virStorageVolPtr vol,
                 const std::filesystem::path& source) {
  const std::string what = "uploading " + source.string() + " into volume " + volume_name(vol);
  std::ifstream in(source, std::ios::binary);
  if (!in) throw infra_error(what + ": cannot open the file: " + errno_string(errno));
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(source, ec);
  if (ec) throw infra_error(what + ": " + ec.message());

  Stream stream(virStreamNew(conn.get(), 0));
  if (!stream) throw_last_error(what);
  if (virStorageVolUpload(vol, stream.get(), 0, size, 0) < 0) throw_last_error(what);

  std::vector<char> buf(1 << 20);
  std::uintmax_t sent_total = 0;
  while (sent_total < size) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) {
      virStreamAbort(stream.get());
      throw infra_error(what + ": the file ended after " + std::to_string(sent_total) + " of " +
                        std::to_string(size) + " bytes (was it modified meanwhile?)");
    }
    const char* p = buf.data();
    while (got > 0) {
      int n = virStreamSend(stream.get(), p, static_cast<size_t>(got));
      if (n < 0) {
        Error e = last_error(what);
        virStreamAbort(stream.get());
        throw e;
      }
      p += n;
      got -= n;
      sent_total += static_cast<std::uintmax_t>(n);
    }
  }
  if (virStreamFinish(stream.get()) < 0) throw_last_error(what);
}

}  // namespace klab::lab::libvirt
