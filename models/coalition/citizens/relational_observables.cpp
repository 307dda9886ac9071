// What the citizens' side of issue 11 reports each month: compliance per ask (the share of
// citizens asked who complied), the mean reactance an ask provoked among those asked, and
// generalised trust in other people (now an outcome: friends and encounters move it).
// Read from the per-community tallies the settle phase summed and the asks on the board.
// Also the shares of citizens above the middle of four attitudes: surveys report shares
// ("trust", "satisfied"), so the calibration compares like with like, and a share shows
// whether the model keeps the spread of opinion a survey sees, which a mean does not.
#include "citizens/relational_observables.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

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

// The attitudes whose share in a band (lo, hi] is reported: above the middle (0.5), the reading
// by which the model starts each of them from a survey share (relational_setup.cpp,
// level_for_share), and for trust in government also the middle band (0.45, 0.55], the
// neutral 5 of a survey's 0-10 scale, whose size shows the spread of opinion.
struct ShareOf {
  const char* name;
  const char* description;
  Column<float>* CitizenColumns::*column;
  float lo, hi;
};
constexpr std::array<ShareOf, 5> kShares = {{
    {"trust_government_share", "share of citizens whose trust in government is above 0.5",
     &CitizenColumns::trust_gov, 0.5f, 2.0f},
    {"satisfied_share", "share of citizens whose satisfaction with public services is above 0.5",
     &CitizenColumns::satisfaction, 0.5f, 2.0f},
    {"fairness_share", "share of citizens whose perceived procedural fairness is above 0.5",
     &CitizenColumns::fairness, 0.5f, 2.0f},
    {"trust_people_share", "share of citizens whose generalised trust in people is above 0.5",
     &CitizenColumns::trust_people, 0.5f, 2.0f},
    {"trust_government_neutral_share",
     "share of citizens whose trust in government is in the middle band 0.45-0.55 (the neutral "
     "5 of a 0-10 scale)",
     &CitizenColumns::trust_gov, 0.45f, 0.55f},
}};

void observe_shares(World& world, const AgentTable& citizens, const CitizenColumns& columns) {
  std::vector<MetricInfo> infos;
  for (const ShareOf& s : kShares)
    infos.push_back({s.name, "share of citizens", s.description, Reduction::Mean, true});
  // Columns, not data(): double-buffered columns move at each swap.
  std::array<const Column<float>*, kShares.size()> cols{};
  for (std::size_t k = 0; k < kShares.size(); ++k) cols[k] = columns.*(kShares[k].column);
  world.observe_fused(infos, citizens, [cols](AgentRange r, std::span<Accumulator> acc) {
    for (std::size_t k = 0; k < cols.size(); ++k) {
      const float* v = cols[k]->data();
      const float lo = kShares[k].lo, hi = kShares[k].hi;
      // Counted in an integer (exact, and the loop vectorises): the same sum as adding 1.0s.
      std::uint32_t in_band = 0;
      for (LocalIndex i = r.begin; i < r.end; ++i)
        in_band += static_cast<std::uint32_t>(v[i] > lo) & static_cast<std::uint32_t>(v[i] <= hi);
      Partial part;  // sum and count only: a Mean reads nothing else
      part.sum = static_cast<double>(in_band);
      part.count = static_cast<double>(r.end - r.begin);
      if (r.end > r.begin) acc[k].merge(part);
    }
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
  observe_shares(world, citizens, columns);
  // Citizens who took part in a consultation this month, from the settle phase's tallies: the
  // Community Life Survey's "civic consultation" (in the last 12 months) read per month.
  const Blackboard* b = &board;
  const auto consulted = [](const BlockTally& t) {
    return t.citizens > 0.0 ? t.consulted / t.citizens : 0.0;
  };
  world.observe_scalar(
      {"consulted_share", "share of citizens",
       "share of citizens who took part in a consultation this month", Reduction::Mean, true},
      [b, consulted](const StepContext&) { return consulted(b->national_tally()); },
      [b, consulted](const StepContext&, CommunityId c) {
        return consulted(b->community_tally(c));
      });
}

}  // namespace coalesce::coalition
