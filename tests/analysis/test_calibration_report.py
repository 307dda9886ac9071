#!/usr/bin/python3
"""analysis/calibration_report.py on a real calibration (data/calibration/recovery.ini, a few
seconds): one pairs plot per wave, the targets and LOO figures, an index.html naming them;
bad input is exit code 2 and one line."""

import subprocess
import sys
import unittest

import checks  # noqa: F401  (sets sys.path)
from checks import BINARY, SOURCE, temp_dir

SCRIPT = SOURCE / "analysis" / "calibration_report.py"


class CalibrationReport(unittest.TestCase):
    def test_figures_for_every_wave(self):
        tmp = temp_dir(self)
        cal = tmp / "cal.h5"
        run = subprocess.run([BINARY, "calibrate", str(SOURCE / "data/calibration/recovery.ini"), "-q",
                              "--threads", "2", "--out", str(cal)], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        rep = subprocess.run([sys.executable, str(SCRIPT), str(cal), "-o", str(tmp / "rep")],
                             capture_output=True, text=True)
        self.assertEqual(rep.returncode, 0, rep.stderr)
        index = (tmp / "rep" / "index.html").read_text()
        waves = sorted(p.name for p in (tmp / "rep").glob("wave_*_pairs.png"))
        self.assertGreaterEqual(len(waves), 2)
        for name in waves + ["targets.png", "loo.png"]:
            self.assertIn(name, index)
            self.assertGreater((tmp / "rep" / name).stat().st_size, 1000)

    def test_bad_input_is_one_line(self):
        tmp = temp_dir(self)
        (tmp / "x.h5").write_text("not hdf5\n")
        rep = subprocess.run([sys.executable, str(SCRIPT), str(tmp / "x.h5"), "-o", str(tmp / "rep")],
                             capture_output=True, text=True)
        self.assertEqual(rep.returncode, 2)
        self.assertEqual(len(rep.stderr.strip().splitlines()), 1, rep.stderr)
        self.assertNotIn("Traceback", rep.stderr)
        self.assertFalse((tmp / "rep").exists())


if __name__ == "__main__":
    unittest.main()
