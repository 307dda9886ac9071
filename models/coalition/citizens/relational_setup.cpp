// The relational mechanics' set-up: construction from the parameters and the start state of
// the relational columns (trust in each institution, satisfaction, expectation, fairness,
// legitimacy, effort), drawn around the sourced shares. The monthly block driver is
// relational.cpp.
#include <algorithm>
#include <array>
#include <vector>

#include "citizens/relational.hpp"
#include "citizens/relational_kernels.hpp"
#include "citizens/relational_params.hpp"
#include "random/random_stream.hpp"

namespace coalesce::coalition {

RelationalMechanics::RelationalMechanics(const ParamValues& v)
    : params_(std::make_unique<RelationalParams>(read_relational_params(v))) {}

RelationalMechanics::~RelationalMechanics() = default;

namespace {

// Mean quintile shift of each community's citizens (indexed by community id; 0 where none).
std::vector<double> mean_quintile_shift(const std::uint8_t* deprivation,
                                        const CommunityId* communities, LocalIndex n,
                                        const std::array<float, kDeprivationQuintiles>& shift) {
  std::vector<double> sum, count;
  for (LocalIndex k = 0; k < n; ++k) {
    const std::uint32_t c = communities[k];
    if (c >= sum.size()) {
      sum.resize(c + 1, 0.0);
      count.resize(c + 1, 0.0);
    }
    sum[c] += shift[deprivation[k]];
    count[c] += 1.0;
  }
  for (std::size_t c = 0; c < sum.size(); ++c) sum[c] = count[c] > 0.0 ? sum[c] / count[c] : 0.0;
  return sum;
}

}  // namespace

void RelationalMechanics::initialise(const CitizenColumns& col, const GlobalId* ids, LocalIndex n,
                                     const PopulationData& data, StreamKey key,
                                     const CommunityId* communities) const {
  namespace K = relational;
  const RelationalParams& p = *params_;
  const double sd = p.initial_sd;
  // Citizens who differ (issue 11): the share trusting government shifts by age band and
  // deprivation quintile; the age shifts are centred on the population's age mix so the
  // overall share stays the sourced one (the quintiles are fifths, their shifts centred).
  // With real areas each area's own figure already holds its deprivation: there the quintile
  // shifts are centred on the area's own mix of quintiles, so an area starts from its figure.
  double age_mean_shift = 0.0;
  for (int b = 0; b < kAgeBands; ++b) age_mean_shift += data.age_share[b] * p.trust_age_shift[b];
  const std::vector<double> area_quintile_shift =
      communities != nullptr && !data.areas.empty()
          ? mean_quintile_shift(col.deprivation->data(), communities, n, p.trust_quintile_shift)
          : std::vector<double>{};
  std::array<double, RelationalParams::kCells> mu_gov{};
  auto set_mu_gov = [&](std::uint32_t c) {
    const double local =
        data.area_or(c, &AreaFigures::trust_local_government, data.trust_local_government);
    const double share =
        p.local_weight * local + (1.0 - p.local_weight) * data.trust_national_government;
    const double area_shift = c < area_quintile_shift.size() ? area_quintile_shift[c] : 0.0;
    for (int b = 0; b < kAgeBands; ++b)
      for (int q = 0; q < kDeprivationQuintiles; ++q) {
        const double shifted = share + (p.trust_age_shift[b] - age_mean_shift) +
                               (p.trust_quintile_shift[q] - area_shift);
        mu_gov[relational_cell(b, q)] = K::level_for_share(std::clamp(shifted, 0.001, 0.999), sd);
      }
  };
  std::uint32_t mu_gov_for = 0;
  set_mu_gov(0);
  const double mu_ngo = K::level_for_share(data.trust_ngo, sd);
  const double mu_business = K::level_for_share(data.trust_business, sd);
  const double mu_people = K::level_for_share(data.trust_people, sd);
  const double mu_satisfaction = K::level_for_share(p.initial_satisfied, sd);
  const double mu_fairness = K::level_for_share(p.fairness_baseline_share, sd);

  float* trust_gov = col.trust_gov->data();
  float* trust_ngo = col.trust_ngo->data();
  float* trust_business = col.trust_business->data();
  float* trust_people = col.trust_people->data();
  float* satisfaction = col.satisfaction->data();
  float* expectation = col.expectation->data();
  float* fairness = col.fairness->data();
  float* legitimacy = col.legitimacy->data();
  float* effort = col.effort->data();
  const std::uint8_t* age = col.age_band->data();
  const std::uint8_t* deprivation = col.deprivation->data();
  std::array<float*, kIssueCount> trust_provider{};
  for (int i = 0; i < kIssueCount; ++i) trust_provider[i] = col.issue[i].trust_provider->data();

  auto draw = [sd](RandomStream& rs, double mu) {
    return K::clamp01(static_cast<float>(mu + sd * rs.normal()));
  };
  for (LocalIndex k = 0; k < n; ++k) {
    const std::uint32_t c = communities != nullptr && !data.areas.empty() ? communities[k] : 0;
    if (c != mu_gov_for) {  // citizens come grouped by community
      set_mu_gov(c);
      mu_gov_for = c;
    }
    RandomStream rs(key, kStreamRelationalSetup, ids[k], kSetupStep);
    const float tg = draw(rs, mu_gov[relational_cell(age[k], deprivation[k])]);
    trust_gov[k] = tg;
    trust_ngo[k] = draw(rs, mu_ngo);
    trust_business[k] = draw(rs, mu_business);
    trust_people[k] = draw(rs, mu_people);
    const float s = draw(rs, mu_satisfaction);
    satisfaction[k] = s;
    expectation[k] = s;
    const float f = draw(rs, mu_fairness);
    fairness[k] = f;
    legitimacy[k] = K::legitimacy(f, s, tg, p.w_fairness, p.w_satisfaction, p.w_trust);
    effort[k] = p.initial_effort;
    for (int i = 0; i < kIssueCount; ++i) trust_provider[i][k] = tg;
  }
}

}  // namespace coalesce::coalition
