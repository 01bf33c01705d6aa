#include "images/json_file.hpp"

#include <nlohmann/json.hpp>

#include "base/atomic_file.hpp"
#include "base/files.hpp"

namespace klab::images {

void write_json_atomic(const std::filesystem::path& path, const nlohmann::json& j) {
  // The cache is readable by everyone who may use the images (0644, as before under
  // the usual umask 022).
  base::write_file_atomic(path, j.dump(2) + "\n", base::public_file_mode);
}

}  // namespace klab::images
