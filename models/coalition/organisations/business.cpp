// Business market behaviour: products move toward demand; marketing and offers are put on
// the board for the citizen phase.
//
//   demand_{c,i}      = share of community c adopting issue i's behaviour (healthy habits,
//                       low-carbon), last month (0..1)
//   product_health_f += market_response * (demand_obesity - product_health_f)   (food)
//   offer_e          += market_response * (demand_climate - offer_e)    (energy, transport)
//   Pressure(c, obesity).marketing = marketing_obesity * mean_f (1 - product_health_f)
//   Pressure(c, obesity).offer     = mean_f product_health_f
//   Pressure(c, climate).marketing = marketing_climate * mean_e (1 - offer_e)
//   Pressure(c, climate).offer     = mean_e offer_e
// A community with no business of the relevant sectors has 0 marketing and 0 offer.
// Coalition pledges (coalitions.cpp) also move product_health / low_carbon_offer.
#include <algorithm>

#include "organisations/commissioning_state.hpp"
#include "random/numeric.hpp"

namespace coalesce::coalition {

void update_business(const CommissioningParams& p, const std::vector<std::uint32_t>& bus_first,
                     Organisations& orgs, Blackboard& board) {
  for (std::uint32_t c = 0; c < bus_first.size(); ++c) {
    const BlockTally& last = board.community_tally(c);
    const bool have_demand = last.citizens > 0.0;
    std::array<double, kIssueCount> demand{};
    for (int i = 0; i < kIssueCount; ++i)
      demand[i] = have_demand ? clamp01(last.adopted[i] / last.citizens) : 0.0;

    double food = 0.0, health = 0.0, carbon = 0.0, offer = 0.0;
    const std::uint32_t first = bus_first[c];
    for (int j = 0; j < p.businesses_per_community; ++j) {
      const std::uint32_t r = first + static_cast<std::uint32_t>(j);
      const Sector sector = orgs.sector[r];
      if (sector == kFood) {
        if (have_demand)
          orgs.product_health[r] += p.market_response * (demand[kObesity] - orgs.product_health[r]);
        orgs.product_health[r] = clamp01(orgs.product_health[r]);
        food += 1.0;
        health += orgs.product_health[r];
      } else if (sector == kEnergy || sector == kTransport) {
        if (have_demand)
          orgs.low_carbon_offer[r] +=
              p.market_response * (demand[kClimate] - orgs.low_carbon_offer[r]);
        orgs.low_carbon_offer[r] = clamp01(orgs.low_carbon_offer[r]);
        carbon += 1.0;
        offer += orgs.low_carbon_offer[r];
      }
    }
    Pressure& po = board.pressure(c, kObesity);
    Pressure& pc = board.pressure(c, kClimate);
    po.marketing =
        food > 0.0 ? static_cast<float>(p.marketing[kObesity] * (1.0 - health / food)) : 0.0f;
    po.offer = food > 0.0 ? static_cast<float>(health / food) : 0.0f;
    pc.marketing =
        carbon > 0.0 ? static_cast<float>(p.marketing[kClimate] * (1.0 - offer / carbon)) : 0.0f;
    pc.offer = carbon > 0.0 ? static_cast<float>(offer / carbon) : 0.0f;
  }
}

}  // namespace coalesce::coalition
