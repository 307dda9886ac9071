"""Synthetic experiment files with known costs and outcomes, for the decision report's tests.

h5py only (no binary): the layout of docs/OUTPUT.md's experiment files, a represented
population of 1000, twelve monthly steps. Every number below is chosen so the page's figures
can be worked out by hand (test_decision.py does so in its comments).
"""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

PEOPLE = 1000.0
MONTHS = 12
REPLICATES = 4
TIME = np.arange(MONTHS + 1, dtype=float)
CONFIG = f"[run]\nmodel = coalition\n\n[population]\ncitizens = 100\nrepresents = {PEOPLE:.0f}\n"
UNITS = {"spending_direct_gbp": "GBP per month (represented population)",
         "savings_gbp": "GBP per month (represented population)",
         "levers_cost_obesity_gbp_per_head": "GBP per person per year",
         "obesity_prevalence": "share of citizens", "emissions_per_head": "tCO2e/yr",
         "trust_government": "0..1", "crime_victimised": "share of citizens"}


def _root(f: h5py.File, arms: list[str], baseline: str, n_rep: int) -> None:
    f.attrs.update({"engine_version": "0.1.0", "git_commit": "fixture", "created_utc": "2026-01-01T00:00:00Z",
                    "model": "coalition", "seed": np.uint64(7), "config": CONFIG, "kind": "experiment",
                    "steps": np.uint64(MONTHS), "replicates": np.uint64(n_rep), "status": "complete",
                    "time_units": "month", "baseline": baseline, "arms": arms,
                    "experiment": "[experiment]\nbase = fixture.ini\n"})
    for axis, values in (("time", TIME), ("replicate", np.arange(n_rep))):
        f.create_dataset(axis, data=values).make_scale(axis)


def _arm(f: h5py.File, name: str, series: dict[str, np.ndarray]) -> None:
    g = f["arms"].create_group(name, track_order=True)
    g.attrs["config"] = CONFIG
    ts = g.create_group("timeseries", track_order=True)
    for m, v in series.items():
        d = ts.create_dataset(m, data=np.asarray(v, dtype=float))
        d.attrs.update({"units": UNITS.get(m.split("_q")[0] if "_q" in m else m, "share of citizens"),
                        "description": m.replace("_", " "), "reduction": "mean"})
        d.dims[0].attach_scale(f["replicate"])
        d.dims[1].attach_scale(f["time"])


def _flat(value, n_rep: int) -> np.ndarray:
    """(R, T) holding `value` (a number or one per replicate) at every t >= 1, 0 at t = 0 (flows)."""
    v = np.zeros((n_rep, len(TIME)))
    v[:, 1:] = np.asarray(value, dtype=float).reshape(-1, 1) if np.ndim(value) else value
    return v


def _level(start: float, end, n_rep: int) -> np.ndarray:
    """(R, T) at `start` up to the last point, which is `end` (a number or one per replicate)."""
    v = np.full((n_rep, len(TIME)), start)
    v[:, -1] = end
    return v


