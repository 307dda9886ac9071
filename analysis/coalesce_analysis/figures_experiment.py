"""Figures for an experiment file: arms with confidence bands, paired differences, sensitivity.

An experiment's replicates are the sample: each arm's mean gets a t interval over them,
and each arm's difference from the baseline a paired t interval (the arms share random
streams replicate by replicate). With many arms (a parameter design) single lines stop
being readable, so the arms are drawn as an envelope around the baseline, and the design is
summarised by the sensitivity indices and tornado charts instead.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from .requirements import require

require(("numpy", "xarray", "matplotlib"))  # one line naming the interpreter and packages, not a traceback

import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from . import areas, groups, stats  # noqa: E402
from .axes_text import axis_label, clip_band, metric_bounds, panel_letter, unit_words  # noqa: E402
from .figures_run import SMALL_MULTIPLES_MAX, finish_small_multiples, small_multiples, time_axis  # noqa: E402
from .plotting import (  # noqa: E402
    CLIPPED_NOTE, FigureInfo, TimeAxis, all_nan, color, finish_axes, label, line_with_band, mark_no_data,
    label_margin, new_figure, safe_name, save, suptitle,
)
from .sensitivity_overview import detailed_metrics, overview_chunks, overview_figures, undefined_note  # noqa: E402

MANY_ARMS = 8  # more arms than this: an envelope instead of one line per arm
FOREST_MAX_ARMS = 40  # more arms than this: no per-arm final comparison
PANELS_PER_FIGURE = 12
TORNADO_DEFAULT_COUNT = 6
TOP_PARAMETERS = 20
AREA_FIGURES_MAX = 4  # named areas: small multiples of the arms for the first few headline metrics
BASE_COLOR = "0.1"


def arm_list(ds: xr.Dataset) -> list[str]:
    return [str(a) for a in ds["arm"].values]


def baseline_of(ds: xr.Dataset) -> str:
    arms = arm_list(ds)
    b = str(ds.attrs.get("baseline", "") or "")
    return b if b in arms else arms[0]


def _arm_color(arms: list[str], baseline: str, a: str):
    others = [x for x in arms if x != baseline]
    return BASE_COLOR if a == baseline else color(others.index(a))


def draw_arms(ax, ds, m: str, t: TimeAxis, baseline: str, conf: float) -> bool:
    """Draws the arms of metric `m`; returns whether a band was clipped into its range."""
    arms = arm_list(ds)
    values = ds[m].values  # (arm, replicate, time)
    if all_nan(values):
        mark_no_data(ax)
        return False
    clipped = False
    if len(arms) <= MANY_ARMS:
        bounds = metric_bounds(ds, [m])
        for k, a in enumerate(arms):
            mean, lo, hi = stats.t_interval(values[k], axis=0, confidence=conf)
            name = f"{a} (baseline)" if a == baseline else a
            clipped |= line_with_band(ax, t.values, mean, lo, hi, _arm_color(arms, baseline, a), name,
                                      lw=2.0 if a == baseline else 1.5, bounds=bounds)
    else:
        means = stats.nanmean(values, axis=1)  # (arm, time)
        with stats.quiet():
            q = np.nanquantile(means, [0.0, 0.05, 0.5, 0.95, 1.0], axis=0)
        # The spread between arms is the point here; the baseline's own replicate interval
        # would hide it when the parameters move the metric less than chance does.
        bounds = metric_bounds(ds, [m])
        outer_lo, outer_hi, c1 = clip_band(q[0], q[4], bounds)
        inner_lo, inner_hi, c2 = clip_band(q[1], q[3], bounds)
        clipped = c1 or c2
        ax.fill_between(t.values, outer_lo, outer_hi, color=color(0), alpha=0.2, lw=0, label=f"all {len(arms)} arms")
        ax.fill_between(t.values, inner_lo, inner_hi, color=color(0), alpha=0.4, lw=0, label="5-95% of arms")
        ax.plot(t.values, q[2], color=color(0), lw=1.4, label="median arm")
        ax.plot(t.values, stats.nanmean(values[arms.index(baseline)], axis=0), color=BASE_COLOR, lw=1.2, ls="--",
                label=f"{baseline} (baseline)")
    return clipped


def draw_differences(ax, comparisons: xr.Dataset, m: str, t: TimeAxis, arms: list[str], baseline: str) -> None:
    if m not in comparisons or all_nan(comparisons[m].values):
        mark_no_data(ax, "no comparison recorded")
        return
    for a in [str(x) for x in comparisons["arm"].values]:
        rows = comparisons[m].sel(arm=a).values
        line_with_band(ax, t.values, rows[:, 0], rows[:, 1], rows[:, 2], _arm_color(arms, baseline, a), f"{a} - {baseline}")
    ax.axhline(0.0, color="0.3", lw=0.8)


def metric_sets(ds: xr.Dataset) -> list[tuple[str, str, str, str, list[str]]]:
    """(slug, section, title, caption, metrics) per figure: the run groups, then the rest."""
    model = str(ds.attrs.get("model", ""))
    planned, unplaced = groups.plan(model, stats.timeseries_metrics(ds))
    sets = []
    for g, panels in planned:
        metrics = groups.group_metrics(panels)
        for k in range(0, len(metrics), PANELS_PER_FIGURE):
            part = "" if len(metrics) <= PANELS_PER_FIGURE else f"_{k // PANELS_PER_FIGURE + 1}"
            sets.append((g.slug + part, g.section, g.title, g.caption, metrics[k:k + PANELS_PER_FIGURE]))
    chunks = [unplaced[k:k + PANELS_PER_FIGURE] for k in range(0, len(unplaced), PANELS_PER_FIGURE)]
    for k, chunk in enumerate(chunks, start=1):
        title = "Other metrics" if len(chunks) == 1 else f"Other metrics ({k} of {len(chunks)})"
        sets.append((f"other_metrics_{k}", "Other metrics", title, "Metrics not placed on a themed figure.", chunk))
    return sets


def arms_figure(ds, slug, section, title, caption, metrics, t, baseline, conf, out) -> FigureInfo:
    fig, axes = new_figure(len(metrics), 3, 4.6, 3.0)
    clipped = False
    for i, (ax, m) in enumerate(zip(axes, metrics)):
        clipped |= draw_arms(ax, ds, m, t, baseline, conf)
        t.apply(ax)
        finish_axes(ax, panel_letter(i) + label(m), unit_words(str(ds[m].attrs.get("units", ""))),
                    legend=ax is axes[0])
    suptitle(fig, f"{title}: arms")
    name = save(fig, out, f"arms_{safe_name(slug)}.png")
    n_arms, r = ds.sizes["arm"], ds.sizes["replicate"]
    if n_arms <= MANY_ARMS:
        how = f"Each arm's mean over {r} replicates with its {conf:.0%} confidence band (t interval)."
    else:
        how = (f"The {n_arms} arms as an envelope of their means over {r} replicates (all arms, and the "
               "middle 90%), the median arm and the baseline (dashed).")
    if clipped:
        how += " " + CLIPPED_NOTE
    return FigureInfo(name, section, f"{title}: arms", f"{caption} {how}", metrics)


def differences_figure(ds, comparisons, slug, section, title, metrics, t, baseline, out) -> FigureInfo:
    arms = arm_list(ds)
    fig, axes = new_figure(len(metrics), 3, 4.6, 3.0)
    for i, (ax, m) in enumerate(zip(axes, metrics)):
        draw_differences(ax, comparisons, m, t, arms, baseline)
        t.apply(ax)
        units = unit_words(str(ds[m].attrs.get("units", "")))
        finish_axes(ax, panel_letter(i) + label(m), f"difference ({units})" if units else "difference",
                    legend=ax is axes[0])
    suptitle(fig, f"{title}: difference from {baseline}")
    name = save(fig, out, f"diff_{safe_name(slug)}.png")
    conf = float(comparisons.attrs.get("confidence", 0.95))
    src = "as recorded in the file" if comparisons.attrs.get("source") == "file" else "computed from the replicates"
    caption = (f"Mean paired difference of each arm from the baseline ({baseline}) over replicates, with its "
               f"{conf:.0%} confidence interval ({src}). Replicate k of every arm uses the same random streams, "
               "so the difference is what the arm's settings change; a band that excludes zero is a clear effect.")
    return FigureInfo(name, section, f"{title}: difference from {baseline}", caption, metrics)


def forest_figure(ds, comparisons, baseline, t: TimeAxis, out) -> FigureInfo | None:
    """Each arm's final-time difference from the baseline with its interval, per headline metric."""
    arms = [str(a) for a in comparisons["arm"].values]
    metrics = groups.headlines(str(ds.attrs.get("model", "")), [m for m in comparisons.data_vars])
    metrics = [m for m in metrics if not all_nan(comparisons[m].values[:, -1, 0])][:PANELS_PER_FIGURE]
    if not arms or not metrics:
        return None
    fig, axes = new_figure(len(metrics), 3, 4.6, 1.2 + 0.28 * len(arms), left=label_margin(arms, 7),
                           gap_x=label_margin(arms, 7) + 0.1)
    y = np.arange(len(arms))[::-1]
    for ax, m in zip(axes, metrics):
        rows = comparisons[m].values[:, -1, :]  # (arm, stat) at the last time
        err = np.vstack([rows[:, 0] - rows[:, 1], rows[:, 2] - rows[:, 0]])
        err = np.where(np.isnan(err), 0.0, err)
        for k, a in enumerate(arms):
            ax.errorbar(rows[k, 0], y[k], xerr=err[:, k:k + 1], fmt="o", color=_arm_color(arm_list(ds), baseline, a),
                        ms=4, capsize=3, lw=1.2)
        ax.axvline(0.0, color="0.3", lw=0.8)
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.set_yticks(y, arms, fontsize=7)
        ax.set_ylim(-0.7, len(arms) - 0.3)
        finish_axes(ax, label(m), "", legend=False)
        units = unit_words(str(ds[m].attrs.get("units", "")))
        ax.set_xlabel(f"difference ({units})" if units else "difference", fontsize=8)
    title = f"Difference from {baseline} at the end ({t.describe(t.values[-1])})"
    suptitle(fig, title)
    name = save(fig, out, "diff_final.png")
    conf = float(comparisons.attrs.get("confidence", 0.95))
    return FigureInfo(name, "Arms compared", title,
                      f"Each arm's mean paired difference from the baseline at the last time point, with its "
                      f"{conf:.0%} confidence interval; headline metrics.", metrics)


