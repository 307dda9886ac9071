#include "core/blackboard.hpp"

namespace coalesce::coalition {

namespace {
template <typename A>
void add_into(A& into, const A& from) {
  for (std::size_t i = 0; i < into.size(); ++i) {
    if constexpr (std::is_arithmetic_v<typename A::value_type>) into[i] += from[i];
    else add_into(into[i], from[i]);
  }
}
}  // namespace

void BlockTally::merge(const BlockTally& o) {
  add_into(enrolled, o.enrolled);
  add_into(new_enrolled, o.new_enrolled);
  add_into(easy_enrolled, o.easy_enrolled);
  add_into(outcome, o.outcome);
  add_into(good_encounters, o.good_encounters);
  add_into(dropped, o.dropped);
  add_into(difficulty, o.difficulty);
  add_into(eligible, o.eligible);
  feedback_given += o.feedback_given;
  feedback_answered += o.feedback_answered;
  consulted += o.consulted;
  budgeting += o.budgeting;
  citizens += o.citizens;
  trust_gov += o.trust_gov;
  satisfaction += o.satisfaction;
  legitimacy += o.legitimacy;
  effort += o.effort;
  add_into(concern, o.concern);
  add_into(objective, o.objective);
  add_into(compliance, o.compliance);
  add_into(adopted, o.adopted);
}

void Blackboard::sum_tallies(const std::vector<std::uint32_t>& block_community) {
  for (auto& t : community_tally_) t.clear();
  national_tally_.clear();
  for (std::size_t b = 0; b < tallies_.size(); ++b) community_tally_[block_community[b]].merge(tallies_[b]);
  for (const auto& t : community_tally_) national_tally_.merge(t);
}

}  // namespace coalesce::coalition
