"""The arms across parameter uncertainty, from an experiment's /uncertainty group (an
`[uncertain]` section; docs/EXPERIMENTS.md): how often each arm beats the baseline (with the
share's Wilson interval), its regret, and where the section's condition holds (the PRIM
boxes of scenario discovery). Tables and one figure, shown on the report's index.html and,
when the experiment records money, on decision.html.

Every number is the engine's (loader.read_uncertainty); nothing is recomputed here except
the per-sample difference drawn in the one-parameter scatter.
"""

from __future__ import annotations

from pathlib import Path

from .requirements import require

require(("numpy", "matplotlib"))  # one line naming the interpreter and packages, not a traceback

import numpy as np  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from .axes_text import panel_letter  # noqa: E402
from .plotting import FigureInfo, color, finish_axes, new_figure, save, suptitle  # noqa: E402

FILE = "uncertainty_prim.png"
SECTION = "Across parameter uncertainty"
HOLDS_COLOR = "#c0392b"  # samples where the condition holds
OTHER_COLOR = "0.6"


def complete(u: dict | None) -> bool:
    """True when the group holds the engine's analysis (not just the samples)."""
    return bool(u) and all(k in u for k in ("outcome", "difference", "beats_baseline", "max_regret", "regret_p90"))


def _num(v: float, digits: int = 3) -> str:
    return "—" if not np.isfinite(v) else f"{v:.{digits}g}"


def _pct(v: float) -> str:
    return "—" if not np.isfinite(v) else f"{100 * v:.0f}%"


def when(u: dict) -> str:
    first, last = u.get("first_step"), u.get("last_step")
    if first is None:
        return "the last step"
    return f"step {first}" if first == last else f"steps {first}-{last}"


def n_samples(u: dict) -> int:
    return int(np.asarray(u["samples"]).shape[0])


def beats_text(u: dict, a: int) -> str:
    """'14 of 24 samples (58%; 90% interval 39% to 75%)'."""
    n = n_samples(u)
    share = float(u["beats_baseline"][a])
    k = int(round(share * n))
    text = f"{k} of {n} samples ({_pct(share)}"
    iv = u.get("beats_interval")
    if iv is not None and np.all(np.isfinite(iv[a])):
        text += f"; {u['confidence']:.0%} interval {_pct(iv[a][0])} to {_pct(iv[a][1])}"
    return text + ")"


def arm_rows(u: dict) -> tuple[list[str], list[list[str]]]:
    """Per arm: the outcome across the uncertainty, the paired difference with the baseline,
    how often it beats the baseline, and its regret."""
    c = f"{u['confidence']:.0%}"
    header = ["arm", f"{u['outcome_metric']} mean", f"{c} interval", "share of variance from parameters",
              f"vs {u['baseline']}: mean", f"{c} interval", f"beats {u['baseline']} in", "max regret",
              "90th percentile regret"]
    rows = []
    for a, p in enumerate(u["policies"]):
        o, d = u["outcome"][a], u["difference"][a]
        total = o[3] + o[4]
        base = p == u["baseline"]
        rows.append([p + (" (baseline)" if base else ""), _num(o[0]), f"{_num(o[1])} to {_num(o[2])}",
                     _pct(o[4] / total) if total > 0 else "—",
                     "—" if base else _num(d[0]), "—" if base else f"{_num(d[1])} to {_num(d[2])}",
                     "—" if base else beats_text(u, a), _num(u["max_regret"][a]), _num(u["regret_p90"][a])])
    return header, rows


def condition_parts(u: dict) -> tuple[str, str, str]:
    """'relational < delivery' -> ('relational', 'below', 'delivery')."""
    words = str(u.get("condition", "")).split()
    if len(words) != 3:
        return str(u.get("condition", "")), "", ""
    return words[0], "below" if words[1] == "<" else "above", words[2]


