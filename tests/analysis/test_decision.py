#!/usr/bin/python3
"""The decision report (decision.py, decision_page.py) on files with hand-computable answers.

The fixtures (decision_fixtures.py) are synthetic: a represented population of 1000, twelve
months, arms whose extra cost and outcome gains are stated there; every expected number
below is worked out by hand from those statements.
"""

import html
import re
import tempfile
import unittest
from pathlib import Path
from html.parser import HTMLParser

import numpy as np
from scipy import stats as sps

import checks  # noqa: F401  (sets sys.path)
import decision_fixtures as fx
from checks import temp_dir
from coalesce_analysis import decision, decision_page, loader, reporting


def analysed(cls, uncertain=False):
    folder = tempfile.TemporaryDirectory(prefix="coalesce-decision-")
    cls.addClassCleanup(folder.cleanup)
    path = Path(folder.name) / ("uncertain.h5" if uncertain else "arms.h5")
    (fx.make_uncertain_file if uncertain else fx.make_arms_file)(path)
    ds = loader.open_result(path)
    return decision.analyse(path, ds, 0.95, loader.read_uncertainty(path))


def effect(d, arm, metric, group="all"):
    return next(e for e in d.effects if e.arm == arm and e.outcome.metric == metric and e.group == group)


class CostPerUnit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = analysed(cls)

    def test_population_horizon_and_cost(self):
        self.assertEqual(self.d.population, 1000.0)
        self.assertEqual(self.d.months, 12.0)
        # 12 (50 + k) + 1.2 GBP a head a year x 1000 people = 1800 + 12k, mean over k = 0..3: 1818;
        # t interval: sd of 12k is 12 x 1.29099, over sqrt(4), times t(3, 0.975).
        half = sps.t.ppf(0.975, 3) * 12 * np.std(np.arange(4), ddof=1) / 2
        self.assertTrue(np.allclose(self.d.summary["costly"]["cost"], (1818, 1818 - half, 1818 + half), rtol=1e-12))

    def test_units_of_each_outcome(self):
        self.assertAlmostEqual(effect(self.d, "costly", "obesity_prevalence").gain[0], 11.5, places=9)  # 10 + k
        self.assertAlmostEqual(effect(self.d, "costly", "emissions_per_head").gain[0], 120.0, places=9)  # 12 x 0.12 / 12 x 1000
        self.assertAlmostEqual(effect(self.d, "costly", "trust_government").gain[0], 2.0, places=9)  # 0.02 = 2 points
        self.assertAlmostEqual(effect(self.d, "costly", "crime_victimised").gain[0], 12.0, places=9)  # 12 x 0.001 x 1000
        for q in range(1, 6):  # 12 months x 0.001 q x 200 people
            self.assertAlmostEqual(effect(self.d, "costly", "crime_victimised", f"quintile {q}").gain[0], 2.4 * q, places=9)

    def test_ratio_and_fieller_interval(self):
        e = effect(self.d, "costly", "obesity_prevalence")
        self.assertEqual(e.verdict, "cost per unit")
        self.assertAlmostEqual(e.ratio[0], 1818 / 11.5, places=9)
        # The Fieller ends solve (mc - r me)^2 = t^2 Var(mean dc - r mean de).
        k = np.arange(4.0)
        dc, de = 1800 + 12 * k, 10 + k
        t2 = sps.t.ppf(0.975, 3) ** 2
        for r in e.ratio[1:]:
            lhs = (dc.mean() - r * de.mean()) ** 2
            rhs = t2 * np.var(dc - r * de, ddof=1) / 4
            self.assertAlmostEqual(lhs, rhs, delta=1e-9 * max(lhs, 1.0))
        self.assertLess(e.ratio[1], e.ratio[0])
        self.assertGreater(e.ratio[2], e.ratio[0])
        # A certain gain (120 t in every replicate): the interval is the cost's divided by 120.
        t = effect(self.d, "costly", "emissions_per_head")
        self.assertTrue(np.allclose(t.ratio, np.array(self.d.summary["costly"]["cost"]) / 120.0, rtol=1e-9))

    def test_verdicts(self):
        self.assertEqual(effect(self.d, "nothing", "obesity_prevalence").verdict, "no detectable effect")
        self.assertTrue(np.isnan(effect(self.d, "nothing", "obesity_prevalence").ratio[0]))
        self.assertEqual(effect(self.d, "worse", "obesity_prevalence").verdict, "dominated (costlier and worse)")
        self.assertEqual(effect(self.d, "cheaper", "obesity_prevalence").verdict, "dominant (cheaper and better)")
        self.assertEqual(decision.verdict((1, 0.5, 2), (np.nan, np.nan, np.nan)), "too few values for an interval")
        self.assertEqual(decision.verdict((-5, -6, -4), (-1, -2, -0.5)), "worse but cheaper")

    def test_fieller_unbounded_when_the_gain_could_be_zero(self):
        ratio = decision.fieller([10, 11, 12, 13], [1, -1, 2, -2], 0.95)
        self.assertTrue(np.isnan(ratio[1]) and np.isnan(ratio[2]))


