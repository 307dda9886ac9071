"""Figures for a run file: grouped time series, per-community small multiples, distributions.

A run's replicates are few (2 by default) and are different histories of one scenario, so
a run figure shows the mean over replicates with the range across them, not a confidence
interval (a t interval from 2 replicates would be mostly width).
"""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path

from .requirements import require

require(("numpy", "xarray", "matplotlib"))  # one line naming the interpreter and packages, not a traceback

import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from matplotlib.lines import Line2D  # noqa: E402

from . import areas, groups, stats  # noqa: E402
from .axes_text import axis_label, metric_bounds, panel_letter, unit_words  # noqa: E402
from .plotting import (  # noqa: E402
    FigureInfo, TimeAxis, all_nan, color, finish_axes, label, line_with_band, mark_no_data,
    CLIPPED_NOTE, new_figure, percent_change, replicate_summary, safe_name, save, shared_units, short_labels,
    suptitle,
)

OTHER_PER_FIGURE = 12
SMALL_MULTIPLES_MAX = 36  # more communities than this: a heatmap instead of one panel each


def time_axis(ds: xr.Dataset) -> TimeAxis:
    return TimeAxis(ds["time"].values, ds["time"].attrs.get("units") or ds.attrs.get("time_units", ""))


def spread_note(ds: xr.Dataset) -> str:
    r = ds.sizes.get("replicate", 1)
    if r < 2:
        return "Lines: the single replicate."
    return f"Lines: mean over {r} replicates; shaded: the range across replicates."


def draw_panel(ax, ds: xr.Dataset, panel: groups.ResolvedPanel, t: TimeAxis, title: str | None = None) -> bool:
    """Draws one panel; returns whether a band was clipped into the metric's range."""
    metrics = [m for m in panel.metrics if not all_nan(ds[m].values)]
    names = dict(zip(panel.metrics, short_labels(panel.metrics)))
    ylabel, clipped = "", False
    if not metrics:
        mark_no_data(ax)
    elif panel.style == groups.STACKED:
        means = [np.nan_to_num(stats.nanmean(ds[m].values, axis=0)) for m in metrics]
        ax.stackplot(t.values, *means, labels=[names[m] for m in metrics],
                     colors=[color(i) for i in range(len(metrics))], alpha=0.85)
        ylabel = axis_label(ds, metrics, names) if len(metrics) > 1 else unit_words(shared_units(ds, metrics))
    elif panel.style == groups.CHANGE:
        for i, m in enumerate(metrics):
            change = percent_change(stats.nanmean(ds[m].values, axis=0))
            if change is not None:
                ax.plot(t.values, change, color=color(i), lw=1.6, label=label(m))
        ax.axhline(0.0, color="0.3", lw=0.8)
        ylabel = "change since start (%)"
    else:
        for i, m in enumerate(metrics):
            mean, lo, hi = replicate_summary(ds[m].values, axis=0)
            clipped |= line_with_band(ax, t.values, mean, lo, hi, color(i), names[m], bounds=metric_bounds(ds, [m]))
            mark_sparse(ax, t.values, mean, color(i))
        ylabel = axis_label(ds, metrics, names)
    t.apply(ax)
    finish_axes(ax, title or panel.title, ylabel)
    return clipped


def mark_sparse(ax, x, mean, c) -> None:
    """Marks each value of a series recorded only in some months (e.g. compliance per ask,
    empty in months without an ask): a line cannot join values with gaps between them."""
    mean = np.asarray(mean, dtype=float)
    if np.isnan(mean).any():
        ax.plot(x, mean, "o", ms=3.5, color=c)


def group_figure(ds, g: groups.Group, panels, t: TimeAxis, out: Path) -> FigureInfo:
    fig, axes = new_figure(len(panels), g.ncols)
    clipped = False
    for i, (ax, panel) in enumerate(zip(axes, panels)):
        clipped |= draw_panel(ax, ds, panel, t, (panel_letter(i) if len(panels) > 1 else "") + panel.title)
    suptitle(fig, g.title)
    name = save(fig, out, f"{g.slug}.png")
    note = f" {CLIPPED_NOTE}" if clipped else ""
    return FigureInfo(name, g.section, g.title, f"{g.caption} {spread_note(ds)}{note}", groups.group_metrics(panels))


