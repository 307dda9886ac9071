#!/usr/bin/python3
"""Figures and one index.html for a calibration file written by `coalesce calibrate`.

usage: analysis/calibration_report.py CAL.h5 [-o DIR]

Per wave: a pairs plot of the design (non-implausible points marked) over the prior box
with the final non-implausible samples, so the region can be seen shrinking; each target
against the runs (replicate means with the target's +-3 sd band); the emulators'
standardised leave-one-out residuals (should lie within +-3). DIR defaults to the file's
path without .h5. Prints the path of index.html. Exit codes: 0 done; 2 bad input (one line
on stderr); 1 failure while writing.
"""

import argparse
import html
import sys
from pathlib import Path

# The package lives beside this script; no installation step.
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    # One line naming the interpreter and the Debian packages if one is missing, not a traceback.
    from coalesce_analysis.requirements import require  # noqa: E402

    require(("numpy", "h5py", "matplotlib"))
except ImportError as missing:
    print(f"calibration_report: {missing}", file=sys.stderr)
    sys.exit(1)

import h5py  # noqa: E402
import numpy as np  # noqa: E402


class BadInput(Exception):
    pass


def load(path):
    p = Path(path)
    if not p.is_file():
        raise BadInput(f"'{path}' does not exist or is not a file")
    if not h5py.is_hdf5(p):
        raise BadInput(f"'{path}' is not an HDF5 file (expected a coalesce calibration .h5)")
    with h5py.File(p, "r") as f:
        kind = f.attrs.get("kind", b"")
        kind = kind.decode() if isinstance(kind, bytes) else str(kind)
        if kind != "calibration":
            raise BadInput(f"'{path}' has kind '{kind}' (allowed: calibration, from coalesce calibrate)")
        c = {k: f.attrs[k] for k in ("parameters", "lo", "hi", "cutoff", "stop_reason", "waves")}
        c["parameters"] = [x.decode() if isinstance(x, bytes) else str(x) for x in c["parameters"]]
        t = f["targets"].attrs
        n = len(t["metric"])
        # Relative targets (mean over first..last as a share of base_first..base_last) came
        # later: files without them have none.
        rel = t["relative"] if "relative" in t else np.zeros(n, dtype=np.uint64)
        b0 = t["base_first_step"] if "base_first_step" in t else np.zeros(n, dtype=np.uint64)
        b1 = t["base_last_step"] if "base_last_step" in t else np.zeros(n, dtype=np.uint64)
        c["targets"] = [dict(metric=str(m), first=int(a), last=int(b), value=float(v), sd=float(np.sqrt(vo + vm)),
                             relative=bool(r), base_first=int(r0), base_last=int(r1))
                        for m, a, b, v, vo, vm, r, r0, r1 in zip(t["metric"], t["first_step"], t["last_step"],
                                                                 t["value"], t["observation_variance"],
                                                                 t["discrepancy_variance"], rel, b0, b1)]
        c["wave"] = [{k: f[f"wave_{i + 1:03d}/{k}"][()] for k in
                      ("design", "mean", "loo_standardised", "combined_implausibility")}
                     | {"ensemble_variance": f[f"wave_{i + 1:03d}"].attrs["ensemble_variance"]}
                     for i in range(int(c["waves"]))]
        c["samples"] = f["samples"][()]
    return c


def pairs(c, i, out):
    import matplotlib.pyplot as plt

    names, p = c["parameters"], len(c["parameters"])
    w = c["wave"][i]
    kept = w["combined_implausibility"] <= c["cutoff"]
    fig, axes = plt.subplots(p, p, figsize=(2.6 * p + 1, 2.6 * p + 1), squeeze=False)
    for r in range(p):
        for k in range(p):
            ax = axes[r][k]
            if r == k:
                ax.hist(c["samples"][:, k] if len(c["samples"]) else [], bins=20, color="tab:green")
            else:
                if len(c["samples"]):
                    ax.scatter(c["samples"][:, k], c["samples"][:, r], s=3, color="tab:green", alpha=0.3,
                               label="final non-implausible samples")
                ax.scatter(w["design"][~kept, k], w["design"][~kept, r], s=14, color="tab:red", marker="x",
                           label=f"wave {i + 1}: implausible")
                ax.scatter(w["design"][kept, k], w["design"][kept, r], s=14, color="tab:blue",
                           label=f"wave {i + 1}: non-implausible")
                ax.set_ylim(c["lo"][r], c["hi"][r])
            ax.set_xlim(c["lo"][k], c["hi"][k])
            if r == p - 1:
                ax.set_xlabel(names[k])
            if k == 0:
                ax.set_ylabel(names[r])
    handles, labels = axes[0][-1].get_legend_handles_labels() if p > 1 else ([], [])
    if handles:
        fig.legend(handles, labels, loc="upper center", ncol=3, fontsize=8)
    fig.savefig(out, dpi=90)
    plt.close(fig)


