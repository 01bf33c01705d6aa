#include <filesystem>
#include <fstream>
#include <ostream>

#include "cli/commands.hpp"
#include "lab/presets.hpp"

namespace klab::cli {

namespace {

struct InitOptions {
  std::string path = "klab.yaml";
};

void write_new_file(const std::string& path, const std::string& text) {
  // O_EXCL semantics: never overwrite what the user has, even in a race.
  std::FILE* f = std::fopen(path.c_str(), "wx");
  if (!f) {
    if (std::filesystem::exists(path))
      throw usage_error(path + " already exists: klab init never overwrites a file; move it "
                        "away or pass another path with --path");
    throw infra_error("cannot create " + path + ": " + errno_string(errno));
  }
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) {
    std::filesystem::remove(path);
    throw infra_error("cannot write " + path + ": " + errno_string(errno));
  }
}

}  // namespace

void add_init_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand("init", "write a commented klab.yaml from a preset");
  cmd->add_option("--path", opts->path, "where to write it (default ./klab.yaml)");
  cmd->footer(
      "Examples:\n"
      "  klab init                    # the ha preset: LB + 3 masters\n"
      "  klab init --preset single    # one master\n"
      "  klab init --path lab2.yaml\n"
      "Refuses to overwrite an existing file.");
  cmd->callback([&ctx, opts] {
    const std::string name = ctx.globals.preset.empty() ? "ha" : ctx.globals.preset;
    auto preset = lab::find_preset(name);
    if (!preset)
      throw usage_error("unknown preset '" + name + "': choose one of " + lab::preset_names());
    write_new_file(opts->path, preset->yaml);
    ctx.out << "wrote " << opts->path << " (preset " << name << "); check it with `klab plan -f "
            << opts->path << "`\n";
  });
}

}  // namespace klab::cli