def arms_series(arm: str) -> dict[str, np.ndarray]:
    """Four arms against `base`, with k = 0..3 the replicate:

    costly: spends 50 + k more a month and levies 1.2 GBP a head a year (100 a month for
            1000 people): extra cost 12 (50 + k) + 1200 = 1800 + 12k; obesity at the end
            0.01 + 0.001k lower = 10 + k cases avoided; emissions 0.12 t/yr a head lower
            every month = 120 t; trust 0.02 higher at the end = 2 points; victimisation
            0.001 a month lower = 12 victims, in quintile q 0.001 q lower = 2.4 q victims.
    nothing: spends 50 more a month; obesity ends +-0.001, +-0.002: no detectable effect.
    worse: spends 50 + k more; obesity ends 0.02 + 0.001k higher: dominated.
    cheaper: spends 30 + k less; obesity ends 0.01 + 0.001k lower: dominant.
    """
    k = np.arange(REPLICATES, dtype=float)
    spend, levy, obesity = np.full(REPLICATES, 100.0), 0.0, np.full(REPLICATES, 0.30)
    emissions, trust, crime, quintile_cut = 5.0, 0.5, 0.05, 0.0
    if arm == "costly":
        spend, levy, obesity = 150.0 + k, 1.2, 0.30 - (0.01 + 0.001 * k)
        emissions, trust, crime, quintile_cut = 5.0 - 0.12, 0.52, 0.049, 0.001
    elif arm == "nothing":
        spend, obesity = np.full(REPLICATES, 150.0), 0.30 + np.array([0.001, -0.001, 0.002, -0.002])
    elif arm == "worse":
        spend, obesity = 150.0 + k, 0.30 + 0.02 + 0.001 * k
    elif arm == "cheaper":
        spend, obesity = 70.0 - k, 0.30 - (0.01 + 0.001 * k)
    out = {"spending_direct_gbp": _flat(spend, REPLICATES),
           "levers_cost_obesity_gbp_per_head": _flat(levy, REPLICATES),
           "obesity_prevalence": _level(0.30, obesity, REPLICATES),
           "emissions_per_head": np.where(TIME > 0, emissions, 5.0) * np.ones((REPLICATES, 1)),
           "trust_government": _level(0.5, trust, REPLICATES),
           "crime_victimised": np.where(TIME > 0, crime, 0.05) * np.ones((REPLICATES, 1))}
    for q in range(1, 6):
        out[f"crime_victimised_q{q}"] = np.where(TIME > 0, 0.05 - quintile_cut * q, 0.05) * np.ones((REPLICATES, 1))
    return out


ARMS = ["base", "costly", "nothing", "worse", "cheaper"]


def make_arms_file(path: Path, money: bool = True) -> Path:
    with h5py.File(path, "w", track_order=True) as f:
        _root(f, ARMS, "base", REPLICATES)
        f.create_group("arms", track_order=True)
        for a in ARMS:
            series = arms_series(a)
            if not money:
                series = {m: v for m, v in series.items() if "gbp" not in m}
            _arm(f, a, series)
    return path


# Parameter samples: p0 takes (s + 0.5) / 8, p1 a permutation of the same values.
SAMPLES = 8
UNCERTAIN_REPLICATES = 2
P0 = (np.arange(SAMPLES) + 0.5) / SAMPLES
P1 = P0[[3, 6, 0, 5, 2, 7, 1, 4]]


def uncertain_series(policy: str, s: int) -> dict[str, np.ndarray]:
    """`arm` at sample s: obesity ends 0.05 (p0 - 0.3) lower (gain 50 (p0 - 0.3) cases, 0 at
    p0 = 0.3); it spends 100 a month more (1200 in all) and saves 200 p1 a month more
    (2400 p1 in all): net benefit 2400 p1 - 1200, 0 at p1 = 0.5."""
    n = UNCERTAIN_REPLICATES
    if policy == "base":
        spend, savings, obesity_end = 100.0, 0.0, 0.30
    else:
        spend, savings, obesity_end = 200.0, 200.0 * P1[s], 0.30 - 0.05 * (P0[s] - 0.3)
    return {"spending_direct_gbp": _flat(spend, n), "savings_gbp": _flat(savings, n),
            "obesity_prevalence": _level(0.30, obesity_end, n)}


def wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    from scipy.stats import norm

    z = norm.ppf(0.5 + confidence / 2)
    centre, half = (k + z * z / 2) / (n + z * z), z / (n + z * z) * np.sqrt(k * (n - k) / n + z * z / 4)
    return (0.0 if k == 0 else centre - half, 1.0 if k == n else centre + half)


def _summary(values: np.ndarray) -> list[float]:
    """(sample, replicate) -> mean, 5% and 95% type-7 quantiles, within and between variance."""
    means = values.mean(axis=1)
    return [values.mean(), *np.quantile(values.ravel(), [0.05, 0.95]), values.var(axis=1).mean(), means.var()]


