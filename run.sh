#!/usr/bin/env bash
# Quick start: installs what is missing (Debian 12 packages), builds Release into build/,
# runs the default scenario, writing results/default.h5, and writes its report to
# results/default/index.html (figures embedded; open it in any browser).
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-deps.sh
scripts/build.sh release
mkdir -p results
build/bin/coalesce run --config data/scenarios/default.ini --out results/default.h5 "$@"
build/bin/coalesce info results/default.h5
# The full picture: figures and one self-contained page (analysis/report.py; Debian's python3).
report=$(/usr/bin/python3 analysis/report.py results/default.h5 -o results/default)
echo "Report: $report"
