#!/usr/bin/python3
"""Checks that an HDF5 file follows the coalesce result layout (docs/OUTPUT.md) as h5py sees it.

usage: check_layout.py FILE [--timeseries a,b] [--communities a] [--histograms c]

The optional lists name exactly the metrics expected in each group. Prints every problem found
and exits 1 when there is any, 0 otherwise.
"""
import argparse
import re
import sys

import h5py
import numpy as np

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)
    return condition


def scale_names(ds, dim):
    """Names of the dimension scales attached to dimension `dim` of `ds`."""
    return list(ds.dims[dim].keys())


def check_dims(ds, expected):
    """expected: list of (scale dataset path, scale name, label) per dimension."""
    check(len(ds.dims) == len(expected), f"{ds.name}: {len(ds.dims)} dims, expected {len(expected)}")
    for i, (path, name, label) in enumerate(expected):
        if not check(len(ds.dims[i]) == 1, f"{ds.name}: dim {i} has {len(ds.dims[i])} scales, expected 1"):
            continue
        check(ds.dims[i][0].name == path, f"{ds.name}: dim {i} scale is {ds.dims[i][0].name}, expected {path}")
        check(scale_names(ds, i) == [name], f"{ds.name}: dim {i} scale name {scale_names(ds, i)}, expected {name}")
        check(ds.dims[i].label == label, f"{ds.name}: dim {i} label {ds.dims[i].label!r}, expected {label!r}")


def check_chunks(ds, time_points, third=None):
    if ds.chunks is None:
        check(False, f"{ds.name}: not chunked")
        return
    check(ds.chunks[0] == 1 and ds.chunks[1] == min(time_points, 4096),
          f"{ds.name}: chunks {ds.chunks}")
    if third is not None:
        check(ds.chunks[2] == min(third, 1 << 20), f"{ds.name}: chunks {ds.chunks}")
    check(ds.compression == "gzip" and ds.compression_opts == 4, f"{ds.name}: compression {ds.compression}")
    check(ds.shuffle, f"{ds.name}: no shuffle filter")


