#pragma once
// Pure kernels of coalition formation as a hedonic game (Bogomolnaia & Jackson 2002).
//
// Players (organisations) belong to at most one group (coalition). A player's utility in
// group G is additive: u_i(G) = sum over j in G, j != i, of w_ij(k_G), where k_G is the
// group's issue; being alone is worth 0. With symmetric weights (w_ij = w_ji for every
// issue) the potential Phi = sum over groups of sum over member pairs of w_ij(k_G) changes
// by exactly the mover's gain at every unilateral move, so a sequence of strictly improving
// moves cannot cycle and ends in a partition where no player gains by moving: Nash stable
// (relative to the moves each player may consider).
//
// Moves a player may make: stay; leave (be alone, worth 0); join an existing group it may
// join; join an unaffiliated player j, which founds a new group {i, j} on the issue k that
// maximises w_ij(k) (in the game's terms, moving to the singleton {j}).
//
// Everything here is independent of the model: the model plugs in its weights and the
// candidates each player knows of through a `Game` (see the concept below); tests plug in
// random symmetric matrices.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "vocabulary/enums.hpp"
#include "random/random_stream.hpp"

namespace coalesce::coalition::hedonic {

// ---- The pair weight of the model ------------------------------------------------------

// Weights of the pairwise utility (see models/coalition/ODD.md, "Utility of membership").
struct WeightParams {
  double belief = 1.0;    // belief_weight
  double trust = 1.0;     // trust_weight
  double benefit = 0.5;   // benefit_weight
  double cost = 1.2;      // cost per member pair
  double cohesion = 1.0;  // cohesion_weight: scales the benefit with the pair's trust
};

// Multiplier of a coalition's (or pair's) benefit by its cohesion: max(0, 1 + l*(c - 1/2)).
[[nodiscard]] inline double cohesion_multiplier(double cohesion_weight, double cohesion) {
  const double m = 1.0 + cohesion_weight * (cohesion - 0.5);
  return m > 0.0 ? m : 0.0;
}

// w_ij(k) = belief*(1 - |b_i - b_j|) + trust*T_ij
//         + benefit*s_i*s_j*sqrt(rho_i*rho_j)*max(0, 1 + cohesion*(T_ij - 1/2)) - cost.
// `stake_product` = s_i(k)*s_j(k); `resource_term` = sqrt(rho_i*rho_j). Symmetric in i, j.
[[nodiscard]] inline double pair_weight(const WeightParams& p, double belief_i, double belief_j,
                                        double trust_ij, double stake_product,
                                        double resource_term) {
  return p.belief * (1.0 - std::fabs(belief_i - belief_j)) + p.trust * trust_ij +
         p.benefit * stake_product * resource_term * cohesion_multiplier(p.cohesion, trust_ij) -
         p.cost;
}

// Effectiveness of a coalition, 0..1: 1 - 2^(-(pooled/half)*m), m the cohesion multiplier.
// `half` = pooled resources at which effectiveness is 1/2 when cohesion is 1/2.
[[nodiscard]] inline double effectiveness(double pooled, double half, double cohesion_weight,
                                          double cohesion) {
  if (!(half > 0.0) || !(pooled > 0.0)) return 0.0;
  const double x = pooled / half * cohesion_multiplier(cohesion_weight, cohesion);
  return 1.0 - std::exp2(-x);
}

// Asymmetric trust update of one tie between members for one month: towards 1 at
// `gain` when both contribute, towards 0 at `loss` when either free-rides.
[[nodiscard]] inline float update_tie_trust(float trust, bool free_riding, double gain,
                                            double loss) {
  const double t = free_riding ? trust - loss * trust : trust + gain * (1.0 - trust);
  return static_cast<float>(t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t));
}

// ---- Partition ---------------------------------------------------------------------------

struct Group {
  std::vector<std::uint32_t> members;  // in order of joining; members[0] founded the group
  std::uint8_t issue = 0;
  bool alive = false;
};

// Who is in which group. Group ids are slots, reused lowest first once a group dissolves,
// so they stay bounded by the number of players.
class Partition {
 public:
  Partition() = default;
  explicit Partition(std::uint32_t players) : of_(players, kNone) {}
  // A partition as saved (membership() and groups()), e.g. from a checkpoint.
  Partition(std::vector<std::uint32_t> membership, std::vector<Group> groups)
      : of_(std::move(membership)), groups_(std::move(groups)) {}

