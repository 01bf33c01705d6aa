#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ostream>

#include "images/build.hpp"
#include "images/image_cache.hpp"
#include "images/import.hpp"
#include "cli/commands.hpp"

namespace klab::cli {

namespace {

nlohmann::json image_json(const images::ImageInfo& i) {
  return {{"name", i.name}, {"dir", i.dir.string()}, {"disk", i.disk.string()},
          {"format", i.disk_format}, {"virtual_size", i.virtual_size},
          {"boot", i.kernel ? "direct" : "bootloader"}, {"sha256", i.sha256},
          {"problem", i.problem}};
}

images::ProgressFn printer(const Context& ctx) {
  std::ostream* out = ctx.json() ? &ctx.err : &ctx.out;
  return [out](const images::ProgressEvent& e) {
    *out << fmt::format("[{}] {}", e.step, e.message);
    if (e.fraction) *out << fmt::format(" ({:.0f}%)", *e.fraction * 100);
    *out << "\n" << std::flush;
  };
}

void add_build(CLI::App& image, Context& ctx) {
  struct Opts { std::string recipe = "debian-12"; bool force = false; };
  auto o = std::make_shared<Opts>();
  auto* cmd = image.add_subcommand("build", "build a base image from a recipe with mmdebstrap (Debian's archive)");
  cmd->add_option("recipe", o->recipe, "built-in recipe name or a recipe file (default debian-12)");
  cmd->add_flag("--force", o->force, "rebuild even if the cached image matches the recipe");
  cmd->footer("Needs root and Debian's archive; an unchanged recipe reuses the cached image.\n"
              "Examples:\n  klab image build\n  klab image build ./my-recipe.yaml --force");
  cmd->callback([&ctx, o] {
    const auto recipe = images::load_recipe(o->recipe);
    const auto result = images::build_image(recipe, {o->force}, printer(ctx));
    if (ctx.json()) ctx.out << image_json(result.image).dump(2) << "\n";
    else ctx.out << fmt::format("image {} {} ({})\n", result.image.name,
                                result.reused ? "is up to date" : "built", result.image.dir.string());
  });
}

void add_import(CLI::App& image, Context& ctx) {
  auto req = std::make_shared<images::ImportRequest>();
  auto* cmd = image.add_subcommand("import", "import a disk image (file or URL), verified by sha256");
  cmd->add_option("source", req->source, "a local file, or a file://, http:// or https:// URL")->required();
  cmd->add_option("--sha256", req->sha256, "expected sha256 of the file (64 hex digits)")->required();
  cmd->add_option("--name", req->name, "name in the image cache")->required();
  cmd->add_flag("--force", req->force, "replace an image of that name with another digest");
  cmd->footer("Downloads resume after an interruption; a digest mismatch deletes the download.\n"
              "Example:\n  klab image import ./debian-12-genericcloud-amd64.qcow2 --sha256 HEX --name cloud12");
  cmd->callback([&ctx, req] {
    const auto info = images::import_image(*req, printer(ctx));
    if (ctx.json()) ctx.out << image_json(info).dump(2) << "\n";
    else ctx.out << "imported " << info.name << " (" << info.dir.string() << ")\n";
  });
}

void add_list(CLI::App& image, Context& ctx) {
  auto* cmd = image.add_subcommand("list", "list the images in the cache");
  cmd->footer("Example:\n  klab image list --output json");
  cmd->callback([&ctx] {
    const auto all = images::list_images();
    if (ctx.json()) {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& i : all) j.push_back(image_json(i));
      ctx.out << j.dump(2) << "\n";
      return;
    }
    ctx.out << fmt::format("{:<16} {:<10} {:>9}  {}\n", "NAME", "BOOT", "SIZE", "STATE");
    for (const auto& i : all)
      ctx.out << fmt::format("{:<16} {:<10} {:>8}G  {}\n", i.name, i.kernel ? "direct" : "bootloader",
                             i.virtual_size >> 30, i.problem.empty() ? "ok" : i.problem);
  });
}

void add_rm(CLI::App& image, Context& ctx) {
  auto name = std::make_shared<std::string>();
  auto* cmd = image.add_subcommand("rm", "remove an image from the cache");
  cmd->add_option("name", *name, "image name")->required();
  cmd->footer("Labs already created keep their copy of the base image in their pool.\n"
              "Example:\n  klab image rm debian-12");
  cmd->callback([&ctx, name] {
    images::check_image_name(*name);
    if (!images::remove_image(*name))
      throw usage_error("no image named '" + *name + "' in the cache (see `klab image list`)");
    ctx.out << "removed image " << *name << "\n";
  });
}

}  // namespace

void add_image_command(CLI::App& app, Context& ctx) {
  auto* image = app.add_subcommand("image", "build, import, list and remove base images");
  image->require_subcommand(1);
  image->footer("Examples:\n  klab image build\n  klab image list\n  klab image rm debian-12");
  add_build(*image, ctx);
  add_import(*image, ctx);
  add_list(*image, ctx);
  add_rm(*image, ctx);
}

}  // namespace klab::cli
