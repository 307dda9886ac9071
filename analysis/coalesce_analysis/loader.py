"""Opens coalesce result files (run or experiment; layout in docs/OUTPUT.md) as xarray objects.

The files carry HDF5 dimension scales, so xarray's h5netcdf engine can read a run file's
groups one at a time; but an experiment nests a run-like layout per arm, and what people
want is one Dataset with an `arm` dimension. So this reads the datasets with h5py and builds
the Dataset itself: every metric in memory, named dimensions, the file's attributes kept.
When the communities are real areas, their codes and names become coordinates too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from typing import TYPE_CHECKING

import h5py
import numpy as np

from .requirements import load

if TYPE_CHECKING:
    import xarray as xr

# Root attributes that mark the file and its kind; a run file has no `kind` attribute.
KIND_RUN = "run"
KIND_EXPERIMENT = "experiment"
METRIC_GROUPS = ("timeseries", "communities", "histograms")
STAT_NAMES = ("mean", "lo", "hi")  # the columns of /comparisons/<arm>/<metric>
# Root datasets naming the communities when a run stands for real areas (issue 18), e.g.
# the English regions: the code (E12000001) and the name (North East), one per community.
AREA_LABELS = ("community_code", "community_name")


class ResultError(Exception):
    """Bad input: the message is one line, naming the file and what is wrong with it."""


def _text(value):
    """Decodes an HDF5 string attribute (bytes, numpy str or 0-d array) to str."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value[()])
    return str(value)


