"""Shared helpers of the analysis tests: paths from ctest, running the report, checking output.

ctest passes COALESCE_BINARY (the built binary), ANALYSIS_DATA (where the fixture step
wrote the result files) and COALESCE_SOURCE_DIR. Every check here looks at the files the
report wrote, not at the package's own idea of what it wrote.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SOURCE = Path(os.environ.get("COALESCE_SOURCE_DIR", HERE.parent.parent))
ANALYSIS = SOURCE / "analysis"
REPORT = ANALYSIS / "report.py"
DATA = Path(os.environ.get("ANALYSIS_DATA", "/nonexistent-analysis-data"))
BINARY = os.environ.get("COALESCE_BINARY", "")

sys.path.insert(0, str(ANALYSIS))
sys.path.insert(0, str(HERE))

# Figures a report of the small coalition run must contain (issue 5: objective and subjective
# per issue, trust and legitimacy, spending by mode, coalitions, networks, per-community small
# multiples), plus the BMI distribution.
COALITION_RUN_FIGURES = [
    "issue_obesity.png", "issue_climate.png", "trust_legitimacy.png", "spending.png",
    "commissioning_mix.png", "coalitions.png", "network.png", "communities_obesity.png",
    "communities_climate.png", "communities_trust.png", "histogram_bmi_distribution.png",
]
COALITION_GROUPS = ["issue_obesity", "issue_climate", "trust_legitimacy", "spending", "commissioning_mix",
                    "coalitions", "network"]


def data(name: str) -> Path:
    path = DATA / f"{name}.h5"
    if not path.is_file():
        raise FileNotFoundError(f"{path} missing: run the analysis_fixtures test first (ctest -L analysis)")
    return path


def run_report(result, out=None, *args, timeout=300) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(REPORT), str(result)] + (["-o", str(out)] if out is not None else []) + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def temp_dir(test) -> Path:
    d = tempfile.TemporaryDirectory(prefix="coalesce-analysis-")
    test.addCleanup(d.cleanup)
    return Path(d.name)


def read_png(path: Path) -> np.ndarray:
    """RGB(A) floats in 0..1 (matplotlib's reader)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import image

    return image.imread(str(path))


def check_png(test, path: Path, min_size=(200, 150)) -> None:
    """A valid PNG of a sensible size with real content (not one flat colour)."""
    raw = path.read_bytes()
    test.assertEqual(raw[:8], b"\x89PNG\r\n\x1a\n", f"{path.name}: not a PNG")
    img = read_png(path)
    h, w = img.shape[:2]
    test.assertGreaterEqual(w, min_size[0], f"{path.name}: too narrow ({w} px)")
    test.assertGreaterEqual(h, min_size[1], f"{path.name}: too short ({h} px)")
    rgb = img[..., :3]
    # Blank = (nearly) every pixel the background colour. A figure has axes, text and data.
    background = np.all(np.abs(rgb - rgb[0, 0]) < 0.02, axis=-1)
    test.assertLess(background.mean(), 0.985, f"{path.name}: blank (only {1 - background.mean():.2%} drawn)")
    colourful = (rgb.max(axis=-1) - rgb.min(axis=-1)) > 0.25
    test.assertGreater(colourful.mean(), 0.001, f"{path.name}: no coloured data drawn")


def check_report(test, out: Path, expected: list[str] | None = None) -> str:
    """index.html exists, is self-contained and, with the decision page (decision.html) when
    there is one, references every PNG, each a valid figure embedded in the page that lists it.
    Returns index.html's text."""
    index = out / "index.html"
    test.assertTrue(index.is_file(), "index.html not written")
    html = index.read_text(encoding="utf-8")
    pages = {"index.html": html}
    if (out / "decision.html").is_file():
        pages["decision.html"] = (out / "decision.html").read_text(encoding="utf-8")
        test.assertIn('href="decision.html"', html, "the decision page is not linked from index.html")
    pngs = sorted(p.name for p in out.glob("*.png"))
    test.assertTrue(pngs, "no PNG figures written")
    for name in expected or []:
        test.assertIn(name, pngs, f"expected figure {name} missing")
    owner = {name: page for page, text in pages.items() for name in re.findall(r'data-file="([^"]+)"', text)}
    referenced = [name for text in pages.values() for name in re.findall(r'data-file="([^"]+)"', text)]
    test.assertEqual(sorted(referenced), pngs, "the pages must reference exactly the PNGs in the folder")
    for name in pngs:
        check_png(test, out / name)
        text = pages[owner[name]]
        test.assertIn(f'href="{name}"', text, f"{name}: no link to the PNG file")
        # Self-contained: the figure itself is embedded, byte for byte.
        fig = re.search(rf'<figure[^>]*data-file="{re.escape(name)}">\s*<img src="data:image/png;base64,([^"]+)"', text)
        test.assertIsNotNone(fig, f"{name}: not embedded in the page")
        test.assertEqual(base64.b64decode(fig.group(1)), (out / name).read_bytes(), f"{name}: embedded copy differs")
    for text in pages.values():
        # Nothing fetched from the network or from other files.
        test.assertNotRegex(text, r'(src|href)="(https?:)?//', "the page refers to a network resource")
        test.assertNotRegex(text, r"<link\b|<script\b|@import|url\(", "the page loads external resources")
    return html


def metrics_shown(html: str) -> set[str]:
    return set(re.findall(r"<li><code>([^<]+)</code>", html))
