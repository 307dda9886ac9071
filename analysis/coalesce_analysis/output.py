"""The report's output folder: where it goes, that it is usable, and what a previous report left."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from .loader import ResultError

GENERATOR = "coalesce analysis report"  # in the page's <meta name="generator">


def default_output(path) -> Path:
    """results/default.h5 -> results/default/."""
    p = Path(path)
    return p.with_suffix("") if p.suffix else p.with_name(p.name + "_report")


def prepare_output(folder) -> Path:
    """Creates the folder if needed and proves it writable, or raises ResultError (one line)."""
    p = Path(folder)
    if p.exists() and not p.is_dir():
        raise ResultError(f"output folder '{folder}' exists and is not a folder")
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ResultError(f"cannot create output folder '{folder}': {e.strerror or e}") from None
    try:
        with tempfile.NamedTemporaryFile(dir=p, prefix=".write-test-"):
            pass
    except OSError as e:
        raise ResultError(f"output folder '{folder}' is not writable: {e.strerror or e}") from None
    return p


def remove_previous(folder: Path) -> None:
    """Deletes the figures a previous report wrote here, so no stale PNG outlives its page,
    and its decision page (written again only if it still applies)."""
    for page in (folder / "decision.html", folder / "index.html"):
        if not page.is_file():
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        if GENERATOR not in text:
            continue  # not ours: leave the folder's files alone
        for name in set(re.findall(r'data-file="([^"/]+\.png)"', text)):
            (folder / name).unlink(missing_ok=True)
        if page.name == "decision.html":
            page.unlink()
