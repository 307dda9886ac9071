// The relational month runs four citizens at a time (relational_lanes.cpp on lanes::F4):
// every rule it uses must give in each lane, bit for bit, what the float rule gives for
// that citizen, over a grid that crosses every branch (the sign of the disconfirmation, the
// min/max in trust updates, zero baselines and thresholds, values clamped at 0 and 1).
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdint>

#include "citizens/relational_kernels.hpp"

namespace coalesce::coalition {
namespace {

using lanes::F4;
namespace K = relational;

std::uint32_t bits(float x) { return std::bit_cast<std::uint32_t>(x); }

TEST(RelationalLanes, FourCitizensAtOnceGiveWhatEachGivesAlone) {
  const float values[] = {0.0f, 0.02f, 0.3f, 0.5f, 0.51f, 0.9f, 1.0f, 1.2f, -0.1f};
  const TrustRates rates{0.1f, 0.4f, 0.3f};
  const K::SatisfactionCoeffs coeffs{0.1f, 0.5f, 0.2f, 0.3f, 0.6f};
  int checked = 0;
  for (float a : values)
    for (float b : values)
      for (float c : values)
        for (float k : {0.0f, 0.5f}) {
          const F4 x{a, b, c, 0.4f};
          const F4 y{c, a, b, 0.7f};
          const F4 z{b, c, a, 0.05f};
          const float star = k;  // thresholds and baselines: 0 takes the other branch
          const F4 good = K::trust_good(x, rates, y, k);
          const F4 bad = K::trust_bad(x, rates, y, k);
          const F4 spent = K::trust_spend(x, 0.8f, 0.3f, y);
          const F4 drifted = K::drift(x, y, 0.25f);
          const F4 target = K::satisfaction_target(x, y, coeffs);
          const F4 heard = K::perceived_with_hearsay(0.4f, x, 0.3f);
          const F4 engaged = K::engagement(x, y, 0.6f);
          const F4 raised = K::raise(x, 0.2f);
          const F4 lowered = K::lower(x, y);
          const F4 tired = K::fatigue_factor(x, star, 0.5f);
          const F4 comply = K::compliance_prob(0.3f, 0.4f, 0.5f, x, y);
          const F4 threat = K::reactance_threat(x, y, star, 0.45f);
          const F4 react = K::reactance(0.7f, 0.9f, z);
          const F4 effort = K::effort_target(0.6f, x, 0.2f, 0.5f, 0.3f, y);
          const F4 legit = K::legitimacy(x, y, z, 0.3f, 0.3f, 0.4f);
          for (int l = 0; l < lanes::kWidth; ++l) {
            ASSERT_EQ(bits(good[l]), bits(K::trust_good(x[l], rates, y[l], k)));
            ASSERT_EQ(bits(bad[l]), bits(K::trust_bad(x[l], rates, y[l], k)));
            ASSERT_EQ(bits(spent[l]), bits(K::trust_spend(x[l], 0.8f, 0.3f, y[l])));
            ASSERT_EQ(bits(drifted[l]), bits(K::drift(x[l], y[l], 0.25f)));
            ASSERT_EQ(bits(target[l]), bits(K::satisfaction_target(x[l], y[l], coeffs)));
            ASSERT_EQ(bits(heard[l]), bits(K::perceived_with_hearsay(0.4f, x[l], 0.3f)));
            ASSERT_EQ(bits(engaged[l]), bits(K::engagement(x[l], y[l], 0.6f)));
            ASSERT_EQ(bits(raised[l]), bits(K::raise(x[l], 0.2f)));
            ASSERT_EQ(bits(lowered[l]), bits(K::lower(x[l], y[l])));
            ASSERT_EQ(bits(tired[l]), bits(K::fatigue_factor(x[l], star, 0.5f)));
            ASSERT_EQ(bits(comply[l]), bits(K::compliance_prob(0.3f, 0.4f, 0.5f, x[l], y[l])));
            ASSERT_EQ(bits(threat[l]), bits(K::reactance_threat(x[l], y[l], star, 0.45f)));
            ASSERT_EQ(bits(react[l]), bits(K::reactance(0.7f, 0.9f, z[l])));
            ASSERT_EQ(bits(effort[l]), bits(K::effort_target(0.6f, x[l], 0.2f, 0.5f, 0.3f, y[l])));
            ASSERT_EQ(bits(legit[l]), bits(K::legitimacy(x[l], y[l], z[l], 0.3f, 0.3f, 0.4f)));
            ++checked;
          }
        }
  EXPECT_EQ(checked, 9 * 9 * 9 * 2 * lanes::kWidth);
}

// Take-up four citizens at a time (relational.cpp's services): each lane's chances, chosen
// offer and expected take-up per offer equal the one-citizen rules' (selectable_factor,
// takeup_factor, clamp01, choose_first and the running products none_before * p).
TEST(RelationalLanes, TakeUpOfFourCitizensIsEachCitizensTakeUp) {
  const float difficulty[] = {-0.0f, 0.2f, 0.5f, 0.8f};
  const float trust[] = {0.0f, 0.3f, 0.9f, 1.0f};
  const float uniforms[] = {0.0f, 0.05f, 0.2f, 0.35f, 0.5f, 0.75f, 0.95f, 0.9999f};
  const float enrol[] = {0.3f, 0.6f, 1.0f};
  int checked = 0;
  for (int n = 0; n <= 3; ++n)
    for (float strength : {0.0f, 0.7f, 1.5f})
      for (float u0 : uniforms) {
        const F4 d = {difficulty[0], difficulty[1], difficulty[2], difficulty[3]};
        const F4 t = {trust[0], trust[1], trust[2], trust[3]};
        const F4 u = {u0, 1.0f - u0 * 0.5f, u0 * 0.5f, 0.999f - u0};
        std::array<F4, 3> p{};
        std::array<float, 3> cut = {0.5f, 0.1f, 0.9f};
        for (int j = 0; j < n; ++j)
          p[j] = K::clamp01(enrol[j] * K::selectable_factor(d, cut[j], 0.4f) *
                            K::takeup_factor(t, strength) * 1.3f);
        std::array<F4, 3> expected{};
        const lanes::I4 chosen = K::choose_first(u, p.data(), n, expected.data());
        for (int l = 0; l < 4; ++l) {
          float q[3] = {};
          float none_before = 1.0f;
          for (int j = 0; j < n; ++j) {
            q[j] = K::clamp01(enrol[j] * K::selectable_factor(difficulty[l], cut[j], 0.4f) *
                              K::takeup_factor(trust[l], strength) * 1.3f);
            ASSERT_EQ(bits(p[j][l]), bits(q[j])) << "lane " << l << " offer " << j;
            ASSERT_EQ(bits(expected[j][l]), bits(none_before * q[j]));
            none_before *= 1.0f - q[j];
          }
          ASSERT_EQ(chosen[l], K::choose_first(u[l], q, n)) << "lane " << l << " u " << u[l];
          ++checked;
        }
      }
  EXPECT_EQ(checked, 4 * 3 * 8 * 4);
}

}  // namespace
}  // namespace coalesce::coalition
