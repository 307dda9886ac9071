#!/usr/bin/python3
"""ctest fixture: writes the result files the analysis tests read (see fixtures.py).

usage: make_fixtures.py --coalesce BINARY --out DIR
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--coalesce", required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    for name, path in fixtures.make_all(args.coalesce, Path(args.out)).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
