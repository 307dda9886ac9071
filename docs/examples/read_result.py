import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    print("time series:", list(f["timeseries"]))
    ds = f["timeseries"][list(f["timeseries"])[0]]  # shape (replicates, steps + 1)
    print(ds.name, "final mean over replicates:", ds[:, -1].mean(), ds.attrs["units"])
