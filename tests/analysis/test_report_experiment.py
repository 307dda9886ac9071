#!/usr/bin/python3
"""analysis/report.py on experiment files: arms, paired differences, sensitivity and tornado.

usage: test_report_experiment.py [--real] [FILE.h5 ...]

Without files, checks the fixture experiments (ANALYSIS_DATA). With files, checks those:
any experiment file written by `coalesce experiment` can be checked by pointing at it.
--real first runs tests/analysis/data/experiment.ini (arms) and design.ini (a Sobol design)
with the real binary and checks those files; it exits 77 (ctest: skipped) while the binary
has no `experiment` command.
"""

import re
import sys
import unittest
from pathlib import Path

import h5py

import checks
from checks import COALITION_GROUPS, check_report, data, metrics_shown, run_report, temp_dir

FILES: list[Path] = []
MANY_ARMS, FOREST_MAX_ARMS = 8, 40  # documented in docs/OUTPUT.md, "Reports"


def expectations(path: Path) -> dict:
    """What the report must show, read from the file with h5py (not from the package)."""
    with h5py.File(path, "r") as f:
        arms = [a.decode() if isinstance(a, bytes) else str(a) for a in f.attrs["arms"]] if "arms" in f.attrs else list(f["arms"])
        first = f["arms"][arms[0]]
        metrics = list(first["timeseries"]) if "timeseries" in first else []
        model = f.attrs["model"]
        model = model.decode() if isinstance(model, bytes) else str(model)
        baseline = f.attrs.get("baseline", arms[0])
        return {
            "arms": arms, "metrics": metrics, "model": model,
            "baseline": baseline.decode() if isinstance(baseline, bytes) else str(baseline),
            "design": "design" in f, "sensitivity": list(f["sensitivity"]) if "sensitivity" in f else [],
        }


class ExperimentReports(unittest.TestCase):
    def check_file(self, path: Path):
        exp = expectations(path)
        out = temp_dir(self) / path.stem
        proc = run_report(path, out, "--quiet", timeout=600)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)
        html = check_report(self, out)
        pngs = {p.name for p in out.glob("*.png")}
        n = len(exp["arms"])

        def has(stem):
            return any(re.fullmatch(rf"{re.escape(stem)}(_\d+)?\.png", p) for p in pngs)

        # Each arm's mean with its confidence band, for every time-series metric.
        self.assertEqual(set(exp["metrics"]) - metrics_shown(html), set(), "metrics on no figure")
        self.assertTrue(any(p.startswith("arms_") for p in pngs))
        if exp["model"] == "coalition":
            present = [g for g in COALITION_GROUPS if has(f"arms_{g}")]
            self.assertTrue(present, "no themed arms figure for the coalition model")
        # Paired differences against the baseline, with intervals.
        if 2 <= n <= MANY_ARMS:
            arms_figs = {p[len("arms_"):] for p in pngs if p.startswith("arms_")}
            self.assertEqual(arms_figs, {p[len("diff_"):] for p in pngs if p.startswith("diff_") and p != "diff_final.png"})
            for a in exp["arms"]:
                self.assertIn(a, html)
        if 2 <= n <= FOREST_MAX_ARMS:
            self.assertIn("diff_final.png", pngs)
        self.assertIn(exp["baseline"], html)
        # Sensitivity: ranked indices and a tornado per analysed metric; tornado charts anyway
        # when there is a design.
        for m in exp["sensitivity"]:
            self.assertIn(f"sensitivity_{m}.png", pngs)
            self.assertIn(f"tornado_{m}.png", pngs)
        if exp["design"]:
            self.assertTrue(any(p.startswith("tornado_") for p in pngs))
        return html

    def check_loader(self, path: Path):
        """open_result on the file: an arm dimension, and each arm's values as stored."""
        import numpy as np

        from coalesce_analysis import open_result

        exp = expectations(path)
        ds = open_result(path)
        self.assertEqual([str(a) for a in ds["arm"].values], exp["arms"])
        with h5py.File(path, "r") as f:
            for m in exp["metrics"]:
                self.assertEqual(ds[m].dims, ("arm", "replicate", "time"))
                for a in exp["arms"]:
                    stored = f["arms"][a]["timeseries"][m][...]
                    self.assertTrue(np.array_equal(ds[m].sel(arm=a).values, stored, equal_nan=True), f"{a}/{m}")
            if "design" in f:
                np.testing.assert_array_equal(ds["design_points"].values, f["design/points"][...])

    def test_files(self):
        for path in FILES:
            with self.subTest(file=path.name):
                self.check_loader(path)
                html = self.check_file(path)
                if path.stem == "experiment_nocomp":
                    self.assertIn("computed from the replicates", html)
                if path.stem == "experiment":
                    self.assertIn("as recorded in the file", html)


