"""Result files for the analysis tests.

Run files come from the real binary. Experiment files follow the layout in docs/OUTPUT.md
("Experiment files"): the arms experiment is assembled with h5py from real runs of the same
seed (so replicate k of each arm shares its random streams, as `coalesce experiment` does);
the design experiments (Sobol and Morris) hold synthetic outcomes of a known linear
function of the parameters, so their sensitivity indices and tornado swings are known.
The "areas" files (a run and an experiment over three named real areas, issue 18) are
synthetic too, with known per-area effects, so the ranking of areas is known.
Once `coalesce experiment` writes such files itself, a test only needs to point at one
(see make_real_experiments and tests/analysis/CMakeLists.txt).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import h5py
import numpy as np
from scipy import stats as sps

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent.parent
SMALL_SCENARIO = HERE / "data" / "small.ini"
EXPERIMENT_INI = HERE / "data" / "experiment.ini"
DESIGN_INI = HERE / "data" / "design.ini"
UNCERTAIN_INI = HERE / "data" / "uncertain.ini"
SKIP = 77  # ctest SKIP_RETURN_CODE

# Arms of the assembled experiment: name -> --set overrides on the small scenario.
ARMS = {
    "mixed": [],
    "relational": ["commissioning.measure=relationships", "coalitions.government_role=lead",
                   "government.responsiveness=0.7"],
    "market": ["commissioning.measure=outcomes", "government.feedback_channel=0.05"],
}
BASELINE = "mixed"

# Synthetic design: y = sum_i COEF_i * x_i (x_i uniform on [0, 1]) times a time ramp.
PARAMETERS = ["obesity.drift", "government.responsiveness", "coalitions.cohesion_weight"]
COEF = np.array([2.0, 1.0, 0.0])
DESIGN_METRICS = ["obesity_prevalence", "trust_government"]


def run(binary, *args) -> None:
    subprocess.run([str(binary), *map(str, args)], check=True, stdout=subprocess.DEVNULL)


def make_run_files(binary, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = {"run": out / "run.h5", "sir": out / "sir.h5"}
    run(binary, "run", "--config", SMALL_SCENARIO, "--out", files["run"], "--quiet")
    run(binary, "run", "--config", SOURCE / "data" / "scenarios" / "sir.ini", "--set", "sir.nodes=2000",
        "--steps", 60, "--replicates", 2, "--out", files["sir"], "--quiet")
    return files


def _plain_attrs(obj) -> dict:
    # Dimension-scale attributes are object references into the source file: not copied.
    skip = {"DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME", "DIMENSION_LABELS"}
    return {k: v for k, v in obj.attrs.items() if k not in skip}


def _copy_metrics(src: h5py.File, dst: h5py.Group, axes: h5py.File, keep: str) -> None:
    for group in ("timeseries", "communities", "histograms"):
        if group not in src:
            continue
        g = dst.create_group(group, track_order=True)
        for name, d in src[group].items():
            if not re.fullmatch(keep, name.removesuffix("_bin")):
                continue
            nd = g.create_dataset(name, data=d[...])
            for k, v in _plain_attrs(d).items():
                nd.attrs[k] = v
        for name, nd in g.items():
            if group == "histograms" and name.endswith("_bin"):
                nd.make_scale(name)
        for name, nd in g.items():
            if nd.ndim >= 2:
                nd.dims[0].attach_scale(axes["replicate"])
                nd.dims[1].attach_scale(axes["time"])
            if nd.ndim == 3 and group == "communities":
                nd.dims[2].attach_scale(axes["community"])
            if nd.ndim == 3 and group == "histograms":
                nd.dims[2].attach_scale(g[f"{name}_bin"])


def _write_axes(dst: h5py.File, src: h5py.File) -> None:
    for axis in ("time", "replicate", "community"):
        d = dst.create_dataset(axis, data=src[axis][...])
        for k, v in _plain_attrs(src[axis]).items():
            d.attrs[k] = v
        d.make_scale(axis)


def paired_rows(arm: np.ndarray, base: np.ndarray, confidence: float) -> np.ndarray:
    """Independent reference for /comparisons: scipy's paired t interval per time point."""
    d = arm - base
    rows = []
    for col in d.T:
        m = col.mean()
        lo, hi = sps.t.interval(confidence, len(col) - 1, loc=m, scale=sps.sem(col)) if col.std() > 0 else (m, m)
        rows.append((m, lo, hi))
    return np.array(rows)


