# Watches a live coalesce result file (coalesce run --flush-every K) while the binary writes
# it, as an analyst would from Python: h5py in single-writer/multiple-reader mode.
#
#   watch_run.py FILE.h5 METRIC
#
# Waits for the file, then rereads /timeseries/METRIC until every row is filled, printing
# how many time points of the last replicate are written each time that changes. Exits 0
# when it saw the run part-way (at least one partial state), the counts never went down,
# and the rows it saw filled never changed afterwards; 1 otherwise.
import os
import sys
import time

import h5py
import numpy as np

path, metric = sys.argv[1], sys.argv[2]
deadline = time.time() + 60
while not os.path.exists(path):
    if time.time() > deadline:
        sys.exit("file never appeared")
    time.sleep(0.01)

seen = []
first_rows = None
with h5py.File(path, "r", libver="latest", swmr=True) as f:
    ds = f["timeseries"][metric]
    while time.time() < deadline:
        ds.refresh()
        values = ds[...]
        filled = int(np.count_nonzero(~np.isnan(values)))
        if not seen or filled != seen[-1]:
            seen.append(filled)
            print("filled", filled, "of", values.size, flush=True)
            if first_rows is None and 0 < filled < values.size:
                first_rows = (filled, values.copy())
        if filled == values.size:
            break
        time.sleep(0.02)
    final = ds[...]

if any(b < a for a, b in zip(seen, seen[1:])):
    sys.exit("the filled count went down: %s" % seen)
if first_rows is None:
    sys.exit("never saw the run part-way: %s" % seen)
mask = ~np.isnan(first_rows[1])
if not np.array_equal(first_rows[1][mask], final[mask]):
    sys.exit("rows seen early changed later")
print("ok", seen[:5], "...", seen[-1])
