#include "vocabulary/blackboard.hpp"

#include "core/error.hpp"

namespace coalesce::coalition {

namespace {
template <typename A>
void add_into(A& into, const A& from) {
  for (std::size_t i = 0; i < into.size(); ++i) {
    if constexpr (std::is_arithmetic_v<typename A::value_type>)
      into[i] += from[i];
    else
      add_into(into[i], from[i]);
  }
}
}  // namespace

void BlockTally::merge(const BlockTally& o) {
  add_into(enrolled, o.enrolled);
  add_into(new_enrolled, o.new_enrolled);
  add_into(easy_enrolled, o.easy_enrolled);
  add_into(outcome, o.outcome);
  add_into(comparison_count, o.comparison_count);
  add_into(comparison_outcome, o.comparison_outcome);
  add_into(good_encounters, o.good_encounters);
  add_into(dropped, o.dropped);
  add_into(expected_new_enrolled, o.expected_new_enrolled);
  add_into(expected_good_encounters, o.expected_good_encounters);
  add_into(expected_outcome, o.expected_outcome);
  add_into(expected_discharged, o.expected_discharged);
  add_into(expected_kept, o.expected_kept);
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
  add_into(reactance, o.reactance);  // issue 11
}

double credited_outcome(const BlockTally& t, int issue, int mode, bool comparison_group) {
  const auto i = static_cast<std::size_t>(issue);
  const auto m = static_cast<std::size_t>(mode);
  const double gained = t.outcome[i][m];
  if (!comparison_group || !(t.comparison_count[i] > 0.0)) return gained;
  return gained - t.enrolled[i][m] * t.comparison_outcome[i] / t.comparison_count[i];
}

double expected_credited_outcome(const BlockTally& t, int issue, int mode, bool comparison_group) {
  const auto i = static_cast<std::size_t>(issue);
  const auto m = static_cast<std::size_t>(mode);
  const double effect = t.expected_outcome[i][m];
  if (comparison_group || !(t.comparison_count[i] > 0.0)) return effect;
  return effect + t.enrolled[i][m] * t.comparison_outcome[i] / t.comparison_count[i];
}

void Blackboard::sum_tallies(const std::vector<std::uint32_t>& block_community) {
  for (auto& t : community_tally_) t.clear();
  national_tally_.clear();
  for (std::size_t b = 0; b < tallies_.size(); ++b)
    community_tally_[block_community[b]].merge(tallies_[b]);
  for (const auto& t : community_tally_) national_tally_.merge(t);
}

void Blackboard::save(ArchiveWriter& out) const {
  out.write_value("communities", communities_);
  out.write("slots", slots_);
  out.write("pressure", pressure_);
  out.write("voice", voice_);
  out.write("block_tallies", tallies_);
  out.write("community_tallies", community_tally_);
  out.write_value("national_tally", national_tally_);
}

void Blackboard::load(const ArchiveReader& in) {
  if (in.read_value<std::uint32_t>("communities") != communities_)
    throw RuntimeError("blackboard: the checkpoint holds another number of communities");
  // read_into: the rebuilt board already has the sizes the configuration implies.
  in.read_into("slots", std::span<ServiceSlot>(slots_));
  in.read_into("pressure", std::span<Pressure>(pressure_));
  in.read_into("voice", std::span<Voice>(voice_));
  in.read_into("block_tallies", std::span<BlockTally>(tallies_));
  in.read_into("community_tallies", std::span<BlockTally>(community_tally_));
  in.read_value("national_tally", national_tally_);
}

}  // namespace coalesce::coalition
