#!/usr/bin/env bash
# Checks that the C++ sources under engine/ models/ tests/ benchmarks/ match .clang-format,
# with Debian's clang-format 14 (other versions format some constructs differently).
# Usage: scripts/check-format.sh [--fix]   (--fix rewrites the files in place)
# Exit 0: all formatted; 1: some files differ (listed); 2: clang-format-14 is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
tool=clang-format-14
if ! command -v "$tool" >/dev/null; then
  echo "check-format.sh: $tool not found; allowed: install Debian's clang-format-14 (scripts/install-deps.sh --test)" >&2
  exit 2
fi
fix=0
case "${1:-}" in
  "") ;;
  --fix) fix=1 ;;
  *) echo "check-format.sh: unknown option '$1'; allowed: --fix" >&2; exit 2 ;;
esac
mapfile -t files < <(git ls-files -- 'engine/*.cpp' 'engine/*.hpp' 'models/*.cpp' 'models/*.hpp' \
  'tests/*.cpp' 'tests/*.hpp' 'benchmarks/*.cpp' 'benchmarks/*.hpp')
if [ "$fix" -eq 1 ]; then
  "$tool" -i --style=file "${files[@]}"
  exit 0
fi
# One clang-format process for all files; each "code should be clang-formatted" warning
# names its file.
mapfile -t differ < <("$tool" --style=file --dry-run "${files[@]}" 2>&1 \
  | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: .*code should be clang-formatted.*/\1/p' | sort -u)
for f in "${differ[@]}"; do echo "not formatted: $f"; done
bad=${#differ[@]}
if [ "$bad" -gt 0 ]; then
  echo "check-format.sh: $bad of ${#files[@]} files differ from .clang-format (fix: scripts/check-format.sh --fix)" >&2
  exit 1
fi
echo "check-format.sh: ${#files[@]} files formatted"