  [[nodiscard]] std::uint32_t players() const { return static_cast<std::uint32_t>(of_.size()); }
  [[nodiscard]] std::uint32_t of(std::uint32_t i) const { return of_[i]; }
  [[nodiscard]] const std::vector<std::uint32_t>& membership() const { return of_; }
  [[nodiscard]] const std::vector<Group>& groups() const { return groups_; }
  [[nodiscard]] const Group& group(std::uint32_t g) const { return groups_[g]; }
  [[nodiscard]] std::uint32_t alive_count() const {
    std::uint32_t n = 0;
    for (const auto& g : groups_) n += g.alive ? 1u : 0u;
    return n;
  }

  // `founder` (alone or leaving its group) and unaffiliated `partner` form a new group.
  std::uint32_t found(std::uint32_t founder, std::uint32_t partner, std::uint8_t issue) {
    if (of_[founder] != kNone) leave(founder);
    std::uint32_t g = 0;
    while (g < groups_.size() && groups_[g].alive) ++g;
    if (g == groups_.size()) groups_.emplace_back();
    Group& grp = groups_[g];
    grp.members.clear();
    grp.members.push_back(founder);
    grp.members.push_back(partner);
    grp.issue = issue;
    grp.alive = true;
    of_[founder] = g;
    of_[partner] = g;
    return g;
  }

  void join(std::uint32_t i, std::uint32_t g) {
    if (of_[i] == g) return;
    if (of_[i] != kNone) leave(i);
    groups_[g].members.push_back(i);
    of_[i] = g;
  }

  // i leaves its group; a group left with one member dissolves (that member is alone).
  void leave(std::uint32_t i) {
    const std::uint32_t g = of_[i];
    if (g == kNone) return;
    auto& m = groups_[g].members;
    for (std::size_t a = 0; a < m.size(); ++a)
      if (m[a] == i) {
        m.erase(m.begin() + static_cast<std::ptrdiff_t>(a));
        break;
      }
    of_[i] = kNone;
    if (m.size() < 2) dissolve(g);
  }

  void dissolve(std::uint32_t g) {
    for (std::uint32_t i : groups_[g].members) of_[i] = kNone;
    groups_[g].members.clear();
    groups_[g].alive = false;
  }

 private:
  std::vector<std::uint32_t> of_;
  std::vector<Group> groups_;
};

// ---- Best responses ----------------------------------------------------------------------
//
// A Game provides:
//   int issues() const;                                  // issues a new group may take
//   void begin(std::uint32_t i); void end(std::uint32_t i);  // around evaluating player i
//   double weight(std::uint32_t i, std::uint32_t j, int issue) const;  // symmetric
//   template <class F> void for_each_candidate(std::uint32_t i, F&& f) const;  // f(j), j known to
//   i bool eligible(std::uint32_t j) const;                // may take part at all bool
//   may_join(std::uint32_t i, const Group& g) const; bool may_found(std::uint32_t i, std::uint32_t
//   j) const;
// and may provide
//   double fee(std::uint32_t i) const;  // price of belonging to any group (default 0)
//
// With fees the utility in a group is u_i(G) = sum_j w_ij(k_G) - F_i. Moves between groups
// and leaving a group of three or more still change Phi' = Phi - sum over members of F_i by
// the mover's gain; founding a pair or dissolving one also adds or removes the partner's
// fee, so with fees > 0 the potential argument no longer covers every move and a round may
// end at the cap (with all fees 0 it is the game above).

enum class MoveKind : std::uint8_t { Stay, Leave, Join, Found };

struct Move {
  MoveKind kind = MoveKind::Stay;
  std::uint32_t target = kNone;  // Join: group; Found: partner
  std::uint8_t issue = 0;        // Found: issue of the new group
  double current = 0.0;          // utility where the player is
  double utility = 0.0;          // utility after the move
};

// Per-player dedup of candidate groups (a stamp per group slot).
struct Scratch {
  std::vector<std::uint32_t> stamp;
  std::uint32_t tick = 0;
  void next(std::size_t groups) {
    if (stamp.size() < groups) stamp.resize(groups, 0);
    if (++tick == 0) {  // wrapped: clear
      std::fill(stamp.begin(), stamp.end(), 0u);
      tick = 1;
    }
  }
};

// Utility of player i in group g (i need not be a member).
template <class Game>
[[nodiscard]] double utility_in(const Game& game, const Partition& p, std::uint32_t i,
                                std::uint32_t g) {
  const Group& grp = p.group(g);
  double u = 0.0;
  for (std::uint32_t m : grp.members)
    if (m != i) u += game.weight(i, m, grp.issue);
  return u;
}

