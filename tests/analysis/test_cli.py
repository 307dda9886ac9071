#!/usr/bin/python3
"""Bad input to analysis/report.py: exit code 2 and one line on stderr, never a traceback."""

import os
import subprocess
import sys
import unittest

import h5py
import numpy as np

import checks  # noqa: F401  (sets sys.path)
from checks import ANALYSIS, data, run_report, temp_dir


class BadInput(unittest.TestCase):
    def expect_bad_input(self, proc, *words):
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertTrue(lines[0].startswith("report: "), lines[0])
        for w in words:
            self.assertIn(w, lines[0])
        self.assertEqual(proc.stdout, "")

    def test_missing_file(self):
        out = temp_dir(self) / "out"
        self.expect_bad_input(run_report("/nonexistent/run.h5", out), "/nonexistent/run.h5", "does not exist")
        self.assertFalse(out.exists(), "no output folder for bad input")

    def test_folder_given_as_result(self):
        tmp = temp_dir(self)
        self.expect_bad_input(run_report(tmp, tmp / "out"), "is a folder")

    def test_not_hdf5(self):
        tmp = temp_dir(self)
        (tmp / "notes.h5").write_text("not a result\n")
        self.expect_bad_input(run_report(tmp / "notes.h5", tmp / "out"), "not an HDF5 file")

    def test_hdf5_but_not_a_coalesce_result(self):
        tmp = temp_dir(self)
        with h5py.File(tmp / "other.h5", "w") as f:
            f["x"] = np.arange(4.0)
        self.expect_bad_input(run_report(tmp / "other.h5", tmp / "out"), "not a coalesce result file")

    def test_output_folder_is_a_file(self):
        tmp = temp_dir(self)
        (tmp / "file").write_text("x")
        self.expect_bad_input(run_report(data("sir"), tmp / "file"), "is not a folder")

    def test_output_folder_cannot_be_created(self):
        tmp = temp_dir(self)
        (tmp / "file").write_text("x")
        self.expect_bad_input(run_report(data("sir"), tmp / "file" / "sub"), "cannot create output folder")

    @unittest.skipIf(os.geteuid() == 0, "root can write to a read-only folder")
    def test_output_folder_not_writable(self):
        tmp = temp_dir(self)
        (tmp / "ro").mkdir()
        os.chmod(tmp / "ro", 0o555)
        self.addCleanup(os.chmod, tmp / "ro", 0o755)
        self.expect_bad_input(run_report(data("sir"), tmp / "ro"), "not writable")

    def test_unknown_option_and_missing_argument(self):
        self.expect_bad_input(run_report(data("sir"), None, "--colour"), "unrecognized arguments")
        self.expect_bad_input(run_report("", None), "no result file given")
        self.expect_bad_input(run_report(data("sir"), temp_dir(self), "-j", "0"), "--jobs")