def check_metric_attrs(ds, histogram):
    for name in ("units", "description", "reduction"):
        if check(name in ds.attrs, f"{ds.name}: attribute {name} missing"):
            check(isinstance(ds.attrs[name], str), f"{ds.name}: attribute {name} is not a str")
    reduction = ds.attrs.get("reduction")
    allowed = {"histogram"} if histogram else {"sum", "mean", "min", "max", "count"}
    check(reduction in allowed, f"{ds.name}: reduction {reduction!r} not in {sorted(allowed)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--timeseries")
    parser.add_argument("--communities")
    parser.add_argument("--histograms")
    args = parser.parse_args()

    with h5py.File(args.file, "r") as f:
        attrs = f.attrs
        for name in ("engine_version", "git_commit", "created_utc", "model", "config", "status", "time_units"):
            if check(name in attrs, f"root attribute {name} missing"):
                check(isinstance(attrs[name], str), f"root attribute {name} is {type(attrs[name])}, not str")
        for name, dtype in (("seed", np.uint64), ("steps", np.uint64), ("replicates", np.uint64),
                            ("communities", np.uint32)):
            if check(name in attrs, f"root attribute {name} missing"):
                check(attrs[name].dtype == dtype, f"root attribute {name} has dtype {attrs[name].dtype}")
        if problems:
            return
        check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", attrs["created_utc"]) is not None,
              f"created_utc {attrs['created_utc']!r} is not ISO 8601 UTC")
        check(attrs["status"] == "complete", f"status is {attrs['status']!r}")
        R, T, C = int(attrs["replicates"]), int(attrs["steps"]) + 1, int(attrs["communities"])

        time, replicate, community = f["time"], f["replicate"], f["community"]
        check(time.shape == (T,) and time.dtype == np.float64, f"/time: {time.shape} {time.dtype}")
        check(time.attrs.get("units") == attrs["time_units"], "/time: units differ from time_units")
        check(replicate.shape == (R,) and replicate.dtype == np.int64, f"/replicate: {replicate.shape} {replicate.dtype}")
        check(np.array_equal(replicate[...], np.arange(R)), "/replicate is not 0..R-1")
        check(community.shape == (C,) and community.dtype == np.int64, f"/community: {community.shape}")
        check(np.array_equal(community[...], np.arange(C)), "/community is not 0..C-1")
        for ds, name in ((time, "time"), (replicate, "replicate"), (community, "community")):
            check(h5py.h5ds.is_scale(ds.id), f"{ds.name} is not a dimension scale")
            check(h5py.h5ds.get_scale_name(ds.id) == name.encode(), f"{ds.name}: scale name "
                  f"{h5py.h5ds.get_scale_name(ds.id)!r}")

        groups = {g: f[g] for g in ("timeseries", "communities", "histograms") if check(g in f, f"/{g} missing")}
        if problems:
            return
        found = {}
        for name, ds in groups["timeseries"].items():
            found.setdefault("timeseries", []).append(name)
            check(ds.shape == (R, T) and ds.dtype == np.float64, f"{ds.name}: shape {ds.shape} {ds.dtype}")
            check_metric_attrs(ds, histogram=False)
            check_dims(ds, [("/replicate", "replicate", "replicate"), ("/time", "time", "time")])
            check_chunks(ds, T)
            check(not np.isnan(ds[...]).any(), f"{ds.name}: contains NaN (unwritten rows?)")
        for name, ds in groups["communities"].items():
            found.setdefault("communities", []).append(name)
            check(ds.shape == (R, T, C) and ds.dtype == np.float64, f"{ds.name}: shape {ds.shape} {ds.dtype}")
            check_metric_attrs(ds, histogram=ds.attrs.get("reduction") == "histogram")
            check_dims(ds, [("/replicate", "replicate", "replicate"), ("/time", "time", "time"),
                           ("/community", "community", "community")])
            check_chunks(ds, T, C)
            check(not np.isnan(ds[...]).any(), f"{ds.name}: contains NaN (unwritten rows?)")
        histogram_group = groups["histograms"]
        for name, ds in histogram_group.items():
            if name.endswith("_bin") and name[:-4] in histogram_group:
                continue  # a bin-centre scale, checked with its histogram
            found.setdefault("histograms", []).append(name)
            check_metric_attrs(ds, histogram=True)
            edges = ds.attrs.get("bin_edges")
            if not check(edges is not None, f"{ds.name}: bin_edges missing"):
                continue
            B = len(edges) - 1
            check(B >= 1 and np.all(np.diff(edges) > 0), f"{ds.name}: bin_edges not increasing")
            check(ds.shape == (R, T, B) and ds.dtype == np.float64, f"{ds.name}: shape {ds.shape} {ds.dtype}")
            bins = histogram_group.get(name + "_bin")
            if check(bins is not None, f"{ds.name}: {name}_bin missing"):
                check(bins.shape == (B,), f"{bins.name}: shape {bins.shape}")
                check(np.allclose(bins[...], (edges[:-1] + edges[1:]) / 2), f"{bins.name}: not the bin centres")
                check(h5py.h5ds.get_scale_name(bins.id) == (name + "_bin").encode(), f"{bins.name}: scale name")
            check_dims(ds, [("/replicate", "replicate", "replicate"), ("/time", "time", "time"),
                           (f"/histograms/{name}_bin", name + "_bin", "bin")])
            check_chunks(ds, T, B)
            check(not np.isnan(ds[...]).any(), f"{ds.name}: contains NaN (unwritten rows?)")

        for group in ("timeseries", "communities", "histograms"):
            wanted = getattr(args, group)
            if wanted is not None:
                expected = sorted(filter(None, wanted.split(",")))
                actual = sorted(found.get(group, []))
                check(actual == expected, f"/{group} holds {actual}, expected {expected}")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # any unexpected shape of the file is a failure too
        problems.append(f"{type(error).__name__}: {error}")
    for problem in problems:
        print(f"check_layout: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)