# What the engine writes in /uncertainty for the uncertain file (as it would compute it):
# obesity at the last step, lower is better. arm beats base where p0 > 0.3: 6 of 8 samples
# (Wilson 90%: 0.460 to 0.913). The condition "arm > base" (arm worse) holds where p0 < 0.3:
# samples 0 and 1 (p0 = 0.0625, 0.1875; p1 = 0.4375, 0.8125), which one PRIM box holds:
# p0 in [0.0625, 0.1875], p1 unrestricted, coverage 1, density 1, quasi-p of p0
# P(Binomial(2, 2/8) >= 2) = 0.0625.
CONDITION = "arm > base"


def _analysis(u: h5py.Group, policies: list[str], never: bool) -> None:
    values = np.stack([np.stack([uncertain_series(p, s)["obesity_prevalence"][:, -1] for s in range(SAMPLES)])
                       for p in policies])  # (policy, sample, replicate)
    means = values.mean(axis=2)
    regret = means - means.min(axis=0)  # lower is better
    beats = [int(np.sum(means[a] < means[0])) for a in range(len(policies))]
    u.attrs.update({"sample_source": "latin hypercube over ranges, seed 1", "first_step": np.uint64(MONTHS),
                    "last_step": np.uint64(MONTHS), "replicates": np.uint64(UNCERTAIN_REPLICATES),
                    "condition": CONDITION, "prim_stop": ("the condition holds in no sample" if never
                                                          else "every case of interest is in a box")})
    u.create_dataset("values", data=values)
    u.create_dataset("outcome", data=np.array([_summary(values[a]) for a in range(len(policies))]))
    u.create_dataset("difference", data=np.array([_summary(values[a] - values[0]) for a in range(len(policies))]))
    u.create_dataset("beats_baseline", data=np.array(beats, dtype=float) / SAMPLES)
    u.create_dataset("beats_interval", data=np.array([wilson(k, SAMPLES, 0.9) for k in beats]))
    u.create_dataset("max_regret", data=regret.max(axis=1))
    u.create_dataset("regret_p90", data=np.quantile(regret, 0.9, axis=1))
    u.create_dataset("regret", data=regret)
    holds = (means[1] > means[0]).astype(float)
    if never:  # only the page's words are tested: as if the arm never did worse
        holds[:] = 0.0
        boxes, lo, hi, q = np.zeros((0, 5)), np.zeros((0, 2)), np.zeros((0, 2)), np.zeros((0, 2))
        trajectory, which = np.zeros((0, 3)), np.zeros(0)
    else:
        boxes = np.array([[1.0, 1.0, 2, 2, 2]])
        lo, hi = np.array([[0.0625, P1.min()]]), np.array([[0.1875, P1.max()]])
        q = np.array([[0.0625, np.nan]])
        trajectory, which = np.array([[1.0, 0.25, 8], [1.0, 0.4, 5], [1.0, 1.0, 2]]), np.zeros(3)
    u.create_dataset("condition_holds", data=holds)
    for name, v in (("prim_boxes", boxes), ("prim_lo", lo), ("prim_hi", hi), ("prim_quasi_p", q),
                    ("prim_trajectory", trajectory), ("prim_trajectory_box", which)):
        u.create_dataset(name, data=v)


def make_uncertain_file(path: Path, analysed: bool = False, never: bool = False) -> Path:
    """The uncertain experiment; `analysed`: with everything the engine computes in
    /uncertainty (_analysis), `never`: with a condition that holds in no sample."""
    policies = ["base", "arm"]
    arms = [f"{p}@s{s:04d}" for p in policies for s in range(SAMPLES)]
    with h5py.File(path, "w", track_order=True) as f:
        _root(f, arms, "", UNCERTAIN_REPLICATES)
        f.create_group("arms", track_order=True)
        for p in policies:
            for s in range(SAMPLES):
                _arm(f, f"{p}@s{s:04d}", uncertain_series(p, s))
        u = f.create_group("uncertainty")
        u.attrs.update({"baseline": "base", "policies": policies, "parameters": ["p0", "p1"],
                        "confidence": np.array([0.9]), "outcome_metric": "obesity_prevalence", "better": "lower"})
        u.create_dataset("samples", data=np.column_stack([P0, P1]))
        if analysed:
            _analysis(u, policies, never)
    return path
