"""The decision page (decision.html): one page a minister's adviser can read.

A headline sentence per arm, then three tables: what each arm costs per unit of each
outcome with its interval, who gains by deprivation quintile, and (with an `[uncertain]`
section) the parameter values at which the answer flips; with an `[uncertain]` section also
how often each arm beats the baseline, its regret, and where the section's condition holds
(PRIM boxes, uncertainty.py). Numbers are rounded to three
significant figures in words a reader uses (GBP 12.3 m, 4,560 cases); a ratio is printed only
where the outcome's interval excludes 0, otherwise the verdict says "no detectable effect" or
"dominated". The numbers come from decision.py.
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np

from . import uncertainty as unc
from .decision import Decision, Effect
from .decision_figure import plane
from .html import CSS, _figure, _table
from .output import GENERATOR
from .plotting import FigureInfo


def _sig(v: float) -> float:
    return float(f"{v:.3g}")


def money(v: float) -> str:
    """GBP amount in words: £1.23 bn, £45.6 m, £12,300, £4.56; minus signs as '−'."""
    if not np.isfinite(v):
        return "—"
    sign, a = ("−" if v <= -0.005 else ""), abs(v)
    if a < 0.005:
        return "£0"
    if a >= 1e9:
        text = f"£{a / 1e9:.3g} bn"
    elif a >= 1e6:
        text = f"£{a / 1e6:.3g} m"
    elif a >= 100:
        text = f"£{_sig(a):,.0f}"
    else:
        text = f"£{a:.3g}"
    return sign + text


def count(v: float) -> str:
    """A number of units: 1.23 m, 45,600, 12.3, 0.456; minus signs as '−'."""
    if not np.isfinite(v):
        return "—"
    sign, a = ("−" if v <= -5e-4 else ""), abs(v)
    if a < 5e-4:
        return "0"
    text = f"{a / 1e6:.3g} m" if a >= 1e6 else f"{_sig(a):,.0f}" if a >= 100 else f"{a:.3g}"
    return sign + text


def between(lo: float, hi: float, form) -> str:
    return f"{form(lo)} to {form(hi)}" if np.isfinite(lo) and np.isfinite(hi) else "no interval"


def per_unit(e: Effect) -> str:
    """The cost-per-unit cell: a ratio with its interval, or what to conclude instead."""
    unit = e.outcome.unit
    if e.verdict == "cost per unit":
        m, lo, hi = e.ratio
        rng = between(lo, hi, money) if np.isfinite(hi) else "interval unbounded"
        return f"{money(m)} per {unit} ({rng})"
    if e.verdict == "worse but cheaper":
        m, lo, hi = e.ratio
        lost = unit.replace("avoided", "lost").replace("gained", "lost")
        return f"saves {money(m)} per {lost} ({between(lo, hi, money)})"
    return e.verdict


def headline(d: Decision, arm: str) -> str:
    s = d.summary[arm]
    years = d.months / 12.0
    years = f"{years:.3g} year" + ("" if years == 1 else "s")
    more = "more" if s["cost"][0] >= 0 else "less"
    parts = [f"Over {years}, {arm} costs {money(abs(s['cost'][0]))} {more} than {d.baseline} "
             f"(difference {between(s['cost'][1], s['cost'][2], money)})"]
    for e in d.effects:
        if e.arm != arm or e.group != "all":
            continue
        g = e.gain
        if e.verdict == "no detectable effect":
            parts.append(f"no detectable effect on {e.outcome.label} ({count(g[1])} to {count(g[2])} "
                         f"{e.outcome.units})")
        elif e.verdict == "cost per unit":
            parts.append(f"{count(g[0])} {e.outcome.units} at {money(e.ratio[0])} each")
        else:
            parts.append(f"{count(g[0])} {e.outcome.units}: {e.verdict}")
    net = s["net"]
    if np.isfinite(net[0]):
        parts.append(f"net benefit counting the model's own valuation of outcomes (savings_gbp): {money(net[0])} "
                     f"({between(net[1], net[2], money)})")
    return "; ".join(parts) + "."


def cost_rows(d: Decision) -> list[list[str]]:
    rows = []
    for e in d.effects:
        if e.group != "all":
            continue
        share = f"{e.samples_gaining[0]} of {e.samples_gaining[1]}" if e.samples_gaining else ""
        row = [e.arm, f"{e.outcome.label} ({e.outcome.metric})", f"{money(e.cost[0])} ({between(e.cost[1], e.cost[2], money)})",
               f"{count(e.gain[0])} ({between(e.gain[1], e.gain[2], count)})", per_unit(e)]
        rows.append(row + ([share] if e.samples_gaining else []))
    return rows


def quintile_rows(d: Decision) -> list[list[str]]:
    rows = []
    for e in d.effects:
        if e.group == "all":
            continue
        rows.append([e.arm, e.outcome.label, e.group.replace("quintile ", "") + (" (least deprived)" if e.group.endswith(" 1")
                                                                             else " (most deprived)" if e.group.endswith(" 5") else ""),
                     f"{count(e.gain[0])} ({between(e.gain[1], e.gain[2], count)})", per_unit(e)])
    return rows


def break_even_rows(d: Decision) -> list[list[str]]:
    rows = []
    for b in d.break_even:
        form = money if b.target.startswith("net benefit") else count
        crossing = f"{b.value:.3g}" if np.isfinite(b.value) else (
            "does not cross within the range (" + ("always gains" if min(b.at_low, b.at_high) > 0 else "never gains") + ")")
        rows.append([b.arm, b.target, b.parameter, f"{b.correlation:+.2f}", f"{b.low:.3g} to {b.high:.3g}",
                     f"{form(b.at_low)} → {form(b.at_high)}", crossing])
    return rows


def explanations(d: Decision) -> list[str]:
    over = (f"the {d.n} parameter samples (each the mean of its paired replicates): the intervals carry "
            "the parameter uncertainty" if d.paired_over == "parameter samples" else
            f"the {d.n} paired replicates (common random numbers): the intervals carry only the "
            "stochastic uncertainty, not the uncertainty in the model's parameters")
    return [
        f"Costs are public money spent over the whole horizon ({d.months:.0f} months) for the represented "
        f"population of {count(d.population)} people, minus the baseline's: {', '.join(d.cost_terms)}.",
        "Outcomes gained: obesity cases avoided and trust points (percentage points of trust in government) "
        "at the end of the horizon; tonnes CO2e and crime victims (person-months of victimisation) avoided, "
        "summed over the horizon. Quintile counts assume each deprivation quintile holds a fifth of the "
        "population; the whole cost is charged to each quintile's gain.",
        f"Intervals are {d.confidence:.0%} t intervals over {over}. A cost per unit has a Fieller interval; "
        "it is printed only where the outcome's interval excludes 0. 'No detectable effect': the outcome's "
        "interval includes 0. 'Dominated': worse and not cheaper. 'Dominant': better and cheaper.",
    ]


def uncertainty_section(u: dict | None, folder: Path | None, figure) -> str:
    """How often each arm beats the baseline, its regret, and the PRIM boxes: the file's
    /uncertainty (an `[uncertain]` section), or '' without one."""
    if not unc.complete(u):
        return ""
    e = html.escape
    parts = ['<section id="across-uncertainty"><h2>Across the parameter uncertainty: how often each arm wins, '
             'and where it loses</h2>']
    for heading, header, rows, intro in unc.tables(u):
        parts.append(f"<h3>{e(heading)}</h3><p>{e(intro)}</p>" + (_table(header, rows) if rows else ""))
    if figure is not None:
        parts.append(_figure(figure, folder, {}))
    parts.append("</section>")
    return "\n".join(parts)


def render(d: Decision, title: str, subtitle: str, folder: Path | None = None, figure=None,
           index_link: str = "index.html", uncertainty: dict | None = None, prim_figure=None) -> str:
    """The page; `figure` (a FigureInfo of a PNG in `folder`) is embedded after the headlines;
    `uncertainty` (loader.read_uncertainty) and `prim_figure` after the break-even values."""
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f'<meta name="generator" content="{GENERATOR}">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{e(title)}</title><style>{CSS}</style></head><body><main>",
             f"<h1>{e(title)}</h1>", f'<p class="subtitle">{e(subtitle)}</p>',
             '<section id="headline"><h2>In one sentence per arm</h2>']
    parts += [f"<p>{e(headline(d, a))}</p>" for a in d.arms]
    parts.append("</section>")
    if figure is not None:
        parts.append('<section id="plane">' + _figure(figure, folder, {}) + "</section>")
    share = ["parameter samples in which it gains"] if d.paired_over == "parameter samples" else []
    parts.append('<section id="cost-per-unit"><h2>Cost per unit of outcome</h2>' + _table(
        ["arm", "outcome", f"extra cost vs {d.baseline}", "units gained", "cost per unit"] + share, cost_rows(d))
        + "</section>")
    q = quintile_rows(d)
    parts.append('<section id="quintiles"><h2>By deprivation quintile</h2>' + (
        _table(["arm", "outcome", "quintile", "units gained", "whole cost per unit gained in the quintile"], q) if q
        else "<p>No outcome of this file is recorded per deprivation quintile (metrics named NAME_q1 .. NAME_q5).</p>")
        + "</section>")
    be = break_even_rows(d)
    parts.append('<section id="break-even"><h2>Where the answer flips: break-even values</h2>' + (
        "<p>For each arm's net benefit and outcome gains, the uncertain parameters that move it most (by "
        "correlation across the samples), its fitted value at each end of the range with the others at their "
        "midpoints, and the value at which it crosses 0.</p>" + _table(
            ["arm", "quantity", "parameter", "correlation", "range sampled", "value at low → high end",
             "break-even value"], be) if be else
        "<p>No break-even values: this experiment has no parameter samples (add an <code>[uncertain]</code> "
        "section, docs/EXPERIMENTS.md) or its quantities do not vary across them.</p>") + "</section>")
    parts.append(uncertainty_section(uncertainty, folder, prim_figure))
    parts.append('<section id="how-to-read"><h2>How to read this page</h2><ul>'
                 + "".join(f"<li>{e(x)}</li>" for x in explanations(d)) + "</ul>"
                 + f'<p>Figures and every metric: <a href="{e(index_link)}">the full report</a>.</p></section>')
    parts.append(f'<p class="subtitle">Written by <code>analysis/report.py</code> ({GENERATOR}).</p>')
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def write(d: Decision, folder: Path, title: str, subtitle: str, uncertainty: dict | None = None,
          prim_figure: FigureInfo | None = None) -> Path:
    """Writes decision_plane.png and decision.html (whole: a temporary file renamed); returns
    the page's path. `prim_figure` (the report's PRIM figure in `folder`) is copied to
    decision_<name>, so each PNG belongs to one page."""
    import os
    import shutil

    page = folder / "decision.html"
    tmp = folder / f".decision.html.tmp-{os.getpid()}"
    figure = plane(d, folder)
    own = None
    if prim_figure is not None:
        name = f"decision_{prim_figure.file}"
        shutil.copyfile(folder / prim_figure.file, folder / name)
        own = FigureInfo(name, "Decision", prim_figure.title, prim_figure.caption, prim_figure.metrics)
    tmp.write_text(render(d, title, subtitle, folder, figure, uncertainty=uncertainty, prim_figure=own),
                   encoding="utf-8")
    tmp.replace(page)
    return page