def other_figure(ds, chunk: list[str], k: int, n_chunks: int, t: TimeAxis, out: Path) -> FigureInfo:
    """Metrics the table does not place: one panel each, a dozen to a figure."""
    fig, axes = new_figure(len(chunk), 3, 4.4, 2.9)
    for i, (ax, m) in enumerate(zip(axes, chunk)):
        draw_panel(ax, ds, groups.ResolvedPanel(label(m), groups.LINES, [m]), t, panel_letter(i) + label(m))
        if ax.get_legend():
            ax.get_legend().remove()
    title = "Other metrics" if n_chunks == 1 else f"Other metrics ({k} of {n_chunks})"
    suptitle(fig, title)
    name = save(fig, out, f"other_metrics_{k}.png")
    return FigureInfo(name, "Other metrics", title,
                      f"Metrics not placed on a themed figure, one panel each. {spread_note(ds)}", chunk)


def _community_series(ds, m: str, style: str):
    """(time, community) mean over replicates, and the national mean (None if not recorded)."""
    values = stats.nanmean(ds[f"{m}_by_community"].values, axis=0)
    national = stats.nanmean(ds[m].values, axis=0) if m in ds else None
    if style == groups.CHANGE:
        x0 = values[0]
        with stats.quiet():
            values = np.where(np.abs(x0) > 1e-12, 100.0 * (values - x0) / np.abs(x0), np.nan)
        national = percent_change(national) if national is not None else None
    return values, national


def community_sets(ds) -> list[groups.CommunitySet]:
    if ds.sizes.get("community", 0) < 2:
        return []
    available = [v[: -len("_by_community")] for v in ds.data_vars if v.endswith("_by_community")]
    return groups.community_sets(str(ds.attrs.get("model", "")), available)


def panel_titles(labels: list[str], width: float, size: float = 8.0,
                 smallest: float = 7.0) -> list[tuple[str, float]]:
    """(text, font size) per panel title, fitted to the panel's width in inches.

    Area names run long ("Yorkshire and The Humber (E12000003)") where "community 3" did not:
    a smaller font first, then the code on a second line, so titles never run into each
    other. The width per character is an estimate (DejaVu Sans, ~0.6 em), not a measurement:
    measuring text means drawing it, which is what the fixed layout here avoids.
    """
    def fit(lines: list[str]) -> float:
        return min(size, width * 72 / (0.6 * max(len(x) for x in lines)))

    out = []
    for text in labels:
        lines = [text]
        if fit(lines) < smallest and text.endswith(")") and " (" in text:
            lines = [text[: text.rindex(" (")], text[text.rindex(" (") + 1:]]
        out.append(("\n".join(lines), max(smallest, fit(lines))))
    return out


def small_multiples(ds, n: int):
    """A grid of n small panels with shared axes, titled with the community labels (or the
    area names); returns (fig, axes). Also used for an experiment's arms area by area."""
    ncols = min(6, math.ceil(math.sqrt(n * 1.5)))
    # One row (two or three areas): taller panels, or the figure is too short for its y label.
    fig, axes = new_figure(n, ncols, 2.4, 1.75 if n > ncols else 2.4, sharex=True, sharey=True)
    # Shared axes: no labels between panels; room at the top for the title and the legend.
    fig.subplots_adjust(wspace=0.12, hspace=0.32, top=1 - 0.95 / fig.get_figheight())
    titles = panel_titles(areas.community_labels(ds), axes[0].get_position().width * fig.get_figwidth())
    if any("\n" in text for text, _ in titles):  # two-line titles: room between the rows
        fig.subplots_adjust(hspace=0.5, top=1 - 1.1 / fig.get_figheight())
    for ax, (text, size) in zip(axes, titles):
        ax.set_title(text, fontsize=size, pad=2)
        ax.tick_params(labelsize=7)
        ax.grid(True, lw=0.3, alpha=0.5)
    return fig, axes


