#include "scenarios/reports/write_reports.hpp"

#include <fstream>

#include "base/error.hpp"
#include "scenarios/reports/json.hpp"
#include "scenarios/reports/junit.hpp"

namespace klab::scenarios {

namespace {

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw infra_error("cannot write the report " + file.string() + ": check the directory is writable");
}

}  // namespace

ReportFiles write_reports(const std::filesystem::path& dir, const RunReport& report) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw infra_error("cannot create the report directory " + dir.string() + ": " + ec.message());
  ReportFiles files{dir / "junit.xml", dir / "report.json"};
  write_file(files.junit, render_junit(report));
  write_file(files.json, report_json(report).dump(2) + "\n");
  return files;
}

}  // namespace klab::scenarios
