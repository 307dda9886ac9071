"""Sensitivity of many metrics at a glance: small multiples, a dozen metrics to a figure.

A Sobol or Morris design analysed for the default metric list (every time-series metric:
over sixty for the coalition model) would otherwise give two figures per metric; here each
metric is one small panel of its parameters' indices, and the detailed per-metric figures
(indices with intervals, tornado) are kept for a few headline metrics.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import groups
from .axes_text import panel_letter
from .plotting import FigureInfo, all_nan, color, label, label_margin, new_figure, save, suptitle

PER_FIGURE = 12
PARAMETERS_SHOWN = 6
DETAILED_MAX = 6  # metrics with their own sensitivity and tornado figures
UNDEFINED = "indices undefined: the metric does not vary\nacross the design (or is not finite)"


def undefined_note(ax) -> None:
    """Says why an index panel is empty, instead of leaving blank axes."""
    ax.text(0.5, 0.5, UNDEFINED, transform=ax.transAxes, ha="center", va="center", color="0.35", fontsize=8)
    ax.set_yticks([])


def detailed_metrics(model: str, sensitivity: dict) -> list[str]:
    """The metrics that keep their own figures: all of them when few, else the headlines."""
    metrics = list(sensitivity)
    if len(metrics) <= DETAILED_MAX:
        return metrics
    return groups.headlines(model, metrics)[:DETAILED_MAX]


def _index(sens):
    """(values at the last analysed time, name, companion values or None) of the main index."""
    k = len(sens["sensitivity_time"].values) - 1
    if "ST" in sens:
        return sens["ST"].values[k], "total-order index ST", sens["S1"].values[k] if "S1" in sens else None
    if "mu_star" in sens:
        return sens["mu_star"].values[k], "mu*", None
    return None, "", None


def _panel(ax, metric: str, sens, letter: str) -> str:
    values, name, s1 = _index(sens)
    names = [str(p) for p in sens["parameter"].values]
    ax.set_title(letter + label(metric), fontsize=9)
    ax.tick_params(labelsize=7)
    if values is None or all_nan(values):
        undefined_note(ax)
        return name
    order = np.argsort(-np.nan_to_num(values, nan=-np.inf))[:PARAMETERS_SHOWN]
    y = np.arange(len(order))[::-1]
    ax.barh(y, values[order], color=color(1), height=0.6, label=name)
    if s1 is not None:
        ax.plot(s1[order], y, "k|", ms=9, mew=1.5, label="first-order S1")
    ax.set_yticks(y, [names[i] for i in order], fontsize=7)
    ax.axvline(0.0, color="0.3", lw=0.6)
    ax.grid(True, axis="x", lw=0.4, alpha=0.5)
    return name


def overview_chunks(sensitivity: dict) -> list[list[str]]:
    """The metrics of each overview figure; none when every metric has its own figures."""
    metrics = list(sensitivity)
    if len(metrics) <= DETAILED_MAX:
        return []
    return [metrics[i:i + PER_FIGURE] for i in range(0, len(metrics), PER_FIGURE)]


def overview_figures(sensitivity: dict, ds, out: Path, only: int | None = None) -> list[FigureInfo]:
    """The overview figures (or only the `only`-th, 0-based: the report draws them in parallel)."""
    chunks = overview_chunks(sensitivity)
    if not chunks:
        return []
    params = [str(p) for s in sensitivity.values() for p in s["parameter"].values]
    margin = label_margin(params, 7)
    figs = []
    for n, chunk in enumerate(chunks, start=1):
        if only is not None and n - 1 != only:
            continue
        fig, axes = new_figure(len(chunk), 4, 3.0, 2.1, left=margin, gap_x=margin + 0.15)
        index_name = ""
        for i, (ax, m) in enumerate(zip(axes, chunk)):
            index_name = _panel(ax, m, sensitivity[m], panel_letter(i)) or index_name
            ax.set_xlabel("share of variance" if "ST" in index_name else index_name, fontsize=7)
        handles, labels = axes[0].get_legend_handles_labels()
        if handles:
            fig.legend(handles, labels, loc="upper right", fontsize=8, ncols=len(handles), frameon=False,
                       bbox_to_anchor=(1 - 0.2 / fig.get_figwidth(), 1 - 0.3 / fig.get_figheight()))
        title = "Sensitivity of every analysed metric" + ("" if len(chunks) == 1 else f" ({n} of {len(chunks)})")
        suptitle(fig, title)
        name = save(fig, out, f"sensitivity_overview_{n}.png")
        figs.append(FigureInfo(
            name, "Sensitivity", title,
            f"One panel per metric: the {PARAMETERS_SHOWN} most influential parameters by {index_name or 'index'} "
            "at the last analysed time" + (" (bars), with the first-order index S1 (black ticks)"
                                          if "ST" in index_name else "")
            + f". Detailed figures (intervals, tornado charts) follow for {DETAILED_MAX} headline metrics.",
            [m for m in chunk if m in ds]))
    return figs