def area_figure(ds, m: str, t: TimeAxis, baseline: str, conf: float, out) -> FigureInfo | None:
    """One panel per named area: each arm's mean of `m` there with its band, shared scales.

    The ranked tables give each area's final difference; this shows how it came about.
    """
    values = ds[m + areas.SUFFIX].values  # (arm, replicate, time, community)
    if all_nan(values):
        return None
    arms = arm_list(ds)
    fig, axes = small_multiples(ds, ds.sizes["community"])
    bounds = metric_bounds(ds, [m + areas.SUFFIX])
    clipped = False
    for c, ax in enumerate(axes):
        for k, a in enumerate(arms):
            mean, lo, hi = stats.t_interval(values[k, :, :, c], axis=0, confidence=conf)
            clipped |= line_with_band(ax, t.values, mean, lo, hi, _arm_color(arms, baseline, a), None,
                                      lw=1.6 if a == baseline else 1.2, bounds=bounds)
        t.apply(ax, xlabel=False)
    handles = [Line2D([], [], color=_arm_color(arms, baseline, a), lw=1.5,
                      label=f"{a} (baseline)" if a == baseline else a) for a in arms]
    finish_small_multiples(fig, axes, t, handles, axis_label(ds, [m + areas.SUFFIX], {m + areas.SUFFIX: label(m)}))
    title = f"{label(m)[:1].upper()}{label(m)[1:]} by area: arms"
    suptitle(fig, title)
    name = save(fig, out, f"areas_{safe_name(m)}.png")
    how = (f"Small multiples, one panel per area: each arm's mean over {ds.sizes['replicate']} replicates with "
           f"its {conf:.0%} confidence band (t interval); panels share their scales. The tables of areas "
           "ranked by effect give the final differences from the baseline.")
    return FigureInfo(name, "Communities", title, how + (f" {CLIPPED_NOTE}" if clipped else ""), [m])


