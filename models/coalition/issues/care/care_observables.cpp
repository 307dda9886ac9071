// What the care module reports: one fused pass per block computes every care metric for
// the whole population, each deprivation quintile and each age band, and each declared
// observable takes its (metric, group) sum. Every quantity is a mean per citizen or a sum
// of per-citizen values times the people each citizen stands for, so it is the same in
// expectation at any agent count.
#include <array>
#include <string>
#include <vector>

#include "issues/care/care.hpp"
#include "issues/care/care_observables.hpp"
#include "vocabulary/population_params.hpp"

namespace coalesce::coalition {

namespace {

constexpr std::array<const char*, kAgeBands> kBandNames = {"0_15",  "16_24", "25_34", "35_44",
                                                           "45_54", "55_64", "65_74", "75_plus"};

enum Metric : int {
  kPrevalence,
  kMultiple,
  kAdmissions,
  kQuality,
  kSatisfied,
  kCarerHours,
  kBudgetHolders,
  kCostAcute,
  kCostPrimary,
  kCostCommunity,
  kTotalAcute,
  kTotalPrimary,
  kTotalCommunity,
  kMetrics
};
constexpr int kGroups = 1 + kDeprivationQuintiles + kAgeBands;  // all, quintiles, age bands
constexpr int kFirstBandGroup = 1 + kDeprivationQuintiles;
constexpr int kCells = kDeprivationQuintiles * kAgeBands;

struct Declared {
  int metric;
  int group;
};

// Every metric's value for citizen i (ODD C.6).
struct CareValues {
  const CareParams* p;
  double people;  // people a citizen stands for
  const std::uint8_t *level, *budget, *admitted;
  const float *primary, *community, *unmet, *quality, *satisfaction;

