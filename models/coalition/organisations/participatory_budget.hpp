#pragma once
// Participatory budgeting that moves money (issue 11 item 1). Pure and hand-checkable: which
// issues the participants favour and how a stated share of a community's service budget is
// re-divided among the issues by their choice. Equations and source: ODD.md, "Participatory
// budgeting".
#include <array>

#include "vocabulary/enums.hpp"

namespace coalesce::coalition {

struct ParticipatoryMove {
  std::array<double, kIssueCount> budgets{};  // the issues' budgets after the move
  std::array<double, kIssueCount> added{};    // £ the participants allocated to each issue
  std::array<double, kIssueCount> net{};      // signed change of each issue's budget
  double moved = 0.0;                         // £ that changed issue: sum of the positive net
};

// Participants divide the share `share` of the community's service envelope B = sum of
// `budgets`: each gives its part of the pot to the issues in proportion to its concern
// (a cumulative vote), so the pot goes to issue i in proportion to the participants' summed
// concern c_i. Every issue gives up the share of its budget, so
//   budget_i' = (1 - share) * budget_i + share * B * c_i / sum_j c_j,
// which keeps B. With share 0, or no concern at all, nothing moves.
[[nodiscard]] inline ParticipatoryMove participatory_move(
    const std::array<double, kIssueCount>& budgets, const std::array<double, kIssueCount>& concern,
    double share) {
  ParticipatoryMove mv;
  mv.budgets = budgets;
  double envelope = 0.0, total_concern = 0.0;
  for (int i = 0; i < kIssueCount; ++i) {
    envelope += budgets[i];
    total_concern += concern[i] > 0.0 ? concern[i] : 0.0;
  }
  if (!(share > 0.0) || !(total_concern > 0.0) || !(envelope > 0.0)) return mv;
  for (int i = 0; i < kIssueCount; ++i) {
    const double weight = (concern[i] > 0.0 ? concern[i] : 0.0) / total_concern;
    mv.added[i] = share * envelope * weight;
    mv.budgets[i] = (1.0 - share) * budgets[i] + mv.added[i];
    mv.net[i] = mv.budgets[i] - budgets[i];
    if (mv.net[i] > 0.0) mv.moved += mv.net[i];
  }
  return mv;
}

}  // namespace coalesce::coalition