def assemble_experiment(arm_files: dict[str, Path], out: Path, baseline: str, text: str,
                        comparisons: bool = True, keep: str = ".*") -> Path:
    """An experiment file from run files of the same seed; `keep` selects metrics by name."""
    names = list(arm_files)
    with h5py.File(arm_files[baseline], "r") as base, h5py.File(out, "w", track_order=True) as f:
        for k, v in _plain_attrs(base).items():
            f.attrs[k] = v
        f.attrs["kind"] = "experiment"
        f.attrs["baseline"] = baseline
        f.attrs["experiment"] = text
        f.attrs["arms"] = names
        _write_axes(f, base)
        arms = f.create_group("arms", track_order=True)
        for name, path in arm_files.items():
            with h5py.File(path, "r") as src:
                g = arms.create_group(name, track_order=True)
                g.attrs["config"] = src.attrs["config"]
                _copy_metrics(src, g, f, keep)
        if comparisons:
            cg = f.create_group("comparisons", track_order=True)
            for name in names:
                if name == baseline:
                    continue
                ag = cg.create_group(name, track_order=True)
                for metric, d in arms[name]["timeseries"].items():
                    b = arms[baseline]["timeseries"][metric][...]
                    c = ag.create_dataset(metric, data=paired_rows(d[...], b, 0.95))
                    c.attrs["confidence"] = 0.95
                    c.attrs["baseline"] = baseline
    return out


def make_arms_experiment(binary, out: Path) -> dict[str, Path]:
    """Three real arms of the small scenario (same seed), with and without /comparisons."""
    arm_files = {}
    for name, sets in ARMS.items():
        arm_files[name] = out / f"arm_{name}.h5"
        args = ["run", "--config", SMALL_SCENARIO, "--out", arm_files[name], "--quiet"]
        for s in sets:
            args += ["--set", s]
        run(binary, *args)
    text = "[experiment]\nbase = small.ini\nbaseline = mixed\n\n" + "".join(
        f"[arm.{n}]\n" + "".join(f"{s.replace('=', ' = ')}\n" for s in sets) + "\n" for n, sets in ARMS.items())
    # Without /comparisons the report computes them; a few metrics are enough to show it.
    few = r"obesity_.*|mean_bmi|healthy_behaviour_share|trust_.*|legitimacy|satisfaction|fairness"
    return {
        "experiment": assemble_experiment(arm_files, out / "experiment.h5", BASELINE, text, True),
        "experiment_nocomp": assemble_experiment(arm_files, out / "experiment_nocomp.h5", BASELINE, text, False, few),
    }


def design_outcome(points: np.ndarray, n_rep: int, time: np.ndarray, seed: int = 5) -> np.ndarray:
    """(A, R, T): the known linear function, ramped in time, with small replicate noise."""
    rng = np.random.default_rng(seed)
    ramp = time / time[-1]
    y = (points @ COEF)[:, None, None] * ramp[None, None, :]
    return 0.3 + y + rng.normal(0.0, 0.01, size=(points.shape[0], n_rep, len(time)))


