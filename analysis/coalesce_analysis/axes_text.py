"""What an axis says and how far it goes: quantity and unit in words, the range a metric can
take, and legends that sit above the data instead of on it.

Units come from the result file as the model declared them ("0..1", "GBP/month",
"share of citizens"). Printed raw on an axis, "0..1" reads as "0.1"; so every axis label
here is the quantity and its unit in words ("score, 0 to 1", "£ per month").
"""

from __future__ import annotations

import math

import numpy as np

# Declared unit -> words for an axis.
UNIT_WORDS = {
    "0..1": "score, 0 to 1",
    "share": "share, 0 to 1",
    "fraction": "fraction",
    "GBP/month": "£ per month",
    "GBP/year": "£ per year",
    "kg/m^2": "kg/m²",
    "tCO2e/yr": "t CO₂e per head per year",
    "index": "index",
}


def unit_words(units: str) -> str:
    u = (units or "").strip()
    if u in UNIT_WORDS:
        return UNIT_WORDS[u]
    if is_unit_interval(u):
        return f"{u}, 0 to 1"
    return u.replace("..", " to ")


def is_unit_interval(units: str) -> bool:
    """True for metrics that can only lie in [0, 1] (shares, fractions of a population, scores)."""
    u = (units or "").strip()
    return u in ("0..1", "share") or u.startswith("share of") or u.startswith("fraction of")


def metric_bounds(ds, metrics) -> tuple[float, float] | None:
    """(0, 1) when every metric of `metrics` is a share or score, else None."""
    units = [str(ds[m].attrs.get("units", "")) for m in metrics if m in ds]
    return (0.0, 1.0) if units and all(is_unit_interval(u) for u in units) else None


def axis_label(ds, metrics, names=None) -> str:
    """The y label for a panel of `metrics`: 'trust government (score, 0 to 1)' for one
    metric; the shared unit in words for several; one 'name (unit)' line per unit otherwise."""
    metrics = [m for m in metrics if m in ds]
    if not metrics:
        return ""
    names = names or {m: m.replace("_", " ") for m in metrics}
    units = [str(ds[m].attrs.get("units", "")) for m in metrics]
    if len(set(units)) == 1:
        words = unit_words(units[0])
        if len(metrics) == 1:
            return f"{names[metrics[0]]} ({words})" if words else names[metrics[0]]
        return words
    return "\n".join(f"{names[m]} ({unit_words(u)})" for m, u in zip(metrics, units))


def clip_band(lo, hi, bounds):
    """The band clipped into `bounds` (a t interval of a share can pass 0 or 1); returns
    (lo, hi, whether anything was clipped)."""
    if bounds is None or lo is None:
        return lo, hi, False
    lo_a, hi_a = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    with np.errstate(invalid="ignore"):
        clipped = bool(np.any(lo_a < bounds[0]) or np.any(hi_a > bounds[1]))
    return np.clip(lo_a, *bounds), np.clip(hi_a, *bounds), clipped


def legend_above_data(ax, fontsize: float = 7, max_cols: int = 3) -> None:
    """A legend in a band of empty space added above the data, so it never covers a line or
    an area: the y range is raised by the legend's height."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    fig = ax.get_figure()
    axes_w = ax.get_position().width * fig.get_figwidth()  # inches
    axes_h = ax.get_position().height * fig.get_figheight()
    # As many columns as the longest entry (text about 0.55 em a character, plus the handle) allows.
    entry_w = 0.3 + 0.55 * fontsize / 72.0 * max(len(str(t)) for t in labels)
    ncols = max(1, min(max_cols, len(handles), int(axes_w // entry_w)))
    rows = math.ceil(len(handles) / ncols)
    need = (rows * fontsize * 1.45 / 72.0 + 0.06) / max(axes_h, 0.5)  # legend height, axes fraction
    need = min(need, 0.6)
    y0, y1 = ax.get_ylim()
    if y1 > y0:
        ticks = [t for t in ax.get_yticks() if y0 - 1e-9 * abs(y1 - y0) <= t <= y1 + 1e-9 * abs(y1 - y0)]
        ax.set_ylim(y0, y1 + (y1 - y0) * need / (1.0 - need))
        ax.set_yticks(ticks)  # no ticks in the legend's band: values there do not exist
    ax.legend(handles, labels, loc="upper center", ncols=ncols, fontsize=fontsize, frameon=False,
              borderaxespad=0.15, handlelength=1.4, columnspacing=1.0)


def panel_letter(i: int) -> str:
    """'(a) ', '(b) ', ... for labelling the panels of a figure."""
    return f"({chr(ord('a') + i)}) " if i < 26 else f"({i + 1}) "