// Price of membership for player i (0 for games without fees).
template <class Game>
[[nodiscard]] double fee_of(const Game& game, std::uint32_t i) {
  if constexpr (requires { game.fee(i); })
    return game.fee(i);
  else
    return 0.0;
}

// Utility of player i in group g, net of its membership fee.
template <class Game>
[[nodiscard]] double net_utility_in(const Game& game, const Partition& p, std::uint32_t i,
                                    std::uint32_t g) {
  return utility_in(game, p, i, g) - fee_of(game, i);
}

// The best move of player i among those it may consider: the first (in candidate order)
// strictly better than everything before it by more than `eps`. Stay if nothing beats the
// current utility by more than eps. The caller brackets it with game.begin/end(i).
template <class Game>
[[nodiscard]] Move best_move(const Game& game, const Partition& p, std::uint32_t i, Scratch& s,
                             double eps) {
  Move best;
  const std::uint32_t cur = p.of(i);
  best.current = cur == kNone ? 0.0 : net_utility_in(game, p, i, cur);
  best.utility = best.current;
  if (cur != kNone && 0.0 > best.utility + eps) {
    best.kind = MoveKind::Leave;
    best.utility = 0.0;
  }
  s.next(p.groups().size());
  const int issues = game.issues();
  const double fee = fee_of(game, i);
  game.for_each_candidate(i, [&](std::uint32_t j) {
    if (j == i || !game.eligible(j)) return;
    const std::uint32_t g = p.of(j);
    if (g == cur && g != kNone) return;
    if (g != kNone) {
      if (s.stamp[g] == s.tick) return;
      s.stamp[g] = s.tick;
      if (!game.may_join(i, p.group(g))) return;
      const double u = net_utility_in(game, p, i, g);
      if (u > best.utility + eps) best = {MoveKind::Join, g, 0, best.current, u};
    } else {
      if (!game.may_found(i, j)) return;
      for (int k = 0; k < issues; ++k) {
        const double u = game.weight(i, j, k) - fee;
        if (u > best.utility + eps)
          best = {MoveKind::Found, j, static_cast<std::uint8_t>(k), best.current, u};
      }
    }
  });
  return best;
}

inline void apply_move(Partition& p, std::uint32_t i, const Move& m) {
  switch (m.kind) {
    case MoveKind::Stay: break;
    case MoveKind::Leave: p.leave(i); break;
    case MoveKind::Join: p.join(i, m.target); break;
    case MoveKind::Found: p.found(i, m.target, m.issue); break;
  }
}

struct SweepResult {
  int sweeps = 0;           // sweeps run (the last one moved no-one if settled)
  std::uint64_t moves = 0;  // improving moves made
  bool settled = false;     // ended because a whole sweep made no move
};

// Random sequential best responses: each sweep visits `players` in a fresh random order
// (Fisher-Yates from `rng`); stops after a sweep without a move or after `max_sweeps`.
// `players` is reordered in place.
template <class Game>
SweepResult run_best_responses(Game& game, Partition& p, std::vector<std::uint32_t>& players,
                               RandomStream& rng, int max_sweeps, double eps = 1e-9) {
  SweepResult r;
  Scratch s;
  while (r.sweeps < max_sweeps) {
    ++r.sweeps;
    for (std::size_t a = players.size(); a > 1; --a)
      std::swap(players[a - 1], players[rng.uniform_int(a)]);
    std::uint64_t moved = 0;
    for (std::uint32_t i : players) {
      game.begin(i);
      const Move m = best_move(game, p, i, s, eps);
      game.end(i);
      if (m.kind != MoveKind::Stay) {
        apply_move(p, i, m);
        ++moved;
      }
    }
    r.moves += moved;
    if (moved == 0) {
      r.settled = true;
      break;
    }
  }
  return r;
}

// True when no player of `players` has an improving move (by more than eps) among those
// it may consider; `violator` (if given) receives the first one that has.
template <class Game>
[[nodiscard]] bool is_nash_stable(Game& game, const Partition& p,
                                  std::span<const std::uint32_t> players, double eps = 1e-9,
                                  std::uint32_t* violator = nullptr) {
  Scratch s;
  for (std::uint32_t i : players) {
    game.begin(i);
    const Move m = best_move(game, p, i, s, eps);
    game.end(i);
    if (m.kind != MoveKind::Stay) {
      if (violator != nullptr) *violator = i;
      return false;
    }
  }
  return true;
}

}  // namespace coalesce::coalition::hedonic
