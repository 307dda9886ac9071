"""The numbers of the decision report: what each arm costs per unit of outcome it gains over
the baseline, who gains (deprivation quintiles), and where the answer flips (break-even).

Everything is paired: replicate k of every arm runs on the same random streams (common
random numbers), so an arm is judged by its per-replicate differences from the baseline, and
in an experiment with an `[uncertain]` section by its per-sample differences (each the mean
of the sample's paired replicates), whose spread is the parameter uncertainty.

Cost = public money spent over the horizon: every `spending_<mode>_gbp` flow (commissioning
modes, bond payments included, and voice), `dividends_paid_gbp`, and the levers' cost
(`levers_cost_<issue>_gbp_per_head`, GBP per person per year, times the represented
population / 12). Savings = `savings_gbp` (the model's own valuation of outcomes achieved).
Outcomes are turned into counts of the represented population (config population.represents):
a stock is read at the last time point (obesity cases, trust points), a rate is summed over
the horizon (tonnes CO2e, crime victims). The page is in decision_page.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .requirements import require

require(("numpy", "xarray", "scipy"))  # one line naming the interpreter and packages, not a traceback

import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402
from scipy.special import stdtrit  # noqa: E402

from . import stats  # noqa: E402
from .loader import parse_ini  # noqa: E402

SPENDING = re.compile(r"spending_\w+_gbp$")
LEVERS = re.compile(r"levers_cost_\w+_gbp_per_head$")
OTHER_COSTS = ("dividends_paid_gbp",)
SAVINGS = "savings_gbp"
QUINTILES = 5
BREAK_EVEN_PARAMETERS = 3  # the most influential parameters shown per arm and target


@dataclass(frozen=True)
class Outcome:
    metric: str
    label: str  # the outcome, as a reader says it
    unit: str  # one unit of outcome gained, as a reader says it
    units: str  # its plural
    better: int  # +1: higher is better; -1: lower is better
    kind: str  # "people" (a share, at the end), "points" (a 0..1 score, at the end),
    #            "share_month" (a monthly share, summed), "per_head_year" (per head per year, summed)


OUTCOMES = (
    Outcome("obesity_prevalence", "obesity", "obesity case avoided", "obesity cases avoided", -1, "people"),
    Outcome("emissions_per_head", "emissions", "tonne CO2e avoided", "tonnes CO2e avoided", -1, "per_head_year"),
    Outcome("trust_government", "trust in government", "trust point gained", "trust points gained", +1, "points"),
    Outcome("crime_victimised", "crime victimisation", "crime victim avoided", "crime victims avoided", -1,
            "share_month"),
)


@dataclass
class Effect:
    """One arm's paired effect on one outcome (or quintile), and what it costs per unit."""

    arm: str
    outcome: Outcome
    group: str  # "all" or "quintile 1" .. "quintile 5"
    cost: tuple  # extra cumulative cost vs baseline, GBP: (mean, lo, hi)
    gain: tuple  # units gained: (mean, lo, hi)
    ratio: tuple  # GBP per unit: (mean, lo, hi); NaN where undefined
    verdict: str  # "cost per unit", "dominant", "dominated", "no detectable effect", "worse but cheaper", ...
    samples_gaining: tuple | None = None  # (samples where the arm gains, samples) with parameter samples
    paired: tuple = ()  # (extra cost, units gained): the paired values behind the intervals


@dataclass
class BreakEven:
    arm: str
    target: str  # "net benefit" or an outcome's unit
    parameter: str
    correlation: float  # with the target, across parameter samples (ranked by its size)
    low: float  # the parameter's range over the samples
    high: float
    at_low: float  # the target's fitted value at each end (others at their midpoints)
    at_high: float
    value: float  # the parameter value where the target crosses 0; NaN if it does not


@dataclass
class Decision:
    baseline: str
    arms: list[str]
    population: float
    months: float
    confidence: float
    paired_over: str  # "replicates" or "parameter samples"
    n: int  # paired values behind each interval
    cost_terms: list[str]
    summary: dict  # arm -> {"cost": (m, lo, hi), "savings": ..., "net": ...}
    effects: list[Effect]
    break_even: list[BreakEven]
    parameters: list[str]


