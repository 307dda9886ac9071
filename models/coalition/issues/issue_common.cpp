#include "issues/issue_common.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce::coalition::issues {

void declare_shared(ParamSchema& s, const std::string& sec, const SharedDefaults& d) {
  const std::string k = sec + ".";
  // Concern.
  s.add_real(k + "concern_initial", d.concern_initial, 0.0, 1.0, "0..1",
             "mean concern about the issue at set-up (normal, clamped to 0..1)")
      .source = d.concern_initial_source;
  s.add_real(k + "concern_spread", d.concern_spread, 0.0, 1.0, "0..1",
             "standard deviation of concern across citizens at set-up")
      .source = d.concern_spread_source;
  s.add_real(k + "influence", 0.1, 0.0, 1.0, "per month",
             "mu: share of the gap to the mean concern of heard friends closed in a month, "
             "times generalised trust (social influence path; 0 turns it off)")
      .source =
      "none: form from Deffuant et al. 2000 / Hegselmann-Krause 2002 (bounded "
      "confidence); monthly rate is an assumption; sweep it";
  s.add_real(k + "confidence", 0.3, 0.0, 1.0, "concern units",
             "epsilon: a friend is heard only if their concern is within this distance")
      .source =
      "none: below the Hegselmann-Krause consensus threshold of 1/2 for bounded "
      "degree (Fortunato 2005), so opinion clusters can persist; sweep it";
  s.add_real(k + "campaign_concern", 0.05, 0.0, 1.0, "per month",
             "share of the gap to full concern closed in a month at campaign intensity 1 "
             "(0 turns the campaign-to-concern path off)")
      .source = "none: assumption; sweep it";
  s.add_real(k + "concern_anchor", d.concern_anchor, 0.0, 1.0, "per month",
             "share of the gap between concern and its anchor (one's objective risk, plus "
             "concern_predisposition times one's own lean) closed in a month (0 turns it off)")
      .source = d.concern_anchor_source;
  s.add_real(k + "concern_predisposition", d.concern_predisposition, 0.0, 1.0, "weight",
             "w: concern is anchored on the objective risk plus w times the citizen's own lean "
             "(its concern at set-up or entry less concern_initial): Friedkin-Johnsen "
             "attachment to one's initial opinion; 0 anchors everyone on the objective risk")
      .source = d.concern_predisposition_source;
  // Perceived risk.
  s.add_real(k + "risk_objective", 0.4, 0.0, 1.0, "weight",
             "weight of one's objective risk in perceived risk")
      .source = "none: assumption; with the other two weights sums to 1; sweep it";
  s.add_real(k + "risk_concern", 0.4, 0.0, 1.0, "weight", "weight of concern in perceived risk")
      .source = "none: assumption; sweep it";
  s.add_real(k + "risk_salience", 0.2, 0.0, 1.0, "weight",
             "weight of the community's campaign salience in perceived risk")
      .source = "none: assumption; sweep it";
  // Adoption.
  s.add_real(k + "initial_adopted", d.initial_adopted, 0.0, 1.0, "share",
             "share of citizens with " + d.behaviour + " at set-up")
      .source = d.initial_adopted_source;
  s.add_real(k + "adopt_base", d.adopt_base, 0.0, 1.0, "per month",
             "p: chance per month a non-adopter takes up " + d.behaviour +
                 " with no campaign, friends or offer")
      .source = d.adopt_base_source;
  s.add_real(k + "contagion", d.contagion, 0.0, 1.0, "per month",
             "q: extra adoption chance per month times the adopted share of one's friends (or of "
             "one's community when mechanisms.social_influence is off); 0 turns contagion off")
      .source = d.contagion_source;
  s.add_real(k + "adopt_campaign", d.adopt_campaign, 0.0, 1.0, "per month",
             "extra adoption chance per month at campaign intensity 1 (0 turns it off)")
      .source = "none: assumption; sweep it";
  s.add_real(k + "adopt_concern", d.adopt_concern, 0.0, 1.0, "per month",
             "extra adoption chance per month at concern 1: the attitude-to-behaviour path "
             "(0 turns it off)")
      .source = "none: assumption; sweep it";
  s.add_real(k + "relapse", d.relapse, 0.0, 1.0, "per month",
             "chance per month an adopter drops " + d.behaviour)
      .source = d.relapse_source;
}

SharedParams read_shared(const ParamValues& v, const std::string& sec) {
  const std::string k = sec + ".";
  auto r = [&](const char* name) { return static_cast<float>(v.get_real(k + name)); };
  SharedParams p;
  p.concern_initial = r("concern_initial");
  p.concern_spread = r("concern_spread");
  p.influence = r("influence");
  p.confidence = r("confidence");
  p.campaign_concern = r("campaign_concern");
  p.anchor = r("concern_anchor");
  p.predisposition = r("concern_predisposition");
  p.risk_objective = r("risk_objective");
  p.risk_concern = r("risk_concern");
  p.risk_salience = r("risk_salience");
  p.initial_adopted = r("initial_adopted");
  p.adopt_base = r("adopt_base");
  p.contagion = r("contagion");
  p.adopt_campaign = r("adopt_campaign");
  p.adopt_concern = r("adopt_concern");
  p.relapse = r("relapse");
  const double weights = v.get_real(k + "risk_objective") + v.get_real(k + "risk_concern") +
                         v.get_real(k + "risk_salience");
  if (weights > 1.0 + 1e-9)
    throw InputError(fmt::format(
        "keys '{0}risk_objective', '{0}risk_concern', '{0}risk_salience': weights sum to {1}; "
        "allowed: a sum of at most 1 (perceived risk is a share)",
        k, weights));
  return p;
}

}  // namespace coalesce::coalition::issues
