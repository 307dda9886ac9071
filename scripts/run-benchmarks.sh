#!/usr/bin/env bash
# Runs the Google Benchmark suite and keeps its JSON, named by commit, with a note of the
# machine beside it.
#
#   scripts/run-benchmarks.sh [--short] [OUTDIR] [--benchmark_...]
#   scripts/run-benchmarks.sh --compare OLD.json NEW.json
#
#   --short   what CI runs: a short minimum time per benchmark, one repetition, and the
#             million-agent cases (virus-on-network 50 steps, coalition) left out (under
#             ~2 minutes on 2 cores).
#             Without it: the full suite, 3 repetitions (mean/median/stddev in the JSON).
#   OUTDIR    where to write (default build/benchmarks):
#               benchmarks-<commit>.json          Google Benchmark JSON (context: git_commit,
#                                                 build type, TBB version, load average, ...)
#               benchmarks-<commit>.machine.txt   date, host, nproc, CPU model, memory, load
#   --benchmark_...  further flags passed to the benchmark binary as they are (e.g. a
#             --benchmark_filter=REGEX of your own).
#   --compare two JSON files: libbenchmark-tools' compare.py when it can run, otherwise a
#             plain table of real-time ratios.
#
# After a run, the new JSON is compared with earlier figures (the previous commit's run in
# OUTDIR, else the newest earlier run of the same mode there, else benchmarks/baseline-<mode>.json)
# and the change is printed; it never fails on timing.
#
# The binary is $COALESCE_BUILD_DIR/bin/coalesce_benchmarks (default build/, which
# scripts/build.sh release makes). Benchmarks mean something only from a Release build.
set -euo pipefail
cd "$(dirname "$0")/.."

find_compare_py() {
  local path=""
  if command -v dpkg >/dev/null 2>&1; then
    path="$(dpkg -L libbenchmark-tools 2>/dev/null | grep '/compare\.py$' | head -n 1 || true)"
  fi
  if [[ -z "$path" && -f /usr/share/benchmark/compare.py ]]; then
    path=/usr/share/benchmark/compare.py
  fi
  printf '%s' "$path"
}

compare() {
  local old="$1" new="$2" compare_py
  compare_py="$(find_compare_py)"
  # compare.py needs scipy and numpy (Debian: python3-scipy, python3-numpy).
  if [[ -n "$compare_py" ]] && /usr/bin/python3 -c 'import scipy.stats, numpy' >/dev/null 2>&1; then
    exec /usr/bin/python3 "$compare_py" benchmarks "$old" "$new"
  fi
  echo "run-benchmarks.sh: compare.py ${compare_py:-not found} cannot run here (it needs python3-scipy);" \
       "showing real-time ratios instead" >&2
  ratio_table "$old" "$new"
}

# A plain table of real times (median where repeated) of the benchmarks both files hold,
# with new/old and the change in per cent. Information only: timings on a shared 2-core VM
# move by tens of per cent from run to run, so nothing here ever fails.
ratio_table() {
  local old="$1" new="$2"
  /usr/bin/python3 - "$old" "$new" <<'PY'
import json, sys

def load(path):
    with open(path) as f:
        data = json.load(f)
    runs = {}
    for b in data["benchmarks"]:
        # Per-repetition rows and the mean aggregate share a run_name; prefer the median.
        kind = b.get("aggregate_name", "")
        if kind not in ("", "median"):
            continue
        name = b.get("run_name", b["name"])
        if kind == "median" or name not in runs:
            runs[name] = (b["real_time"], b["time_unit"])
    return data.get("context", {}).get("git_commit", "?"), runs

old_commit, old = load(sys.argv[1])
new_commit, new = load(sys.argv[2])
scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
width = max((len(n) for n in old if n in new), default=20)
print(f"{'benchmark':<{width}}  {old_commit:>14}  {new_commit:>14}  new/old   change")
for name, (t_old, unit_old) in old.items():
    if name not in new:
        continue
    t_new, unit_new = new[name]
    a, b = t_old * scale[unit_old], t_new * scale[unit_new]
    print(f"{name:<{width}}  {a:>12.4g} s  {b:>12.4g} s  {b / a:7.3f}  {100 * (b / a - 1):+6.1f}%")
PY
}

short=0
outdir=""
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --short) short=1; shift ;;
    --compare)
      if [[ $# -ne 3 ]]; then
        echo "run-benchmarks.sh: --compare takes exactly two JSON files (OLD.json NEW.json)" >&2
        exit 2
      fi
      compare "$2" "$3"
      exit 0 ;;
    --benchmark_*) extra+=("$1"); shift ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run-benchmarks.sh: unknown option '$1' (allowed: --short, --compare, --benchmark_...)" >&2; exit 2 ;;
    *)
      if [[ -n "$outdir" ]]; then
        echo "run-benchmarks.sh: more than one output folder given ('$outdir', '$1')" >&2
        exit 2
      fi
      outdir="$1"; shift ;;
  esac
