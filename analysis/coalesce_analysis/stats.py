"""Summary statistics over replicates: means with t intervals, paired differences, tornado effects.

Replicates are independent draws, so a mean's interval is the Student t interval with
R - 1 degrees of freedom. Replicate k of every experiment arm uses the same random streams
(common random numbers), so an arm is compared with the baseline through the per-replicate
differences: a paired t interval, which is far narrower than comparing two independent means.
"""

from __future__ import annotations

import contextlib
import warnings

from .requirements import require

require(("numpy", "xarray", "scipy"))  # one line naming the interpreter and packages, not a traceback

import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402
from scipy.special import stdtrit  # noqa: E402  (t quantiles; lighter to import than scipy.stats)

from .loader import STAT_NAMES  # noqa: E402


@contextlib.contextmanager
def quiet():
    """All-NaN slices (a metric not recorded, a single replicate) are expected: NaN, no warning."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def t_interval(x, axis: int = 0, confidence: float = 0.95):
    """Mean over `axis` and its two-sided t interval; NaNs are skipped.

    Where fewer than two values are present the interval is NaN (no spread to estimate).
    """
    x = np.asarray(x, dtype=float)
    with quiet():
        n = np.sum(~np.isnan(x), axis=axis)
        mean = np.nanmean(x, axis=axis)
        sd = np.nanstd(x, axis=axis, ddof=1)
        df = np.maximum(n - 1, 1)
        half = stdtrit(df, 0.5 + confidence / 2.0) * sd / np.sqrt(np.maximum(n, 1))
        half = np.where(n >= 2, half, np.nan)
    return mean, mean - half, mean + half


def mean_and_range(x, axis: int = 0):
    """Mean, minimum and maximum over `axis` (NaN-skipping): a run's replicate spread."""
    x = np.asarray(x, dtype=float)
    with quiet():
        return np.nanmean(x, axis=axis), np.nanmin(x, axis=axis), np.nanmax(x, axis=axis)


def nanmean(x, axis=None):
    with quiet():
        return np.nanmean(np.asarray(x, dtype=float), axis=axis)


def paired_difference(arm, base, confidence: float = 0.95) -> np.ndarray:
    """(T, 3): mean paired difference arm - baseline over replicates, CI low, CI high.

    `arm` and `base` are (R, T) with row k from the same random streams.
    """
    d = np.asarray(arm, dtype=float) - np.asarray(base, dtype=float)
    return np.stack(t_interval(d, axis=0, confidence=confidence), axis=-1)


def timeseries_metrics(ds: xr.Dataset) -> list[str]:
    """Names of the (replicate, time) metrics, in file order."""
    return [n for n, v in ds.data_vars.items() if v.dims[-2:] == ("replicate", "time")]


def paired_comparisons(ds: xr.Dataset, baseline: str | None = None, confidence: float = 0.95) -> xr.Dataset:
    """What /comparisons holds, computed: `<metric>` (arm, time, stat) for non-baseline arms."""
    baseline = baseline or ds.attrs.get("baseline") or str(ds["arm"].values[0])
    arms = [str(a) for a in ds["arm"].values if str(a) != baseline]
    data_vars = {}
    for m in timeseries_metrics(ds):
        base = ds[m].sel(arm=baseline).values
        rows = [paired_difference(ds[m].sel(arm=a).values, base, confidence) for a in arms]
        shape = (0, ds.sizes["time"], 3)
        data_vars[m] = (("arm", "time", "stat"), np.stack(rows) if rows else np.empty(shape))
    return xr.Dataset(
        data_vars=data_vars,
        coords={"arm": np.array(arms, dtype=object), "time": ds["time"].values, "stat": list(STAT_NAMES)},
        attrs={"confidence": confidence, "baseline": baseline, "source": "computed"},
    )


def tornado_effects(points, y, lo, hi, names):
    """One-at-a-time swings from a linear fit of y on the design points.

    A tornado chart needs, per parameter, the outcome with that parameter at its low and at
    its high end and the others at their centre. A design (grid, LHS, Sobol, Morris) does not
    hold those points, so they come from the least-squares plane through all of them:
    y(lo_p) and y(hi_p) with the other parameters at their midpoints. Returns
    (centre, [(name, y_low, y_high), ...] sorted by swing, largest first, R^2 of the fit);
    NaN outcomes are left out of the fit.
    """
    x = np.asarray(points, dtype=float)
    y = np.asarray(y, dtype=float)
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    ok = ~np.isnan(y) & ~np.isnan(x).any(axis=1)
    x, y = x[ok], y[ok]
    if len(y) < 2:
        return float("nan"), [], float("nan")
    mid = (lo + hi) / 2.0
    span = np.where(hi > lo, hi - lo, 1.0)
    # Fit on [-1/2, 1/2]-scaled parameters so the coefficients are swings and well conditioned.
    z = (x - mid) / span
    a = np.column_stack([np.ones(len(y)), z])
    coef, *_ = np.linalg.lstsq(a, y, rcond=None)
    centre = float(coef[0])
    rows = [(str(n), centre - c / 2.0, centre + c / 2.0) for n, c in zip(names, coef[1:])]
    rows.sort(key=lambda r: abs(r[2] - r[1]), reverse=True)
    resid = y - a @ coef
    total = np.sum((y - y.mean()) ** 2)
    r2 = float(1.0 - np.sum(resid**2) / total) if total > 0 else float("nan")
    return centre, rows, r2
