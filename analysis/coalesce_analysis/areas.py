"""Real places (issue 18): communities that stand for named areas, and the strategy effect per area.

A run can model real areas (e.g. the nine English regions) instead of synthetic communities;
the file then names them (/community_code, /community_name; the loader makes both
coordinates of `community`). A reader of such a report thinks in places: a panel titled
"North East (E12000001)" says what "community 0" does not, and the question an experiment
answers becomes "where does this strategy do most?". So an experiment with named areas gets
each arm's effect per area, ranked: the same paired difference from the baseline at the last
time point as the report's final-difference chart, computed area by area.

Everything here is numbers and labels; the figures that use them are in figures_run.py and
figures_experiment.py, the tables in reporting.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from .requirements import require

require(("numpy", "xarray"))  # one line naming the interpreter and packages, not a traceback

import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

from . import groups, stats  # noqa: E402

SUFFIX = "_by_community"
AREA_METRICS_MAX = 12  # headline metrics in the ranked tables (as in the final-difference chart)
AREA_TABLE_EDGE = 10  # with more areas than 2 * this, a table shows the top and bottom ones


def has_names(ds: xr.Dataset) -> bool:
    """Whether the communities are named areas (any code or name coordinate)."""
    return "community_name" in ds.coords or "community_code" in ds.coords


def community_labels(ds: xr.Dataset) -> list[str]:
    """One label per community: 'North East (E12000001)' for a named area, else 'community 3'."""
    ids = ds["community"].values
    if not has_names(ds):
        return [f"community {c}" for c in ids]
    names, codes = _labels(ds, "community_name"), _labels(ds, "community_code")
    return [f"{name} ({code})" if name and code else name or code or f"community {c}"
            for name, code, c in zip(names, codes, ids)]


def _labels(ds: xr.Dataset, coord: str) -> list[str]:
    n = ds.sizes.get("community", 0)
    return [str(v) for v in ds[coord].values] if coord in ds.coords else [""] * n


def area_metrics(ds: xr.Dataset) -> list[str]:
    """The headline metrics recorded per community (as named in /timeseries), for ranking areas."""
    available = [str(v)[: -len(SUFFIX)] for v in ds.data_vars if str(v).endswith(SUFFIX)]
    return groups.headlines(str(ds.attrs.get("model", "")), available)[:AREA_METRICS_MAX]


@dataclass
class AreaEffect:
    """One area's final values in the baseline and in an arm, and the paired difference."""

    metric: str
    arm: str
    rank: int  # 1 = the largest difference (arm - baseline); NaN differences rank last
    name: str
    code: str
    baseline: float
    value: float
    diff: float
    lo: float  # the difference's t interval over replicates
    hi: float


def ranked_effects(ds: xr.Dataset, baseline: str, confidence: float = 0.95) -> dict[str, list[AreaEffect]]:
    """arm -> its effect in every area, per headline metric, areas ranked by the difference.

    The difference is arm - baseline at the last time point, averaged over replicates with
    a paired t interval (replicate k of every arm shares its random streams), exactly as the
    final-difference chart does for the whole country. Empty without named areas or arms.
    """
    if not has_names(ds) or "arm" not in ds.dims:
        return {}
    arms = [str(a) for a in ds["arm"].values]
    names, codes = _labels(ds, "community_name"), _labels(ds, "community_code")
    out: dict[str, list[AreaEffect]] = {}
    for a in arms:
        if a == baseline:
            continue
        rows = []
        for m in area_metrics(ds):
            values = ds[m + SUFFIX].values[:, :, -1, :]  # (arm, replicate, community) at the end
            base, arm = values[arms.index(baseline)], values[arms.index(a)]
            diff = stats.paired_difference(arm, base, confidence)  # (community, 3)
            base_mean, arm_mean = stats.nanmean(base, axis=0), stats.nanmean(arm, axis=0)
            # Largest difference first; an area without a value (NaN) goes last.
            order = sorted(range(len(names)), key=lambda c: -diff[c, 0] if np.isfinite(diff[c, 0]) else np.inf)
            rows += [AreaEffect(m, a, k + 1, names[c], codes[c], float(base_mean[c]), float(arm_mean[c]),
                                *map(float, diff[c])) for k, c in enumerate(order)]
        out[a] = rows
    return out


def shown(rows: list[AreaEffect]) -> list[AreaEffect | int]:
    """The rows a table shows: all of them, or with many areas (local authorities rather than
    regions) each metric's top and bottom AREA_TABLE_EDGE, with the number left out between."""
    out: list[AreaEffect | int] = []
    for m in dict.fromkeys(r.metric for r in rows):
        block = [r for r in rows if r.metric == m]
        if len(block) <= 2 * AREA_TABLE_EDGE:
            out += block
        else:
            out += block[:AREA_TABLE_EDGE] + [len(block) - 2 * AREA_TABLE_EDGE] + block[-AREA_TABLE_EDGE:]
    return out
