"""The report page: one self-contained index.html with every figure embedded.

Figures are embedded as base64 data URIs so the page can be mailed, put on a shared drive
or opened offline and still show everything; each figure also links to its PNG file beside
the page (for slides), and carries the file name in `data-file` so tools and tests can
match page and files. No scripts, web fonts or external style sheets: nothing is fetched.
"""

from __future__ import annotations

import base64
import html
import struct
from dataclasses import dataclass, field
from pathlib import Path

from .output import GENERATOR
from .plotting import FigureInfo


CSS = """
body { font-family: -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #1d1d1f;
       margin: 0; background: #f5f5f7; line-height: 1.45; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
h1 { font-size: 1.7em; margin: 0.2em 0; } h2 { margin-top: 2em; border-bottom: 2px solid #e5e5ea; padding-bottom: 4px; }
h3 { margin: 1.4em 0 0.4em; }
.subtitle { color: #555; margin-top: 0; }
table { border-collapse: collapse; font-size: 0.88em; margin: 0.6em 0; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1.2em 0 2em; padding: 8px; border: 1px solid #e5e5ea; border-radius: 6px; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-size: 0.92em; color: #333; margin-top: 6px; }
nav ul { columns: 2; font-size: 0.95em; } code, pre { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 0.85em; }
pre { background: #f6f8fa; padding: 10px; overflow-x: auto; max-height: 480px; }
.note { background: #fff4ce; border-left: 4px solid #e5b400; padding: 6px 10px; margin: 0.6em 0; }
details summary { cursor: pointer; color: #0b5cad; }
@media print { body { background: #fff; } main { padding: 0; } figure { break-inside: avoid; } }
"""


@dataclass
class Page:
    title: str
    subtitle: str
    meta: list[tuple[str, str]]
    sections: list[tuple[str, list[FigureInfo]]]
    descriptions: dict[str, tuple[str, str]]  # metric -> (units, description)
    notes: list[str] = field(default_factory=list)
    # (heading, header, rows) or (heading, header, rows, intro): intro a paragraph above the table
    tables: list[tuple] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (heading, preformatted text)
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, file beside the page), shown on top


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (so the page reserves the space before decoding)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    return struct.unpack(">II", data[16:24])


def anchor(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _figure(fig: FigureInfo, folder: Path, descriptions: dict) -> str:
    data = (folder / fig.file).read_bytes()
    w, h = png_size(data)
    e = html.escape
    items = []
    for m in fig.metrics:
        units, desc = descriptions.get(m, ("", ""))
        detail = f" — {e(desc)}" if desc else ""
        detail += f" ({e(units)})" if units else ""
        items.append(f"<li><code>{e(m)}</code>{detail}</li>")
    metrics = f"<details><summary>Metrics shown</summary><ul>{''.join(items)}</ul></details>" if items else ""
    return (
        f'<figure id="fig-{e(Path(fig.file).stem)}" data-file="{e(fig.file)}">\n'
        f'<img src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}" '
        f'alt="{e(fig.title)}" width="{w}" height="{h}">\n'
        f"<figcaption><strong>{e(fig.title)}.</strong> {e(fig.caption)} "
        f'<a href="{e(fig.file)}">PNG file</a>{metrics}</figcaption>\n</figure>'
    )


def _table(header: list[str], rows: list[list[str]]) -> str:
    e = html.escape

    def cell(v: str, tag: str) -> str:
        cls = ' class="num"' if tag == "td" and _numeric(v) else ""
        return f"<{tag}{cls}>{e(v)}</{tag}>"

    head = "".join(cell(h, "th") for h in header)
    body = "\n".join("<tr>" + "".join(cell(v, "td") for v in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def _numeric(v: str) -> bool:
    try:
        float(v.split(" ")[0])
        return True
    except ValueError:
        return False


def render(page: Page, folder: Path) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta name="generator" content="{GENERATOR}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(page.title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{e(page.title)}</h1>",
        f'<p class="subtitle">{e(page.subtitle)}</p>',
    ]
    parts += [f'<p class="note">{e(n)}</p>' for n in page.notes]
    parts += [f'<p class="note"><a href="{e(href)}">{e(text)}</a></p>' for text, href in page.links]
    parts.append(_table(["", ""], [[k, v] for k, v in page.meta]).replace("<thead><tr><th></th><th></th></tr></thead>", ""))
    toc = [f'<li><a href="#{anchor(s)}">{e(s)}</a> ({len(figs)} figure{"s" if len(figs) != 1 else ""})</li>'
           for s, figs in page.sections if figs]
    toc += [f'<li><a href="#{anchor(t[0])}">{e(t[0])}</a></li>' for t in page.tables]
    toc += [f'<li><a href="#{anchor(h)}">{e(h)}</a></li>' for h, _ in page.texts]
    parts.append(f"<nav><h2>Contents</h2><ul>{''.join(toc)}</ul></nav>")
    for section, figs in page.sections:
        if not figs:
            continue
        parts.append(f'<section id="{anchor(section)}"><h2>{e(section)}</h2>')
        parts += [_figure(f, folder, page.descriptions) for f in figs]
        parts.append("</section>")
    for heading, header, rows, *intro in page.tables:
        text = f"<p>{e(intro[0])}</p>" if intro and intro[0] else ""
        parts.append(f'<section id="{anchor(heading)}"><h2>{e(heading)}</h2>{text}{_table(header, rows) if rows else ""}</section>')
    for heading, text in page.texts:
        parts.append(f'<section id="{anchor(heading)}"><h2>{e(heading)}</h2>'
                     f"<details><summary>Show</summary><pre>{e(text)}</pre></details></section>")
    parts.append(f'<p class="subtitle">Written by <code>analysis/report.py</code> ({GENERATOR}).</p>')
    parts.append("</main></body></html>\n")
    return "\n".join(parts)
