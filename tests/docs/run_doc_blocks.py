#!/usr/bin/env python3
"""Runs every fenced block marked runnable in the project's documentation, so that the
documentation cannot go stale.

    run_doc_blocks.py SOURCE_DIR COALESCE_BINARY [--list]

A fenced block whose info string is ``sh runnable`` (or ``python runnable``) is run; one
marked ``sh not-runnable`` is shown to readers only (cluster submissions, installs), and a
shell block with neither mark fails the test, so that every new command is either run or
deliberately left out. The blocks of one file run in order in one scratch folder that
looks like the repository (``data``, ``scripts``, ``analysis``, ... link to the sources,
``build/bin/coalesce`` to the binary under test, ``results/`` is empty), so later blocks
may use earlier blocks' results. Shell blocks run under ``bash -euo pipefail``.
"""
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = ["README.md", "docs/*.md", "models/reference/README.md"]
LINKED = ["data", "scripts", "analysis", "docs", "tests", "models", "benchmarks"]
SHELL = {"sh", "bash", "shell", "console"}
TIMEOUT_S = 600
FENCE = re.compile(r"^```(\S*)\s*(.*)$")


def blocks(path):
    """(line, language, mark, text) of every fenced block of a Markdown file."""
    out, inside, start, lang, mark, body = [], False, 0, "", "", []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        m = FENCE.match(line)
        if not inside and m:
            inside, start, lang, mark, body = True, number, m.group(1), m.group(2).strip(), []
        elif inside and line.startswith("```"):
            out.append((start, lang, mark, "\n".join(body) + "\n"))
            inside = False
        elif inside:
            body.append(line)
    return out


def workspace(source, binary, root):
    for name in LINKED:
        (root / name).symlink_to(source / name)
    (root / "build" / "bin").mkdir(parents=True)
    (root / "build" / "bin" / "coalesce").symlink_to(binary)
    (root / "results").mkdir()


def run(lang, text, cwd, env):
    if lang in SHELL:
        command = ["bash", "-euo", "pipefail", "-c", text]
    else:
        command = [env.get("COALESCE_PYTHON", sys.executable), "-c", text]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)


def main(argv):
    source, binary = Path(argv[1]).resolve(), Path(argv[2]).resolve()
    files = sorted({p for pattern in DOCS for p in source.glob(pattern)})
    failures, ran = [], 0
    for doc in files:
        todo = []
        for line, lang, mark, text in blocks(doc):
            where = f"{doc.relative_to(source)}:{line}"
            if lang in SHELL and mark not in ("runnable", "not-runnable"):
                failures.append(f"{where}: shell block not marked; allowed: ```{lang} runnable "
                                f"(run by this test) or ```{lang} not-runnable (shown only)")
            elif mark == "runnable":
                todo.append((where, lang, text))
        if not todo or "--list" in argv:
            for where, _, _ in todo:
                print("would run", where)
            continue
        with tempfile.TemporaryDirectory(prefix="coalesce-docs-") as scratch:
            root = Path(scratch)
            workspace(source, binary, root)
            env = dict(os.environ)
            env["PATH"] = f"{root / 'build' / 'bin'}:{env.get('PATH', '')}"
            env["PYTHONPATH"] = f"{source / 'analysis'}:{env.get('PYTHONPATH', '')}"
            env.setdefault("MPLBACKEND", "Agg")
            for where, lang, text in todo:
                ran += 1
                r = run(lang, text, root, env)
                status = "ok" if r.returncode == 0 else f"FAILED (exit {r.returncode})"
                print(f"{where}: {status}", flush=True)
                if r.returncode != 0:
                    failures.append(f"{where}: exit {r.returncode}\n--- block:\n{text}--- stderr:\n{r.stderr[-3000:]}")
    for f in failures:
        print(f, file=sys.stderr)
    print(f"{ran} runnable blocks run, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
