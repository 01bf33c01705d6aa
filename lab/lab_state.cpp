#include "lab/lab_state.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "lab/paths.hpp"
#include "lab/plan_json.hpp"
#include "lab/provider.hpp"

namespace fs = std::filesystem;

namespace klab::lab {

void save_lab_state(const Plan& plan) {
  const fs::path dir = lab_dir(plan.lab);
  fs::create_directories(dir);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const nlohmann::json state = {{"klab_version", KLAB_VERSION}, {"updated_unix", now},
                                {"uris", plan_uris(plan)}, {"plan", to_json(plan)}};
  base::write_file_atomic(dir / "state.json", state.dump(2) + "\n", base::public_file_mode);
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

std::optional<std::vector<std::string>> recorded_uris(const std::string& lab) {
  std::optional<nlohmann::json> state;
  try {
    state = load_lab_state(lab);
  } catch (const Error&) {
    return std::nullopt;  // damaged: no usable record
  }
  if (!state || !state->is_object()) return std::nullopt;
  std::vector<std::string> uris;
  auto add = [&](const nlohmann::json& v) {
    if (!v.is_string() || v.get<std::string>().empty()) return;
    if (std::find(uris.begin(), uris.end(), v.get<std::string>()) == uris.end()) uris.push_back(v.get<std::string>());
  };
  if (const auto it = state->find("uris"); it != state->end() && it->is_array()) {
    for (const auto& u : *it) add(u);
  } else if (const auto p = state->find("plan"); p != state->end() && p->is_object()) {
    // Written before "uris" was recorded: the plan's default URI and its hosts'.
    add(p->value("uri", nlohmann::json()));
    for (const auto& h : p->value("hosts", nlohmann::json::array()))
      if (h.is_object()) add(h.value("uri", nlohmann::json()));
  }
  if (uris.empty()) return std::nullopt;
  return uris;
}

LabDirRemoval remove_lab_dir(const std::string& lab, bool purge) {
  const fs::path dir = lab_dir(lab);
  LabDirRemoval r;
  r.existed = fs::is_directory(dir);
  if (!r.existed) return r;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!purge && entry.path().filename() == "pki") {
      r.kept_pki = true;
      continue;
    }
    fs::remove_all(entry.path());
  }
  if (!r.kept_pki) fs::remove(dir);
  return r;
}

}  // namespace klab::lab
