#include "provisioner/deploy/dry_run.hpp"

#include <fstream>

#include "base/error.hpp"

namespace klab::provisioner {

std::vector<std::filesystem::path> write_dry_run(const PhaseContext& ctx, const std::vector<Phase*>& phases,
                                                 const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> written;
  for (const lab::HostPlan& host : ctx.plan.hosts) {
    for (const Phase* phase : phases) {
      for (const RenderedFile& f : phase->rendered_files(ctx, host)) {
        const fs::path target = dir / host.name / fs::path(f.path).relative_path();
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        if (ec) throw usage_error("--dry-run: cannot create " + target.parent_path().string() + ": " + ec.message());
        {
          std::ofstream out(target, std::ios::binary | std::ios::trunc);
          out << f.content;
          if (!out.flush())
            throw usage_error("--dry-run: cannot write " + target.string() + ": " + errno_string(errno));
        }
        fs::permissions(target, static_cast<fs::perms>(f.mode & 07777), ec);
        written.push_back(target);
      }
    }
  }
  return written;
}

}  // namespace klab::provisioner
