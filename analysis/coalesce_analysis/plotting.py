"""Shared drawing helpers: figures without pyplot, time axes, bands, labels, file names.

Figures are built as matplotlib.figure.Figure objects on the Agg canvas rather than through
pyplot: no display is needed, no global figure registry keeps them alive, and the report
can be made on a headless server or in a test.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .requirements import require

require(("numpy", "matplotlib"))  # one line naming the interpreter and packages, not a traceback

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # before anything imports pyplot: never try to open a display

import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from . import stats  # noqa: E402
from .axes_text import clip_band, legend_above_data  # noqa: E402

DPI = 96
PANEL_W, PANEL_H = 5.2, 3.3  # inches per panel
COLORS = [matplotlib.colormaps["tab10"](i) for i in range(10)] + [matplotlib.colormaps["tab20"](i) for i in range(1, 20, 2)]
NO_DATA = "no data (not recorded in this run)"


@dataclass
class FigureInfo:
    """One written figure, as the HTML page lists it."""

    file: str  # file name inside the report folder
    section: str
    title: str
    caption: str
    metrics: list = field(default_factory=list)  # metrics drawn, described under the figure


def color(i: int):
    return COLORS[i % len(COLORS)]


def safe_name(text: str) -> str:
    """A file-name-safe stem (metric and arm names are identifiers, but be careful anyway)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "figure"


def label(metric: str) -> str:
    return metric.replace("_", " ")


def new_figure(n_panels: int, ncols: int, panel_w: float = PANEL_W, panel_h: float = PANEL_H,
               title: bool = True, left: float = 0.75, gap_x: float = 0.8, **kw):
    """A figure with a grid of n_panels axes (ncols wide); returns (fig, flat list of axes).

    Margins are fixed in inches instead of computed by constrained layout, which measures
    every tick label and took most of the drawing time; panels are sized to leave room for
    a title, axis labels and tick labels at the fonts used here.
    """
    ncols = max(1, min(ncols, n_panels))
    nrows = max(1, math.ceil(n_panels / ncols))
    w, h = panel_w * ncols + (left - 0.75) + (ncols - 1) * (gap_x - 0.8), panel_h * nrows + (0.35 if title else 0.0)
    fig = Figure(figsize=(w, h), dpi=DPI)
    FigureCanvasAgg(fig)
    # Inches. `left` and `gap_x` leave room for tick labels and a y label (wider for the
    # parameter names of bar charts); gap_y for an x label and the next row's title.
    right, bottom, top, gap_y = 0.2, 0.55, (0.65 if title else 0.3), 0.8
    axes_w = (w - left - right - (ncols - 1) * gap_x) / ncols
    axes_h = (h - bottom - top - (nrows - 1) * gap_y) / nrows
    fig.subplots_adjust(left=left / w, right=1 - right / w, bottom=bottom / h, top=1 - top / h,
                        wspace=gap_x / axes_w, hspace=gap_y / axes_h)
    axes = fig.subplots(nrows, ncols, squeeze=False, **kw).ravel().tolist()
    for ax in axes[n_panels:]:
        ax.set_visible(False)
    return fig, axes[:n_panels]


def save(fig: Figure, folder: Path, name: str) -> str:
    fig.savefig(folder / name, dpi=DPI, facecolor="white")
    return name


class TimeAxis:
    """The x axis: the file's time, shown in years when it is months over several years."""

    def __init__(self, time_values, units: str):
        t = np.asarray(time_values, dtype=float)
        self.units = units or "step"
        self.values, self.label = t, f"time ({self.units})"
        span = float(t[-1] - t[0]) if len(t) > 1 else 0.0
        if self.units.lower() in ("month", "months") and span >= 36:
            self.values, self.label = t / 12.0, "years"

    def describe(self, value: float) -> str:
        """'t = 20 years', 't = 24 months', 't = 1 step'."""
        unit = "year" if self.label == "years" else self.units
        plural = "" if value == 1 or unit.endswith("s") or not unit.isalpha() else "s"
        return f"t = {value:g} {unit}{plural}"

    def apply(self, ax, xlabel: bool = True) -> None:
        if xlabel:
            ax.set_xlabel(self.label)
        if len(self.values) > 1:
            ax.set_xlim(self.values[0], self.values[-1])


def all_nan(a) -> bool:
    return bool(np.all(np.isnan(np.asarray(a, dtype=float))))


def mark_no_data(ax, text: str = NO_DATA) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color="0.4", fontsize=9)


def line_with_band(ax, x, mean, lo, hi, c, name: str | None, lw: float = 1.6, bounds=None) -> bool:
    """A mean line and its band, the band clipped into `bounds` (the metric's possible range)
    when given; returns whether the band had to be clipped."""
    ax.plot(x, mean, color=c, lw=lw, label=name)
    clipped = False
    if lo is not None and not all_nan(lo):
        lo, hi, clipped = clip_band(lo, hi, bounds)
        ax.fill_between(x, lo, hi, color=c, alpha=0.18, lw=0)
    return clipped


CLIPPED_NOTE = "Bands of shares and 0-1 scores are clipped to 0..1, the range the metric can take."


def suptitle(fig, text: str) -> None:
    # Shrink a long title to the figure's width rather than let it run off the edges.
    size = max(8.0, min(12.0, fig.get_figwidth() * 72 * 0.95 / (0.55 * max(len(text), 1))))
    fig.suptitle(text, fontsize=size, y=1 - 0.12 / fig.get_figheight(), va="top")


def label_margin(names, fontsize: float = 8) -> float:
    """Inches needed left of an axes for tick labels `names` (plus a little air)."""
    return 0.25 + 0.0085 * fontsize * max((len(str(n)) for n in names), default=4)


def finish_axes(ax, title: str, ylabel: str = "", legend: bool = True) -> None:
    ax.set_title(title, fontsize=10)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(True, lw=0.4, alpha=0.5)
    if legend:
        legend_above_data(ax)  # in space added above the data: never on a line or an area


def shared_units(ds, metrics) -> str:
    units = {str(ds[m].attrs.get("units", "")) for m in metrics}
    return units.pop() if len(units) == 1 else ""


def percent_change(series) -> np.ndarray | None:
    """100 * (x - x0) / |x0| for a 1-D mean series; None when x0 is zero or missing."""
    s = np.asarray(series, dtype=float)
    finite = np.flatnonzero(~np.isnan(s))
    if not len(finite):
        return None
    x0 = s[finite[0]]
    if abs(x0) < 1e-12:
        return None
    return 100.0 * (s - x0) / abs(x0)


def replicate_summary(values, axis: int = 0):
    """A run's replicates: the mean and the min-max range (None with one replicate)."""
    v = np.asarray(values, dtype=float)
    mean, lo, hi = stats.mean_and_range(v, axis=axis)
    if v.shape[axis] < 2:
        return mean, None, None
    return mean, lo, hi


def short_labels(metrics: list[str]) -> list[str]:
    """Legend labels without the prefix all names share (spending_direct -> direct)."""
    if len(metrics) < 2:
        return [label(m) for m in metrics]
    prefix = metrics[0]
    for m in metrics[1:]:
        while not m.startswith(prefix):
            prefix = prefix[:-1]
    prefix = prefix[: prefix.rfind("_") + 1] if "_" in prefix else ""
    if any(len(m) == len(prefix) for m in metrics):
        prefix = ""
    return [label(m[len(prefix):]) for m in metrics]
