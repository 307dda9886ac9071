#!/usr/bin/python3
"""The HTML report in a real browser: headless Chromium renders it with every figure, none broken.

Two looks: the DOM after load (a probe script, added to a copy of the page, records each
image's decoded size) and a screenshot (the figures' colours must be on screen).
Chromium is Debian's `chromium`, installed by scripts/install-deps.sh --test.
"""

import html as htmllib
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

import numpy as np

import checks  # noqa: F401  (sets sys.path)
from checks import check_png, data, read_png, run_report, temp_dir

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

# Appended to a copy of the page (the report itself has no scripts).
PROBE = """<script>
function probe() {
  const imgs = Array.from(document.images);
  const result = {
    title: document.title,
    figures: document.querySelectorAll("figure[data-file]").length,
    images: imgs.length,
    broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt),
    shown: imgs.filter(i => i.getBoundingClientRect().width > 200 && i.getBoundingClientRect().height > 100).length,
  };
  const out = document.createElement("pre");
  out.id = "probe-result";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
}
if (document.readyState === "complete") probe(); else window.addEventListener("load", probe);
</script>
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.exe = chromium()
        cls.tmp_dir = tempfile.TemporaryDirectory(prefix="coalesce-analysis-")
        cls.tmp = Path(cls.tmp_dir.name)
        cls.out = cls.tmp / "report"
        cls.report = run_report(data("run"), cls.out, "--quiet")

    @classmethod
    def tearDownClass(cls):
        cls.tmp_dir.cleanup()

    def setUp(self):
        if not self.exe:
            self.fail("chromium is not installed (scripts/install-deps.sh --test installs it)")
        self.assertEqual(self.report.returncode, 0, self.report.stderr)

    def browse(self, *args) -> subprocess.CompletedProcess:
        env = dict(os.environ, HOME=str(self.tmp))  # keep Chromium's caches out of the real home
        profile = temp_dir(self) / "profile"
        cmd = [self.exe, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000", *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env)
        self.assertEqual(proc.returncode, 0, f"chromium failed: {proc.stderr[-2000:]}")
        return proc

    def test_dom_has_every_figure_loaded(self):
        page = (self.out / "index.html").read_text(encoding="utf-8")
        probe = self.out / "probe.html"
        # One deliberately broken image proves the probe would notice a broken figure.
        broken = '<img alt="deliberately-broken" src="data:image/png;base64,AAAA">'
        probe.write_text(page.replace("</body>", broken + PROBE + "</body>"), encoding="utf-8")
        proc = self.browse("--dump-dom", probe.as_uri())
        found = re.search(r'<pre id="probe-result">(.*?)</pre>', proc.stdout, re.S)
        self.assertIsNotNone(found, f"probe did not run; DOM starts: {proc.stdout[:500]}")
        result = json.loads(htmllib.unescape(found.group(1)))
        n_png = len(list(self.out.glob("*.png")))
        self.assertEqual(result["figures"], n_png)
        self.assertEqual(result["images"], n_png + 1)
        self.assertEqual(result["broken"], ["deliberately-broken"], "broken images")
        self.assertEqual(result["shown"], n_png, "every figure laid out at a readable size")
        self.assertIn("coalition", result["title"])

    def test_screenshot_shows_the_figures(self):
        shot = self.tmp / "shot.png"
        self.browse("--hide-scrollbars", "--window-size=1280,3200", f"--screenshot={shot}",
                    (self.out / "index.html").as_uri())
        self.assertTrue(shot.is_file(), "no screenshot written")
        check_png(self, shot, min_size=(1000, 2000))
        rgb = read_png(shot)[..., :3]
        # Text is black on white; the figures' lines, bands and areas are in colour.
        colourful = (rgb.max(axis=-1) - rgb.min(axis=-1)) > 0.25
        self.assertGreater(colourful.mean(), 0.005, "no figure colours on screen")
        # Figures start after the header and contents: the lower part must hold them.
        lower = colourful[rgb.shape[0] // 2:]
        self.assertGreater(lower.mean(), 0.005, "the figures are not rendered")
        rows_with_colour = np.flatnonzero(colourful.mean(axis=1) > 0.01)
        self.assertGreater(len(rows_with_colour), 300, "too little of the page shows figures")


if __name__ == "__main__":
    unittest.main(verbosity=2)