done
outdir="${outdir:-build/benchmarks}"

build_dir="${COALESCE_BUILD_DIR:-build}"
binary="$build_dir/bin/coalesce_benchmarks"
if [[ ! -x "$binary" ]]; then
  echo "run-benchmarks.sh: $binary not found; build it first (scripts/build.sh release," \
       "or set COALESCE_BUILD_DIR to a Release build folder)" >&2
  exit 1
fi

commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
dirty="no"
if [[ "$commit" != unknown && -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  dirty="yes (uncommitted changes to tracked files)"
fi
mkdir -p "$outdir"
json="$outdir/benchmarks-$commit.json"
machine="$outdir/benchmarks-$commit.machine.txt"

cpu_model="$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)"
cpu_model="${cpu_model:-unknown}"
mem_total="$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo unknown)"

if [[ $short -eq 1 ]]; then
  mode=short
  args=(--benchmark_min_time=0.05
        --benchmark_filter='-(BM_VirusOnNetwork_50Steps.*/nodes:1000000/|BM_Coalition_.*/citizens:1000000/)')
else
  mode=full
  args=(--benchmark_repetitions=3 --benchmark_display_aggregates_only=true)
fi
# Context keys: commas and '=' would split the --benchmark_context list.
context="mode=$mode,nproc=$(nproc),cpu_model=${cpu_model//[,=]/ },worktree_dirty=${dirty%% *}"
command=("$binary" "${args[@]}" "${extra[@]}"
         --benchmark_context="$context"
         --benchmark_out="$json" --benchmark_out_format=json)

{
  echo "date:        $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
  echo "host:        $(uname -n) ($(uname -srm))"
  echo "commit:      $commit (git HEAD); uncommitted changes: $dirty"
  echo "cpu model:   $cpu_model"
  echo "nproc:       $(nproc)"
  echo "memory:      $mem_total"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "mode:        $mode"
  echo "command:     ${command[*]}"
  echo
  lscpu 2>/dev/null || true
} >"$machine"

echo "run-benchmarks.sh: $mode run of $binary -> $json" >&2
"${command[@]}"
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)" >>"$machine"

# The commit compiled into the binary is taken when CMake configures; say so if it is not HEAD.
built="$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["context"].get("git_commit",""))' "$json" 2>/dev/null || true)"
if [[ -n "$built" && "$built" != "$commit" ]]; then
  echo "run-benchmarks.sh: warning: the binary was configured at commit '$built', HEAD is '$commit'" \
       "(re-run cmake to refresh it)" | tee -a "$machine" >&2
fi

# The figures this run is compared with: the previous commit's run in OUTDIR, else the
# newest earlier run of the same mode there, else the baseline stored in the repository
# (benchmarks/baseline-<mode>.json; COALESCE_BENCH_BASELINE names another file).
find_baseline() {
  local f prev
  if [[ -n "${COALESCE_BENCH_BASELINE:-}" ]]; then
    printf '%s' "$COALESCE_BENCH_BASELINE"; return
  fi
  prev="$(git rev-parse --short=12 HEAD~1 2>/dev/null || true)"
  if [[ -n "$prev" && -f "$outdir/benchmarks-$prev.json" ]]; then
    printf '%s' "$outdir/benchmarks-$prev.json"; return
  fi
  for f in $(ls -t "$outdir"/benchmarks-*.json 2>/dev/null); do
    [[ "$f" == "$json" ]] && continue
    if grep -q "\"mode\": \"$mode\"" "$f" 2>/dev/null; then printf '%s' "$f"; return; fi
  done
  if [[ -f "benchmarks/baseline-$mode.json" ]]; then printf '%s' "benchmarks/baseline-$mode.json"; fi
}
baseline="$(find_baseline)"
if [[ -n "$baseline" && -f "$baseline" ]]; then
  echo "run-benchmarks.sh: change against $baseline (information only; timing noise on a" \
       "shared machine is tens of per cent, so this never fails):" >&2
  ratio_table "$baseline" "$json" >&2 || echo "run-benchmarks.sh: comparison failed (ignored)" >&2
else
  echo "run-benchmarks.sh: no earlier figures to compare with" >&2
fi

compare_py="$(find_compare_py)"
cat >&2 <<EOF

Wrote $json
  and $machine
To compare two runs (e.g. before and after a change):
  /usr/bin/python3 ${compare_py:-/usr/share/benchmark/compare.py} benchmarks OLD.json $json
  (compare.py is in libbenchmark-tools and needs python3-scipy; without it:
   scripts/run-benchmarks.sh --compare OLD.json $json)
EOF
