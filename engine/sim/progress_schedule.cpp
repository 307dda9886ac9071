#include "sim/progress_schedule.hpp"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce {

std::string format_clock(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  const auto s = static_cast<long long>(seconds + 0.5);
  return fmt::format("{}:{:02d}:{:02d}", s / 3600, (s / 60) % 60, s % 60);
}

double parse_progress_seconds(const std::string& text) {
  constexpr double kMax = 86400.0 * 7;
  char* end = nullptr;
  const double v = text.empty() ? -1.0 : std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || v < 0 || v > kMax)
    throw InputError(
        fmt::format("--progress-every '{}': not a number of seconds; allowed: 0 (only on "
                    "SIGUSR1) to {} (a week), fractions allowed",
                    text, kMax));
  return v;
}

}  // namespace coalesce