def finish_small_multiples(fig, axes, t: TimeAxis, handles: list, ylabel: str) -> None:
    """Few ticks, one legend for all panels (above them, right) and the axis labels once."""
    axes[0].xaxis.set_major_locator(MaxNLocator(4))
    axes[0].yaxis.set_major_locator(MaxNLocator(4))
    fig.legend(handles=handles, loc="upper right", fontsize=8, ncols=len(handles), frameon=False,
               bbox_to_anchor=(1 - 0.2 / fig.get_figwidth(), 1 - 0.3 / fig.get_figheight()))
    fig.supxlabel(t.label, fontsize=9)
    if ylabel:
        # A long label (two metrics with their units) shrinks to the figure's height, not past it.
        longest = max(len(line) for line in ylabel.splitlines())
        fig.supylabel(ylabel, fontsize=max(6.5, min(9.0, 0.85 * fig.get_figheight() * 72 / (0.6 * longest))))


def community_figures(ds, t: TimeAxis, out: Path, only=None) -> list[FigureInfo]:
    """Small multiples: one panel per community (or named area), each with the same metrics and scale."""
    n = ds.sizes.get("community", 0)
    named = areas.has_names(ds)
    word, words = ("area", "areas") if named else ("community", "communities")
    figs = []
    for cs in community_sets(ds) if only is None else [only]:
        series = {m: _community_series(ds, m, cs.style) for m in cs.metrics}
        series = {m: v for m, v in series.items() if not all_nan(v[0])}
        if not series:
            continue
        single = len(series) == 1
        ylabel = ("change since start (%)" if cs.style == groups.CHANGE
                  else axis_label(ds, [f"{m}_by_community" for m in series],
                                  {f"{m}_by_community": label(m) for m in series}))
        if n <= SMALL_MULTIPLES_MAX:
            fig, axes = small_multiples(ds, n)
            for c, ax in enumerate(axes):
                for i, (m, (values, national)) in enumerate(series.items()):
                    if single:  # one metric: this community over all the others in grey
                        ax.plot(t.values, values, color="0.85", lw=0.5)
                    if national is not None:
                        ax.plot(t.values, national, color=color(i), lw=0.8, ls="--", alpha=0.6)
                    ax.plot(t.values, values[:, c], color=color(i), lw=1.5, label=label(m) if c == 0 else None)
                t.apply(ax, xlabel=False)
            # Every line style explained on the figure itself, not only in the caption.
            handles = [Line2D([], [], color=color(i), lw=1.5, label=label(m) + (f" (this {word})" if single else ""))
                       for i, m in enumerate(series)]
            if single:
                handles.append(Line2D([], [], color="0.75", lw=0.8, label=f"the other {words}"))
            if any(national is not None for _, national in series.values()):
                handles.append(Line2D([], [], color="0.3", lw=0.8, ls="--", label=f"national (all {words})"))
            finish_small_multiples(fig, axes, t, handles, ylabel)
            how = (("Small multiples, one panel per area, titled with its name and code (solid" if named
                    else "Each panel is one community (solid")
                   + (f", over all the other {words} in grey" if single else "")
                   + f"); dashed: the national series (all {words} together), in the same colour as its "
                   "metric; mean over replicates. Panels share their scales.")
        else:
            fig, axes = new_figure(len(series), 1, 10, 4.5)
            for ax, (m, (values, _)) in zip(axes, series.items()):
                x = t.values
                im = ax.imshow(values.T, aspect="auto", origin="lower", interpolation="nearest",
                               extent=[x[0], x[-1] if len(x) > 1 else x[0] + 1, -0.5, n - 0.5])
                fig.colorbar(im, ax=ax, label=ylabel)
                t.apply(ax)
                finish_axes(ax, label(m), word, legend=False)
            how = f"One row per {word} (too many for a panel each); mean over replicates."
        title = cs.title.replace("by community", "by area") if named else cs.title
        title = title[:1].upper() + title[1:]
        suptitle(fig, title)
        name = save(fig, out, f"communities_{safe_name(cs.slug)}.png")
        figs.append(FigureInfo(name, "Communities", title, how, list(series)))
    return figs