def area_table(html_text: str, arm: str) -> list[list[str]]:
    """The rows (cells as text) of the page's table of areas ranked by `arm`'s effect."""
    import html

    section = re.search(rf'<section id="areas-ranked-by-the-effect-of-{re.escape(arm)}-vs-[^"]*">(.*?)</section>',
                        html_text, re.S)
    if section is None:
        return []
    return [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", section.group(1)) if "<td" in row]


class NamedAreas(unittest.TestCase):
    """Real places (issue 18): the areas ranked by each arm's effect, and small multiples per area.

    tests/analysis/fixtures.py builds the experiment with known effects per area
    (AREA_EFFECTS), so the right order of the areas is known.
    """

    @classmethod
    def setUpClass(cls):
        if not FIXTURES:
            raise unittest.SkipTest("checks the fixture files only")
        import fixtures

        cls.fixtures = fixtures
        cls.path = data("experiment_areas")

    def expected_order(self, arm: str, metric: str) -> list[str]:
        effects = self.fixtures.AREA_EFFECTS[arm][metric]
        return [name for _, (_, name) in sorted(zip(effects, self.fixtures.AREAS), key=lambda p: -p[0])]

    def test_ranked_effects(self):
        from coalesce_analysis import areas, open_result

        ranked = areas.ranked_effects(open_result(self.path), "mixed")
        self.assertEqual(list(ranked), ["relational", "market"])  # every arm but the baseline
        for arm, metrics in self.fixtures.AREA_EFFECTS.items():
            for metric, effects in metrics.items():
                rows = [r for r in ranked[arm] if r.metric == metric]
                with self.subTest(arm=arm, metric=metric):
                    self.assertEqual([r.name for r in rows], self.expected_order(arm, metric))
                    self.assertEqual([r.rank for r in rows], [1, 2, 3])
                    codes = dict((n, c) for c, n in self.fixtures.AREAS)
                    self.assertEqual([r.code for r in rows], [codes[r.name] for r in rows])
                    for r in rows:
                        want = effects[[n for _, n in self.fixtures.AREAS].index(r.name)]
                        self.assertAlmostEqual(r.diff, want, delta=0.005)
                        self.assertAlmostEqual(r.value - r.baseline, r.diff, places=9)
                        self.assertLess(r.lo, r.diff)
                        self.assertGreater(r.hi, r.diff)

    def test_report_tables_and_figures(self):
        out = temp_dir(self) / "areas"
        proc = run_report(self.path, out, "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        page = check_report(self, out, ["areas_obesity_prevalence.png", "areas_trust_government.png"])
        self.assertEqual(area_table(page, "mixed"), [], "no table for the baseline against itself")
        for arm, metrics in self.fixtures.AREA_EFFECTS.items():
            rows = area_table(page, arm)
            self.assertTrue(rows, f"no ranked table for {arm}")
            for metric in metrics:
                block = [r for r in rows if r[0] == metric]
                self.assertEqual([r[2] for r in block], self.expected_order(arm, metric), f"{arm}/{metric}")
                diffs = [float(r[6]) for r in block]
                self.assertEqual(diffs, sorted(diffs, reverse=True))
        self.assertIn("one panel per area", page)

    def test_many_areas_show_the_top_and_bottom(self):
        """Local authorities, not regions: each metric's ten largest and ten smallest effects."""
        from coalesce_analysis import areas

        rows = [areas.AreaEffect("m", "a", k + 1, f"area {k}", f"E{k}", 0.0, 0.0, -k, -k - 1, -k + 1)
                for k in range(25)]
        shown = areas.shown(rows + [areas.AreaEffect("n", "a", 1, "x", "X", 0, 0, 0, 0, 0)])
        self.assertEqual(shown, rows[:10] + [5] + rows[-10:] + [shown[-1]])
        self.assertEqual(shown[-1].metric, "n")

    def test_no_names_no_area_tables_or_figures(self):
        from coalesce_analysis import figures_experiment, open_result, reporting

        for name in ("experiment", "design_sobol"):
            ds = open_result(data(name))
            self.assertEqual(reporting.area_tables(ds, 0.95), [], name)
            t = figures_experiment.time_axis(ds)
            self.assertEqual(figures_experiment.area_jobs(ds, t, figures_experiment.baseline_of(ds), 0.95, None), [])


class ShippedRegionsExperiment(unittest.TestCase):
    """data/experiments/regions-delivery-vs-relational.ini, run small with the real binary:
    its arms keep the nine English regions of the base (issue 18), so the report's table of
    areas ranked by the relational arm's effect names them all. Checked on the tables
    report.py renders (reporting.area_tables): drawing the whole report for nine regions
    takes minutes, and the rendering of those tables into the page is checked on the fixture
    experiment (NamedAreas). Runs with --real only (it needs the binary)."""

    def test_report_ranks_the_regions(self):
        if FIXTURES or not checks.BINARY:
            self.skipTest("needs the real binary (--real)")
        import csv
        import subprocess

        from coalesce_analysis import open_result, reporting

        table = checks.SOURCE / "data" / "areas" / "england-regions.csv"
        with open(table, encoding="utf-8") as f:
            regions = {r["code"]: r["name"] for r in csv.DictReader(line for line in f if not line.startswith("#"))}
        result = temp_dir(self) / "regions.h5"
        ini = checks.SOURCE / "data" / "experiments" / "regions-delivery-vs-relational.ini"
        subprocess.run([checks.BINARY, "experiment", str(ini), "--replicates", "2", "--steps", "3",
                        "--set", "population.citizens=1800", "--out", str(result), "--quiet"],
                       check=True, stdout=subprocess.DEVNULL, timeout=300)
        tables = reporting.area_tables(open_result(result), 0.95)
        titles = [t[0] for t in tables]
        self.assertEqual(len(tables), 1, titles)  # the relational arm against the baseline
        self.assertTrue(titles[0].startswith("Areas ranked by the effect of relational vs delivery"), titles)
        shown = [r for r in tables[0][2] if r[1] != "…"]
        self.assertTrue(shown, "no rows")
        for r in shown:
            self.assertEqual(regions.get(r[3]), r[2], f"row {r}: not a region of the table")
        for metric in {r[0] for r in shown}:
            ranks = [int(r[1]) for r in shown if r[0] == metric]
            self.assertEqual(ranks[0], 1, metric)
            self.assertEqual(ranks[-1], len(regions), f"{metric}: the last region is ranked {len(regions)}")


FIXTURES = False  # set by main(): checking the fixture files, not files named on the command line


def main() -> int:
    global FIXTURES
    args = sys.argv[1:]
    if "--real" in args:
        args.remove("--real")
        import fixtures

        real = fixtures.make_real_experiments(checks.BINARY, Path(checks.DATA))
        if not real:
            print("coalesce has no 'experiment' command yet: skipped", file=sys.stderr)
            return fixtures.SKIP
        FILES.extend(real)
    FILES.extend(Path(a) for a in args)
    if not FILES:
        FIXTURES = True
        FILES.extend(data(n) for n in ("experiment", "experiment_nocomp", "design_sobol", "design_morris",
                                       "experiment_areas"))
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
