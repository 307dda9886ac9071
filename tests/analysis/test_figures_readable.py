#!/usr/bin/python3
"""Each report figure read as a reader would: the figures are captured as matplotlib objects
just before they are saved, and every panel is checked for

- a y label that names a quantity or unit in words (never a raw "0..1", which reads "0.1"),
- a legend that covers no data (no point of any line or band inside the legend's box),
- bands of shares and 0-1 scores inside [0, 1],
- a note on panels with nothing to draw, and letters on the panels of multi-panel figures.

Runs on the run file and the experiment files of the analysis fixtures (and on the run and
experiment over named areas).
"""

import unittest
from unittest import mock

import numpy as np

import checks  # noqa: F401  (sets sys.path)
from checks import data, temp_dir

from coalesce_analysis import figures_experiment, figures_run, loader, reporting, sensitivity_overview, stats


def captured_figures(test, result: str) -> list:
    """(file name, Figure) of every figure the report of `result` draws."""
    figs = []

    def keep(fig, folder, name):
        figs.append((name, fig))
        return name

    out = temp_dir(test)
    with mock.patch.object(figures_run, "save", keep), mock.patch.object(figures_experiment, "save", keep), \
            mock.patch.object(sensitivity_overview, "save", keep):
        ds = loader.open_result(data(result))
        if ds.attrs.get("kind") == loader.KIND_EXPERIMENT:
            comparisons = loader.read_comparisons(data(result)) or stats.paired_comparisons(
                ds, figures_experiment.baseline_of(ds))
            jobs = figures_experiment.experiment_jobs(ds, comparisons, loader.read_sensitivity(data(result)), out)
        else:
            jobs = figures_run.run_jobs(ds, out)
        for job in jobs:
            job()
    return figs


def data_points(ax):
    """Display coordinates of every line vertex and band/area vertex drawn on `ax`."""
    pts = []
    for line in ax.lines:
        xy = np.column_stack(line.get_data()).astype(float)
        pts.append(ax.transData.transform(xy[np.isfinite(xy).all(axis=1)]))
    for coll in ax.collections:
        for path in coll.get_paths():
            v = path.vertices[np.isfinite(path.vertices).all(axis=1)]
            pts.append(ax.transData.transform(v))
    return np.vstack(pts) if pts else np.empty((0, 2))


def is_time_series(ax) -> bool:
    return ax.get_xlabel() in ("years",) or ax.get_xlabel().startswith("time")


