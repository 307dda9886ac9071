#!/usr/bin/env bash
# Quick start: installs what is missing (Debian 12 packages), builds Release into build/,
# and runs the default scenario, writing results/default.h5.
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-deps.sh
scripts/build.sh release
mkdir -p results
build/bin/coalesce run --config data/scenarios/default.ini --out results/default.h5 "$@"
build/bin/coalesce info results/default.h5
