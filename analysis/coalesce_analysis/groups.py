"""Which metrics go on which figure: one declarative table, matched by metric-name patterns.

Each Group becomes one run figure (its panels side by side) and, in an experiment, one
figure of arms and one of differences (a panel per metric). Patterns are regular
expressions matched against the whole metric name; a panel title containing "{facet}" is
repeated for each value of the pattern's `facet` group (e.g. one budget-mix panel per
issue). Every time-series metric no group claims goes to the generic "Other metrics"
figures, so a model the table does not know (sir, deffuant, bass, ...) still gets every
metric drawn. Groups can be limited to models; an empty `models` means any model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Panel styles: "lines" = mean per metric with the replicate spread; "stacked" = stacked
# areas of the means (parts of a whole, e.g. spending by mode); "change" = percent change of
# each metric since t = 0, so series in different units can be compared for divergence.
# A "change" panel re-draws metrics shown elsewhere and so claims none of them.
LINES, STACKED, CHANGE = "lines", "stacked", "change"


@dataclass(frozen=True)
class Panel:
    title: str
    patterns: tuple[str, ...]
    style: str = LINES


@dataclass(frozen=True)
class Group:
    slug: str  # figure file stem: <slug>.png, arms_<slug>.png, diff_<slug>.png
    section: str
    title: str
    caption: str
    panels: tuple[Panel, ...]
    ncols: int = 2
    models: tuple[str, ...] = ()


COALITION = ("coalition",)

# Report sections, in page order.
SECTIONS = (
    "Outcomes by issue: objective and subjective",
    "Trust and legitimacy",
    "Spending and commissioning",
    "Coalitions",
    "Networks",
    "Communities",
    "Distributions",
    "Other metrics",
    "Sensitivity",
)

GROUPS: tuple[Group, ...] = (
    Group(
        "issue_obesity", SECTIONS[0], "Obesity: what happens and what people perceive",
        "Left, the objective state; right, the subjective one. The bottom-right panel puts both "
        "on one scale (percent change since the start), so a gap between them is where "
        "perception and reality diverge.",
        (
            Panel("Objective: shares of citizens", ("obesity_prevalence", "healthy_behaviour_share", "obesity_enrolled")),
            Panel("Subjective: concern and perceived risk", ("obesity_concern", "obesity_perceived_risk")),
            Panel("Objective: mean BMI", ("mean_bmi",)),
            Panel("Objective vs subjective: change since start", ("obesity_prevalence", "mean_bmi", "obesity_perceived_risk", "obesity_concern"), CHANGE),
        ),
        models=COALITION,
    ),
    Group(
        "issue_climate", SECTIONS[0], "Climate: what happens and what people perceive",
        "Left, the objective state (household emissions per head, low-carbon adoption); right, "
        "concern and perceived risk. Bottom right: both as percent change since the start.",
        (
            Panel("Objective: emissions per head", ("emissions_per_head",)),
            Panel("Subjective: concern and perceived risk", ("climate_concern", "climate_perceived_risk")),
            Panel("Objective: adoption and enrolment", ("low_carbon_adoption", "climate_enrolled")),
            Panel("Objective vs subjective: change since start", ("emissions_per_head", "climate_perceived_risk", "climate_concern"), CHANGE),
        ),
        models=COALITION,
    ),
    Group(
        "issue_crime", SECTIONS[0], "Crime and fear of crime: what happens and what people perceive",
        "Left, the objective victimisation rate; right, fear, the shares who believe crime is rising "
        "nationally and locally, and trust in the police. Bottom right: percent change since the "
        "start, so perceived trends that move against the objective one stand out.",
        (
            Panel("Objective: victimisation", ("crime_victimised", "crime_victim_past_year")),
            Panel("Subjective: fear and perceived trends", ("crime_fear_high", "crime_rising_national", "crime_rising_local")),
            Panel("Trust in the police", ("trust_police",)),
            Panel("Objective vs subjective: change since start", ("crime_victim_past_year", "crime_fear_high", "crime_rising_national", "crime_rising_local"), CHANGE),
            Panel("By deprivation quintile: victimisation", (r"crime_victimised_q\d",)),
            Panel("By deprivation quintile: fear and trust", (r"crime_fear_high_q\d", r"trust_police_q\d", r"crime_rising_local_q\d")),
        ),
        models=COALITION,
    ),
    Group(
        "issue_care", SECTIONS[0], "Ageing and chronic care: conditions, where care happens, what it costs",
        "Top row: the share with long-term conditions and with two or more; emergency admissions "
        "at an annual rate; care-related quality of life and the share satisfied with their care. "
        "Middle row: cost per head by setting (acute, primary, community and self-care, stacked), "
        "unpaid carers' hours and the share holding a personal health budget. Bottom row: "
        "prevalence and admissions by deprivation quintile, and prevalence by age band.",
        (
            Panel("Long-term conditions", ("care_ltc_prevalence", "care_multimorbidity")),
            Panel("Emergency admissions, per 1000 a year", ("care_emergency_admissions",)),
            Panel("Quality of life and satisfaction with care", ("care_quality_of_life", "care_satisfied")),
            Panel("Cost by setting, £ per head per year",
                  ("care_cost_acute_gbp_per_head", "care_cost_primary_gbp_per_head", "care_cost_community_gbp_per_head"), STACKED),
            Panel("Unpaid care, hours a week per person", ("care_carer_hours",)),
            Panel("Personal health budget holders", ("care_budget_holders",)),
            Panel("By deprivation quintile: long-term conditions", (r"care_ltc_prevalence_q\d",)),
            Panel("By deprivation quintile: emergency admissions", (r"care_emergency_admissions_q\d",)),
            Panel("By age band: long-term conditions", (r"care_ltc_prevalence_age_.+",)),
        ),
        ncols=3, models=COALITION,
    ),
    Group(
        "demography", SECTIONS[0], "Population: age, deaths, births and newcomers",
        "The represented population ages month by month, dies by the fitted life table and is "
        "renewed by births and newcomers; with births as in the data its age structure is held.",
        (
            Panel("Age", ("mean_age",)),
            Panel("Share aged 65 and over", ("share_aged_65_plus",)),
            Panel("Movements a month", ("demography_deaths", "demography_births", "demography_newcomers", "demography_leavers")),
        ),
        ncols=3, models=COALITION,
    ),
    Group(
        "trust_legitimacy", SECTIONS[1], "Trust, satisfaction and legitimacy",
        "Citizens' mean trust in each kind of institution and in each other; how they judge "
        "services, process and government; and the relational capital index built on them.",
        (
            Panel("Trust", ("trust_government", "trust_ngo", "trust_business")),
            Panel("Satisfaction, fairness and legitimacy", ("satisfaction", "fairness", "legitimacy")),
            Panel("Relational capital and voice", ("relational_capital", "coproduction_effort", "feedback_answered_share")),
        ),
        ncols=3, models=COALITION,
    ),
    Group(
        "citizens_differ", SECTIONS[1], "Who trusts, who takes part and who complies: by deprivation quintile",
        "Trust in government, satisfaction and voice participation (the share taking part in "
        "consultation or participatory budgeting that month) by deprivation quintile (1 least "
        "deprived): the start gradients are stated (ODD.md, relational mechanics, section i), "
        "their course is the model's. Compliance and reactance among the citizens asked, in the "
        "months with an ask; generalised trust in other people, which friends and service "
        "encounters move.",
        (
            Panel("Trust in government by quintile", (r"trust_government_q\d",)),
            Panel("Satisfaction by quintile", (r"satisfaction_q\d",)),
            Panel("Voice participation by quintile", (r"participation_q\d",)),
            Panel("Asks: compliance and reactance among those asked", ("ask_compliance", "ask_reactance")),
            Panel("Generalised trust in other people", ("trust_people",)),
        ),
        models=COALITION,
    ),
    Group(
        "spending", SECTIONS[2], "Spending by commissioning mode",
        "Monthly spending stacked by commissioning mode; the money that flows back (savings, "
        "community dividends, impact-bond payments); and how contracts perform.",
        (
            Panel("Spending by mode and on voice, £ per head per year", (r"spending_.+_gbp_per_head",), STACKED),
            Panel("Savings, dividends and bond payments, £ per head per year",
                  ("savings_gbp_per_head", "dividends_paid_gbp_per_head", "bond_payments_gbp_per_head")),
            Panel("Reach: share of eligible citizens in a service", ("obesity_reach", "climate_reach")),
            Panel("Fiscal loop: savings returned and investors' capital, £ per head per year",
                  ("reinvested_savings_gbp_per_head", "investor_capital_gbp_per_head")),
            Panel("Investors' offer: share of bond allocations funded", ("investor_offer_share",)),
            Panel("Contract performance", ("investor_return", "creaming_rate")),
        ),
        ncols=3, models=COALITION,
    ),
    Group(
        "levers", SECTIONS[2], "Population-level levers",
        "Rules government applies to everyone under any strategy (ODD.md, population-level "
        "levers): how many are in force, their modelled effect as each ramps in (obesity: BMI "
        "off everyone's energy-balance target; climate: share of everyone's emissions cut by the "
        "heat-pump and insulation grants and the private rented homes' standard) and their cost "
        "to government (negative = revenue).",
        (
            Panel("Levers in force", (r"levers_on_[a-z]+",)),
            Panel("Obesity levers: kg/m² off the BMI target", ("lever_effect_obesity",)),
            Panel("Climate levers: share of emissions cut", ("lever_effect_climate",)),
            Panel("Levers' cost, £ per head per year", (r"levers_cost_[a-z]+_gbp_per_head",)),
        ),
        models=COALITION,
    ),
    Group(
        "commissioning_mix", SECTIONS[2], "Commissioning mix per issue",
        "National mean share of each issue's budget commissioned in each mode; government "
        "shifts it towards the modes that score best on what it measures.",
        (Panel("{facet}: budget mix", (r"mix_(?P<facet>[a-z]+)_.+",), STACKED),),
        models=COALITION,
    ),
    Group(
        "coalitions", SECTIONS[3], "Coalition dynamics",
        "How many coalitions there are, how large and cohesive, how far government leads "
        "them, and what they pool.",
        (
            Panel("Number of coalitions", ("coalitions",)),
            Panel("Mean size", ("coalition_mean_size",)),
            Panel("Cohesion and government's role", ("coalition_cohesion", "coalitions_government_led", "government_resource_share")),
            Panel("Pooled resources, £ per month", ("pooled_resources_gbp",)),
        ),
        models=COALITION,
    ),
    Group(
        "network", SECTIONS[4], "Organisation network",
        "Structure of the organisation trust network (measured every network interval and "
        "carried between) and government's brokerage position in it.",
        (
            Panel("Network structure", ("network_density", "network_clustering", "network_degree_centralisation", "coalition_modularity")),
            Panel("Government's betweenness", ("government_betweenness",)),
        ),
        models=COALITION,
    ),
)

# Per-community small multiples: one figure per set, one panel per community, the set's
# metrics drawn together in each panel (so objective and subjective sit side by side in
# every community). A model not listed gets one single-metric set for each of its first
# few per-community metrics.
@dataclass(frozen=True)
class CommunitySet:
    slug: str  # figure file: communities_<slug>.png
    title: str
    metrics: tuple[str, ...]
    style: str = LINES


COMMUNITY_SETS: dict[str, tuple[CommunitySet, ...]] = {
    "coalition": (
        CommunitySet("obesity", "Obesity by community: prevalence (objective) and perceived risk (subjective)",
                     ("obesity_prevalence", "obesity_perceived_risk")),
        CommunitySet("climate", "Climate by community: emissions per head (objective) and perceived risk "
                     "(subjective), % change since start", ("emissions_per_head", "climate_perceived_risk"), CHANGE),
        CommunitySet("crime", "Crime by community: victimisation (objective), fear and perceived local "
                     "trend (subjective), % change since start",
                     ("crime_victim_past_year", "crime_fear_high", "crime_rising_local"), CHANGE),
        CommunitySet("trust", "Trust in government, satisfaction and legitimacy by community",
                     ("trust_government", "satisfaction", "legitimacy")),
    ),
}
COMMUNITY_DEFAULT_COUNT = 4

# What a histogram's bins measure (the file gives the counts' units, not the binned value's).
HISTOGRAM_AXES: dict[str, str] = {
    "bmi_distribution": "BMI (kg/m²)",
    "opinion_distribution": "opinion",
    "age_band_distribution": "age band, from 0-15 (bottom) to 75+ (top)",
}


# Metrics an experiment's final-time comparison (forest plot) and, without a sensitivity
# analysis, its tornado charts show first.
HEADLINES: dict[str, tuple[str, ...]] = {
    "coalition": ("obesity_prevalence", "mean_bmi", "emissions_per_head", "low_carbon_adoption",
                  "obesity_perceived_risk", "climate_perceived_risk", "satisfaction",
                  "trust_government", "legitimacy", "relational_capital", "coalitions",
                  "savings_gbp_per_head", "crime_victim_past_year", "crime_fear_high",
                  "crime_rising_national", "crime_rising_local", "trust_police", "mean_age"),
}
HEADLINE_DEFAULT_COUNT = 9


@dataclass
class ResolvedPanel:
    title: str
    style: str
    metrics: list[str] = field(default_factory=list)


def _applies(group: Group, model: str) -> bool:
    return not group.models or model in group.models


def resolve(group: Group, metrics: list[str]) -> list[ResolvedPanel]:
    """The group's panels with the metrics (in file order) each one draws; empty panels dropped."""
    out: list[ResolvedPanel] = []
    for panel in group.panels:
        if "{facet}" in panel.title:
            facets: dict[str, ResolvedPanel] = {}
            for m in metrics:
                for p in panel.patterns:
                    hit = re.fullmatch(p, m)
                    if hit:
                        facet = hit.groupdict().get("facet") or ""
                        rp = facets.setdefault(facet, ResolvedPanel(panel.title.format(facet=facet.capitalize()), panel.style))
                        rp.metrics.append(m)
                        break
            out += facets.values()
        else:
            # Pattern order first (the table's order is the legend's), then file order.
            chosen = []
            for p in panel.patterns:
                chosen += [m for m in metrics if m not in chosen and re.fullmatch(p, m)]
            if chosen:
                out.append(ResolvedPanel(panel.title, panel.style, chosen))
    return out


