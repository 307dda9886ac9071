#include "core/organisations.hpp"

namespace coalesce::coalition {

std::uint32_t Organisations::add(OrgKind k, std::uint32_t home, Sector s) {
  kind.push_back(k);
  community.push_back(home);
  sector.push_back(s);
  resources.push_back(0.0);
  capacity.push_back(0.0);
  quality.push_back(0.5);
  reputation.push_back(0.5);
  belief.push_back({0.5, 0.5});
  mission.push_back({false, false});
  product_health.push_back(0.5);
  low_carbon_offer.push_back(0.0);
  coalition.push_back(kNone);
  return size() - 1;
}

}  // namespace coalesce::coalition