def time_text(t):
    """A target's time as its CSV writes it: N, A-B, or A-B/C-D (relative to C-D)."""
    def period(a, b):
        return f"{a}" if a == b else f"{a}-{b}"
    text = period(t["first"], t["last"])
    return text + "/" + period(t["base_first"], t["base_last"]) if t["relative"] else text


def targets_vs_runs(c, out):
    import matplotlib.pyplot as plt

    nt = len(c["targets"])
    fig, axes = plt.subplots(1, nt, figsize=(3.6 * nt, 3.4), squeeze=False)
    for j, t in enumerate(c["targets"]):
        ax = axes[0][j]
        for i, w in enumerate(c["wave"]):
            ax.scatter(np.full(len(w["mean"]), i + 1), w["mean"][:, j], s=10, alpha=0.7)
        band = 3 * np.sqrt(t["sd"] ** 2 + c["wave"][-1]["ensemble_variance"][j])
        ax.axhline(t["value"], color="k")
        ax.axhspan(t["value"] - band, t["value"] + band, color="k", alpha=0.1)
        ax.set_xlabel("wave")
        ax.set_title(f"{t['metric']} at {time_text(t)}", fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    plt.close(fig)


def loo(c, out):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.4))
    for i, w in enumerate(c["wave"]):
        z = w["loo_standardised"]
        ax.scatter(np.full(z.size, i + 1) + np.linspace(-0.2, 0.2, z.size), z.ravel(), s=8)
    for y in (-3, 3):
        ax.axhline(y, color="k", linestyle="--")
    ax.set_xlabel("wave")
    ax.set_ylabel("standardised LOO residual")
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    plt.close(fig)


def write(path, out):
    c = load(path)
    out.mkdir(parents=True, exist_ok=True)
    import matplotlib

    matplotlib.use("Agg")
    figures = []
    for i in range(len(c["wave"])):
        name = f"wave_{i + 1}_pairs.png"
        pairs(c, i, out / name)
        figures.append((name, f"Wave {i + 1}: design points over the priors (blue kept, red ruled out) "
                              f"and the final non-implausible samples (green)"))
    targets_vs_runs(c, out / "targets.png")
    figures.append(("targets.png", "Targets (line, +-3 sd band) against each wave's runs"))
    loo(c, out / "loo.png")
    figures.append(("loo.png", "Emulator leave-one-out standardised residuals per wave"))
    stop = c["stop_reason"]
    stop = stop.decode() if isinstance(stop, bytes) else str(stop)
    body = "".join(f"<figure><img src='{n}'><figcaption>{html.escape(t)}</figcaption></figure>" for n, t in figures)
    index = out / "index.html"
    index.write_text(f"<!doctype html><meta charset='utf-8'><title>Calibration {html.escape(str(path))}</title>"
                     f"<h1>Calibration {html.escape(str(path))}</h1><p>{len(c['wave'])} waves; stopped: "
                     f"{html.escape(stop)}; {len(c['samples'])} non-implausible samples.</p>{body}\n")
    return index


def main(argv=None):
    p = argparse.ArgumentParser(description="Figures and an HTML page for a coalesce calibration file.")
    p.add_argument("calibration")
    p.add_argument("-o", "--out")
    args = p.parse_args(argv)
    out = Path(args.out) if args.out else Path(args.calibration).with_suffix("")
    try:
        index = write(args.calibration, out)
    except BadInput as e:
        print(f"calibration_report: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"calibration_report: cannot write the report: {e}", file=sys.stderr)
        return 1
    print(index.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