def area_jobs(ds: xr.Dataset, t: TimeAxis, baseline: str, conf: float, out: Path) -> list:
    """Area small multiples, only for named areas, a few arms and few enough areas for a panel each."""
    if not areas.has_names(ds) or not 2 <= ds.sizes["arm"] <= MANY_ARMS \
            or not 2 <= ds.sizes.get("community", 0) <= SMALL_MULTIPLES_MAX:
        return []
    return [partial(area_figure, ds, m, t, baseline, conf, out) for m in areas.area_metrics(ds)[:AREA_FIGURES_MAX]]


def _ranked(names, values, order=None, limit=TOP_PARAMETERS):
    order = np.argsort(-np.nan_to_num(values, nan=-np.inf)) if order is None else order
    order = order[:limit]
    return [names[i] for i in order], order


def sensitivity_figure(metric: str, sens: xr.Dataset, ds, out) -> FigureInfo | None:
    method = str(sens.attrs.get("method", "")).lower()
    names = [str(p) for p in sens["parameter"].values]
    times = sens["sensitivity_time"].values
    k = len(times) - 1  # the last analysed time
    units = str(ds["time"].attrs.get("units", "") or ds.attrs.get("time_units", ""))
    when = TimeAxis([0.0], units).describe(float(times[k]))  # analysed times are in the file's unit
    conf = float(sens.attrs.get("confidence", 0.95))
    if method == "sobol" and "ST" in sens:
        ranked, order = _ranked(names, sens["ST"].values[k])
        n_panels = 3 if len(times) > 1 else 2
        margin = label_margin(ranked)
        fig, axes = new_figure(n_panels, n_panels, 4.6, max(2.6, 1.4 + 0.3 * len(ranked)), left=margin, gap_x=margin + 0.1)
        y = np.arange(len(ranked))[::-1]
        for ax, key, title in ((axes[0], "S1", "First-order index S1"), (axes[1], "ST", "Total-order index ST")):
            if key not in sens:
                mark_no_data(ax, f"no {key} in the file")
                continue
            v = sens[key].values[k][order]
            if all_nan(v):
                undefined_note(ax)
                continue
            lo = sens[f"{key}_lo"].values[k][order] if f"{key}_lo" in sens else v
            hi = sens[f"{key}_hi"].values[k][order] if f"{key}_hi" in sens else v
            err = np.nan_to_num(np.vstack([v - lo, hi - v]))
            ax.barh(y, v, xerr=np.clip(err, 0, None), color=color(0 if key == "S1" else 1), capsize=3, height=0.6)
            ax.set_yticks(y, ranked, fontsize=8)
            ax.axvline(0.0, color="0.3", lw=0.8)
            finish_axes(ax, f"{title} ({when})", "", legend=False)
            ax.set_xlabel("share of output variance", fontsize=8)
        if n_panels == 3:
            ax = axes[2]
            for i, p in enumerate(order[: min(6, len(order))]):
                ax.plot(times, sens["ST"].values[:, p], "o-", color=color(i), label=names[p], ms=3)
            finish_axes(ax, "Total-order index over the analysed times", "ST (share of variance)")
            ax.set_xlabel(f"time ({units})" if units else "time", fontsize=8)
        caption = (f"Sobol indices of {label(metric)}: the share of its variance across the design due to each "
                   f"parameter alone (S1) and with all its interactions (ST), with {conf:.0%} bootstrap intervals "
                   f"({sens.attrs.get('bootstrap', '?')} resamples); parameters ranked by ST.")
    elif method == "morris" and "mu_star" in sens:
        mu_star = sens["mu_star"].values[k]
        sigma = sens["sigma"].values[k] if "sigma" in sens else np.full_like(mu_star, np.nan)
        ranked, order = _ranked(names, mu_star)
        margin = label_margin(ranked)
        fig, axes = new_figure(2, 2, 4.8, max(2.6, 1.6 + 0.3 * len(ranked)), left=margin, gap_x=0.8)
        y = np.arange(len(ranked))[::-1]
        axes[0].barh(y, mu_star[order], color=color(0), height=0.6, label="mu*")
        axes[0].set_yticks(y, ranked, fontsize=8)
        finish_axes(axes[0], f"Mean absolute elementary effect mu* ({when})", "", legend=False)
        axes[0].set_xlabel(str(ds[metric].attrs.get("units", "")) if metric in ds else "", fontsize=8)
        axes[1].scatter(mu_star, sigma, color=color(1), s=25)
        for i, p in enumerate(names):
            axes[1].annotate(p, (mu_star[i], sigma[i]), fontsize=7, xytext=(3, 3), textcoords="offset points")
        finish_axes(axes[1], "mu* against sigma (non-linearity, interactions)", "sigma", legend=False)
        axes[1].set_xlabel("mu*", fontsize=8)
        caption = (f"Morris screening of {label(metric)}: mu* ranks parameters by their overall influence; a large "
                   "sigma relative to mu* means the effect is non-linear or depends on other parameters.")
    else:
        return None
    title = f"Sensitivity of {label(metric)}"
    suptitle(fig, title)
    name = save(fig, out, f"sensitivity_{safe_name(metric)}.png")
    return FigureInfo(name, "Sensitivity", title, caption, [metric] if metric in ds else [])


