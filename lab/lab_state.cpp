#include "lab/lab_state.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "lab/error.hpp"
#include "lab/paths.hpp"
#include "lab/plan_json.hpp"

namespace fs = std::filesystem;

namespace klab::lab {

void save_lab_state(const Plan& plan) {
  const fs::path dir = lab_dir(plan.lab);
  fs::create_directories(dir);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const nlohmann::json state = {{"klab_version", KLAB_VERSION}, {"updated_unix", now},
                                {"plan", to_json(plan)}};
  const fs::path tmp = dir / "state.json.tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << state.dump(2) << "\n";
    if (!out) throw infra_error("cannot write " + tmp.string() + ": " + errno_string(errno));
  }
  fs::rename(tmp, dir / "state.json");
}

std::optional<nlohmann::json> load_lab_state(const std::string& lab) {
  std::ifstream in(lab_dir(lab) / "state.json");
  if (!in) return std::nullopt;
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw infra_error("the lab state " + (lab_dir(lab) / "state.json").string() +
                      " is damaged (" + e.what() + "): delete it; `klab up` writes it again");
  }
}

}  // namespace klab::lab
