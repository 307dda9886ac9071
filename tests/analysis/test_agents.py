"""open_agents: the agent samples of a run (coalesce run --sample-agents N) as one xarray
Dataset per table, equal to the HDF5 values; a thinned run (--record-every) loads with the
recorded steps as its time coordinate; a run without a sample gives {}."""

import subprocess
import tempfile
import unittest
from pathlib import Path

import h5py
import numpy as np

import checks  # noqa: F401  (sets sys.path)
from checks import BINARY, SOURCE, data
from coalesce_analysis import open_agents, open_result


class Agents(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        d = tempfile.TemporaryDirectory(prefix="coalesce-analysis-")
        cls.addClassCleanup(d.cleanup)
        cls.path = Path(d.name) / "sampled.h5"
        subprocess.run([BINARY, "run", "--config", str(SOURCE / "data" / "scenarios" / "sir.ini"),
                        "--set", "sir.nodes=500", "--steps", "20", "--replicates", "2", "--record-every", "6",
                        "--sample-agents", "5", "--sample-every", "4", "--quiet", "--out", str(cls.path)],
                       check=True)

    def test_one_dataset_per_table_equal_to_the_file(self):
        samples = open_agents(self.path)
        self.assertEqual(list(samples), ["people"])
        ds = samples["people"]
        self.assertEqual(dict(ds.sizes), {"replicate": 2, "sample_step": 6, "agent": 5})
        self.assertEqual(list(ds["sample_step"].values), [0, 4, 8, 12, 16, 20])
        with h5py.File(self.path, "r") as f:
            g = f["agents/people"]
            np.testing.assert_array_equal(ds["agent"].values, g["agent_id"][:])
            np.testing.assert_array_equal(ds["state"].values, g["state"][:])
        self.assertEqual(ds["state"].attrs["column_type"], "uint8")
        self.assertIn("description", ds["state"].attrs)
        # SIR states are 0, 1 or 2.
        self.assertTrue(set(np.unique(ds["state"].values)) <= {0.0, 1.0, 2.0})

    def test_thinned_time_coordinate(self):
        ds = open_result(self.path)
        self.assertEqual(list(ds["time"].values), [0, 6, 12, 18, 20])

    def test_no_sample(self):
        self.assertEqual(open_agents(data("sir")), {})


if __name__ == "__main__":
    unittest.main()
