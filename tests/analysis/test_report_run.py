#!/usr/bin/python3
"""analysis/report.py on run files from the real binary: the coalition model and a reference model."""

import shutil
import subprocess
import unittest
from pathlib import Path

import checks
from checks import COALITION_RUN_FIGURES, check_report, data, metrics_shown, run_report, temp_dir
from coalesce_analysis import open_result
from coalesce_analysis.stats import timeseries_metrics


class CoalitionRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(__import__("tempfile").mkdtemp(prefix="coalesce-analysis-"))
        cls.out = cls.tmp / "report"
        cls.proc = run_report(data("run"), cls.out)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_exit_and_printed_path(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        self.assertEqual(self.proc.stdout.strip(), str((self.out / "index.html").resolve()))
        self.assertNotIn("Traceback", self.proc.stderr)
        self.assertNotIn("Warning", self.proc.stderr)

    def test_every_expected_figure_valid_and_on_the_page(self):
        html = check_report(self, self.out, COALITION_RUN_FIGURES)
        for section in ("Outcomes by issue", "Trust and legitimacy", "Spending and commissioning",
                        "Coalitions", "Networks", "Communities", "Distributions"):
            self.assertIn(f">{section}", html)

    def test_every_metric_is_drawn_somewhere(self):
        html = (self.out / "index.html").read_text()
        missing = set(timeseries_metrics(open_result(data("run")))) - metrics_shown(html)
        self.assertEqual(missing, set(), "metrics on no figure")

    def test_page_lists_metadata_and_metric_values(self):
        html = (self.out / "index.html").read_text()
        self.assertIn("coalition", html)
        self.assertIn("<td>obesity_prevalence</td>", html)
        self.assertIn("[population]", html)  # the configuration, for reproducing the run


class Checker(unittest.TestCase):
    def test_blank_and_flat_images_are_rejected(self):
        # The figure check itself must fail on what it is meant to catch.
        import numpy as np
        from matplotlib import image

        tmp = temp_dir(self)
        image.imsave(tmp / "blank.png", np.ones((300, 400, 3)))
        grey = np.ones((300, 400, 3))
        grey[100:110, :, :] = 0.0  # a black line but no colour: text only, no data
        image.imsave(tmp / "grey.png", grey)
        for name in ("blank.png", "grey.png"):
            with self.assertRaises(AssertionError, msg=name):
                checks.check_png(self, tmp / name)


class OtherModels(unittest.TestCase):
    def test_sir_gets_generic_figures(self):
        out = temp_dir(self) / "sir"
        proc = run_report(data("sir"), out, "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")  # --quiet: only the path, on stdout
        html = check_report(self, out, ["other_metrics_1.png"])
        self.assertTrue({"infected_count"} <= metrics_shown(html))

    def test_deffuant_histogram_and_default_output_folder(self):
        tmp = temp_dir(self)
        result = tmp / "deffuant.h5"
        subprocess.run([checks.BINARY, "run", "--config", str(checks.SOURCE / "data/scenarios/deffuant.ini"),
                        "--set", "deffuant.agents=500", "--steps", "30", "--replicates", "2",
                        "--out", str(result), "--quiet"], check=True)
        proc = run_report(result)  # no -o: beside the file, without .h5
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(Path(proc.stdout.strip()), (tmp / "deffuant" / "index.html").resolve())
        check_report(self, tmp / "deffuant", ["other_metrics_1.png", "histogram_opinion_distribution.png"])

    def test_rewriting_a_folder_removes_the_previous_figures(self):
        out = temp_dir(self) / "r"
        self.assertEqual(run_report(data("run"), out, "--quiet").returncode, 0)
        self.assertTrue((out / "issue_obesity.png").exists())
        self.assertEqual(run_report(data("sir"), out, "--quiet").returncode, 0)
        self.assertFalse((out / "issue_obesity.png").exists())
        check_report(self, out, ["other_metrics_1.png"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