# ---------------------------------------------------------------- arithmetic on paired values

def fieller(dc, de, confidence: float) -> tuple[float, float, float]:
    """Ratio mean(dc) / mean(de) of paired differences with its Fieller interval (Fieller 1954;
    for cost-effectiveness ratios Willan & O'Brien 1996).

    The interval is the set of ratios r with (mean dc - r mean de)^2 <= t^2 Var(mean dc - r
    mean de); it is bounded only when mean(de) is distinguishable from 0 at this level
    (mean de^2 > t^2 Var(mean de)). Otherwise (lo, hi) are NaN: no finite interval exists, and
    the caller must not print the ratio as if it meant something.
    """
    dc, de = np.asarray(dc, dtype=float), np.asarray(de, dtype=float)
    ok = np.isfinite(dc) & np.isfinite(de)
    dc, de = dc[ok], de[ok]
    n = len(dc)
    if n < 2:
        return float("nan"), float("nan"), float("nan")
    mc, me = dc.mean(), de.mean()
    vc, ve = dc.var(ddof=1) / n, de.var(ddof=1) / n
    cov = np.cov(dc, de, ddof=1)[0, 1] / n
    t2 = float(stdtrit(n - 1, 0.5 + confidence / 2.0)) ** 2
    a, b, c = me * me - t2 * ve, mc * me - t2 * cov, mc * mc - t2 * vc
    ratio = mc / me if me != 0 else float("nan")
    disc = b * b - a * c
    if not a > 0 or disc < 0:
        return ratio, float("nan"), float("nan")
    root = np.sqrt(disc)
    return ratio, (b - root) / a, (b + root) / a


def verdict(cost: tuple, gain: tuple) -> str:
    """What a reader may conclude from the two intervals (never a ratio over an effect that
    could be 0, which would print a huge, meaningless number)."""
    _, clo, chi = cost
    _, glo, ghi = gain
    if not (np.isfinite(glo) and np.isfinite(ghi)):
        return "too few values for an interval"
    if glo <= 0 <= ghi:
        return "no detectable effect"
    if glo > 0:
        return "dominant (cheaper and better)" if chi < 0 else "cost per unit"
    if clo > 0:
        return "dominated (costlier and worse)"
    return "worse but cheaper" if chi < 0 else "dominated (worse, no cheaper)"


# ---------------------------------------------------------------- reading the file's series

def months_per_step(ds: xr.Dataset) -> np.ndarray:
    """Length of each recorded interval in months (flows at t >= 1 cover the interval before)."""
    unit = str(ds.attrs.get("time_units", "month")).lower()
    per = 12.0 if unit.startswith("year") else 1.0
    return np.diff(np.asarray(ds["time"].values, dtype=float)) * per


def represented(path, arms: list[str]) -> float:
    """population.represents from the arms' configuration (the same in every arm of a fair
    comparison; the baseline's is used)."""
    import h5py

    with h5py.File(path, "r") as f:
        for a in arms:
            text = f["arms"][a].attrs.get("config", "") if a in f.get("arms", {}) else ""
            text = text.decode() if isinstance(text, bytes) else str(text)
            value = parse_ini(text).get("population.represents")
            if value:
                return float(value)
        text = f.attrs.get("config", "")
        value = parse_ini(text.decode() if isinstance(text, bytes) else str(text)).get("population.represents")
    return float(value) if value else float("nan")


def cost_terms(ds: xr.Dataset) -> list[str]:
    names = [str(v) for v in ds.data_vars]
    return [n for n in names if SPENDING.match(n) or LEVERS.match(n) or n in OTHER_COSTS]


def applicable(ds: xr.Dataset) -> bool:
    """An experiment with at least two arms, money and at least one outcome the page knows."""
    return ("arm" in ds.dims and ds.sizes["arm"] >= 2 and "design_points" not in ds and bool(cost_terms(ds))
            and any(o.metric in ds for o in OUTCOMES))