def make_design_experiment(out: Path, method: str) -> Path:
    """A synthetic sobol or morris design experiment with /design and /sensitivity."""
    rng = np.random.default_rng(11 if method == "sobol" else 12)
    p, n_rep, n_time, n_comm = len(PARAMETERS), 2, 13, 2
    n_arms = 8 * (p + 2) if method == "sobol" else 4 * (p + 1)
    points = rng.uniform(0.0, 1.0, size=(n_arms, p))
    time = np.arange(n_time, dtype=float)
    path = out / f"design_{method}.h5"
    names = [f"design_{i:05d}" for i in range(n_arms)]
    with h5py.File(path, "w", track_order=True) as f:
        f.attrs.update({"engine_version": "0.1.0", "git_commit": "fixture", "created_utc": "2026-01-01T00:00:00Z",
                        "model": "coalition", "seed": np.uint64(7), "config": "[run]\nmodel = coalition\n",
                        "steps": np.uint64(n_time - 1), "replicates": np.uint64(n_rep),
                        "communities": np.uint32(n_comm), "status": "complete", "time_units": "month",
                        "kind": "experiment", "baseline": names[0],
                        "experiment": f"[experiment]\nbase = small.ini\n\n[design]\nkind = {method}\n", "arms": names})
        for axis, values in (("time", time), ("replicate", np.arange(n_rep)), ("community", np.arange(n_comm))):
            f.create_dataset(axis, data=values).make_scale(axis)
        f["time"].attrs["units"] = "month"
        arms = f.create_group("arms", track_order=True)
        outcomes = {m: design_outcome(points, n_rep, time, seed=i) for i, m in enumerate(DESIGN_METRICS)}
        for a, name in enumerate(names):
            g = arms.create_group(name, track_order=True)
            g.attrs["config"] = "".join(f"{k} = {v}\n" for k, v in zip(PARAMETERS, points[a]))
            ts, cm = g.create_group("timeseries", track_order=True), g.create_group("communities", track_order=True)
            for m in DESIGN_METRICS:
                d = ts.create_dataset(m, data=outcomes[m][a])
                d.attrs.update({"units": "share", "description": f"synthetic {m}", "reduction": "mean"})
                c = cm.create_dataset(m, data=np.repeat(outcomes[m][a][:, :, None], n_comm, axis=2))
                c.attrs.update({"units": "share", "description": f"synthetic {m}", "reduction": "mean"})
        dg = f.create_group("design")
        dg.attrs.update({"kind": method, "seed": np.uint64(7), "base_samples": np.uint64(8)})
        dg.create_dataset("parameters", data=PARAMETERS, dtype=h5py.string_dtype())
        dg.create_dataset("lo", data=np.zeros(p))
        dg.create_dataset("hi", data=np.ones(p))
        dg.create_dataset("points", data=points)
        sg = f.create_group("sensitivity", track_order=True)
        share = COEF**2 / np.sum(COEF**2)  # first-order indices of a linear function of uniforms
        times = np.array([6.0, 12.0])
        for m in DESIGN_METRICS:
            g = sg.create_group(m)
            g.attrs.update({"method": method, "bootstrap": np.uint64(100), "confidence": 0.95})
            g.create_dataset("time", data=times)
            if method == "sobol":
                for name, v in (("S1", share), ("ST", share)):
                    g.create_dataset(name, data=np.tile(v, (len(times), 1)))
                    g.create_dataset(f"{name}_lo", data=np.tile(v - 0.05, (len(times), 1)))
                    g.create_dataset(f"{name}_hi", data=np.tile(v + 0.05, (len(times), 1)))
            else:
                for name, v in (("mu", COEF), ("mu_star", COEF), ("sigma", 0.1 * COEF)):
                    g.create_dataset(name, data=np.tile(v, (len(times), 1)))
    return path


# Real places (issue 18): three named areas, as /community_code and /community_name (one
# non-ASCII name, to prove the UTF-8 decoding). Synthetic values with known per-area effects.
AREAS = [("E12000001", "North East"), ("E12000003", "Yorkshire and The Humber"), ("W06000001", "Ynys Môn")]
AREA_METRICS = {  # metric -> (units, description, level at the start)
    "obesity_prevalence": ("share of citizens", "share of citizens with BMI of 30 or more (objective)", 0.28),
    "obesity_perceived_risk": ("0..1", "perceived risk from obesity (subjective)", 0.40),
    "trust_government": ("0..1", "trust in government", 0.45),
    "satisfaction": ("0..1", "satisfaction with public services", 0.55),
}
# arm -> metric -> each area's difference from the baseline at the last time point: the
# answer the ranked tables must give (other metrics and arms: no effect).
AREA_EFFECTS = {
    "relational": {"obesity_prevalence": [-0.02, -0.06, 0.01], "trust_government": [0.05, 0.10, 0.02]},
    "market": {"obesity_prevalence": [0.03, 0.0, -0.04], "trust_government": [-0.01, 0.03, 0.06]},
}
AREA_ARMS = ["mixed", "relational", "market"]


def area_values(arm: str, n_rep: int, time: np.ndarray) -> dict[str, np.ndarray]:
    """metric -> (R, T, C) for one arm: a level per area, the arm's effect ramped in over time,
    and replicate noise shared by all arms (common random numbers) plus a little of its own."""
    rng_shared, rng_arm = np.random.default_rng(3), np.random.default_rng(AREA_ARMS.index(arm) + 10)
    ramp = (time / time[-1])[None, :, None]
    out = {}
    for m, (_, _, level) in AREA_METRICS.items():
        shape = (n_rep, len(time), len(AREAS))
        effect = np.array(AREA_EFFECTS.get(arm, {}).get(m, [0.0] * len(AREAS)))[None, None, :]
        base = level + 0.03 * np.arange(len(AREAS))[None, None, :]
        out[m] = base + effect * ramp + rng_shared.normal(0, 0.01, shape) + rng_arm.normal(0, 0.001, shape)
    return out