  void operator()(LocalIndex i, std::array<double, kMetrics>& v) const {
    const int l = level[i];
    const double admit = admitted[i] != 0 ? 1.0 : 0.0;
    const double hours = l == 0 ? 0.0 : (l == 1 ? p->carer_hours_one : p->carer_hours_multiple);
    const double acute = admit * p->cost_admission;
    v[kPrevalence] = l >= 1 ? 1.0 : 0.0;
    v[kMultiple] = l == 2 ? 1.0 : 0.0;
    v[kAdmissions] = 12000.0 * admit;
    v[kQuality] = quality[i];
    v[kSatisfied] = satisfaction[i] >= 0.5f ? 1.0 : 0.0;
    // Without a condition the hours are 0 (0 x unmet / unmet_share, an exact zero that leaves
    // every sum unchanged, as unmet is never negative), so the division, the pass's costliest
    // instruction, is done only for those with one.
    v[kCarerHours] = l == 0 ? 0.0 : (p->unmet > 0.0f ? hours * unmet[i] / p->unmet : hours);
    v[kBudgetHolders] = l >= 1 && budget[i] != 0 && p->personal_budgets > 0.0f ? 1.0 : 0.0;
    v[kCostAcute] = 12.0 * acute;
    v[kCostPrimary] = 12.0 * primary[i];
    v[kCostCommunity] = 12.0 * community[i];
    v[kTotalAcute] = people * acute;
    v[kTotalPrimary] = people * primary[i];
    v[kTotalCommunity] = people * community[i];
  }
};

struct MetricText {
  const char* name;
  const char* units;
  const char* description;
  Reduction reduction;
  bool by_quintile, by_age;
};

constexpr std::array<MetricText, kMetrics> kText = {{
    {"care_ltc_prevalence", "share of citizens", "share with at least one long-term condition",
     Reduction::Mean, true, true},
    {"care_multimorbidity", "share of citizens", "share with two or more long-term conditions",
     Reduction::Mean, true, true},
    {"care_emergency_admissions", "per 1000 people a year",
     "emergency hospital admissions, per 1000 people at an annual rate", Reduction::Mean, true,
     false},
    {"care_quality_of_life", "0..1", "care-related quality of life (ASCOT-like)", Reduction::Mean,
     true, false},
    {"care_satisfied", "share of citizens", "share satisfied with their care (satisfaction >= 0.5)",
     Reduction::Mean, true, false},
    {"care_carer_hours", "hours a week per person",
     "unpaid care given, hours a week per represented person", Reduction::Mean, true, false},
    {"care_budget_holders", "share of citizens", "share holding a personal health budget",
     Reduction::Mean, false, false},
    {"care_cost_acute_gbp_per_head", "GBP per person per year",
     "cost of emergency admissions, per represented person, at an annual rate", Reduction::Mean,
     true, false},
    {"care_cost_primary_gbp_per_head", "GBP per person per year",
     "cost of primary care, per represented person, at an annual rate", Reduction::Mean, true,
     false},
    {"care_cost_community_gbp_per_head", "GBP per person per year",
     "cost of community and self-management care (with personal budgets), per represented person, "
     "at an annual rate",
     Reduction::Mean, true, false},
    {"care_cost_acute_gbp", "GBP per month (represented population)",
     "cost of emergency admissions", Reduction::Sum, false, false},
    {"care_cost_primary_gbp", "GBP per month (represented population)", "cost of primary care",
     Reduction::Sum, false, false},
    {"care_cost_community_gbp", "GBP per month (represented population)",
     "cost of community and self-management care (with personal budgets)", Reduction::Sum, false,
     false},
}};

}  // namespace

void add_care_observables(World& world, const AgentTable& citizens, const CitizenColumns& cc,
                          const CareModule& m, double people_per_citizen) {
  std::vector<MetricInfo> infos;
  auto declared = std::make_shared<std::vector<Declared>>();
  for (int k = 0; k < kMetrics; ++k) {
    const MetricText& t = kText[k];
    infos.push_back({t.name, t.units, t.description, t.reduction, true});
    declared->push_back({k, 0});
    for (int q = 0; t.by_quintile && q < kDeprivationQuintiles; ++q) {
      infos.push_back({std::string(t.name) + "_q" + std::to_string(q + 1), t.units,
                       std::string(t.description) + ", deprivation quintile " +
                           std::to_string(q + 1) + " (1 least deprived)",
                       t.reduction, false});
      declared->push_back({k, 1 + q});
    }
    for (int b = 0; t.by_age && b < kAgeBands; ++b) {
      infos.push_back({std::string(t.name) + "_age_" + kBandNames[b], t.units,
                       std::string(t.description) + ", age band " + kBandNames[b], t.reduction,
                       false});
      declared->push_back({k, kFirstBandGroup + b});
    }
  }
  const CareColumns c = m.columns();
  const CareParams* p = &m.params();
  const Column<std::uint8_t>* deprivation = cc.deprivation;
  const Column<std::uint8_t>* band = cc.age_band;
  world.observe_fused(infos, citizens, [=](AgentRange r, std::span<Accumulator> acc) {
    const CareValues values{p,
                            people_per_citizen,
                            c.level->data(),
                            c.budget->data(),
                            c.admitted->data(),
                            c.primary_gbp->data(),
                            c.community_gbp->data(),
                            c.unmet->data(),
                            c.quality->data(),
                            c.satisfaction->data()};
    const std::uint8_t* d = deprivation->data();
    const std::uint8_t* a = band->data();
    // Sums per (quintile, band) cell in the pass (one add per metric and citizen), then the
    // groups from the cells in a fixed order.
    std::array<std::array<double, kMetrics>, kCells> cell{};
    std::array<double, kCells> cell_count{};
    std::array<double, kMetrics> v{};
    for (LocalIndex i = r.begin; i < r.end; ++i) {
      values(i, v);
      const int at = d[i] * kAgeBands + a[i];
      cell_count[at] += 1.0;
      for (int k = 0; k < kMetrics; ++k) cell[at][k] += v[k];
    }
    std::array<std::array<double, kGroups>, kMetrics> sum{};
    std::array<double, kGroups> count{};
    for (int q = 0; q < kDeprivationQuintiles; ++q)
      for (int b = 0; b < kAgeBands; ++b) {
        const int at = q * kAgeBands + b;
        for (const int g : {0, 1 + q, kFirstBandGroup + b}) {
          count[g] += cell_count[at];
          for (int k = 0; k < kMetrics; ++k) sum[k][g] += cell[at][k];
        }
      }
    for (std::size_t s = 0; s < declared->size(); ++s) {
      const Declared& dcl = (*declared)[s];
      Partial part;
      part.sum = sum[dcl.metric][dcl.group];
      part.count = count[dcl.group];
      acc[s].merge(part);
    }
  });
}

}  // namespace coalesce::coalition
