"""Builds the whole report for one result file: figures, tables, index.html."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

from .requirements import require

require(("numpy", "xarray"))  # one line naming the interpreter and packages, not a traceback

import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

from . import areas, decision, decision_page, stats, uncertainty  # noqa: E402
from .figures_experiment import MANY_ARMS, arm_list, baseline_of, experiment_jobs  # noqa: E402
from .figures_run import run_jobs, time_axis  # noqa: E402
from .groups import SECTIONS  # noqa: E402
from .html import Page, render  # noqa: E402
from .loader import KIND_EXPERIMENT, open_result, parse_ini, read_comparisons, read_sensitivity, read_uncertainty  # noqa: E402
from .output import default_output, prepare_output, remove_previous  # noqa: E402


_JOBS: list = []  # figure jobs, shared with forked workers by inheritance (closures do not pickle)


def _run_job(i: int):
    return _JOBS[i]()


def default_workers() -> int:
    """Figure-drawing processes: COALESCE_REPORT_JOBS if set, else 1.

    One by default: a report takes a few CPU seconds, and on a small shared machine (the
    2-core CI box, or a test suite running in parallel) extra processes only add fork and
    start-up cost. On a workstation, -j 4 makes an experiment report several times faster.
    """
    env = os.environ.get("COALESCE_REPORT_JOBS", "")
    return int(env) if env.isdigit() and int(env) > 0 else 1


def draw_all(jobs: list, workers: int) -> list:
    """Runs the figure jobs, in forked worker processes when there are cores to spare.

    Drawing is pure-Python matplotlib work and most of a report's time; figures are
    independent, and forked workers inherit the loaded Dataset without copying or pickling.
    """
    global _JOBS
    if workers <= 1 or len(jobs) < 3 or "fork" not in multiprocessing.get_all_start_methods():
        return [f for f in (job() for job in jobs) if f is not None]
    _JOBS = jobs
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(jobs))) as pool:
            return [f for f in pool.map(_run_job, range(len(jobs)), chunksize=1) if f is not None]
    finally:
        _JOBS = []


def fmt(v) -> str:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    return "—" if np.isnan(v) else f"{v:.4g}"


def descriptions(ds: xr.Dataset) -> dict[str, tuple[str, str]]:
    """metric -> (its unit and how agents' values were reduced to it, its description)."""
    def unit_and_reduction(v) -> str:
        units, reduction = str(v.attrs.get("units", "")), str(v.attrs.get("reduction", ""))
        return f"{units}; {reduction}" if units and reduction else units or reduction
    return {str(n): (unit_and_reduction(v), str(v.attrs.get("description", ""))) for n, v in ds.data_vars.items()}


def run_table(ds: xr.Dataset):
    r = ds.sizes.get("replicate", 1)
    header = ["metric", "units", "reduction", "t = first", "t = last"] + (["last: range over replicates"] if r > 1 else []) + ["description"]
    rows = []
    for m in stats.timeseries_metrics(ds):
        v = ds[m].values
        first, last = stats.nanmean(v[:, 0]), stats.nanmean(v[:, -1])
        row = [m, str(ds[m].attrs.get("units", "")), str(ds[m].attrs.get("reduction", "")), fmt(first), fmt(last)]
        if r > 1:
            with stats.quiet():
                row.append(f"{fmt(np.nanmin(v[:, -1]))} – {fmt(np.nanmax(v[:, -1]))}")
        rows.append(row + [str(ds[m].attrs.get("description", ""))])
    return "Metrics (mean over replicates)", header, rows


def experiment_table(ds: xr.Dataset):
    arms, base = arm_list(ds), baseline_of(ds)
    few = len(arms) <= MANY_ARMS
    header = ["metric", "units"] + ([f"{a} (baseline)" if a == base else a for a in arms] if few
                                    else [f"{base} (baseline)", "lowest arm", "highest arm"]) + ["description"]
    rows = []
    for m in stats.timeseries_metrics(ds):
        last = stats.nanmean(ds[m].values[:, :, -1], axis=1)  # per arm, over replicates
        if few:
            vals = [fmt(x) for x in last]
        else:
            with stats.quiet():
                vals = [fmt(last[arms.index(base)]), fmt(np.nanmin(last)), fmt(np.nanmax(last))]
        rows.append([m, str(ds[m].attrs.get("units", ""))] + vals + [str(ds[m].attrs.get("description", ""))])
    return "Metrics at the last time point (mean over replicates)", header, rows


def area_tables(ds: xr.Dataset, confidence: float) -> list:
    """Per arm, the named areas ranked by its effect on each headline metric (areas.py).

    One table per arm against the baseline, for a few arms only: a design's many arms are
    summarised by sensitivity indices, not area by area.
    """
    if not areas.has_names(ds) or not 2 <= ds.sizes["arm"] <= MANY_ARMS:
        return []
    base = baseline_of(ds)
    t = time_axis(ds)
    when = t.describe(float(t.values[-1]))
    tables = []
    for arm, effects in areas.ranked_effects(ds, base, confidence).items():
        header = ["metric", "rank", "area", "code", f"{base} (baseline), mean", f"{arm}, mean",
                  f"difference {arm} − {base}, largest first", f"{confidence:.0%} interval (paired t)"]
        rows = []
        for r in areas.shown(effects):
            if isinstance(r, int):
                rows.append(["", "…", f"… {r} areas in between …", "", "", "", "", ""])
            else:
                rows.append([r.metric, str(r.rank), r.name, r.code, fmt(r.baseline), fmt(r.value), fmt(r.diff),
                             f"{fmt(r.lo)} – {fmt(r.hi)}"])
        if rows:
            tables.append((f"Areas ranked by the effect of {arm} vs {base} ({when})", header, rows))
    return tables


def arms_table(path, ds: xr.Dataset):
    """Each arm and how its configuration differs from the baseline's."""
    import h5py  # only for the per-arm config attributes, which the Dataset does not carry

    arms, base = arm_list(ds), baseline_of(ds)
    with h5py.File(path, "r") as f:
        configs = {}
        for a in arms:
            c = f["arms"][a].attrs.get("config", "")
            configs[a] = c.decode() if isinstance(c, bytes) else str(c)
    base_cfg = parse_ini(configs.get(base, ""))
    rows = []
    for a in arms:
        cfg = parse_ini(configs[a])
        diff = [f"{k} = {cfg.get(k, '(unset)')}" for k in sorted(set(cfg) | set(base_cfg))
                if cfg.get(k) != base_cfg.get(k)]
        rows.append([a + (" (baseline)" if a == base else ""), "; ".join(diff) if diff else "—"])
    return "Arms", ["arm", "settings that differ from the baseline"], rows


def design_table(ds: xr.Dataset):
    names = [str(p) for p in ds["parameter"].values]
    lo = ds["design_lo"].values if "design_lo" in ds else [np.nan] * len(names)
    hi = ds["design_hi"].values if "design_hi" in ds else [np.nan] * len(names)
    return "Design", ["parameter", "low", "high"], [[n, fmt(a), fmt(b)] for n, a, b in zip(names, lo, hi)]


def metadata(path, ds: xr.Dataset) -> list[tuple[str, str]]:
    a = ds.attrs
    rows = [("File", str(Path(path).resolve())), ("Model", str(a.get("model", ""))), ("Kind", str(a.get("kind", "run")))]
    if a.get("kind") == KIND_EXPERIMENT:
        rows.append(("Arms", f"{ds.sizes['arm']} (baseline: {baseline_of(ds)})"))
        if "design_points" in ds:
            d = ds["design_points"].attrs
            rows.append(("Design", f"{d.get('design_kind', '?')}, {ds.sizes['design_point']} points, "
                                   f"{ds.sizes['parameter']} parameters, seed {d.get('design_seed', '?')}"))
    if areas.has_names(ds):
        labels = areas.community_labels(ds)
        rows.append(("Areas", f"{len(labels)}: " + ", ".join(labels[:12]) + (", …" if len(labels) > 12 else "")))
    for key, name in (("replicates", "Replicates"), ("steps", "Steps"), ("time_units", "Time unit"),
                      ("communities", "Communities"), ("seed", "Seed"), ("status", "Status"),
                      ("created_utc", "Created (UTC)"), ("engine_version", "Engine version"), ("git_commit", "Git commit")):
        if key in a:
            rows.append((name, str(a[key])))
    return rows


def write_decision(path, ds: xr.Dataset, out: Path, confidence: float, u: dict | None = None,
                   prim_figure=None) -> Path | None:
    """decision.html beside index.html, for an experiment whose model records money and an
    outcome the decision page knows (decision.applicable); None otherwise. `u`: the file's
    /uncertainty (read here when None), shown with `prim_figure` (drawn here when None)."""
    if not decision.applicable(ds):
        return None
    u = u if u is not None else read_uncertainty(path)
    d = decision.analyse(path, ds, confidence, u)
    name = Path(path).name
    subtitle = (f"Model '{ds.attrs.get('model', '?')}', {len(d.arms) + 1} arms against the baseline "
                f"'{d.baseline}', {d.months:.0f} months, intervals over {d.n} {d.paired_over}.")
    if prim_figure is None and uncertainty.complete(u):
        prim_figure = uncertainty.figure(u, out)
    return decision_page.write(d, out, f"Decision summary: {name}", subtitle, u, prim_figure)


def write_report(path, folder=None, log=None, workers: int | None = None) -> Path:
    """Writes the figures and index.html for `path` into `folder`; returns the page's path.

    Raises ResultError (one line) for a missing or foreign input file or an unusable folder.
    """
    started = time.monotonic()
    ds = open_result(path)
    out = prepare_output(folder if folder is not None else default_output(path))
    remove_previous(out)
    notes = []
    if str(ds.attrs.get("status", "complete")) != "complete":
        notes.append(f"This file's status is '{ds.attrs.get('status')}': it was not completely written; "
                     "rows never written read as NaN.")
    tables, texts, links = [], [], []
    if ds.attrs.get("kind") == KIND_EXPERIMENT:
        comparisons = read_comparisons(path)
        if comparisons is None:
            comparisons = stats.paired_comparisons(ds, baseline_of(ds))
        sensitivity = read_sensitivity(path)
        figs = draw_all(experiment_jobs(ds, comparisons, sensitivity, out), workers or default_workers())
        u = read_uncertainty(path)
        prim_figure = uncertainty.figure(u, out) if uncertainty.complete(u) else None
        figs += [prim_figure] if prim_figure is not None else []
        tables += uncertainty.tables(u) if u else []
        tables += [experiment_table(ds), arms_table(path, ds)]
        tables += area_tables(ds, float(comparisons.attrs.get("confidence", 0.95)))
        if "design_points" in ds:
            tables.append(design_table(ds))
        texts.append(("Experiment file", str(ds.attrs.get("experiment", ""))))
        page = write_decision(path, ds, out, float(comparisons.attrs.get("confidence", 0.95)), u, prim_figure)
        if page is not None:
            links.append(("Decision summary: cost per unit of outcome, by deprivation quintile, break-even values",
                          page.name))
        kind = f"experiment, {ds.sizes['arm']} arms"
    else:
        figs = draw_all(run_jobs(ds, out), workers or default_workers())
        tables.append(run_table(ds))
        kind = "run"
    texts.append(("Configuration", str(ds.attrs.get("config", ""))))
    order = list(SECTIONS)
    order[0:0] = ["Arms compared", uncertainty.SECTION]
    sections = [(s, [f for f in figs if f.section == s]) for s in order]
    sections += [(s, [f for f in figs if f.section == s]) for s in dict.fromkeys(f.section for f in figs) if s not in order]
    model = str(ds.attrs.get("model", "?"))
    page = Page(
        title=f"{model} {kind.split(',')[0]}: {Path(path).name}",
        subtitle=f"Model '{model}', {kind}; {ds.sizes.get('replicate', 0)} replicates, "
                 f"{ds.sizes.get('time', 0)} time points. {len(figs)} figures.",
        meta=metadata(path, ds), sections=sections, descriptions=descriptions(ds),
        notes=notes, tables=tables, texts=texts, links=links,
    )
    index = out / "index.html"
    tmp = out / f".index.html.tmp-{os.getpid()}"
    tmp.write_text(render(page, out), encoding="utf-8")
    tmp.replace(index)  # the page appears whole or not at all
    if log:
        log(f"report: {len(figs)} figures in {time.monotonic() - started:.1f} s")
    return index
