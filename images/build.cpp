#include "images/build.hpp"

#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>

#include "images/cache_store.hpp"
#include "images/disk_image.hpp"
#include "images/guest_config.hpp"
#include "base/process.hpp"
#include "images/sha256.hpp"
#include "base/error.hpp"
#include "base/time.hpp"
#include "lab/paths.hpp"
#include "base/strings.hpp"

namespace klab::images {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kGiB = 1ULL << 30;
constexpr std::uintmax_t kBuildSpace = 4 * kGiB;  // rootfs + raw ext4 + qcow2, with margin

// Documentation, manual pages and translations are never read in a lab VM; leaving
// them out makes the image ~80 MB smaller (copyright files stay, as Debian asks).
const std::vector<std::string> kDpkgExcludes = {
    "path-exclude=/usr/share/man/*",       "path-exclude=/usr/share/locale/*",
    "path-exclude=/usr/share/doc/*",       "path-include=/usr/share/doc/*/copyright",
    "path-exclude=/usr/share/info/*",      "path-include=/usr/share/locale/locale.alias",
};

std::string shell_word(const std::string& s) {
  // mmdebstrap splits special hooks with Text::ParseWords: single quotes protect.
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class Reporter {
 public:
  explicit Reporter(const ProgressFn& fn) : fn_(fn) {}
  void operator()(const std::string& step, const std::string& message) const {
    if (fn_) fn_(ProgressEvent{step, message, std::nullopt});
  }

 private:
  const ProgressFn& fn_;
};

void check_preconditions(const fs::path& cache) {
  if (::geteuid() != 0) {
    throw infra_error("building an image needs root (mmdebstrap --mode=root, chroot, device nodes): "
                      "run `sudo klab image build`");
  }
  std::uintmax_t free = free_bytes(cache);
  if (free < kBuildSpace) {
    throw infra_error("not enough disk space in " + cache.string() + ": " + std::to_string(free / (1 << 20)) +
                      " MiB free, an image build needs about " + std::to_string(kBuildSpace / (1 << 20)) +
                      " MiB: free some space or set KLAB_CACHE_DIR to another filesystem");
  }
}

void bootstrap(const Recipe& recipe, const fs::path& early, const fs::path& rootfs, const Reporter& report) {
  std::string includes = base::join(recipe.packages, ",");
  std::string components = base::join(recipe.components, ",");
  std::string mirror = effective_mirror(recipe);
  std::vector<std::string> argv = {"mmdebstrap", "--mode=root", "--variant=apt", "--format=directory",
                                   "--components=" + components, "--include=" + includes,
                                   "--aptopt=Acquire::Retries \"3\""};
  for (const auto& opt : kDpkgExcludes) argv.push_back("--dpkgopt=" + opt);
  // Before the kernel package runs update-initramfs, so the initrd is built once, small.
  argv.push_back("--essential-hook=sync-in " + shell_word(early.string()) + " /");
  argv.insert(argv.end(), {recipe.suite, rootfs.string(), mirror});
  report("bootstrap", "mmdebstrap " + recipe.suite + " from " + mirror + " (" +
                          std::to_string(recipe.packages.size()) + " packages)");
  base::ProcessOptions opts;
  opts.on_line = [&](std::string_view line) { report("bootstrap", std::string(line)); };
  base::ProcessResult r = base::run_process(argv, opts);
  if (!r.ok()) {
    std::string first;
    std::istringstream lines(r.errors);
    for (std::string l; std::getline(lines, l);) {
      if (l.starts_with("E:") && first.empty()) first = l;  // the first error is the cause
    }
    throw infra_error("mmdebstrap failed (exit " + std::to_string(r.exit_code) + ")" +
                          (first.empty() ? "" : ": " + first) + ": check that " + mirror +
                          " is reachable and the recipe's packages exist in " + recipe.suite,
                      base::describe_command(argv) + "\n" + r.errors);
  }
}

std::map<std::string, std::string> package_versions(const fs::path& rootfs) {
  std::string out = base::run_checked({"chroot", rootfs.string(), "dpkg-query", "-W", "-f=${Package}\t${Version}\n"});
  std::map<std::string, std::string> versions;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    auto tab = line.find('\t');
    if (tab != std::string::npos) versions[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return versions;
}

/// /boot/vmlinuz-<v> and /boot/initrd.img-<v>; exactly one kernel must be installed.
std::pair<fs::path, fs::path> find_kernel(const fs::path& rootfs, const std::string& source) {
  std::vector<fs::path> kernels;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(rootfs / "boot", ec)) {
    if (e.path().filename().string().starts_with("vmlinuz-")) kernels.push_back(e.path());
  }
  if (kernels.size() != 1) {
    throw infra_error(source + ": the image has " + std::to_string(kernels.size()) +
                      " kernels in /boot: direct boot needs exactly one (list one linux-image package)");
  }
  std::string version = kernels[0].filename().string().substr(std::string("vmlinuz-").size());
  fs::path initrd = rootfs / "boot" / ("initrd.img-" + version);
  if (!fs::is_regular_file(initrd, ec)) {
    throw infra_error(source + ": no initrd for kernel " + version + " in /boot: add initramfs-tools to packages");
  }
  return {kernels[0], initrd};
}

FileDigest digest_of(const fs::path& file) { return FileDigest{sha256_file(file), fs::file_size(file)}; }

// The cached image when it was built from this very recipe (a damaged entry is rebuilt).
std::optional<ImageInfo> up_to_date(const Recipe& recipe, const std::string& hash, const Reporter& report) {
  try {
    if (std::optional<ImageInfo> cached = find_image(recipe.name);
        cached && cached->problem.empty() && cached->manifest.recipe_hash == hash) {
      report("cache", "image '" + recipe.name + "' is up to date (recipe " + hash.substr(0, 12) + ")");
      return cached;
    }
  } catch (const Error&) {
    // A damaged entry is simply rebuilt.
  }
  return std::nullopt;
}

// Bootstraps and configures the root filesystem, copies its kernel and initrd to `out`,
// and returns the installed package versions.
std::map<std::string, std::string> make_rootfs(const Recipe& recipe, const fs::path& staging, const fs::path& out,
                                               const Reporter& report) {
  const fs::path early = staging / "early", rootfs = staging / "rootfs";
  fs::create_directories(out);
  fs::create_directories(early);  // synced in even when empty
  write_early_overlay(recipe, early);
  bootstrap(recipe, early, rootfs, report);
  report("configure", "configuring the guest (cloud-init, services, identity)");
  configure_guest(recipe, rootfs);
  std::map<std::string, std::string> packages = package_versions(rootfs);
  auto [vmlinuz, initrd] = find_kernel(rootfs, recipe.source);
  fs::copy_file(vmlinuz, out / "vmlinuz");
  fs::copy_file(initrd, out / "initrd.img");
  return packages;
}

// The root filesystem as an ext4 image, converted to out/disk.qcow2; the tree goes.
DiskInfo make_disk(const Recipe& recipe, const fs::path& staging, const fs::path& out, const Reporter& report) {
  report("filesystem", "mkfs.ext4 -d: " + std::to_string(recipe.disk_size >> 20) + " MiB root filesystem");
  const fs::path raw = staging / "root.ext4";
  make_ext4_from_dir(staging / "rootfs", raw, recipe.disk_size);
  remove_tree(staging / "rootfs");
  report("convert", "qemu-img convert to qcow2");
  convert_to_qcow2(raw, out / "disk.qcow2");
  fs::remove(raw);
  return inspect_disk(out / "disk.qcow2");
}

Manifest build_manifest(const Recipe& recipe, const DiskInfo& disk, const fs::path& out, const std::string& hash,
                        std::map<std::string, std::string> packages) {
  Manifest m;
  m.name = recipe.name;
  m.format = disk.format;
  m.boot = BootMode::direct;
  m.disk = "disk.qcow2";
  m.kernel = "vmlinuz";
  m.initrd = "initrd.img";
  m.kernel_cmdline = recipe.kernel_cmdline;
  m.virtual_size = disk.virtual_size;
  for (const char* f : {"disk.qcow2", "vmlinuz", "initrd.img"}) m.files[f] = digest_of(out / f);
  m.recipe_hash = hash;
  m.origin = recipe.source;
  m.packages = std::move(packages);
  m.created_at = base::utc_now_iso8601();
  m.klab_version = KLAB_VERSION;
  return m;
}

BuildResult build(const Recipe& recipe, const BuildOptions& options, const ProgressFn& progress) {
  Reporter report(progress);
  check_image_name(recipe.name);
  const std::string hash = recipe_hash(recipe);
  if (!options.force)
    if (std::optional<ImageInfo> cached = up_to_date(recipe, hash, report)) return {*cached, true};

  const auto started = std::chrono::steady_clock::now();
  CacheLock lock(recipe.name);
  StagingDir staging(recipe.name);
  check_preconditions(staging.path());
  const fs::path out = staging.path() / "image";
  std::map<std::string, std::string> packages = make_rootfs(recipe, staging.path(), out, report);
  const DiskInfo disk = make_disk(recipe, staging.path(), out, report);
  report("manifest", "hashing files and writing manifest.json");
  Manifest m = build_manifest(recipe, disk, out, hash, std::move(packages));
  m.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  write_manifest(out / "manifest.json", m);
  staging.publish(out);
  report("done", "image '" + recipe.name + "' built in " + std::to_string(static_cast<int>(m.build_seconds)) + " s");
  return {must_find_image(recipe.name), false};
}

}  // namespace

BuildResult build_image(const Recipe& recipe, const BuildOptions& options, const ProgressFn& progress) {
  try {
    return build(recipe, options, progress);
  } catch (const fs::filesystem_error& e) {
    throw infra_error("building image '" + recipe.name + "': " + e.what() + ": check free space and permissions of " +
                      lab::cache_root().string());
  }
}

}  // namespace klab::images
