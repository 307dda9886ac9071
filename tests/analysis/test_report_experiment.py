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


def main() -> int:
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
        FILES.extend(data(n) for n in ("experiment", "experiment_nocomp", "design_sobol", "design_morris"))
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