class Readable(unittest.TestCase):
    def check_figures(self, result: str):
        self.check_drawn(result, captured_figures(self, result))

    def check_drawn(self, result: str, figs: list):
        self.assertGreater(len(figs), 0)
        for name, fig in figs:
            fig.canvas.draw()
            renderer = fig.canvas.get_renderer()
            axes = [a for a in fig.axes if a.get_visible() and a.get_label() != "<colorbar>"]
            for ax in axes:
                where = f"{result}: {name}, panel '{ax.get_title()}'"
                ylabel = ax.get_ylabel() or (fig._supylabel.get_text() if fig._supylabel else "")
                self.assertNotIn("..", ylabel, where)
                if is_time_series(ax) and (ax.lines or ax.collections):
                    self.assertTrue(ylabel.strip(), f"{where}: no y label")
                legend = ax.get_legend()
                if legend is not None:
                    box = legend.get_window_extent(renderer)
                    pts = data_points(ax)
                    inside = ((pts[:, 0] > box.x0 + 1) & (pts[:, 0] < box.x1 - 1)
                              & (pts[:, 1] > box.y0 + 1) & (pts[:, 1] < box.y1 - 1))
                    self.assertFalse(inside.any(), f"{where}: the legend covers {int(inside.sum())} data points")
                if "0 to 1" in ylabel and "\n" not in ylabel and not ylabel.startswith("difference"):
                    for coll in ax.collections:
                        for path in coll.get_paths():
                            y = path.vertices[:, 1]
                            y = y[np.isfinite(y)]
                            self.assertTrue(((y >= -1e-9) & (y <= 1 + 1e-9)).all(),
                                            f"{where}: a band leaves [0, 1]")
                if not (ax.lines or ax.collections or ax.patches or ax.images):
                    self.assertTrue(ax.texts, f"{where}: an empty panel without a note")
            titles = [a.get_title() for a in axes if a.get_title()]
            if len(titles) > 1 and all(is_time_series(a) for a in axes) and not name.startswith("communities_"):
                self.assertTrue(all(t.startswith("(") for t in titles), f"{name}: panels not labelled: {titles}")

    def test_run_figures(self):
        self.check_figures("run")

    def test_experiment_figures(self):
        self.check_figures("experiment")

    def test_named_area_figures(self):
        """Real places (issue 18): area small multiples of a run and of an experiment's arms."""
        for name in ("run_areas", "experiment_areas"):
            with self.subTest(name):
                self.check_figures(name)

    def test_decision_figure(self):
        """The decision page's cost-effectiveness plane (issue 13), on arms and on parameter samples."""
        import decision_fixtures
        from coalesce_analysis import decision, decision_figure

        for make in (decision_fixtures.make_arms_file, decision_fixtures.make_uncertain_file):
            with self.subTest(make.__name__):
                path = make(temp_dir(self) / "decision.h5")
                d = decision.analyse(path, loader.open_result(path), 0.95, loader.read_uncertainty(path))
                figs = []
                with mock.patch.object(decision_figure, "save", lambda fig, folder, name: figs.append((name, fig)) or name):
                    decision_figure.plane(d, temp_dir(self))
                self.check_drawn(path.name, figs)

    def test_scenario_discovery_figure(self):
        """The PRIM figure (coverage against density; samples and boxes) of the arms across
        parameter uncertainty (issue 13), on the synthetic file and on the binary's."""
        import decision_fixtures
        from coalesce_analysis import uncertainty

        paths = [decision_fixtures.make_uncertain_file(temp_dir(self) / "u.h5", analysed=True), data("uncertain")]
        for path in paths:
            with self.subTest(path.name):
                figs = []
                with mock.patch.object(uncertainty, "save", lambda fig, folder, name: figs.append((name, fig)) or name):
                    uncertainty.figure(loader.read_uncertainty(path), temp_dir(self))
                self.assertEqual(len(figs), 1)
                self.check_drawn(path.name, figs)

    def test_design_figures(self):
        for name in ("design_sobol", "design_morris"):
            with self.subTest(name):
                self.check_figures(name)


class ManyMetricsSobol(unittest.TestCase):
    def test_default_metric_list_gives_a_few_figures(self):
        """A Sobol analysis of many metrics: small multiples of all, detail for a few."""
        import xarray as xr
        n_metrics, params = 40, ["a", "b", "c"]
        sens = {}
        for i in range(n_metrics):
            st = np.array([[0.5, 0.2, 0.1]]) * (i + 1) / n_metrics
            if i == 3:
                st[:] = np.nan  # a constant output: undefined indices
            sens[f"metric_{i:02d}"] = xr.Dataset(
                {"ST": (("sensitivity_time", "parameter"), st), "S1": (("sensitivity_time", "parameter"), st / 2)},
                coords={"sensitivity_time": [10.0], "parameter": params})
        ds = xr.Dataset(attrs={"model": "none"})
        figs = []
        with mock.patch.object(sensitivity_overview, "save", lambda fig, folder, name: figs.append(fig) or name):
            infos = sensitivity_overview.overview_figures(sens, ds, temp_dir(self))
        self.assertEqual(len(infos), 4)  # 40 metrics, 12 to a figure
        self.assertEqual(len(sensitivity_overview.detailed_metrics("none", sens)), sensitivity_overview.DETAILED_MAX)
        undefined = [t.get_text() for f in figs for a in f.axes for t in a.texts]
        self.assertTrue(any("undefined" in t for t in undefined))


if __name__ == "__main__":
    unittest.main(verbosity=2)
