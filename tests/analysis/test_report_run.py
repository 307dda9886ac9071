#!/usr/bin/python3
"""analysis/report.py on run files from the real binary: the coalition model and a reference model."""

import shutil
import subprocess
import unittest
from pathlib import Path

import checks
import fixtures
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


def community_panels(result: str, test) -> dict[str, tuple[list[str], str]]:
    """figure file -> (its panel titles, its caption), for the per-community small multiples."""
    from unittest import mock

    from coalesce_analysis import figures_run

    titles = {}

    def keep(fig, folder, name):
        titles[name] = [ax.get_title() for ax in fig.axes if ax.get_visible()]
        return name

    ds = open_result(data(result))
    with mock.patch.object(figures_run, "save", keep):
        infos = figures_run.community_figures(ds, figures_run.time_axis(ds), temp_dir(test))
    return {i.file: (titles[i.file], i.caption) for i in infos}


class NamedAreasRun(unittest.TestCase):
    """Real places (issue 18): panels titled with the area's name and code, not 'community N'."""

    def test_panels_carry_the_area_names(self):
        panels = community_panels("run_areas", self)
        self.assertEqual(set(panels), {"communities_obesity.png", "communities_trust.png"})
        for name, (titles, caption) in panels.items():
            self.assertEqual(len(titles), len(fixtures.AREAS), name)
            for title, (code, area) in zip(titles, fixtures.AREAS):
                # A long name may put the code on a second line; both are there, in order.
                self.assertEqual(" ".join(title.split()), f"{area} ({code})", name)
            self.assertIn("one panel per area", caption)
            self.assertNotIn("community", " ".join(titles))

    def test_report_page(self):
        out = temp_dir(self) / "areas"
        proc = run_report(data("run_areas"), out, "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        html = check_report(self, out, ["communities_obesity.png", "communities_trust.png"])
        self.assertIn("one panel per area", html)
        self.assertIn("Obesity by area", html)
        self.assertIn("North East (E12000001), Yorkshire and The Humber (E12000003), Ynys Môn (W06000001)", html)

    def test_without_names_panels_are_communities_as_before(self):
        panels = community_panels("run", self)
        self.assertIn("communities_obesity.png", panels)
        for name, (titles, caption) in panels.items():
            self.assertEqual(titles, [f"community {c}" for c in range(6)], name)
            self.assertTrue(caption.startswith("Each panel is one community"), caption)
            self.assertNotIn("area", caption)
        from coalesce_analysis.reporting import metadata

        self.assertNotIn("Areas", [k for k, _ in metadata(data("run"), open_result(data("run")))])


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