def histogram_names(ds) -> list[str]:
    return [h for h, v in ds.data_vars.items()
            if v.dims[-1].endswith("_bin") and v.dims[-3:-1] == ("replicate", "time") and "arm" not in v.dims]


def histogram_figures(ds, t: TimeAxis, out: Path, only=None) -> list[FigureInfo]:
    figs = []
    for h in histogram_names(ds) if only is None else [only]:
        v = ds[h]
        counts = stats.nanmean(v.values, axis=0)  # (time, bin)
        if all_nan(counts):
            continue
        totals = np.nansum(counts, axis=1, keepdims=True)
        share = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
        centres = ds[v.dims[-1]].values
        edges = np.asarray(v.attrs.get("bin_edges", []), dtype=float)
        if len(edges) != len(centres) + 1:
            step = centres[1] - centres[0] if len(centres) > 1 else 1.0
            edges = np.append(centres - step / 2, centres[-1] + step / 2)
        fig, (a1, a2) = new_figure(2, 2, 5.6, 3.6)
        binned = groups.HISTOGRAM_AXES.get(h, "bin")
        x = t.values
        im = a1.imshow(share.T, aspect="auto", origin="lower", interpolation="nearest",
                       extent=[x[0], x[-1] if len(x) > 1 else x[0] + 1, edges[0], edges[-1]], cmap="viridis")
        fig.colorbar(im, ax=a1, label="share")
        t.apply(a1)
        finish_axes(a1, "Distribution over time", binned, legend=False)
        a1.grid(False)
        picks = sorted({0, (len(x) - 1) // 2, len(x) - 1})
        for i, k in enumerate(picks):
            a2.step(centres, share[k], where="mid", color=color(i), lw=1.6, label=t.describe(x[k]))
        a2.set_xlabel(binned)
        finish_axes(a2, "Start, middle and end", "share")
        desc = str(v.attrs.get("description", ""))
        title = f"{label(h)}: {desc}" if desc else label(h)
        suptitle(fig, title)
        name = save(fig, out, f"histogram_{safe_name(h)}.png")
        figs.append(FigureInfo(name, "Distributions", title,
                               "Share of the total in each bin (left: over time; right: at three times), "
                               "mean over replicates.", [h]))
    return figs


def run_jobs(ds: xr.Dataset, out: Path) -> list:
    """One callable per figure (each returns a FigureInfo or None), in page order."""
    t = time_axis(ds)
    planned, unplaced = groups.plan(str(ds.attrs.get("model", "")), stats.timeseries_metrics(ds))
    jobs = [partial(group_figure, ds, g, panels, t, out) for g, panels in planned]
    jobs += [partial(one_of, community_figures, ds, t, out, cs) for cs in community_sets(ds)]
    jobs += [partial(one_of, histogram_figures, ds, t, out, h) for h in histogram_names(ds)]
    chunks = [unplaced[i:i + OTHER_PER_FIGURE] for i in range(0, len(unplaced), OTHER_PER_FIGURE)]
    jobs += [partial(other_figure, ds, chunk, k, len(chunks), t, out) for k, chunk in enumerate(chunks, start=1)]
    return jobs


def one_of(make, ds, t, out, item):
    figs = make(ds, t, out, only=item)
    return figs[0] if figs else None


def run_figures(ds: xr.Dataset, out: Path) -> list[FigureInfo]:
    return [f for f in (job() for job in run_jobs(ds, out)) if f is not None]