def discovery_sentence(u: dict) -> str:
    """Where the condition holds, in words (or that it never does)."""
    if not u.get("condition"):
        return ""
    left, rel, right = condition_parts(u)
    n = n_samples(u)
    holds = int(np.sum(np.asarray(u["condition_holds"]) > 0.5))
    where = f"on {u['outcome_metric']} ({when(u)})"
    worse = (rel == "below") == (u.get("better", "higher") == "higher")
    if holds == 0:
        plain = f", so {left} never does worse than {right} in this sample of worlds" if worse else ""
        return (f"{left} is never {rel} {right} {where} in any of the {n} parameter samples{plain}: "
                "there is no region to describe and no PRIM box.")
    boxes = u.get("prim_boxes", [])
    text = f"{left} is {rel} {right} {where} in {holds} of {n} parameter samples"
    if holds == n:
        return text + ": everywhere sampled, so no restriction of the parameters describes it."
    held = sum(b["cases"] for b in boxes)
    text += (f". PRIM (scenario discovery) describes where with one box, which holds {held} of them" if len(boxes) == 1
             else f". PRIM (scenario discovery) describes where with {len(boxes)} boxes, which together hold {held} "
                  "of them")
    parts = []
    for i, b in enumerate(boxes, start=1):
        limits = [f"{name} {b['lo'][k]:.3g} to {b['hi'][k]:.3g}" for k, name in enumerate(u["parameters"])
                  if np.isfinite(b["quasi_p"][k])]
        inside = "; ".join(limits) if limits else "no restriction"
        parts.append(f"box {i}: {inside} (holds in {b['cases']} of its {b['points']} samples)")
    return text + ": " + "; ".join(parts) + "."


def box_rows(u: dict) -> tuple[list[str], list[list[str]]]:
    """One row per restricted parameter of each box; a box restricting none gets one row."""
    samples = np.asarray(u["samples"], dtype=float)
    header = ["box", "coverage", "density", "samples in box", "parameter", "box low", "box high", "range sampled",
              "quasi-p"]
    rows = []
    for i, b in enumerate(u.get("prim_boxes", []), start=1):
        head = [f"{i}" + (" (outside the boxes above)" if i > 1 else ""), f"{b['coverage']:.2f}", f"{b['density']:.2f}",
                f"{b['points']} ({b['cases']} where it holds)"]
        restricted = [k for k in range(len(u["parameters"])) if np.isfinite(b["quasi_p"][k])]
        if not restricted:
            rows.append(head + ["(none: the whole sampled space)", "", "", "", ""])
        for j, k in enumerate(restricted):
            col = samples[:, k]
            rows.append((head if j == 0 else ["", "", "", ""]) +
                        [str(u["parameters"][k]), f"{b['lo'][k]:.4g}", f"{b['hi'][k]:.4g}",
                         f"{np.min(col):.4g} to {np.max(col):.4g}", f"{b['quasi_p'][k]:.2g}"])
    return header, rows


def tables(u: dict) -> list[tuple]:
    """(heading, header, rows, intro) for the report page."""
    if not complete(u):
        return []
    header, rows = arm_rows(u)
    n, reps = n_samples(u), u.get("replicates", "?")
    intro = (f"{n} parameter samples ({u.get('sample_source', '')}) of {', '.join(u['parameters'])}, "
             f"{reps} replicate{'' if reps == 1 else 's'} each; outcome {u['outcome_metric']} at {when(u)}, "
             f"{u.get('better', 'higher')} is better. Intervals are {u['confidence']:.0%} predictive intervals over "
             "every (sample, replicate) run: they combine parameter and stochastic uncertainty. 'Beats' counts "
             "the samples in which the arm's mean over its replicates is better than the baseline's, with the "
             "Wilson score interval of that share; regret is the shortfall from the best arm in each sample.")
    out = [("Arms across parameter uncertainty", header, rows, intro)]
    if u.get("condition"):
        h, r = box_rows(u)
        text = discovery_sentence(u)
        if not r:  # no box: nothing more to explain
            out.append((f"Scenario discovery: where {u['condition']}", h, r, text))
            return out
        if u.get("prim_stop"):
            text += f" Covering stopped: {u['prim_stop']}."
        text += (" Coverage: the share of all samples where the condition holds that a box holds; density: the "
                 "share of a box's samples where it holds; quasi-p: how likely the box's density would be without "
                 "that parameter's limits (small: the limit matters).")
        out.append((f"Scenario discovery: where {u['condition']}", h, r, text))
    return out


