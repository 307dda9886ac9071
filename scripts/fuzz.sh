#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, preset fuzz -> build-fuzz/) and runs each for a while.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 60 seconds each, every target built)
#
# Each target starts from its seed corpus tests/fuzz/corpus/<target>/ and every input it
# ever failed on, tests/fuzz/regressions/<target>/ (both only read); what it learns goes to
# build-fuzz/fuzz/<target>/corpus/. A crash, sanitizer report, leak, timeout (-timeout) or
# out-of-memory (-rss_limit_mb) fails the script, and the input is left in
#   build-fuzz/fuzz/<target>/findings/   (crash-*, leak-*, timeout-*, oom-*)
# Reproduce one with:  build-fuzz/bin/<target> build-fuzz/fuzz/<target>/findings/crash-...
# After fixing it, copy the input to tests/fuzz/regressions/<target>/: test_fuzz_regressions
# (label unit, in every normal build) then feeds it through the same check for good.
#
# Environment: COALESCE_JOBS (build jobs, default nproc). Needs clang, libclang-rt-14-dev and
# llvm (scripts/install-deps.sh --test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then
  seconds="$1"
  shift
fi
if [[ $# -gt 0 && "$1" == -* ]]; then
  echo "fuzz.sh: usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2
  exit 2
fi
jobs="${COALESCE_JOBS:-$(nproc)}"

# What the builds need (idempotent: does nothing when everything is installed).
scripts/install-deps.sh --test

# Per-target input size limit: scenario and experiment files are small text files; a
# checkpoint is an HDF5 file.
max_len_of() {
  case "$1" in
    fuzz_checkpoint_loader) echo 262144 ;;
    *) echo 8192 ;;
  esac
}

t0=$SECONDS
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"
echo "fuzz.sh: build took $((SECONDS - t0)) s" >&2

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  targets=()
  for bin in build-fuzz/bin/fuzz_*; do
    [[ -x "$bin" ]] && targets+=("$(basename "$bin")")
  done
fi
if [[ ${#targets[@]} -eq 0 ]]; then
  echo "fuzz.sh: no fuzz targets were built" >&2
  exit 1
fi

symbolizer="$(command -v llvm-symbolizer || true)"
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1${symbolizer:+:external_symbolizer_path=$symbolizer}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${symbolizer:+:external_symbolizer_path=$symbolizer}"

# Checkpoints are refused unless written by the same engine build (version and git commit),
# so the committed seeds only exercise the refusal; a fresh one, written by the release
# build of this very commit (./test.sh builds it), lets the fuzzer reach the restore.
fresh_checkpoint_seed() {
  local dir="$1" tmp
  if [[ ! -x build/bin/coalesce ]]; then
    echo "fuzz.sh: build/bin/coalesce not found: no fresh checkpoint seed (run ./test.sh first)" >&2
    return 0
  fi
  tmp="$(mktemp -d)"
  # One seed: NAME, then the run's own options; its last checkpoint becomes fresh-NAME-checkpoint.h5.
  seed_from_run() {
    local name="$1"
    shift
    if build/bin/coalesce run "$@" --checkpoint "$tmp/$name.h5" --out "$tmp/$name-out.h5" --quiet \
         >/dev/null 2>&1 && [[ -f "$tmp/$name.h5" ]]; then
      cp "$tmp/$name.h5" "$dir/fresh-$name-checkpoint.h5"
    else
      echo "fuzz.sh: could not write a fresh $name checkpoint seed with build/bin/coalesce" >&2
    fi
  }
  seed_from_run sir --config data/scenarios/sir.ini --set sir.nodes=200 --set sir.initial_infected=5 \
    --steps 6 --replicates 2 --checkpoint-every 4
  seed_from_run coalition --config data/scenarios/default.ini --set population.citizens=120 \
    --set population.communities=2 --steps 2 --replicates 1 --checkpoint-every 2
  rm -rf "$tmp"
}

failed=()
for target in "${targets[@]}"; do
  bin="build-fuzz/bin/$target"
  if [[ ! -x "$bin" ]]; then
    echo "fuzz.sh: $bin was not built (its parser's library is not in this build?)" >&2
    failed+=("$target")
    continue
  fi
  work="build-fuzz/fuzz/$target"
  mkdir -p "$work/corpus" "$work/findings"
  if [[ "$target" == fuzz_checkpoint_loader ]]; then fresh_checkpoint_seed "$work/corpus"; fi
  dirs=("$work/corpus")
  for d in "tests/fuzz/corpus/$target" "tests/fuzz/regressions/$target"; do
    [[ -d "$d" ]] && dirs+=("$d")
  done
  echo "fuzz.sh: $target for ${seconds} s (inputs: ${dirs[*]})" >&2
  t1=$SECONDS
  status=0
  "$bin" "${dirs[@]}" \
    -max_total_time="$seconds" -max_len="$(max_len_of "$target")" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/findings/" \
    >"$work/log.txt" 2>&1 || status=$?
  grep -E '^(INFO: seed corpus|Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' \
    "$work/log.txt" >&2 || true
  echo "fuzz.sh: $target took $((SECONDS - t1)) s, exit code $status (full log: $work/log.txt)" >&2
  if [[ $status -ne 0 ]]; then
    failed+=("$target")
    echo "fuzz.sh: $target FAILED; the input is in $work/findings/:" >&2
    ls -l "$work/findings/" >&2 || true
    grep -m 5 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|terminate called|  what\(\))' "$work/log.txt" >&2 || true
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  cat >&2 <<MSG
fuzz.sh: failed: ${failed[*]}
  reproduce:  build-fuzz/bin/<target> build-fuzz/fuzz/<target>/findings/<file>
  after the fix, keep the input: cp build-fuzz/fuzz/<target>/findings/<file> tests/fuzz/regressions/<target>/
MSG
  exit 1
fi
echo "fuzz.sh: all ${#targets[@]} target(s) ran ${seconds} s without a finding (total $((SECONDS - t0)) s)" >&2