def plan(model: str, metrics: list[str]) -> tuple[list[tuple[Group, list[ResolvedPanel]]], list[str]]:
    """Matches time-series metric names to the table.

    Returns ([(group, panels)] for groups with at least one metric, unclaimed metrics).
    """
    groups, claimed = [], set()
    for g in GROUPS:
        if not _applies(g, model):
            continue
        panels = resolve(g, [m for m in metrics if m not in claimed])
        if not any(p.style != CHANGE for p in panels):
            continue
        groups.append((g, panels))
        claimed.update(m for p in panels if p.style != CHANGE for m in p.metrics)
    return groups, [m for m in metrics if m not in claimed]


def group_metrics(panels: list[ResolvedPanel]) -> list[str]:
    """The distinct metrics of a group's panels (for one-panel-per-metric experiment figures)."""
    out: list[str] = []
    for p in panels:
        if p.style != CHANGE:
            out += [m for m in p.metrics if m not in out]
    return out


def community_sets(model: str, available: list[str]) -> list[CommunitySet]:
    """The small-multiple sets for a model, keeping only metrics the file has per community."""
    if model in COMMUNITY_SETS:
        out = []
        for s in COMMUNITY_SETS[model]:
            present = tuple(m for m in s.metrics if m in available)
            if present:
                out.append(CommunitySet(s.slug, s.title, present, s.style))
        return out
    return [CommunitySet(m, f"{m.replace('_', ' ')} by community", (m,)) for m in available[:COMMUNITY_DEFAULT_COUNT]]


def headlines(model: str, available: list[str]) -> list[str]:
    if model in HEADLINES:
        chosen = [m for m in HEADLINES[model] if m in available]
        if chosen:
            return chosen
    return available[:HEADLINE_DEFAULT_COUNT]
