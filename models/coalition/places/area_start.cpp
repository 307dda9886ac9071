#include "places/area_start.hpp"

#include <cmath>
#include <vector>

namespace coalesce::coalition {

void fit_obesity_scales(PopulationData& data, const std::uint8_t* age_band,
                        const std::uint8_t* deprivation, const CommunityId* community,
                        LocalIndex n) {
  if (data.areas.empty()) return;
  std::vector<double> expected(data.areas.size(), 0.0), adults(data.areas.size(), 0.0);
  for (LocalIndex i = 0; i < n; ++i) {
    if (age_band[i] == 0) continue;  // children: the figures are adult prevalence
    expected[community[i]] += data.obesity[age_band[i]][deprivation[i]];
    adults[community[i]] += 1.0;
  }
  for (std::size_t c = 0; c < data.areas.size(); ++c) {
    AreaFigures& a = data.areas[c];
    a.obesity_scale = 1.0;
    if (!std::isnan(a.obesity) && expected[c] > 0.0)
      a.obesity_scale = a.obesity / (expected[c] / adults[c]);
  }
}

}  // namespace coalesce::coalition