class BreakEven(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = analysed(cls, uncertain=True)

    def row(self, target, parameter):
        return next(b for b in self.d.break_even if b.target == target and b.parameter == parameter)

    def test_known_crossings(self):
        self.assertEqual(self.d.paired_over, "parameter samples")
        self.assertEqual(self.d.n, fx.SAMPLES)
        # Obesity cases avoided 50 (p0 - 0.3): 0 at p0 = 0.3; net benefit 2400 p1 - 1200: 0 at p1 = 0.5.
        self.assertAlmostEqual(self.row("obesity cases avoided", "p0").value, 0.3, places=9)
        self.assertAlmostEqual(self.row("net benefit (GBP)", "p1").value, 0.5, places=9)
        self.assertGreater(abs(self.row("obesity cases avoided", "p0").correlation), 0.999)

    def test_samples_gaining(self):
        # p0 = (s + 0.5) / 8 > 0.3 in 6 of the 8 samples.
        self.assertEqual(effect(self.d, "arm", "obesity_prevalence").samples_gaining, (6, 8))

    def test_no_crossing_within_the_range(self):
        x = np.column_stack([np.linspace(0, 1, 9), np.linspace(0, 1, 9)[::-1] ** 2])
        rows = decision.break_even_rows("a", "y", x, ["x0", "x1"], 1.0 + x[:, 0])
        self.assertEqual(rows[0].parameter, "x0")
        self.assertTrue(np.isnan(rows[0].value))
        self.assertIn("does not cross within the range (always gains)", decision_page.break_even_rows(
            decision.Decision("b", ["a"], 1, 12, 0.9, "parameter samples", 9, [], {}, [], rows, ["x0", "x1"]))[0][-1])


class Cells(HTMLParser):
    """Rows of every table and the page's visible text; fails on unbalanced tags."""

    def __init__(self):
        super().__init__()
        self.rows, self.text, self.stack = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "br", "img", "link"):
            self.stack.append(tag)
        if tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th"):
            self.rows[-1] += 1

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data):
        if "style" not in self.stack:
            self.text.append(data)


class Page(unittest.TestCase):
    def test_page_renders_and_reads(self):
        out = temp_dir(self)
        path = fx.make_arms_file(out / "arms.h5")
        index = reporting.write_report(path, out / "report")
        page = index.parent / "decision.html"
        self.assertTrue(page.is_file())
        self.assertTrue((index.parent / "decision_plane.png").is_file())
        self.assertIn('data-file="decision_plane.png"', page.read_text(encoding="utf-8"))
        self.assertIn('href="decision.html"', index.read_text(encoding="utf-8"))
        source = page.read_text(encoding="utf-8")
        parser = Cells()
        parser.feed(source)
        self.assertEqual(parser.stack, [])
        text = html.unescape(" ".join(parser.text))
        # 1818 / 11.5 = 158.09: three significant figures, in words.
        self.assertIn("£158 per obesity case avoided", text)
        self.assertIn("no detectable effect on obesity", text)
        self.assertIn("dominated (costlier and worse)", text)
        self.assertIn("dominant (cheaper and better)", text)
        # Readable numbers: no NaN, no scientific notation, at most three significant figures.
        self.assertNotRegex(text, r"\b(nan|inf)\b|\d[eE][+-]?\d")
        tables = text[text.index("In one sentence"):text.index("How to read")]
        for number in re.findall(r"\d[\d,]*(?:\.\d+)?", tables):
            digits = number.replace(",", "").replace(".", "").lstrip("0").rstrip("0") if "." not in number \
                else number.replace(",", "").replace(".", "").lstrip("0")
            self.assertLessEqual(len(digits), 3, f"'{number}' on the decision page")
        # The arm without an effect never gets a ratio.
        row = next(r for r in re.findall(r"<tr>(.*?)</tr>", source) if "<td>nothing</td>" in r and "obesity" in r)
        self.assertNotIn(" per obesity case", row)

    def test_no_page_without_money_and_stale_page_removed(self):
        out = temp_dir(self)
        report = out / "report"
        reporting.write_report(fx.make_arms_file(out / "arms.h5"), report)
        self.assertTrue((report / "decision.html").is_file())
        index = reporting.write_report(fx.make_arms_file(out / "plain.h5", money=False), report)
        self.assertFalse((report / "decision.html").exists())
        self.assertFalse((report / "decision_plane.png").exists())
        self.assertNotIn("decision.html", index.read_text(encoding="utf-8"))

    def test_uncertain_page(self):
        out = temp_dir(self)
        path = fx.make_uncertain_file(out / "u.h5")
        page = reporting.write_decision(path, loader.open_result(path), out, 0.95)
        text = html.unescape(page.read_text(encoding="utf-8"))
        self.assertIn("6 of 8", text)
        self.assertIn("over 8 parameter samples", text)
        self.assertRegex(text, r"<td>obesity cases avoided</td><td>p0</td>.*>0\.3</td></tr>")
        # A parameter with no effect has no break-even value (not one made of rounding noise).
        self.assertRegex(text, r"<td>net benefit \(GBP\)</td><td>p0</td>.*does not cross")


if __name__ == "__main__":
    unittest.main()