def _area_root(f: h5py.File, n_rep: int, time: np.ndarray, kind: str) -> None:
    f.attrs.update({"engine_version": "0.1.0", "git_commit": "fixture", "created_utc": "2026-01-01T00:00:00Z",
                    "model": "coalition", "seed": np.uint64(7), "config": "[run]\nmodel = coalition\n",
                    "steps": np.uint64(len(time) - 1), "replicates": np.uint64(n_rep),
                    "communities": np.uint32(len(AREAS)), "status": "complete", "time_units": "month"})
    for axis, values in (("time", time), ("replicate", np.arange(n_rep)), ("community", np.arange(len(AREAS)))):
        f.create_dataset(axis, data=values).make_scale(axis)
    f["time"].attrs["units"] = "month"
    for name, values in (("community_code", [c for c, _ in AREAS]), ("community_name", [n for _, n in AREAS])):
        f.create_dataset(name, data=values, dtype=h5py.string_dtype("utf-8")).make_scale(name)
    if kind == "experiment":
        f.attrs.update({"kind": "experiment", "baseline": AREA_ARMS[0], "arms": AREA_ARMS,
                        "experiment": "[experiment]\nbase = regions.ini\nbaseline = mixed\n"})


def _area_metrics(f: h5py.File, g: h5py.Group, values: dict[str, np.ndarray]) -> None:
    """/timeseries (the national series: the mean over areas) and /communities, with scales."""
    ts, cm = g.create_group("timeseries", track_order=True), g.create_group("communities", track_order=True)
    for m, v in values.items():
        units, description, _ = AREA_METRICS[m]
        for group, data in ((ts, v.mean(axis=2)), (cm, v)):
            d = group.create_dataset(m, data=data)
            d.attrs.update({"units": units, "description": description, "reduction": "mean"})
            d.dims[0].attach_scale(f["replicate"])
            d.dims[1].attach_scale(f["time"])
            if d.ndim == 3:
                # netCDF readers (h5netcdf) name a dimension after its last attached scale:
                # `community` last keeps the dimension called `community` there too.
                for axis in ("community_code", "community_name", "community"):
                    d.dims[2].attach_scale(f[axis])


def make_area_files(out: Path) -> dict[str, Path]:
    """A run and a three-arm experiment over three named areas (synthetic, h5py only)."""
    n_rep, time = 4, np.arange(25, dtype=float)
    paths = {"run_areas": out / "run_areas.h5", "experiment_areas": out / "experiment_areas.h5"}
    with h5py.File(paths["run_areas"], "w", track_order=True) as f:
        _area_root(f, n_rep, time, "run")
        _area_metrics(f, f, area_values(AREA_ARMS[0], n_rep, time))
    with h5py.File(paths["experiment_areas"], "w", track_order=True) as f:
        _area_root(f, n_rep, time, "experiment")
        arms = f.create_group("arms", track_order=True)
        for a in AREA_ARMS:
            g = arms.create_group(a, track_order=True)
            g.attrs["config"] = "[commissioning]\nmeasure = " + {"mixed": "outputs", "relational": "relationships",
                                                                  "market": "outcomes"}[a] + "\n"
            _area_metrics(f, g, area_values(a, n_rep, time))
    return paths


def experiment_command_available(binary) -> bool:
    r = subprocess.run([str(binary), "experiment", "--help"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0


def make_real_experiments(binary, out: Path) -> list[Path]:
    """Experiments written by `coalesce experiment` itself: arms (data/experiment.ini) and a
    small Sobol design (data/design.ini). Empty while the binary has no such command."""
    if not experiment_command_available(binary):
        return []
    paths = []
    for ini in (EXPERIMENT_INI, DESIGN_INI):
        path = out / f"real_{ini.stem}.h5"
        run(binary, "experiment", ini, "--out", path, "--quiet")
        paths.append(path)
    return paths


def make_all(binary, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = make_run_files(binary, out)
    files.update(make_arms_experiment(binary, out))
    files["design_sobol"] = make_design_experiment(out, "sobol")
    files["design_morris"] = make_design_experiment(out, "morris")
    files.update(make_area_files(out))
    if experiment_command_available(binary):  # arms across parameter uncertainty, with PRIM boxes
        files["uncertain"] = out / "uncertain.h5"
        run(binary, "experiment", UNCERTAIN_INI, "--out", files["uncertain"], "--quiet")
    return files
