#include "cloud-init/seed_iso.hpp"

// We read the image from libisofs' burn_source ourselves instead of using libburn.
#define LIBISOFS_WITHOUT_LIBBURN 1
#include <libisofs/libisofs.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>

#include "base/atomic_file.hpp"
#include "base/files.hpp"
#include "base/error.hpp"

namespace klab::cloudinit {

namespace {

// Fixed timestamps make the image a function of the documents alone.
constexpr time_t kSeedTimestamp = 946684800;  // 2000-01-01T00:00:00Z
constexpr char kSeedPvdTime[] = "2000010100000000";

struct ImageDeleter {
  void operator()(IsoImage* image) const { iso_image_unref(image); }
};
struct WriteOptsDeleter {
  void operator()(IsoWriteOpts* opts) const { iso_write_opts_free(opts); }
};
struct StreamDeleter {
  void operator()(IsoStream* stream) const { iso_stream_unref(stream); }
};
struct MallocDeleter {
  void operator()(unsigned char* p) const { std::free(p); }
};

// libisofs writes the image from a thread of its own; the reader must either drain it
// to the end or cancel it before freeing.
class BurnSource {
 public:
  explicit BurnSource(burn_source* src) : src_(src) {}
  BurnSource(const BurnSource&) = delete;
  BurnSource& operator=(const BurnSource&) = delete;
  ~BurnSource() {
    if (!src_) return;
    if (!drained_) src_->cancel(src_);
    src_->free_data(src_);
    std::free(src_);
  }
  burn_source* get() const { return src_; }
  void mark_drained() { drained_ = true; }

 private:
  burn_source* src_;
  bool drained_ = false;
};

// libisofs keeps one process-wide message queue; building one image at a time keeps
// the messages in an error report those of that image.
std::mutex& libisofs_mutex() {
  static std::mutex m;
  return m;
}

void init_libisofs() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Flag bit 0: do not set the locale from LC_* variables, which would change it for
    // the whole process; the names we write are plain ASCII.
    if (iso_init_with_flag(1) < 0) throw infra_error("libisofs failed to initialise");
    static char queue[] = "SORRY", print[] = "NEVER", id[] = "libisofs";
    iso_set_msgs_severities(queue, print, id);
  });
}

// Drains the queued libisofs messages (also on success, so they do not pile up).
std::string take_messages() {
  std::string text;
  int code = 0, image_id = 0;
  char message[ISO_MSGS_MESSAGE_LEN], severity[80];
  static char all[] = "ALL";
  while (iso_obtain_msgs(all, &code, &image_id, message, severity) > 0) {
    text += std::string(severity) + ": " + message + "\n";
  }
  return text;
}

void check(int rc, const char* step) {
  if (rc < 0) {
    throw infra_error(std::string("cannot build the cloud-init seed ISO: ") + step + ": " +
                          iso_error_to_msg(rc),
                      take_messages());
  }
}

void add_file(IsoImage* image, const char* name, const std::string& content) {
  std::unique_ptr<unsigned char, MallocDeleter> buffer(
      static_cast<unsigned char*>(std::malloc(content.empty() ? 1 : content.size())));
  if (!buffer) throw infra_error("out of memory while building the seed ISO");
  std::memcpy(buffer.get(), content.data(), content.size());
  IsoStream* raw_stream = nullptr;
  check(iso_memory_stream_new(buffer.get(), content.size(), &raw_stream), name);
  buffer.release();  // the stream owns it now
  std::unique_ptr<IsoStream, StreamDeleter> stream(raw_stream);

  IsoFile* file = nullptr;
  check(iso_image_add_new_file(image, iso_image_get_root(image), name, stream.get(), &file), name);
  stream.release();  // the file node owns it now
  IsoNode* node = reinterpret_cast<IsoNode*>(file);
  iso_node_set_permissions(node, 0644);
  iso_node_set_uid(node, 0);
  iso_node_set_gid(node, 0);
}

std::unique_ptr<IsoWriteOpts, WriteOptsDeleter> write_options() {
  IsoWriteOpts* raw = nullptr;
  check(iso_write_opts_new(&raw, 0), "write options");
  std::unique_ptr<IsoWriteOpts, WriteOptsDeleter> opts(raw);
  check(iso_write_opts_set_iso_level(opts.get(), 2), "ISO level");
  check(iso_write_opts_set_rockridge(opts.get(), 1), "Rock Ridge");
  check(iso_write_opts_set_joliet(opts.get(), 1), "Joliet");
  // Keep the volume id lower case ("cidata", as cloud-localds writes it) instead of
  // ISO 9660's upper-case d-characters.
  check(iso_write_opts_set_relaxed_vol_atts(opts.get(), 1), "volume id");
  check(iso_write_opts_set_always_gmt(opts.get(), 1), "GMT timestamps");
  check(iso_write_opts_set_replace_timestamps(opts.get(), 2), "timestamps");
  check(iso_write_opts_set_default_timestamp(opts.get(), kSeedTimestamp), "timestamps");
  char pvd_time[sizeof kSeedPvdTime];
  std::memcpy(pvd_time, kSeedPvdTime, sizeof pvd_time);
  check(iso_write_opts_set_pvd_times(opts.get(), kSeedTimestamp, kSeedTimestamp, 0, 0, pvd_time),
        "volume times");
  return opts;
}

std::string drain(BurnSource& source) {
  std::string bytes;
  const off_t size = source.get()->get_size(source.get());
  if (size > 0) bytes.reserve(static_cast<size_t>(size));
  unsigned char block[2048];
  for (;;) {
    const int n = source.get()->read_xt(source.get(), block, sizeof block);
    if (n < 0) {
      throw infra_error("cannot build the cloud-init seed ISO: libisofs failed while writing it",
                        take_messages());
    }
    if (n <= 0) break;
    bytes.append(reinterpret_cast<const char*>(block), static_cast<size_t>(n));
  }
  source.mark_drained();
  return bytes;
}

}  // namespace

std::string build_seed_iso(const SeedDocuments& seed) {
  init_libisofs();
  std::lock_guard lock(libisofs_mutex());
  take_messages();  // whatever an earlier failure left behind

  IsoImage* raw_image = nullptr;
  check(iso_image_new(kSeedVolumeId, &raw_image), "new image");
  std::unique_ptr<IsoImage, ImageDeleter> image(raw_image);
  iso_image_set_volume_id(image.get(), kSeedVolumeId);
  iso_image_set_application_id(image.get(), "klab");

  add_file(image.get(), "user-data", seed.user_data);
  add_file(image.get(), "meta-data", seed.meta_data);
  add_file(image.get(), "network-config", seed.network_config);

  const auto opts = write_options();
  burn_source* raw_source = nullptr;
  check(iso_image_create_burn_source(image.get(), opts.get(), &raw_source), "start writing");
  BurnSource source(raw_source);
  std::string bytes = drain(source);
  take_messages();
  return bytes;
}

void write_seed_iso(const SeedDocuments& seed, const std::filesystem::path& out) {
  try {
    base::write_file_atomic(out, build_seed_iso(seed), base::public_file_mode);
  } catch (const Error& e) {
    rethrow_with_context(e, "seed ISO " + out.string() + " (" + seed.instance_id + ")");
  }
}

}  // namespace klab::cloudinit
