#pragma once
// Writes junit.xml and report.json into a report directory (created).
#include <filesystem>

#include "scenarios/reports/report.hpp"

namespace klab::scenarios {

struct ReportFiles {
  std::filesystem::path junit;
  std::filesystem::path json;
};

/// Throws an infrastructure Error naming the file when one cannot be written.
ReportFiles write_reports(const std::filesystem::path& dir, const RunReport& report);

}  // namespace klab::scenarios
