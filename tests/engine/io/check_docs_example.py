#!/usr/bin/python3
"""Checks the h5py example of docs/OUTPUT.md: the first ```python block there is exactly
docs/examples/read_result.py, five lines long, and it runs on a result file.

usage: check_docs_example.py SOURCE_DIR RESULT_FILE
"""
import re
import subprocess
import sys
from pathlib import Path

import h5py


def fail(message):
    print(f"check_docs_example: {message}", file=sys.stderr)
    sys.exit(1)


source_dir, result_file = Path(sys.argv[1]), sys.argv[2]
markdown = (source_dir / "docs" / "OUTPUT.md").read_text(encoding="utf-8")
example_path = source_dir / "docs" / "examples" / "read_result.py"
example = example_path.read_text(encoding="utf-8")

match = re.search(r"```python\n(.*?)```", markdown, re.S)
if match is None:
    fail("docs/OUTPUT.md has no ```python block")
if match.group(1) != example:
    fail("the ```python block in docs/OUTPUT.md differs from docs/examples/read_result.py")
if len(example.splitlines()) != 5:
    fail(f"the example has {len(example.splitlines())} lines, not 5")

run = subprocess.run([sys.executable, str(example_path), result_file], capture_output=True, text=True)
if run.returncode != 0:
    fail(f"the example failed:\n{run.stderr}")
with h5py.File(result_file, "r") as f:
    first = list(f["timeseries"])[0]
    expected_mean = f["timeseries"][first][:, -1].mean()
lines = run.stdout.splitlines()
if len(lines) != 2 or first not in lines[0] or f"/timeseries/{first}" not in lines[1]:
    fail(f"unexpected output:\n{run.stdout}")
if str(expected_mean) not in lines[1]:
    fail(f"the printed mean is not {expected_mean}:\n{run.stdout}")
print(run.stdout, end="")
