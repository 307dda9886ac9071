#!/usr/bin/python3
"""The xarray loader: named dimensions, coordinates, attributes and values equal to the file."""

import shutil
import unittest

import h5py
import numpy as np
import xarray as xr

import checks  # noqa: F401  (sets sys.path)
import fixtures
from checks import data, temp_dir
from coalesce_analysis import ResultError, open_result, read_comparisons, read_sensitivity, result_kind


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


class RunFile(unittest.TestCase):
    def setUp(self):
        self.path = data("run")
        self.ds = open_result(self.path)

    def test_dimensions_and_sizes(self):
        with h5py.File(self.path, "r") as f:
            r, t, c = int(f.attrs["replicates"]), int(f.attrs["steps"]) + 1, int(f.attrs["communities"])
        self.assertEqual((r, t, c), (3, 25, 6))  # tests/analysis/data/small.ini
        self.assertEqual(self.ds.sizes["replicate"], r)
        self.assertEqual(self.ds.sizes["time"], t)
        self.assertEqual(self.ds.sizes["community"], c)
        self.assertEqual(self.ds["obesity_prevalence"].dims, ("replicate", "time"))
        self.assertEqual(self.ds["trust_government_by_community"].dims, ("replicate", "time", "community"))
        self.assertEqual(self.ds["bmi_distribution"].dims, ("replicate", "time", "bmi_distribution_bin"))
        self.assertEqual(self.ds.sizes["bmi_distribution_bin"], 35)

    def test_every_dataset_is_a_variable_with_equal_values_and_attributes(self):
        with h5py.File(self.path, "r") as f:
            np.testing.assert_array_equal(self.ds["time"].values, f["time"][...])
            np.testing.assert_array_equal(self.ds["replicate"].values, f["replicate"][...])
            np.testing.assert_array_equal(self.ds["community"].values, f["community"][...])
            self.assertEqual(self.ds["time"].attrs["units"], "month")
            count = 0
            for group, suffix in (("timeseries", ""), ("communities", "_by_community"), ("histograms", "")):
                for name, d in f[group].items():
                    if group == "histograms" and name.endswith("_bin"):
                        np.testing.assert_array_equal(self.ds[name].values, d[...])
                        continue
                    v = self.ds[name + suffix]
                    self.assertTrue(np.array_equal(v.values, d[...], equal_nan=True), name)
                    for key in ("units", "description", "reduction"):
                        self.assertEqual(v.attrs[key], text(d.attrs[key]), f"{name}.{key}")
                    count += 1
            self.assertEqual(count, len(self.ds.data_vars))
            np.testing.assert_array_equal(self.ds["bmi_distribution"].attrs["bin_edges"],
                                          f["histograms/bmi_distribution"].attrs["bin_edges"])

    def test_root_attributes(self):
        self.assertEqual(self.ds.attrs["model"], "coalition")
        self.assertEqual(self.ds.attrs["kind"], "run")
        self.assertEqual(self.ds.attrs["status"], "complete")
        self.assertEqual(self.ds.attrs["replicates"], 3)
        self.assertIn("[population]", self.ds.attrs["config"])
        self.assertEqual(result_kind(self.path), "run")

    def test_selection_by_name(self):
        # What named dimensions are for: select and reduce by name.
        final = self.ds["obesity_prevalence"].isel(time=-1).mean("replicate")
        with h5py.File(self.path, "r") as f:
            self.assertAlmostEqual(float(final), float(f["timeseries/obesity_prevalence"][:, -1].mean()))
        by_c = self.ds["trust_government_by_community"].sel(community=2, replicate=1)
        self.assertEqual(by_c.dims, ("time",))

    def test_agrees_with_xarray_h5netcdf_engine(self):
        # docs/OUTPUT.md promises netCDF-4 tools see the same named dimensions.
        with xr.open_dataset(self.path, group="timeseries", engine="h5netcdf", phony_dims="access") as ts:
            self.assertEqual(ts["obesity_prevalence"].dims, ("replicate", "time"))
            np.testing.assert_array_equal(ts["obesity_prevalence"].values, self.ds["obesity_prevalence"].values)

    def test_other_model_single_community(self):
        ds = open_result(data("sir"))
        self.assertEqual(ds.attrs["model"], "sir")
        self.assertEqual(ds.sizes["replicate"], 2)
        self.assertEqual(ds.sizes["time"], 61)
        self.assertIn("infected_count", ds)
        self.assertEqual(ds.sizes.get("community", 1), 1)


