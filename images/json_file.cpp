#include "images/json_file.hpp"

#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "base/error.hpp"

namespace klab::images {

void write_json_atomic(const std::filesystem::path& path, const nlohmann::json& j) {
  std::filesystem::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << '\n';
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      throw infra_error("cannot write " + tmp.string() + ": check free space and permissions");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw infra_error("cannot rename " + tmp.string() + " to " + path.string() + ": " + ec.message());
}

}  // namespace klab::images
