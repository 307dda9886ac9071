"""The decision page's one figure: the cost-effectiveness plane of each outcome.

One panel per outcome: x the units gained over the baseline, y the extra cost (GBP m); each
arm's paired values (one per replicate, or per parameter sample) as faint dots and its mean
as a diamond with the intervals as whiskers. The quadrants say what the table's verdicts say
(east-north: costs more and gains; east-south: dominant; west-north: dominated), and the
spread of the dots is the uncertainty a reader should see before trusting a ratio.
"""

from __future__ import annotations

from pathlib import Path

from .requirements import require

require(("numpy", "matplotlib"))  # one line naming the interpreter and packages, not a traceback

import numpy as np  # noqa: E402

from matplotlib.ticker import FuncFormatter  # noqa: E402

from .axes_text import panel_letter  # noqa: E402
from .decision import Decision  # noqa: E402
from .plotting import FigureInfo, color, finish_axes, new_figure, save, suptitle  # noqa: E402

FILE = "decision_plane.png"


def _error(mean: float, lo: float, hi: float) -> list:
    # An interval that could not be computed draws no whisker rather than a NaN one.
    return [[np.nan_to_num(mean - lo)], [np.nan_to_num(hi - mean)]]


def plane(d: Decision, folder: Path) -> FigureInfo | None:
    """Draws decision_plane.png into `folder`; None when there is nothing to draw."""
    outcomes = list(dict.fromkeys(e.outcome for e in d.effects if e.group == "all"))
    if not outcomes or not d.arms:
        return None
    fig, axes = new_figure(len(outcomes), 2)
    for i, (ax, outcome) in enumerate(zip(axes, outcomes)):
        for j, arm in enumerate(d.arms):
            e = next(x for x in d.effects if x.arm == arm and x.outcome == outcome and x.group == "all")
            c = color(j + 1)  # color(0) is the baseline's in the report's other figures
            dc, de = e.paired
            ax.plot(de, dc / 1e6, "o", ms=3, alpha=0.4, color=c, lw=0)
            ax.errorbar([e.gain[0]], [e.cost[0] / 1e6], xerr=_error(*e.gain), yerr=_error(*(v / 1e6 for v in e.cost)),
                        fmt="D", ms=6, color=c, capsize=3, lw=1.2, label=arm)
        ax.axhline(0.0, color="0.35", lw=0.8)
        ax.axvline(0.0, color="0.35", lw=0.8)
        ax.set_xlabel(outcome.units, fontsize=9)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100 else f"{v:g}"))
        finish_axes(ax, f"{panel_letter(i)}{outcome.label}", f"extra cost vs {d.baseline} (£ million)")
    suptitle(fig, f"Cost-effectiveness plane: each arm against {d.baseline}")
    name = save(fig, folder, FILE)
    over = "parameter sample" if d.paired_over == "parameter samples" else "replicate"
    caption = (f"Dots: one per {over} (paired with the baseline's); diamonds: the mean, whiskers its "
               f"{d.confidence:.0%} intervals. Right of the vertical line the arm gains; below the horizontal "
               "line it saves money. A cloud that straddles the vertical line has no detectable effect.")
    return FigureInfo(name, "Decision", "Cost-effectiveness plane", caption, [o.metric for o in outcomes])
