#!/usr/bin/python3
"""Statistics of the report against scipy and against known answers."""

import unittest

import numpy as np
from scipy import stats as sps

import checks  # noqa: F401  (sets sys.path)
from checks import data
from coalesce_analysis import open_result, read_comparisons
from coalesce_analysis import stats


class Intervals(unittest.TestCase):
    def test_t_interval_matches_scipy(self):
        rng = np.random.default_rng(3)
        x = rng.normal(2.0, 0.5, size=(7, 4))
        mean, lo, hi = stats.t_interval(x, axis=0, confidence=0.9)
        for j in range(4):
            ref = sps.t.interval(0.9, 6, loc=x[:, j].mean(), scale=sps.sem(x[:, j]))
            self.assertAlmostEqual(mean[j], x[:, j].mean(), places=12)
            self.assertAlmostEqual(lo[j], ref[0], places=12)
            self.assertAlmostEqual(hi[j], ref[1], places=12)

    def test_nan_and_single_values(self):
        x = np.array([[1.0, np.nan, 5.0], [3.0, np.nan, np.nan]])
        mean, lo, hi = stats.t_interval(x, axis=0)
        self.assertEqual(mean[0], 2.0)
        self.assertTrue(np.isnan(mean[1]) and np.isnan(lo[1]))
        self.assertEqual(mean[2], 5.0)  # one value: a mean but no interval
        self.assertTrue(np.isnan(lo[2]) and np.isnan(hi[2]))

    def test_paired_difference_is_narrower_than_unpaired(self):
        # Common random numbers: a shared replicate effect cancels in the paired difference.
        rng = np.random.default_rng(4)
        shared = rng.normal(0, 1.0, size=(10, 1))
        base = shared + rng.normal(0, 0.05, size=(10, 3))
        arm = shared + 0.2 + rng.normal(0, 0.05, size=(10, 3))
        rows = stats.paired_difference(arm, base)
        self.assertEqual(rows.shape, (3, 3))
        self.assertTrue(np.all(rows[:, 1] > 0.0))  # the 0.2 effect is clear when paired
        _, lo_a, hi_a = stats.t_interval(arm, axis=0)
        self.assertTrue(np.all(rows[:, 2] - rows[:, 1] < (hi_a - lo_a) / 3))


class Comparisons(unittest.TestCase):
    def test_computed_comparisons_equal_the_recorded_ones(self):
        # The fixture recorded /comparisons with scipy's paired t interval; the report
        # computes the same when a file has none.
        recorded = read_comparisons(data("experiment"))
        computed = stats.paired_comparisons(open_result(data("experiment_nocomp")))
        self.assertEqual(list(computed["arm"].values), list(recorded["arm"].values))
        self.assertEqual(computed.attrs["baseline"], "mixed")
        self.assertTrue(set(computed.data_vars) <= set(recorded.data_vars))
        for m in computed.data_vars:
            a, b = recorded[m].values, computed[m].values
            self.assertTrue(np.all(np.isclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True)), m)


class Tornado(unittest.TestCase):
    def test_linear_function_recovered(self):
        rng = np.random.default_rng(5)
        lo, hi = np.array([0.0, 10.0, -1.0]), np.array([1.0, 20.0, 1.0])
        x = lo + rng.uniform(size=(50, 3)) * (hi - lo)
        y = 1.0 + 3.0 * x[:, 0] - 0.1 * x[:, 1] + 0.0 * x[:, 2]
        centre, rows, r2 = stats.tornado_effects(x, y, lo, hi, ["a", "b", "c"])
        self.assertAlmostEqual(r2, 1.0, places=9)
        self.assertAlmostEqual(centre, 1.0 + 3.0 * 0.5 - 0.1 * 15.0, places=9)
        self.assertEqual([r[0] for r in rows], ["a", "b", "c"])  # by swing: 3, 1, 0
        name, low, high = rows[1]
        self.assertAlmostEqual(high - low, -0.1 * 10.0, places=9)  # b from 10 to 20 lowers y by 1

    def test_too_few_points(self):
        centre, rows, r2 = stats.tornado_effects(np.zeros((1, 2)), np.array([1.0]), [0, 0], [1, 1], ["a", "b"])
        self.assertTrue(np.isnan(centre))
        self.assertEqual(rows, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