def _two_parameters(u: dict) -> list[int]:
    """The parameters for the scatter: the first box's most significant restrictions, then
    the others in order."""
    boxes = u.get("prim_boxes", [])
    p = len(u["parameters"])
    order = []
    if boxes:
        q = np.asarray(boxes[0]["quasi_p"], dtype=float)
        order = [int(k) for k in np.argsort(np.where(np.isfinite(q), q, np.inf)) if np.isfinite(q[k])]
    order += [k for k in range(p) if k not in order]
    return order[:2]


def figure(u: dict, folder: Path) -> FigureInfo | None:
    """uncertainty_prim.png: (a) the peeling trajectories, coverage against density, with each
    chosen box; (b) the samples in the two parameters that matter most, where the condition
    holds, and the boxes. None without a condition or when it never holds."""
    boxes = u.get("prim_boxes", []) if complete(u) and u.get("condition") else []
    if not boxes:
        return None
    fig, (ax, bx) = new_figure(2, 2, title=True)
    for i, b in enumerate(boxes):
        t = np.asarray(b["trajectory"], dtype=float).reshape(-1, 3)
        c = color(i)
        ax.plot(t[:, 0], t[:, 1], "-o", ms=3, lw=1.2, color=c, label=f"box {i + 1}")
        if len(t):
            k = min(max(b["chosen"], 0), len(t) - 1)
            ax.plot([t[k, 0]], [t[k, 1]], "s", ms=8, mfc="none", mec=c, mew=1.6)
        ax.plot([b["coverage"]], [b["density"]], "*", ms=12, color=c)
    ax.set_xlim(-0.02, 1.05)
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel("coverage (share of the cases held)", fontsize=9)
    finish_axes(ax, f"{panel_letter(0)}coverage against density", "density (share of box where it holds)")

    samples = np.asarray(u["samples"], dtype=float)
    holds = np.asarray(u["condition_holds"]) > 0.5
    ks = _two_parameters(u)
    names = [str(u["parameters"][k]) for k in ks]
    x = samples[:, ks[0]]
    if len(ks) == 2:
        y, ylabel = samples[:, ks[1]], names[1]
    else:  # one parameter: the condition's two arms' difference per sample
        left, _, right = condition_parts(u)
        pol = list(u["policies"])
        means = np.asarray(u["values"], dtype=float).mean(axis=2)
        y = means[pol.index(left)] - means[pol.index(right)]
        ylabel = f"{left} − {right} ({u['outcome_metric']})"
        bx.axhline(0.0, color="0.35", lw=0.8)
    bx.plot(x[~holds], y[~holds], "o", ms=4, color=OTHER_COLOR, lw=0, label="condition does not hold")
    bx.plot(x[holds], y[holds], "o", ms=4, color=HOLDS_COLOR, lw=0, label="condition holds")
    for i, b in enumerate(boxes):
        x0, x1 = b["lo"][ks[0]], b["hi"][ks[0]]
        if len(ks) == 2:
            y0, y1 = b["lo"][ks[1]], b["hi"][ks[1]]
        else:
            y0, y1 = bx.get_ylim()
        bx.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec=color(i), lw=1.6,
                               label=f"box {i + 1}"))
    bx.set_xlabel(names[0], fontsize=9)
    finish_axes(bx, f"{panel_letter(1)}where '{u['condition']}' holds", ylabel)
    suptitle(fig, f"Scenario discovery (PRIM): where {u['condition']} on {u['outcome_metric']}")
    name = save(fig, folder, FILE)
    caption = (discovery_sentence(u) + " (a) Each box's peeling trajectory: every peel trades coverage for "
               "density; the square is the box chosen (the densest with at least half the cases left), the star "
               "the box after pasting. (b) The parameter samples in the " +
               ("two parameters the first box restricts most" if len(ks) == 2 else "one uncertain parameter") +
               ", red where the condition holds, with the boxes (a box restricting other parameters too holds "
               "only some of the samples drawn inside its rectangle).")
    return FigureInfo(name, SECTION, "Scenario discovery (PRIM)", caption, [u["outcome_metric"]])
