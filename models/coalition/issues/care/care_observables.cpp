// What the care module reports: one fused pass per block computes every care metric for
// the whole population, each deprivation quintile and each age band, and each declared
// observable takes its (metric, group) sum. Every quantity is a mean per citizen or a sum
// of per-citizen values times the people each citizen stands for, so it is the same in
// expectation at any agent count.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "issues/care/care.hpp"
#include "issues/care/care_kernels.hpp"
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

// The metrics of one (quintile, age band) cell over a block, as the fused pass gathers them
// (ODD C.6). Of each citizen's 13 values, five are 0/1 indicators (prevalence,
// multimorbidity, satisfied, budget holder; admissions are 12000 x one): their double sums
// are exact integer counts, so they are counted, by the citizen's kind (level, satisfied,
// holder, admitted) with one increment. The acute costs are the admission's cost or an exact
// zero (0 x a finite cost: the schema takes only finite numbers), and adding a zero leaves a
// sum that starts at +0.0 unchanged (it can never be -0.0), so they are the admission's cost
// added once per admission, in the same order. The rest are running double sums, added in
// citizen order as before.
constexpr int kKinds = care::kLevels * 2 * 2 * 2;
// (The indicators are 0 or 1.)
inline int kind(int level, int satisfied, int holder, int admitted) {
  return ((level * 2 + satisfied) * 2 + holder) * 2 + admitted;
}
struct CellSums {
  std::array<std::uint32_t, kKinds> kinds{};
  double quality = 0.0, hours = 0.0, cost_primary = 0.0, cost_community = 0.0, total_primary = 0.0,
         total_community = 0.0;
};

// Unpaid carers' hours a week: 0 without a condition, else the level's hours scaled by the
// unmet share against the base share. Most citizens' unmet share is their level's usual one
// (0, or the base share without co-production), so that quotient, the pass's costliest
// instruction, is taken once per pass, not per citizen: equal floats (nonzero, or with the
// division not taken) give the same double.
class CarerHours {
 public:
  explicit CarerHours(const CareParams& p)
      : hours_{0.0, p.carer_hours_one, p.carer_hours_multiple}, base_(p.unmet) {
    for (int l = 0; l < care::kLevels; ++l) {
      usual_unmet_[l] = l == 0 ? 0.0f : base_;
      usual_[l] = of(l, usual_unmet_[l]);
    }
  }
  [[nodiscard]] double operator()(int level, float unmet) const {
    return unmet == usual_unmet_[level] ? usual_[level] : of(level, unmet);
  }

 private:
  [[nodiscard]] double of(int level, float unmet) const {
    if (level == 0) return 0.0;
    return base_ > 0.0f ? hours_[level] * unmet / base_ : hours_[level];
  }
  std::array<double, care::kLevels> hours_, usual_;
  std::array<float, care::kLevels> usual_unmet_;
  float base_;
};

// The block's citizens reduced into cells (the pass's loop).
struct CareCells {
  const CareParams* p;
  double people;  // people a citizen stands for
  const std::uint8_t *deprivation, *band, *level, *budget, *admitted;
  const float *primary, *community, *unmet, *quality, *satisfaction;

  void reduce(AgentRange r, std::array<CellSums, kCells>& cells) const {
    const CarerHours carer_hours(*p);
    const int budgets = p->personal_budgets > 0.0f ? 1 : 0;
    for (LocalIndex i = r.begin; i < r.end; ++i) {
      const int l = level[i];
      CellSums& s = cells[deprivation[i] * kAgeBands + band[i]];
      // Bitwise, not short-circuit: a branch on the level would be mispredicted often.
      const int holder = (l >= 1 ? 1 : 0) & (budget[i] != 0 ? 1 : 0) & budgets;
      ++s.kinds[kind(l, satisfaction[i] >= 0.5f ? 1 : 0, holder, admitted[i] != 0 ? 1 : 0)];
      s.quality += quality[i];
      s.hours += carer_hours(l, unmet[i]);
      s.cost_primary += 12.0 * primary[i];
      s.cost_community += 12.0 * community[i];
      s.total_primary += people * primary[i];
      s.total_community += people * community[i];
    }
  }

  // A cell's 13 sums, each the double the per-citizen accumulation gave.
  [[nodiscard]] std::array<double, kMetrics> metrics(const CellSums& s) const {
    std::uint32_t with[kMetrics] = {};
    for (int l = 0; l < care::kLevels; ++l)
      for (int sat = 0; sat < 2; ++sat)
        for (int holder = 0; holder < 2; ++holder)
          for (int adm = 0; adm < 2; ++adm) {
            const std::uint32_t n = s.kinds[kind(l, sat, holder, adm)];
            with[kPrevalence] += l >= 1 ? n : 0;
            with[kMultiple] += l == 2 ? n : 0;
            with[kAdmissions] += adm != 0 ? n : 0;
            with[kSatisfied] += sat != 0 ? n : 0;
            with[kBudgetHolders] += holder != 0 ? n : 0;
          }
    std::array<double, kMetrics> v{};
    v[kPrevalence] = static_cast<double>(with[kPrevalence]);
    v[kMultiple] = static_cast<double>(with[kMultiple]);
    v[kAdmissions] = 12000.0 * static_cast<double>(with[kAdmissions]);
    v[kQuality] = s.quality;
    v[kSatisfied] = static_cast<double>(with[kSatisfied]);
    v[kCarerHours] = s.hours;
    v[kBudgetHolders] = static_cast<double>(with[kBudgetHolders]);
    const double acute = 1.0 * p->cost_admission;  // one admission
    for (std::uint32_t a = 0; a < with[kAdmissions]; ++a) {
      v[kCostAcute] += 12.0 * acute;
      v[kTotalAcute] += people * acute;
    }
    v[kCostPrimary] = s.cost_primary;
    v[kCostCommunity] = s.cost_community;
    v[kTotalPrimary] = s.total_primary;
    v[kTotalCommunity] = s.total_community;
    return v;
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
    const CareCells cells{p,
                          people_per_citizen,
                          deprivation->data(),
                          band->data(),
                          c.level->data(),
                          c.budget->data(),
                          c.admitted->data(),
                          c.primary_gbp->data(),
                          c.community_gbp->data(),
                          c.unmet->data(),
                          c.quality->data(),
                          c.satisfaction->data()};
    // Sums per (quintile, band) cell in the pass, then the groups from the cells in a fixed
    // order.
    std::array<CellSums, kCells> reduced{};
    cells.reduce(r, reduced);
    std::array<std::array<double, kMetrics>, kCells> cell{};
    std::array<double, kCells> cell_count{};
    for (int at = 0; at < kCells; ++at) {
      cell[at] = cells.metrics(reduced[at]);
      std::uint32_t n = 0;
      for (const std::uint32_t k : reduced[at].kinds) n += k;
      cell_count[at] = static_cast<double>(n);
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
