// What the citizens' side of issue 11 reports each month: compliance per ask (the share of
// citizens asked who complied), the mean reactance an ask provoked among those asked, and
// generalised trust in other people (now an outcome: friends and encounters move it).
// Read from the per-community tallies the settle phase summed and the asks on the board.
#include "citizens/relational_observables.hpp"

#include <cmath>

namespace coalesce::coalition {

namespace {

// Citizens asked in community c this month (an ask reaches every citizen of the community,
// once per issue asked about), and the compliance and reactance they summed.
struct AskTotals {
  double asked = 0.0, complied = 0.0, reactance = 0.0;
  void add(const Blackboard& board, std::uint32_t c) {
    const BlockTally& t = board.community_tally(c);
    for (int i = 0; i < kIssueCount; ++i) {
      if (board.pressure(c, i).ask <= 0.0f) continue;
      asked += t.citizens;
      complied += t.compliance[i];
      reactance += t.reactance[i];
    }
  }
};

// NaN in a month without asks: no ask, no compliance to report.
double per_asked(double value, double asked) { return asked > 0.0 ? value / asked : std::nan(""); }

template <typename Field>
void observe_ask(World& world, const Blackboard& b, const char* name, const char* units,
                 const char* description, Field field) {
  const Blackboard* board = &b;
  world.observe_scalar(
      {name, units, description, Reduction::Mean, true},
      [board, field](const StepContext&) {
        AskTotals t;
        for (std::uint32_t c = 0; c < board->communities(); ++c) t.add(*board, c);
        return per_asked(t.*field, t.asked);
      },
      [board, field](const StepContext&, CommunityId c) {
        AskTotals t;
        t.add(*board, c);
        return per_asked(t.*field, t.asked);
      });
}

}  // namespace

void add_relational_observables(World& world, const AgentTable& citizens, const Blackboard& board,
                                const CitizenColumns& columns) {
  observe_ask(world, board, "ask_compliance", "share of citizens asked",
              "share of the citizens asked this month who complied (all issues asked about; "
              "empty in a month without asks)",
              &AskTotals::complied);
  observe_ask(world, board, "ask_reactance", "0..1 per citizen asked",
              "mean reactance strength among the citizens asked this month (0 none; empty in a "
              "month without asks)",
              &AskTotals::reactance);
  world.observe_column({"trust_people", "0..1",
                        "generalised trust in other people (moved by friends and by service "
                        "encounters)",
                        Reduction::Mean, true},
                       citizens, *columns.trust_people);
}

}  // namespace coalesce::coalition
