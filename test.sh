#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest.
# Extra arguments go to ctest (e.g. ./test.sh -L unit).
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-deps.sh --test
scripts/build.sh release
cd build
# The soak test (label soak: minutes of concurrent writers and signals) runs only when asked
# for, e.g. ./test.sh -L soak.
exclude=(-LE '^soak$')
for arg in "$@"; do
  case "$arg" in *soak*) exclude=() ;; esac
done
ctest --output-on-failure --timeout 900 -j "$(nproc)" "${exclude[@]}" "$@"
