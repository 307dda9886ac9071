#!/usr/bin/python3
"""The arms across parameter uncertainty on the report pages (uncertainty.py): the loader
reads the whole /uncertainty group (beats-baseline shares with their intervals, regret, the
PRIM boxes and their trajectories), and index.html and decision.html show them.

The files are decision_fixtures' uncertain experiment (h5py only), whose /uncertainty
numbers are worked out there by hand: arm beats base in 6 of 8 samples (Wilson 90% interval
0.460 to 0.913), the condition "arm > base" holds in samples 0 and 1, which one box holds
(p0 in [0.0625, 0.1875], p1 unrestricted, quasi-p 0.0625); and the file the real binary
wrote for tests/analysis/data/uncertain.ini (two SIR networks across 40 parameter samples),
whose shares, intervals and condition are checked against its own per-run values.
"""

import html
import re
import unittest

import h5py
import numpy as np

import checks  # noqa: F401  (sets sys.path)
import decision_fixtures as fx
from checks import check_report, data, temp_dir
from coalesce_analysis import loader, reporting, uncertainty


def text_of(page) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


class Loader(unittest.TestCase):
    def test_reads_the_whole_group(self):
        path = fx.make_uncertain_file(temp_dir(self) / "u.h5", analysed=True)
        u = loader.read_uncertainty(path)
        self.assertTrue(uncertainty.complete(u))
        self.assertEqual(u["policies"], ["base", "arm"])
        self.assertEqual((u["first_step"], u["last_step"], u["replicates"]), (12, 12, 2))
        self.assertEqual(u["values"].shape, (2, fx.SAMPLES, fx.UNCERTAIN_REPLICATES))
        self.assertEqual(u["outcome"].shape, (2, 5))
        self.assertAlmostEqual(u["beats_baseline"][1], 0.75)
        self.assertTrue(np.allclose(u["beats_interval"][1], (0.460153, 0.913485), atol=1e-6))
        self.assertEqual(u["regret"].shape, (2, fx.SAMPLES))
        self.assertEqual(u["condition"], "arm > base")
        self.assertEqual(list(u["condition_holds"]), [1, 1, 0, 0, 0, 0, 0, 0])
        self.assertEqual(len(u["prim_boxes"]), 1)
        b = u["prim_boxes"][0]
        self.assertEqual((b["points"], b["cases"], b["chosen"]), (2, 2, 2))
        self.assertEqual((b["coverage"], b["density"]), (1.0, 1.0))
        self.assertTrue(np.allclose(b["lo"], [0.0625, 0.0625]) and np.allclose(b["hi"], [0.1875, 0.9375]))
        self.assertEqual(b["quasi_p"][0], 0.0625)
        self.assertTrue(np.isnan(b["quasi_p"][1]))
        self.assertEqual(b["trajectory"].shape, (3, 3))
        self.assertEqual(u["prim_stop"], "every case of interest is in a box")

    def test_samples_only_group_is_not_complete(self):
        u = loader.read_uncertainty(fx.make_uncertain_file(temp_dir(self) / "u.h5"))
        self.assertFalse(uncertainty.complete(u))
        self.assertNotIn("prim_boxes", u)
        self.assertEqual(uncertainty.tables(u), [])

    def test_file_from_before_successive_boxes(self):
        """One box, its coverage, density and chosen step in attributes."""
        path = fx.make_uncertain_file(temp_dir(self) / "u.h5", analysed=True)
        with h5py.File(path, "a") as f:
            g = f["uncertainty"]
            for name in ("prim_boxes", "prim_trajectory_box", "prim_lo", "prim_hi", "prim_quasi_p"):
                del g[name]
            g["prim_lo"], g["prim_hi"], g["prim_quasi_p"] = [0.0625, 0.0625], [0.1875, 0.9375], [0.0625, np.nan]
            g.attrs.update({"prim_chosen": np.uint64(2), "prim_coverage": 1.0, "prim_density": 1.0})
        b = loader.read_uncertainty(path)["prim_boxes"]
        self.assertEqual(len(b), 1)
        self.assertEqual((b[0]["points"], b[0]["cases"], b[0]["chosen"]), (2, 2, 2))
        self.assertEqual(b[0]["trajectory"].shape, (3, 3))


class Words(unittest.TestCase):
    def test_tables_and_sentence(self):
        u = loader.read_uncertainty(fx.make_uncertain_file(temp_dir(self) / "u.h5", analysed=True))
        (arms, _, rows, intro), (heading, _, boxes, text) = uncertainty.tables(u)
        self.assertEqual(arms, "Arms across parameter uncertainty")
        self.assertIn("8 parameter samples", intro)
        arm = next(r for r in rows if r[0] == "arm")
        self.assertEqual(arm[6], "6 of 8 samples (75%; 90% interval 46% to 91%)")
        # Lower is better: arm's regret is 0.05 (0.3 - p0) where p0 < 0.3, at most 0.05 x 0.2375.
        self.assertEqual(arm[7], f"{0.05 * 0.2375:.3g}")
        self.assertEqual(rows[0][0], "base (baseline)")
        self.assertEqual(heading, "Scenario discovery: where arm > base")
        self.assertEqual(boxes, [["1", "1.00", "1.00", "2 (2 where it holds)", "p0", "0.0625", "0.1875",
                                  "0.0625 to 0.9375", "0.062"]])
        self.assertIn("arm is above base on obesity_prevalence (step 12) in 2 of 8 parameter samples", text)
        self.assertIn("box 1: p0 0.0625 to 0.188 (holds in 2 of its 2 samples)", text)
        self.assertIn("Covering stopped: every case of interest is in a box", text)

    def test_never_holds_is_said_plainly(self):
        u = loader.read_uncertainty(fx.make_uncertain_file(temp_dir(self) / "u.h5", analysed=True, never=True))
        self.assertEqual(u["prim_boxes"], [])
        sentence = uncertainty.discovery_sentence(u)
        self.assertIn("arm is never above base on obesity_prevalence (step 12) in any of the 8 parameter samples, "
                      "so arm never does worse than base", sentence)
        self.assertIn("no PRIM box", sentence)
        self.assertIsNone(uncertainty.figure(u, temp_dir(self)))
        _, (_, _, rows, text) = uncertainty.tables(u)
        self.assertEqual(rows, [])
        self.assertIn("never above", text)