def public_cost(ds: xr.Dataset, arm: str, population: float) -> np.ndarray:
    """(replicate, time): public money spent in each month, GBP for the represented population."""
    total = 0.0
    for n in cost_terms(ds):
        v = np.nan_to_num(ds[n].sel(arm=arm).values.astype(float))
        total = total + (v * population / 12.0 if n.endswith("_per_head") else v)
    return np.asarray(total)


def cumulative(flow: np.ndarray, months: np.ndarray) -> np.ndarray:
    """(replicate,): a monthly flow summed over the horizon (the t = 0 state carries no flow)."""
    return np.sum(flow[:, 1:] * months[None, :], axis=1)


def units_gained(outcome: Outcome, arm: np.ndarray, base: np.ndarray, people: float,
                 months: np.ndarray) -> np.ndarray:
    """(replicate,): units of the outcome gained by the arm over the baseline, paired."""
    d = outcome.better * (np.asarray(arm, dtype=float) - np.asarray(base, dtype=float))
    if outcome.kind == "people":
        return d[:, -1] * people
    if outcome.kind == "points":
        return d[:, -1] * 100.0  # percentage points of a 0..1 score
    per_month = people if outcome.kind == "share_month" else people / 12.0
    return cumulative(d, months) * per_month


# ---------------------------------------------------------------- the analysis

def _interval(x, confidence: float) -> tuple:
    m, lo, hi = stats.t_interval(np.asarray(x, dtype=float), confidence=confidence)
    return float(m), float(lo), float(hi)


def _effect(arm, outcome, group, dc, de, confidence, gaining=None) -> Effect:
    cost, gain = _interval(dc, confidence), _interval(de, confidence)
    v = verdict(cost, gain)
    ratio = fieller(dc, de, confidence) if v in ("cost per unit", "worse but cheaper") else (np.nan,) * 3
    return Effect(arm, outcome, group, cost, gain, tuple(map(float, ratio)), v, gaining,
                  (np.asarray(dc, dtype=float), np.asarray(de, dtype=float)))


class _Pairs:
    """Per arm, the paired differences from the baseline that every figure is built from:
    one value per replicate, or per parameter sample (its replicates' mean)."""

    def __init__(self, ds, baseline, samples, population):
        self.ds, self.baseline, self.samples, self.people = ds, baseline, samples, population
        self.months = months_per_step(ds)

    def runs(self, policy: str) -> list[str]:
        return [policy] if self.samples is None else [f"{policy}@s{s:04d}" for s in range(self.samples)]

    def reduce(self, per_run: list[np.ndarray]) -> np.ndarray:
        # One arm: its replicates. Parameter samples: each sample's mean over its replicates.
        return per_run[0] if self.samples is None else np.array([stats.nanmean(v) for v in per_run])

    def cost(self, policy: str, name: str | None = None) -> np.ndarray:
        def series(arm):
            if name is None:
                return public_cost(self.ds, arm, self.people)
            return np.nan_to_num(self.ds[name].sel(arm=arm).values.astype(float))
        return self.reduce([cumulative(series(a) - series(b), self.months)
                            for a, b in zip(self.runs(policy), self.runs(self.baseline))])

    def gain(self, policy: str, outcome: Outcome, metric: str, people: float) -> np.ndarray:
        return self.reduce([units_gained(outcome, self.ds[metric].sel(arm=a).values,
                                         self.ds[metric].sel(arm=b).values, people, self.months)
                            for a, b in zip(self.runs(policy), self.runs(self.baseline))])