def design_rows(ds: xr.Dataset) -> tuple[list[int], list[int]]:
    """(arm index, design row) pairs: arm design_%05d ran row i of /design/points."""
    n_points = ds.sizes.get("design_point", 0)
    arm_idx, rows = [], []
    for k, a in enumerate(arm_list(ds)):
        hit = re.fullmatch(r"design_(\d+)", a)
        if hit and int(hit.group(1)) < n_points:
            arm_idx.append(k)
            rows.append(int(hit.group(1)))
    return arm_idx, rows


def tornado_figure(metric: str, ds, t_index: int, out) -> FigureInfo | None:
    arm_idx, rows = design_rows(ds)
    if len(rows) < 3 or metric not in ds:
        return None
    y = stats.nanmean(ds[metric].values[arm_idx, :, t_index], axis=1)  # mean over replicates
    names = [str(p) for p in ds["parameter"].values]
    centre, effects, r2 = stats.tornado_effects(ds["design_points"].values[rows], y,
                                                ds["design_lo"].values, ds["design_hi"].values, names)
    if not effects or np.isnan(centre):
        return None
    effects = effects[:TOP_PARAMETERS]
    fig, axes = new_figure(1, 1, 7.5, max(2.6, 1.6 + 0.35 * len(effects)), left=label_margin([e[0] for e in effects]))
    ax = axes[0]
    yy = np.arange(len(effects))[::-1]
    low = np.array([e[1] for e in effects]) - centre
    high = np.array([e[2] for e in effects]) - centre
    ax.barh(yy, low, left=centre, color=color(0), height=0.6, label="parameter at its low end")
    ax.barh(yy, high, left=centre, color=color(1), height=0.6, label="parameter at its high end")
    ax.axvline(centre, color="0.2", lw=1.0)
    ax.set_yticks(yy, [e[0] for e in effects], fontsize=8)
    units = str(ds[metric].attrs.get("units", ""))
    t = time_axis(ds)
    finish_axes(ax, f"{label(metric)} at {t.describe(float(t.values[t_index]))}", "")
    ax.set_xlabel(f"{label(metric)} ({unit_words(units)})" if units else label(metric), fontsize=9)
    title = f"Tornado: {label(metric)}"
    suptitle(fig, title)
    name = save(fig, out, f"tornado_{safe_name(metric)}.png")
    caption = (f"How far {label(metric)} moves when one parameter goes from the low to the high end of its range "
               "with the others at their midpoints, from a least-squares linear fit over all design points "
               f"(R² = {r2:.2f}; a low R² means the response is far from linear and the bars understate it). "
               "Largest swing at the top.")
    return FigureInfo(name, "Sensitivity", title, caption, [metric])


