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
# The release preset builds with MPI and the parallel HDF5; CMake caches which HDF5 it found,
# so a build folder configured before MPI was switched on must be configured afresh.
fresh=()
if [ "$preset" = release ] && [ -f build/CMakeCache.txt ] && ! grep -q '^COALESCE_MPI:BOOL=ON' build/CMakeCache.txt; then
  fresh=(--fresh)
fi
cmake --preset "$preset" "${fresh[@]}" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
