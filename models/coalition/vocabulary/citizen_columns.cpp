#include "vocabulary/citizen_columns.hpp"

#include <string>

namespace coalesce::coalition {

CitizenColumns add_citizen_columns(AgentTable& t) {
  CitizenColumns c;
  c.ids = t.ids();
  c.age_band = &t.add_column<std::uint8_t>("age_band");
  c.deprivation = &t.add_column<std::uint8_t>("deprivation");
  for (int i = 0; i < kIssueCount; ++i) {
    const std::string p = std::string(kIssueNames[i]) + "_";
    IssueColumns& ic = c.issue[i];
    ic.objective = &t.add_column<float>(p + "objective", 0.0f, Buffering::Double);
    ic.behaviour = &t.add_column<std::uint8_t>(p + "behaviour", 0, Buffering::Double);
    ic.concern = &t.add_column<float>(p + "concern", 0.0f, Buffering::Double);
    ic.perceived_risk = &t.add_column<float>(p + "perceived_risk");
    ic.difficulty = &t.add_column<float>(p + "difficulty", -1.0f);
    ic.service = &t.add_column<std::uint8_t>(p + "service");
    ic.months_in_service = &t.add_column<std::uint16_t>(p + "months_in_service");
    ic.complied = &t.add_column<std::uint8_t>(p + "complied");
    ic.trust_provider = &t.add_column<float>(p + "trust_provider", 0.5f);
    ic.baseline = &t.add_column<float>(p + "baseline");
    ic.predisposition = &t.add_column<float>(p + "predisposition");
  }
  c.trust_gov = &t.add_column<float>("trust_gov");
  c.trust_ngo = &t.add_column<float>("trust_ngo");
  c.trust_business = &t.add_column<float>("trust_business");
  c.trust_people = &t.add_column<float>("trust_people");
  c.satisfaction = &t.add_column<float>("satisfaction");
  c.expectation = &t.add_column<float>("expectation");
  c.fairness = &t.add_column<float>("fairness");
  c.legitimacy = &t.add_column<float>("legitimacy");
  c.voiced = &t.add_column<std::uint8_t>("voiced");
  c.effort = &t.add_column<float>("effort", 0.0f, Buffering::Double);
  return c;
}

}  // namespace coalesce::coalition