def experiment_jobs(ds: xr.Dataset, comparisons: xr.Dataset, sensitivity: dict, out: Path) -> list:
    """One callable per figure (each returns a FigureInfo or None), in page order."""
    t = time_axis(ds)
    baseline = baseline_of(ds)
    conf = float(comparisons.attrs.get("confidence", 0.95))
    n_arms = ds.sizes["arm"]
    jobs = []
    if 2 <= n_arms <= FOREST_MAX_ARMS:
        jobs.append(partial(forest_figure, ds, comparisons, baseline, t, out))
    for slug, section, title, caption, metrics in metric_sets(ds):
        jobs.append(partial(arms_figure, ds, slug, section, title, caption, metrics, t, baseline, conf, out))
        if 2 <= n_arms <= MANY_ARMS:
            jobs.append(partial(differences_figure, ds, comparisons, slug, section, title, metrics, t, baseline, out))
    jobs += area_jobs(ds, t, baseline, conf, out)
    if "design_points" in ds:
        # Many analysed metrics (the default list): small multiples of all, detail for a few.
        jobs += [partial(overview_job, sensitivity, ds, out, n) for n in range(len(overview_chunks(sensitivity)))]
        detailed = detailed_metrics(str(ds.attrs.get("model", "")), sensitivity)
        jobs += [partial(sensitivity_figure, metric, sensitivity[metric], ds, out) for metric in detailed]
        tornado_metrics = detailed or groups.headlines(
            str(ds.attrs.get("model", "")), stats.timeseries_metrics(ds))[:TORNADO_DEFAULT_COUNT]
        for metric in tornado_metrics:
            t_index = len(ds["time"]) - 1
            if metric in sensitivity and len(sensitivity[metric]["sensitivity_time"]):
                # The same time the indices were computed for, so the two charts agree.
                target = float(sensitivity[metric]["sensitivity_time"].values[-1])
                t_index = int(np.argmin(np.abs(ds["time"].values - target)))
            jobs.append(partial(tornado_figure, metric, ds, t_index, out))
    return jobs


def overview_job(sensitivity: dict, ds, out, n: int):
    figs = overview_figures(sensitivity, ds, out, only=n)
    return figs[0] if figs else None


def experiment_figures(ds: xr.Dataset, comparisons: xr.Dataset, sensitivity: dict, out: Path) -> list[FigureInfo]:
    return [f for f in (job() for job in experiment_jobs(ds, comparisons, sensitivity, out)) if f is not None]
