#!/bin/bash
# Ensemble throughput over MPI ranks: runs per hour of a fixed small experiment (the
# coalition model, 20 000 citizens, 120 months, 2 arms x 6 replicates = 12 runs) with 1 and 2
# ranks of one thread each, and the same experiment without MPI. Figures go to stdout as a
# Markdown table for benchmarks/RESULTS.md.
#
#   benchmarks/ensemble_ranks.sh [BUILD_DIR]       (default: build; needs COALESCE_MPI=ON)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
bin=$build/bin/coalesce
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../scripts/mpi-env.sh
. "$here/scripts/mpi-env.sh"

cat > "$work/e.ini" <<INI
[experiment]
base = $here/data/scenarios/default.ini
replicates = 6
steps = 120
seed = 5
[overrides]
population.citizens = 20000
[arm.a]
[arm.b]
commissioning.measure = relationships
INI
runs=12

seconds() {  # seconds COMMAND...: wall time of one run of COMMAND
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}

echo "| launch | ranks x threads | wall time | runs per hour |"
echo "|---|---|---|---|"
t=$(seconds "$bin" experiment "$work/e.ini" --threads 1 -q --out "$work/plain.h5")
printf '| no MPI | 1 x 1 | %.2f s | %.0f |\n' "$t" "$(awk -v r=$runs -v t="$t" 'BEGIN { print r * 3600 / t }')"
for np in 1 2; do
  t=$(seconds mpirun -np $np "$bin" experiment "$work/e.ini" --threads 1 -q --out "$work/np$np.h5")
  printf '| mpirun -np %d | %d x 1 | %.2f s | %.0f |\n' "$np" "$np" "$t" "$(awk -v r=$runs -v t="$t" 'BEGIN { print r * 3600 / t }')"
done
/usr/bin/python3 "$here/tests/integration/slurm/compare_results.py" "$work/plain.h5" "$work/np1.h5" "$work/np2.h5" >&2
