#!/usr/bin/env bash
# Configures and builds one CMake preset (release by default: build/). Usage:
#   scripts/build.sh [release|debug|asan|tsan]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
case "$preset" in
  release|debug|asan|tsan) ;;
  *) echo "build.sh: unknown preset '$preset' (allowed: release, debug, asan, tsan)" >&2; exit 2 ;;
esac
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