class Pages(unittest.TestCase):
    def test_index_and_decision_pages(self):
        out = temp_dir(self)
        path = fx.make_uncertain_file(out / "u.h5", analysed=True)
        index = reporting.write_report(path, out / "report")
        folder = index.parent
        check_report(self, folder)  # every PNG valid, embedded once, in the page that lists it
        self.assertTrue((folder / "uncertainty_prim.png").is_file())
        self.assertTrue((folder / "decision_uncertainty_prim.png").is_file())
        page = text_of(index)
        self.assertIn("Arms across parameter uncertainty", page)
        self.assertIn("6 of 8 samples (75%; 90% interval 46% to 91%)", page)
        self.assertIn("Scenario discovery: where arm > base", page)
        self.assertIn("Scenario discovery (PRIM)", page)  # the figure's title
        decision = text_of(folder / "decision.html")
        self.assertIn("how often each arm wins, and where it loses", decision)
        self.assertIn("6 of 8 samples (75%; 90% interval 46% to 91%)", decision)
        self.assertIn("box 1: p0 0.0625 to 0.188", decision)
        self.assertRegex(decision, r"\bp0\s+0\.0625\s+0\.1875\b")

    def test_never_holds_on_the_pages(self):
        out = temp_dir(self)
        path = fx.make_uncertain_file(out / "u.h5", analysed=True, never=True)
        index = reporting.write_report(path, out / "report")
        check_report(self, index.parent)
        self.assertFalse((index.parent / "uncertainty_prim.png").exists())
        for page in (index, index.parent / "decision.html"):
            self.assertIn("arm is never above base", text_of(page))

    def test_one_parameter_scatter(self):
        u = loader.read_uncertainty(fx.make_uncertain_file(temp_dir(self) / "u.h5", analysed=True))
        u["parameters"], u["samples"] = ["p0"], u["samples"][:, :1]
        for b in u["prim_boxes"]:
            b["lo"], b["hi"], b["quasi_p"] = b["lo"][:1], b["hi"][:1], b["quasi_p"][:1]
        info = uncertainty.figure(u, temp_dir(self))
        self.assertIn("one uncertain parameter", info.caption)


class EngineFile(unittest.TestCase):
    """What `coalesce experiment` wrote, read back and checked against its own runs."""

    @classmethod
    def setUpClass(cls):
        cls.path = data("uncertain")
        cls.u = loader.read_uncertainty(cls.path)

    def test_numbers_agree_with_the_runs(self):
        u = self.u
        self.assertTrue(uncertainty.complete(u))
        self.assertEqual(u["policies"], ["sparse", "dense"])
        self.assertEqual(u["parameters"], ["sir.infection_prob", "sir.recovery_prob"])
        self.assertEqual((u["first_step"], u["last_step"], u["replicates"]), (20, 30, 1))
        means = u["values"].mean(axis=2)  # (policy, sample)
        n = means.shape[1]
        self.assertEqual(n, 40)
        # Lower is better: dense beats sparse where its mean is lower; the condition is the same.
        beats = int(np.sum(means[1] < means[0]))
        self.assertAlmostEqual(u["beats_baseline"][1], beats / n, places=12)
        self.assertTrue(np.allclose(u["beats_interval"][1], fx.wilson(beats, n, 0.9), rtol=1e-9))
        np.testing.assert_array_equal(u["condition_holds"], (means[1] < means[0]).astype(float))
        self.assertTrue(np.allclose(u["regret"], means - means.min(axis=0), atol=1e-12))
        self.assertTrue(0 < beats < n, "the condition should hold in part of the space only")

    def test_boxes(self):
        boxes = self.u["prim_boxes"]
        self.assertGreaterEqual(len(boxes), 1)
        holds = np.asarray(self.u["condition_holds"]) > 0.5
        samples = np.asarray(self.u["samples"])
        outside = np.ones(len(samples), dtype=bool)
        for b in boxes:
            inside = outside & np.all((samples >= b["lo"]) & (samples <= b["hi"]), axis=1)
            # Each box's counts are the samples it holds among those no earlier box holds.
            self.assertEqual(b["points"], int(inside.sum()))
            self.assertEqual(b["cases"], int((inside & holds).sum()))
            self.assertAlmostEqual(b["coverage"], b["cases"] / holds.sum(), places=12)
            self.assertAlmostEqual(b["density"], b["cases"] / b["points"], places=12)
            self.assertTrue(np.isfinite(b["quasi_p"]).any(), "a box restricting nothing")
            self.assertLessEqual(b["chosen"], len(b["trajectory"]) - 1)
            outside &= ~inside
        self.assertTrue(self.u["prim_stop"])

    def test_report(self):
        index = reporting.write_report(self.path, temp_dir(self) / "report")
        check_report(self, index.parent)
        self.assertTrue((index.parent / "uncertainty_prim.png").is_file())
        page = text_of(index)
        self.assertIn("Scenario discovery: where dense < sparse", page)
        self.assertIn("dense is below sparse on infected (steps 20-30) in", page)


if __name__ == "__main__":
    unittest.main()