def _attr(value):
    """Converts an HDF5 attribute to a plain Python value (str, int, float, list or array)."""
    if isinstance(value, (bytes, str)):
        return _text(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "SOU":
            return [_text(v) for v in value.ravel()]
        if value.size == 1:
            # The engine writes scalar attributes as one-element arrays: read them as scalars.
            return value.ravel()[0].item()
        return value
    if isinstance(value, np.generic):
        return value.item()
    return value


def attributes(obj) -> dict:
    return {k: _attr(v) for k, v in obj.attrs.items()}


class _Damaged:
    """Turns what h5py and numpy raise on a damaged file (a missing dataset or attribute, a
    truncated chunk, a wrong shape) into one ResultError line naming the file."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        return self

    def __exit__(self, kind, error, _tb):
        if error is None or isinstance(error, ResultError):
            return False
        if isinstance(error, (KeyError, RuntimeError, OSError, ValueError, TypeError, IndexError)):
            detail = (str(error).splitlines() or [type(error).__name__])[0][:100]
            raise ResultError(f"'{self.path}' is damaged or incomplete ({detail})") from None
        return False


def open_file(path) -> h5py.File:
    """Opens a coalesce result file with h5py, or raises ResultError with a one-line reason."""
    if not str(path):
        raise ResultError("no result file given")
    p = Path(path)
    if not p.exists():
        raise ResultError(f"'{path}' does not exist")
    if p.is_dir():
        raise ResultError(f"'{path}' is a folder, not a result file")
    if not os.access(p, os.R_OK):
        raise ResultError(f"'{path}' cannot be read (permission denied)")
    try:
        if not h5py.is_hdf5(p):
            raise ResultError(f"'{path}' is not an HDF5 file (expected a coalesce result .h5)")
        f = h5py.File(p, "r")
    except OSError as e:
        raise ResultError(f"'{path}' cannot be opened as HDF5: {str(e).splitlines()[0]}") from None
    # The `model` root attribute is what marks a coalesce result (docs/OUTPUT.md).
    if "model" not in f.attrs:
        f.close()
        raise ResultError(f"'{path}' is not a coalesce result file (no 'model' root attribute)")
    kind = result_kind(f)
    if kind not in (KIND_RUN, KIND_EXPERIMENT):
        f.close()
        raise ResultError(f"'{path}' has kind '{kind}' (allowed: run, experiment)")
    if kind == KIND_EXPERIMENT and not arm_names(f):
        f.close()
        raise ResultError(f"'{path}' is an experiment file without arms (no /arms group)")
    if kind == KIND_RUN and not any(g in f for g in METRIC_GROUPS):
        f.close()
        raise ResultError(f"'{path}' holds no metrics (no /timeseries, /communities or /histograms)")
    return f


def result_kind(f) -> str:
    """'run' or 'experiment'; accepts an open h5py.File or a path."""
    if not isinstance(f, h5py.File):
        with open_file(f) as h:
            return result_kind(h)
    return _text(f.attrs["kind"]) if "kind" in f.attrs else KIND_RUN


def arm_names(f: h5py.File) -> list[str]:
    """Arms in creation order: the root attribute `arms` when present, else the group order."""
    if "arms" not in f or not isinstance(f["arms"], h5py.Group):
        return []
    present = list(f["arms"])
    if "arms" in f.attrs:
        listed = _attr(f.attrs["arms"])
        listed = [listed] if isinstance(listed, str) else list(listed)
        # Trust the attribute for order, but only for arms that are really there.
        ordered = [a for a in listed if a in present]
        return ordered + [a for a in present if a not in ordered]
    return present


def _axis(f: h5py.File, name: str, n: int) -> np.ndarray:
    if name in f and f[name].shape == (n,):
        return f[name][...]
    return np.arange(n)


def _is_bin_scale(group: h5py.Group, name: str) -> bool:
    # /histograms/<metric>_bin holds the bin centres of /histograms/<metric>.
    return name.endswith("_bin") and name[: -len("_bin")] in group and group[name].ndim == 1


def _metric_arrays(root: h5py.Group) -> tuple[dict, dict]:
    """Reads one run-like layout (a run file's root or one experiment arm).

    Returns (variables, bin_coords): variables maps a variable name to (dims, array, attrs)
    with dims for the trailing axes only; bin_coords maps `<metric>_bin` to (centres, attrs).
    """
    variables, bins = {}, {}
    if "timeseries" in root:
        for name, d in root["timeseries"].items():
            variables[name] = (("replicate", "time"), d[...], attributes(d))
    if "communities" in root:
        for name, d in root["communities"].items():
            variables[f"{name}_by_community"] = (("replicate", "time", "community"), d[...], attributes(d))
    if "histograms" in root:
        g = root["histograms"]
        for name, d in g.items():
            if _is_bin_scale(g, name):
                bins[name] = (d[...], attributes(d))
        for name, d in g.items():
            if not _is_bin_scale(g, name):
                variables[name] = (("replicate", "time", f"{name}_bin"), d[...], attributes(d))
    return variables, bins


def _drop_scale_attrs(attrs: dict) -> dict:
    # HDF5 dimension-scale bookkeeping (DIMENSION_LIST, CLASS, ...) means nothing in xarray.
    return {k: v for k, v in attrs.items() if k not in ("DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME", "DIMENSION_LABELS")}


def _xr():
    # xarray (with pandas) takes a second or more to import: only when a Dataset is built,
    # so that checking a file (report.py's bad-input path) stays instant. Missing, it is one
    # line naming the interpreter and python3-xarray (MissingPackages), not a traceback.
    return load("xarray")


def _build_dataset(f: h5py.File) -> xr.Dataset:
    kind = result_kind(f)
    root_attrs = _drop_scale_attrs(attributes(f))
    root_attrs["kind"] = kind
    if kind == KIND_RUN:
        variables, bins = _metric_arrays(f)
        lead = ()
    else:
        arms = arm_names(f)
        per_arm = [_metric_arrays(f["arms"][a]) for a in arms]
        variables, bins = {}, {}
        names = []
        for v, b in per_arm:
            names += [n for n in v if n not in names]
            for n, val in b.items():
                bins.setdefault(n, val)
        for name in names:
            present = [v[name] for v, _ in per_arm if name in v]
            dims, first, attrs = present[0]
            # An arm lacking a metric the others have gets NaN, so arms stay comparable.
            stack = [v[name][1] if name in v else np.full(first.shape, np.nan) for v, _ in per_arm]
            if any(s.shape != first.shape for s in stack):
                raise ResultError(f"metric '{name}' has different shapes in different arms")
            variables[name] = (dims, np.stack(stack), attrs)
        lead = ("arm",)
        root_attrs["arms"] = arms

    any_array = next(iter(variables.values()), None)
    n_rep = any_array[1].shape[len(lead)] if any_array is not None else int(f.attrs.get("replicates", 0))
    n_time = any_array[1].shape[len(lead) + 1] if any_array is not None else 0
    coords = {
        "replicate": ("replicate", _axis(f, "replicate", n_rep)),
        "time": ("time", _axis(f, "time", n_time), {"units": root_attrs.get("time_units", "")}),
    }
    if "time" in f:
        coords["time"][2].update(_drop_scale_attrs(attributes(f["time"])))
    community_sizes = [a.shape[len(lead) + 2] for d, a, _ in variables.values() if "community" in d]
    areas = _area_labels(f, community_sizes[0] if community_sizes else None)
    if community_sizes or areas:
        n = community_sizes[0] if community_sizes else len(next(iter(areas.values())))
        coords["community"] = ("community", _axis(f, "community", n))
    for name, labels in areas.items():
        coords[name] = ("community", labels)
    for name, (centres, attrs) in bins.items():
        coords[name] = (name, centres, _drop_scale_attrs(attrs))
    if lead:
        coords["arm"] = ("arm", np.array(root_attrs["arms"], dtype=object))

    data_vars = {name: (lead + dims, arr, _drop_scale_attrs(attrs)) for name, (dims, arr, attrs) in variables.items()}
    if kind == KIND_EXPERIMENT and "design" in f:
        _add_design(f["design"], data_vars, coords)
    return _xr().Dataset(data_vars=data_vars, coords=coords, attrs=root_attrs)


def _area_labels(f: h5py.File, n: int | None) -> dict[str, np.ndarray]:
    """/community_code and /community_name as str arrays, when the file names its communities.

    Synthetic communities have neither (empty result). `n` is the community axis' length
    (None when no metric is per community). A list of another length would put names on the
    wrong areas, so that is an error, not a guess.
    """
    out = {}
    for name in AREA_LABELS:
        if name not in f:
            continue
        d = f[name]
        labels = np.array([_text(v) for v in d[...].ravel()], dtype=object)
        n = len(labels) if n is None else n
        if d.ndim != 1 or len(labels) != n:
            raise ResultError(f"'{f.filename}': /{name} has shape {d.shape} but there are {n} communities")
        out[name] = labels
    return out


def _add_design(g: h5py.Group, data_vars: dict, coords: dict) -> None:
    params = _attr(g["parameters"][...]) if "parameters" in g else []
    params = [params] if isinstance(params, str) else list(params)
    coords["parameter"] = ("parameter", np.array(params, dtype=object))
    design_attrs = {f"design_{k}": v for k, v in attributes(g).items()}
    if "points" in g:
        points = g["points"][...]
        # Arm i of a design is named design_%05d and ran row i of the points.
        coords["design_point"] = ("design_point", np.array([f"design_{i:05d}" for i in range(points.shape[0])], dtype=object))
        data_vars["design_points"] = (("design_point", "parameter"), points, design_attrs)
    for k in ("lo", "hi"):
        if k in g:
            data_vars[f"design_{k}"] = (("parameter",), g[k][...], {})


def open_result(path) -> xr.Dataset:
    """Opens a run or experiment result file as an xarray.Dataset.

    Run file: `<metric>` (replicate, time) for each /timeseries metric,
    `<metric>_by_community` (replicate, time, community) for each /communities metric and
    `<metric>` (replicate, time, <metric>_bin) for each histogram. Experiment file: the same
    with a leading `arm` dimension whose coordinate holds the arm names, plus, when it has a
    design, `design_points` (design_point, parameter), `design_lo` and `design_hi`.
    When the communities stand for real areas (the file has /community_code and
    /community_name), both are coordinates on the `community` dimension, as str (e.g.
    'E12000001', 'North East'), so `ds.swap_dims(community="community_name")` selects areas by
    name; without them the `community` coordinate is the only one, as before.
    Variables keep their `units`, `description` and `reduction`; the Dataset keeps the root
    attributes, with `kind` set to 'run' or 'experiment'. Raises ResultError on bad input.
    """
    with _Damaged(path), open_file(path) as f:
        return _build_dataset(f)


def read_comparisons(path) -> xr.Dataset | None:
    """/comparisons of an experiment as a Dataset: `<metric>` (arm, time, stat), stat = mean, lo, hi.

    None when the file has no /comparisons (stats.paired_comparisons computes the same).
    """
    with _Damaged(path), open_file(path) as f:
        if "comparisons" not in f:
            return None
        g = f["comparisons"]
        arms = [a for a in arm_names(f) if a in g] + [a for a in g if a not in arm_names(f)]
        metrics = []
        for a in arms:
            metrics += [m for m in g[a] if m not in metrics]
        n_time = f["time"].shape[0] if "time" in f else None
        data_vars, conf, base = {}, None, None
        for m in metrics:
            rows = []
            for a in arms:
                if m in g[a]:
                    d = g[a][m]
                    rows.append(d[...])
                    conf = _attr(d.attrs.get("confidence", conf))
                    base = _text(d.attrs["baseline"]) if "baseline" in d.attrs else base
                else:
                    rows.append(np.full((n_time or rows[0].shape[0], 3), np.nan))
            data_vars[m] = (("arm", "time", "stat"), np.stack(rows))
        time = _axis(f, "time", next(iter(data_vars.values()))[1].shape[1]) if data_vars else []
        base = base or (_text(f.attrs["baseline"]) if "baseline" in f.attrs else "")
        return _xr().Dataset(
            data_vars=data_vars,
            coords={"arm": np.array(arms, dtype=object), "time": time, "stat": list(STAT_NAMES)},
            attrs={"confidence": conf if conf is not None else 0.95, "baseline": base, "source": "file"},
        )


def read_sensitivity(path) -> dict[str, xr.Dataset]:
    """/sensitivity/<metric> groups as Datasets with dims (sensitivity_time, parameter).

    Sobol: S1, S1_lo, S1_hi, ST, ST_lo, ST_hi; Morris: mu, mu_star, sigma. Attributes
    `method`, `bootstrap`, `confidence` are kept. Empty when the file has none.
    """
    out = {}
    with _Damaged(path), open_file(path) as f:
        if "sensitivity" not in f:
            return out
        params = []
        if "design" in f and "parameters" in f["design"]:
            params = _attr(f["design"]["parameters"][...])
            params = [params] if isinstance(params, str) else list(params)
        for metric, g in f["sensitivity"].items():
            if not isinstance(g, h5py.Group):
                continue
            times = g["time"][...] if "time" in g else None
            data_vars = {}
            for name, d in g.items():
                if name != "time" and d.ndim == 2:
                    data_vars[name] = (("sensitivity_time", "parameter"), d[...])
            if not data_vars:
                continue
            k, p = next(iter(data_vars.values()))[1].shape
            names = params if len(params) == p else [f"p{i}" for i in range(p)]
            out[metric] = _xr().Dataset(
                data_vars=data_vars,
                coords={"sensitivity_time": times if times is not None else np.arange(k),
                        "parameter": np.array(names, dtype=object)},
                attrs=attributes(g),
            )
    return out


def parse_ini(text: str) -> dict[str, str]:
    """section.key -> value, for comparing arm configurations (comments and blanks ignored)."""
    out, section = {}, ""
    for line in text.splitlines():
        line = re.split(r"\s[#;]", line, maxsplit=1)[0].strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif "=" in line:
            k, v = line.split("=", 1)
            out[f"{section}.{k.strip()}" if section else k.strip()] = v.strip()
    return out


def read_uncertainty(path) -> dict | None:
    """/uncertainty of an experiment with an [uncertain] section (docs/EXPERIMENTS.md), or None.

    Always: "baseline", "policies", "parameters", "samples" (sample, parameter), "confidence",
    "outcome_metric", "better"; arm `p` at sample s is the file's arm `p@sNNNN`. What the
    engine computed, when the file has it (a key is absent otherwise):
    "sample_source", "first_step", "last_step", "replicates"; per policy (arrays in policy
    order) "values" (policy, sample, replicate), "outcome" and "difference" (policy, 5: mean,
    interval low, interval high, within variance, between variance), "beats_baseline",
    "beats_interval" (policy, 2), "max_regret", "regret_p90", "regret" (policy, sample);
    with a condition: "condition", "condition_holds" (sample,), "prim_stop" and "prim_boxes",
    a list (possibly empty: the condition never holds) of one dict per box of the covering:
    {"coverage", "density", "points", "cases", "chosen" (index into its trajectory), "lo", "hi",
    "quasi_p" (parameter,; NaN: not restricted), "trajectory" (step, 3: coverage, density,
    points)}.
    """
    with _Damaged(path), open_file(path) as f:
        if "uncertainty" not in f:
            return None
        g = f["uncertainty"]
        a = attributes(g)
        listed = lambda v: [v] if isinstance(v, str) else list(v)  # noqa: E731
        out = {"baseline": a["baseline"], "policies": listed(a["policies"]), "parameters": listed(a["parameters"]),
               "samples": g["samples"][...], "confidence": float(a.get("confidence", 0.9)),
               "outcome_metric": a.get("outcome_metric", ""), "better": a.get("better", "higher")}
        for key in ("sample_source", "first_step", "last_step", "replicates"):
            if key in a:
                out[key] = a[key]
        for name in ("values", "outcome", "difference", "beats_baseline", "beats_interval", "max_regret",
                     "regret_p90", "regret"):
            if name in g:
                out[name] = np.asarray(g[name][...], dtype=float)
        if a.get("condition"):
            out["condition"] = a["condition"]
            out["condition_holds"] = np.asarray(g["condition_holds"][...], dtype=float)
            out["prim_boxes"] = _prim_boxes(g, a, len(out["parameters"]), out["condition_holds"])
            out["prim_stop"] = a.get("prim_stop", "")
        return out


def _prim_boxes(g, a: dict, n_params: int, holds: np.ndarray) -> list[dict]:
    """The PRIM covering's boxes from /uncertainty (a file written before successive boxes
    holds one box, its numbers in attributes)."""
    trajectory = np.asarray(g["prim_trajectory"][...], dtype=float).reshape(-1, 3)
    if "prim_boxes" in g:
        stats_ = np.asarray(g["prim_boxes"][...], dtype=float).reshape(-1, 5)
        which = np.asarray(g["prim_trajectory_box"][...], dtype=float)
    elif len(trajectory):
        coverage, density = float(a["prim_coverage"]), float(a["prim_density"])
        cases = round(coverage * float(np.sum(holds)))
        stats_ = np.array([[coverage, density, round(cases / density) if density > 0 else 0, cases,
                            float(a["prim_chosen"])]])
        which = np.zeros(len(trajectory))
    else:
        return []
    shape = (len(stats_), n_params)
    lo, hi, q = (np.asarray(g[n][...], dtype=float).reshape(shape) for n in ("prim_lo", "prim_hi", "prim_quasi_p"))
    return [{"coverage": float(s[0]), "density": float(s[1]), "points": int(s[2]), "cases": int(s[3]),
             "chosen": int(s[4]), "lo": lo[b], "hi": hi[b], "quasi_p": q[b], "trajectory": trajectory[which == b]}
            for b, s in enumerate(stats_)]


def open_agents(path) -> dict[str, xr.Dataset]:
    """The agent samples of a run file (`coalesce run --sample-agents N`), one
    xarray.Dataset per agent table, keyed by table name; {} when the run took no sample.

    Each Dataset has the dimensions (replicate, sample_step, agent): the `sample_step`
    coordinate holds the steps sampled and `agent` the sampled agents' global ids (the same
    agents in every replicate). One variable per column of the table, with its
    `column_type` (the engine's storage type; values are stored as float64), `units` and
    `description`. Raises ResultError on bad input.
    """
    with _Damaged(path), open_file(path) as f:
        if "agents" not in f:
            return {}
        xr_ = _xr()
        out = {}
        for table, g in f["agents"].items():
            ids = np.asarray(g["agent_id"][:])
            steps = np.asarray(g["sample_step"][:])
            columns = [c for c in g if c not in ("agent_id", "sample_step")]
            replicates = g[columns[0]].shape[0] if columns else 0
            coords = {
                "replicate": np.arange(replicates),
                "sample_step": xr_.Variable("sample_step", steps, _drop_scale_attrs(attributes(g["sample_step"]))),
                "agent": xr_.Variable("agent", ids, _drop_scale_attrs(attributes(g["agent_id"]))),
            }
            data_vars = {
                c: (("replicate", "sample_step", "agent"), g[c][:], _drop_scale_attrs(attributes(g[c])))
                for c in columns
            }
            out[table] = xr_.Dataset(data_vars, coords=coords, attrs={"table": table, "model": _text(f.attrs["model"])})
        return out