def analyse(path, ds: xr.Dataset, confidence: float = 0.95, uncertainty: dict | None = None) -> Decision:
    """Every arm against the baseline: cost, savings, net benefit, cost per unit of each
    outcome overall and per deprivation quintile, and (with parameter samples) break-even.

    `uncertainty`: None, or {"baseline", "policies", "parameters", "samples" (S, P)} from
    the file's /uncertainty group (loader.read_uncertainty).
    """
    if uncertainty:
        baseline, policies = uncertainty["baseline"], list(uncertainty["policies"])
        n_samples = int(np.asarray(uncertainty["samples"]).shape[0])
        confidence = float(uncertainty.get("confidence", confidence))
    else:
        baseline = str(ds.attrs.get("baseline") or ds["arm"].values[0])
        policies, n_samples = [str(a) for a in ds["arm"].values], None
    people = represented(path, [f"{baseline}@s0000" if n_samples else baseline])
    pairs = _Pairs(ds, baseline, n_samples, people)
    arms = [p for p in policies if p != baseline]
    summary, effects, break_even = {}, [], []
    for arm in arms:
        dc = pairs.cost(arm)
        ds_ = pairs.cost(arm, SAVINGS) if SAVINGS in ds else np.full_like(dc, np.nan)
        net = ds_ - dc
        summary[arm] = {"cost": _interval(dc, confidence), "savings": _interval(ds_, confidence),
                        "net": _interval(net, confidence)}
        targets = {"net benefit (GBP)": net}
        for o in OUTCOMES:
            if o.metric not in ds:
                continue
            de = pairs.gain(arm, o, o.metric, people)
            targets[o.units] = de
            gaining = (int(np.sum(de > 0)), len(de)) if n_samples else None
            effects.append(_effect(arm, o, "all", dc, de, confidence, gaining))
            for q in range(1, QUINTILES + 1):
                name = f"{o.metric}_q{q}"
                if name in ds:
                    dq = pairs.gain(arm, o, name, people / QUINTILES)
                    effects.append(_effect(arm, o, f"quintile {q}", dc, dq, confidence))
        if n_samples:
            for target, y in targets.items():
                break_even += break_even_rows(arm, target, np.asarray(uncertainty["samples"], dtype=float),
                                              list(uncertainty["parameters"]), y)
    return Decision(baseline, arms, people, float(np.sum(pairs.months)), confidence,
                    "parameter samples" if n_samples else "replicates",
                    n_samples or int(ds.sizes.get("replicate", 0)), cost_terms(ds), summary, effects,
                    break_even, list(uncertainty["parameters"]) if uncertainty else [])


def break_even_rows(arm: str, target: str, samples: np.ndarray, parameters: list[str], y) -> list[BreakEven]:
    """The most influential parameters for `y` (one value per sample) and where y crosses 0.

    Influence: |correlation| of y with the parameter across samples. The crossing comes from
    the least-squares plane through all samples (stats.tornado_effects: y at the parameter's
    low and high ends, the others at their midpoints), interpolated linearly between the
    ends; no crossing within the sampled range gives NaN.
    """
    y = np.asarray(y, dtype=float)
    ok = np.isfinite(y) & np.isfinite(samples).all(axis=1)
    x, y = samples[ok], y[ok]
    if len(y) < 3 or np.ptp(y) == 0:
        return []
    lo, hi = x.min(axis=0), x.max(axis=0)
    _, swings, _ = stats.tornado_effects(x, y, lo, hi, parameters)
    ends = {name: (a, b) for name, a, b in swings}
    with stats.quiet():
        corr = [float(np.corrcoef(x[:, j], y)[0, 1]) if np.ptp(x[:, j]) > 0 else 0.0
                for j in range(len(parameters))]
    scale = float(np.max(np.abs(y)))
    rows = []
    for j in sorted(range(len(parameters)), key=lambda j: -abs(np.nan_to_num(corr[j])))[:BREAK_EVEN_PARAMETERS]:
        a, b = ends[str(parameters[j])]
        value = float("nan")
        if abs(b - a) <= 1e-9 * scale:  # no dependence: a flat fit's rounding noise is no crossing
            a = b = (a + b) / 2.0
        elif min(a, b) <= 0 <= max(a, b):
            value = float(lo[j] + (0.0 - a) / (b - a) * (hi[j] - lo[j]))
        rows.append(BreakEven(arm, target, str(parameters[j]), corr[j], float(lo[j]), float(hi[j]),
                              float(a), float(b), value))
    return rows
