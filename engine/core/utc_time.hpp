#pragma once
// The wall-clock time stamps written into result, experiment and checkpoint files
// (`created_utc`): ISO 8601, UTC, to the second.
#include <chrono>
#include <ctime>
#include <string>

namespace coalesce {

inline std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer, length);
}

}  // namespace coalesce
