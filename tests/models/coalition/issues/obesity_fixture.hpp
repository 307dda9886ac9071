#pragma once
// Shared by the obesity tests: a handful of citizens on an explicit graph, for rules checked
// by hand (issue_fixture.hpp holds the world).
#include <cstdint>
#include <vector>

#include "issue_fixture.hpp"

namespace coalesce::coalition::testing {

inline constexpr float kRelax12 = 0.0561257f;  // 1 - 2^(-1/12): default half-life of 12 months

// ---------------------------------------------------------------------------------------
// Hand-checkable cases. A handful of citizens on an explicit graph; every rule off except the
// one under test (quiet_params), so each equation can be checked to float precision.

struct Hand {
  World w;
  float* bmi;
  float* set_point;
  std::uint8_t* habits;
  float* concern;
  explicit Hand(std::uint32_t n, std::vector<Edge> edges = {}, std::uint32_t communities = 1)
      : w(std::vector<std::uint32_t>(communities, n), 4096) {
    w.graph = CsrGraph::from_edges(w.size(), std::move(edges), Directedness::Undirected, false);
    for (LocalIndex i = 0; i < w.size(); ++i) (*w.cols.age_band)[i] = 3;
  }
  void start(const Params& p) {
    w.configure(p);
    w.initialise();
    const IssueColumns& ic = w.cols.issue[kObesity];
    bmi = ic.objective->data();
    set_point = ic.baseline->data();
    habits = ic.behaviour->data();
    concern = ic.concern->data();
    // Nobody starts with habits (an initial adopter's set point carried the habits' effect).
    const float healthy = w.obesity.params().healthy_effect;
    for (LocalIndex i = 0; i < w.size(); ++i) {
      if (habits[i] != 0) set_point[i] -= healthy;
      habits[i] = 0;
    }
  }
  // BMI b in energy balance (set point = b; no drift so no lag).
  void put(LocalIndex i, float b) {
    bmi[i] = b;
    set_point[i] = b;
  }
  // Column pointers change at every swap: re-read after a step.
  void step() {
    w.step();
    const IssueColumns& ic = w.cols.issue[kObesity];
    bmi = ic.objective->data();
    habits = ic.behaviour->data();
    concern = ic.concern->data();
  }
};

}  // namespace coalesce::coalition::testing
