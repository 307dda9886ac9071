#!/usr/bin/python3
"""Checks experiment result files against a reference run of the same experiment.

    compare_results.py REFERENCE.h5 OTHER.h5 [OTHER.h5 ...]

Every file must be a finished experiment file (root attributes kind = "experiment",
status = "complete"), and every OTHER must hold exactly the reference's datasets — same
paths, types, shapes and bytes (NaNs included). Attributes are not compared: they hold
provenance (creation time, ranks, threads, part) that rightly differs between the files.
Exit code 0 when all agree, 1 otherwise, with one line per difference.
"""
import sys

import h5py
import numpy as np


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def datasets(path):
    found = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                found[name] = (obj.dtype, obj.shape, np.asarray(obj[()]))
        f.visititems(visit)
    return found


def check_complete(path):
    problems = []
    with h5py.File(path, "r") as f:
        for key, want in (("kind", "experiment"), ("status", "complete")):
            got = text(f.attrs[key]) if key in f.attrs else None
            if got != want:
                problems.append(f"{path}: root attribute {key} = {got!r}, expected {want!r}")
        if "arms" not in f or len(f["arms"]) == 0:
            problems.append(f"{path}: no /arms group, or no arm in it")
        else:
            for arm in f["arms"]:
                if "timeseries" not in f["arms"][arm] or len(f["arms"][arm]["timeseries"]) == 0:
                    problems.append(f"{path}: /arms/{arm}/timeseries is missing or empty")
    return problems


def same_bytes(a, b):
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "O":  # variable-length strings
        return [text(x) for x in a.ravel()] == [text(x) for x in b.ravel()]
    return a.tobytes() == b.tobytes()


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    reference, others = argv[1], argv[2:]
    problems = check_complete(reference)
    ref = datasets(reference)
    for other in others:
        problems += check_complete(other)
        got = datasets(other)
        for name in sorted(set(ref) - set(got)):
            problems.append(f"{other}: dataset /{name} of the reference is missing")
        for name in sorted(set(got) - set(ref)):
            problems.append(f"{other}: dataset /{name} is not in the reference")
        for name in sorted(set(ref) & set(got)):
            (dt_a, shape_a, a), (dt_b, shape_b, b) = ref[name], got[name]
            if dt_a != dt_b or shape_a != shape_b:
                problems.append(f"{other}: /{name} is {dt_b} {shape_b}, reference {dt_a} {shape_a}")
            elif not same_bytes(a, b):
                problems.append(f"{other}: /{name} differs from the reference")
    for p in problems:
        print(p)
    series = sum(1 for n in ref if "/timeseries/" in n)
    print(f"compared {len(ref)} datasets ({series} time series) of {reference} with "
          f"{', '.join(others)}: {'all identical' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