class ExperimentFile(unittest.TestCase):
    def setUp(self):
        self.path = data("experiment")
        self.ds = open_result(self.path)

    def test_arm_dimension(self):
        self.assertEqual(self.ds.attrs["kind"], "experiment")
        self.assertEqual(list(self.ds["arm"].values), ["mixed", "relational", "market"])
        self.assertEqual(self.ds["obesity_prevalence"].dims, ("arm", "replicate", "time"))
        self.assertEqual(self.ds["legitimacy_by_community"].dims, ("arm", "replicate", "time", "community"))
        self.assertEqual(self.ds["bmi_distribution"].dims, ("arm", "replicate", "time", "bmi_distribution_bin"))
        self.assertEqual(self.ds.attrs["baseline"], "mixed")

    def test_values_per_arm_equal_the_arm_groups(self):
        with h5py.File(self.path, "r") as f:
            for arm in ("mixed", "relational", "market"):
                for name, d in f[f"arms/{arm}/timeseries"].items():
                    got = self.ds[name].sel(arm=arm).values
                    self.assertTrue(np.array_equal(got, d[...], equal_nan=True), f"{arm}/{name}")
                d = f[f"arms/{arm}/communities/satisfaction"]
                np.testing.assert_array_equal(self.ds["satisfaction_by_community"].sel(arm=arm).values, d[...])
            self.assertEqual(self.ds["emissions_per_head"].attrs["units"],
                             text(f["arms/mixed/timeseries/emissions_per_head"].attrs["units"]))

    def test_comparisons(self):
        comp = read_comparisons(self.path)
        self.assertEqual(list(comp["arm"].values), ["relational", "market"])
        self.assertEqual(comp["trust_government"].dims, ("arm", "time", "stat"))
        with h5py.File(self.path, "r") as f:
            np.testing.assert_array_equal(comp["trust_government"].sel(arm="market").values,
                                          f["comparisons/market/trust_government"][...])
        self.assertIsNone(read_comparisons(data("experiment_nocomp")))

    def test_design_and_sensitivity(self):
        ds = open_result(data("design_sobol"))
        self.assertEqual(ds.sizes["arm"], 40)
        self.assertEqual(ds["design_points"].dims, ("design_point", "parameter"))
        self.assertEqual(list(ds["parameter"].values),
                         ["obesity.drift", "government.responsiveness", "coalitions.cohesion_weight"])
        with h5py.File(data("design_sobol"), "r") as f:
            np.testing.assert_array_equal(ds["design_points"].values, f["design/points"][...])
            np.testing.assert_array_equal(ds["design_hi"].values, f["design/hi"][...])
        self.assertEqual(str(ds["design_point"].values[3]), "design_00003")
        sens = read_sensitivity(data("design_sobol"))
        self.assertEqual(sorted(sens), ["obesity_prevalence", "trust_government"])
        s = sens["obesity_prevalence"]
        self.assertEqual(s["ST"].dims, ("sensitivity_time", "parameter"))
        self.assertEqual(s.attrs["method"], "sobol")
        np.testing.assert_allclose(s["S1"].sel(parameter="obesity.drift").values, [0.8, 0.8])
        self.assertIn("mu_star", read_sensitivity(data("design_morris"))["trust_government"])


class NamedAreas(unittest.TestCase):
    """Real places (issue 18): /community_code and /community_name become coordinates."""

    def check_names(self, ds):
        self.assertEqual(ds["community_code"].dims, ("community",))
        self.assertEqual(ds["community_name"].dims, ("community",))
        self.assertEqual(list(ds["community_code"].values), [c for c, _ in fixtures.AREAS])
        self.assertEqual(list(ds["community_name"].values), [n for _, n in fixtures.AREAS])
        self.assertTrue(all(type(v) is str for v in ds["community_name"].values))  # decoded, not bytes
        self.assertEqual(list(ds["community"].values), [0, 1, 2])  # the index stays as before

    def test_run(self):
        ds = open_result(data("run_areas"))
        self.check_names(ds)
        # Select an area by name; the values are that community's column of the file.
        by_name = ds["trust_government_by_community"].swap_dims(community="community_name").sel(
            community_name="Ynys Môn")
        with h5py.File(data("run_areas"), "r") as f:
            np.testing.assert_array_equal(by_name.values, f["communities/trust_government"][:, :, 2])

    def test_experiment(self):
        ds = open_result(data("experiment_areas"))
        self.check_names(ds)
        self.assertEqual(ds["obesity_prevalence_by_community"].dims, ("arm", "replicate", "time", "community"))
        self.assertEqual(ds["obesity_prevalence_by_community"].coords["community_code"].values[1], "E12000003")

    def test_files_without_names_are_unchanged(self):
        for name in ("run", "experiment", "design_sobol"):
            ds = open_result(data(name))
            self.assertNotIn("community_code", ds.coords, name)
            self.assertNotIn("community_name", ds.coords, name)
            self.assertEqual(list(ds["community"].coords), ["community"], name)

    def test_names_of_another_length_are_bad_input(self):
        p = temp_dir(self) / "x.h5"
        shutil.copy(data("run_areas"), p)
        with h5py.File(p, "a") as f:
            del f["community_name"]
            f.create_dataset("community_name", data=["North East", "Wales"], dtype=h5py.string_dtype())
        with self.assertRaisesRegex(ResultError, "community_name.*3 communities"):
            open_result(p)


class BadInput(unittest.TestCase):
    def test_missing_file(self):
        with self.assertRaisesRegex(ResultError, "does not exist"):
            open_result("/nonexistent/x.h5")

    def test_not_hdf5(self):
        p = temp_dir(self) / "x.h5"
        p.write_text("hello\n")
        with self.assertRaisesRegex(ResultError, "not an HDF5 file"):
            open_result(p)

    def test_foreign_hdf5(self):
        p = temp_dir(self) / "x.h5"
        with h5py.File(p, "w") as f:
            f["data"] = np.arange(3)
        with self.assertRaisesRegex(ResultError, "not a coalesce result file"):
            open_result(p)


if __name__ == "__main__":
    unittest.main(verbosity=2)