class MissingPackages(unittest.TestCase):
    """An interpreter without the packages (here Debian's own with its site-packages switched
    off by -S, as a bare virtualenv or conda python would be) gets one line saying which
    interpreter and which Debian packages, not a traceback."""

    def run_without_site(self, *args):
        return subprocess.run([sys.executable, "-S", *args], capture_output=True, text=True, timeout=120)

    def test_report_says_interpreter_and_packages(self):
        proc = self.run_without_site(str(ANALYSIS / "report.py"), str(data("sir")))
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        for word in ("report: ", sys.executable, "/usr/bin/python3", "python3-h5py", "python3-xarray",
                     "python3-matplotlib", "apt-get install"):
            self.assertIn(word, lines[0])

    def test_loader_import_error_is_one_line(self):
        code = (f"import sys; sys.path.insert(0, {str(ANALYSIS)!r})\n"
                "try:\n    import coalesce_analysis\nexcept ImportError as e:\n    print(e); sys.exit(3)\n")
        proc = self.run_without_site("-c", code)
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertEqual(len(proc.stdout.strip().splitlines()), 1, proc.stdout)
        self.assertIn("python3-h5py", proc.stdout)

    def run_with_hidden(self, module, code):
        """Runs `code` with `module` unimportable, as when its Debian package is not installed
        (None in sys.modules makes `import module` fail), the other packages present."""
        prelude = (f"import sys; sys.modules[{module!r}] = None; sys.path.insert(0, {str(ANALYSIS)!r})\n"
                   "from coalesce_analysis.requirements import MissingPackages\n")
        return subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True, timeout=120)

    def expect_one_line(self, proc, package):
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)
        lines = proc.stdout.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stdout)
        for word in ("MissingPackages: ", sys.executable, "/usr/bin/python3", f"apt-get install {package}"):
            self.assertIn(word, lines[0])
        self.assertNotIn("halted", lines[0])  # not the bare ModuleNotFoundError's words

    def test_open_result_without_xarray_is_one_line(self):
        # The loader imports xarray only when it builds a Dataset (numpy and h5py are checked
        # when the package is imported): that late import says the same one line.
        code = ("from coalesce_analysis import open_result\n"
                f"try:\n    open_result({str(data('sir'))!r})\n"
                "except MissingPackages as e:\n    print(f'MissingPackages: {e}'); sys.exit(3)\n")
        self.expect_one_line(self.run_with_hidden("xarray", code), "python3-xarray")

    def test_every_module_with_optional_imports_says_one_line(self):
        # One interpreter per hidden package, importing every module that imports packages
        # beyond numpy and h5py (a module that does not need it, directly or not, imports).
        names = ("reporting", "stats", "decision", "figures_run", "figures_experiment", "plotting", "areas",
                 "decision_figure")
        for module, package in (("xarray", "python3-xarray"), ("matplotlib", "python3-matplotlib"),
                                ("scipy", "python3-scipy")):
            code = ("import importlib\n"
                    f"for name in {names!r}:\n"
                    "    try:\n        importlib.import_module('coalesce_analysis.' + name)\n"
                    "    except MissingPackages as e:\n        print(f'{name}: MissingPackages: {e}')\n")
            proc = self.run_with_hidden(module, code)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertNotIn("Traceback", proc.stderr)
            lines = proc.stdout.strip().splitlines()
            self.assertGreaterEqual(len(lines), 1, f"no module needs {module}?")
            for line in lines:
                with self.subTest(module=module, line=line.split(":")[0]):
                    for word in ("MissingPackages: ", sys.executable, "/usr/bin/python3", f"apt-get install {package}"):
                        self.assertIn(word, line)

    def test_calibration_report_without_matplotlib_is_one_line(self):
        code = ("import runpy\n"
                "sys.argv = ['calibration_report.py', 'CAL.h5']\n"
                f"runpy.run_path({str(ANALYSIS / 'calibration_report.py')!r}, run_name='__main__')\n")
        proc = self.run_with_hidden("matplotlib", code)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        for word in ("calibration_report: ", sys.executable, "python3-matplotlib"):
            self.assertIn(word, lines[0])


def damaged_copy(test, name, damage):
    """A copy of a fixture result with `damage(h5py.File)` applied."""
    import shutil

    path = temp_dir(test) / f"damaged-{name}.h5"
    shutil.copyfile(data(name), path)
    with h5py.File(path, "r+") as f:
        damage(f)
    return path


def reshape_first_metric(f):
    name = next(iter(f["timeseries"]))
    del f["timeseries"][name]
    f["timeseries"][name] = np.zeros((1, 2, 3))


class DamagedResult(unittest.TestCase):
    """Issue 14, item 10: a damaged result is one line and exit 2, and ResultError from the loader."""

    def expect_damaged(self, path):
        from coalesce_analysis import ResultError, open_result

        with self.assertRaises(ResultError) as caught:
            open_result(path)
        self.assertIn(str(path), str(caught.exception))
        self.assertEqual(len(str(caught.exception).splitlines()), 1)
        proc = run_report(path, temp_dir(self) / "out")
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)
        self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)
        self.assertIn("damaged", proc.stderr)

    def test_metric_of_the_wrong_shape(self):
        self.expect_damaged(damaged_copy(self, "sir", reshape_first_metric))


if __name__ == "__main__":
    unittest.main(verbosity=2)
