#include <boost/random/sobol.hpp>

#include <cstddef>
#include <cstdint>

#include "design/design_streams.hpp"
#include "design/generators.hpp"

namespace coalesce::design_detail {

UnitPoints saltelli_points(const DesignSpec& spec) {
  const std::size_t p = spec.ranges.size();
  const std::uint64_t n = spec.samples;
  UnitPoints points(n * (p + 2), std::vector<double>(p));
  // Boost's engine skips the origin and returns 64-bit fixed-point coordinates; those of the
  // first 2^53 points have at most 53 significant bits, so the conversion is exact.
  boost::random::sobol sequence(2 * p);
  constexpr double kScale = 0x1.0p-64;
  // The digital shift of each of the 2P dimensions: its top 53 bits only, so that shifted
  // coordinates stay exact in a double.
  constexpr std::uint64_t kTop53 = ~((std::uint64_t{1} << 11) - 1);
  std::vector<std::uint64_t> shift(2 * p, 0);
  if (spec.scramble)
    for (std::size_t d = 0; d < shift.size(); ++d)
      shift[d] = RandomStream(StreamKey{spec.seed, 0}, kSobolShiftStream, d, 0).next_u64() & kTop53;
  // The sequence's next coordinate, which is of dimension d.
  const auto next = [&](std::size_t d) {
    return static_cast<double>(sequence() ^ shift[d]) * kScale;
  };
  for (std::uint64_t j = 0; j < n; ++j) {
    auto& a = points[saltelli_row(n, kSaltelliBlockA, j)];
    auto& b = points[saltelli_row(n, kSaltelliBlockB, j)];
    for (std::size_t k = 0; k < p; ++k) a[k] = next(k);
    for (std::size_t k = 0; k < p; ++k) b[k] = next(p + k);
    for (std::size_t i = 0; i < p; ++i) {
      auto& ab = points[saltelli_row(n, saltelli_block_ab(i), j)];
      ab = a;
      ab[i] = b[i];
    }
  }
  return points;
}

}  // namespace coalesce::design_detail
