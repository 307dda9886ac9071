#pragma once
// Vocabulary of the relational-state model: issues, commissioning modes, organisation
// kinds, measurement regimes. Plain enums: they index fixed-size arrays in hot loops.
#include <array>
#include <cstdint>
#include <string_view>

namespace coalesce::coalition {

// Issue modules. Adding one (ageing, crime) means a new value here, a new module under
// issues/, and its registration in issues/issue_registry.cpp.
enum Issue : std::uint8_t { kObesity = 0, kClimate = 1 };
inline constexpr int kIssueCount = 2;
inline constexpr std::array<std::string_view, kIssueCount> kIssueNames = {"obesity", "climate"};

// The eight commissioning modes (ODD.md, "Budgets and allocations").
enum Mode : std::uint8_t {
  kDirect = 0,          // government provides in house
  kOutputs = 1,         // pays per case served (output purchasing)
  kOutcomes = 2,        // pays per outcome achieved (payment by results)
  kImpactBond = 3,      // social impact bond: investors fund, paid above an outcome threshold
  kPersonalBudget = 4,  // citizens hold the budget and choose their provider
  kDividend = 5,        // community dividend: communities share the savings they produce
  kCoproduction = 6,    // citizen effort is an input to the service
  kGrant = 7,           // unconditional grant to NGOs
};
inline constexpr int kModeCount = 8;
inline constexpr std::array<std::string_view, kModeCount> kModeNames = {
    "direct",          "outputs",  "outcomes",     "impact_bond",
    "personal_budget", "dividend", "coproduction", "grant"};

enum OrgKind : std::uint8_t { kGovernment = 0, kNgo = 1, kBusiness = 2 };
inline constexpr int kOrgKindCount = 3;
inline constexpr std::array<std::string_view, kOrgKindCount> kOrgKindNames = {"government", "ngo",
                                                                              "business"};

enum Sector : std::uint8_t { kFood = 0, kEnergy = 1, kTransport = 2, kRetail = 3, kFinance = 4 };
inline constexpr int kSectorCount = 5;

// What government measures and so learns from (mechanism 7).
enum Measure : std::uint8_t {
  kMeasureOutputs = 0,
  kMeasureOutcomes = 1,
  kMeasureRelationships = 2
};
inline constexpr std::array<std::string_view, 3> kMeasureNames = {"outputs", "outcomes",
                                                                  "relationships"};

// Age bands of the population data (data/coalition/population_by_age.csv).
inline constexpr int kAgeBands = 8;  // 0-15, 16-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+
inline constexpr int kDeprivationQuintiles = 5;  // 0 least deprived .. 4 most deprived

inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;

}  // namespace coalesce::coalition
