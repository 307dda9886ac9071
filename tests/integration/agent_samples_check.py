"""Reads a result file of `coalesce run --record-every K --sample-agents N --sample-every S`
back with h5py and checks its layout: /time holds the recorded steps (0, K, 2K, ... and the
last), every metric has that many time points, and each table under /agents has N ascending
global ids, the sampled steps and a (replicate, sample_step, agent) dataset per column, all
values written. Usage: agent_samples_check.py FILE STEPS K N S REPLICATES. Exits 1 with a
message on the first mismatch."""
import sys

import h5py
import numpy as np


def steps_of(steps, every):
    out = list(range(0, steps + 1, every))
    if steps % every != 0:
        out.append(steps)
    return out


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def main():
    path, steps, every, n, sample_every, replicates = sys.argv[1], *map(int, sys.argv[2:7])
    with h5py.File(path, "r") as f:
        time = list(f["time"][:])
        if time != steps_of(steps, every):
            fail(f"/time is {time}, expected {steps_of(steps, every)}")
        for name, d in f["timeseries"].items():
            if d.shape != (replicates, len(time)) or np.isnan(d[:]).any():
                fail(f"/timeseries/{name}: shape {d.shape} or unwritten values")
        if "agents" not in f or not list(f["agents"]):
            fail("no /agents group")
        expected = steps_of(steps, sample_every)
        for table, g in f["agents"].items():
            ids = g["agent_id"][:]
            if len(ids) != n or not (np.diff(ids) > 0).all():
                fail(f"/agents/{table}/agent_id: {ids} is not {n} ascending ids")
            if list(g["sample_step"][:]) != expected:
                fail(f"/agents/{table}/sample_step: {list(g['sample_step'][:])}, expected {expected}")
            columns = [c for c in g if c not in ("agent_id", "sample_step")]
            if not columns:
                fail(f"/agents/{table}: no columns")
            for c in columns:
                d = g[c]
                if d.shape != (replicates, len(expected), n) or np.isnan(d[:]).any():
                    fail(f"/agents/{table}/{c}: shape {d.shape} or unwritten values")
                if "column_type" not in d.attrs or "description" not in d.attrs:
                    fail(f"/agents/{table}/{c}: no column_type or description")
    print("ok")


if __name__ == "__main__":
    main()
