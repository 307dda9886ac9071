#!/usr/bin/env bash
# Builds and runs the test suite under the sanitizers, through the CMake presets:
#
#   scripts/sanitize.sh [asan|tsan|all]      (default: all)
#
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer (preset asan -> build-asan/): the
#         tests labelled unit, integration and validation — every test but the benchmarks.
#         The integration tests run the real coalesce binary of that build tree, so the
#         command line, scenario files and the HDF5 writer are checked end to end.
#   tsan  ThreadSanitizer (preset tsan -> build-tsan/): the tests labelled threads — those
#         that run parallel code at several thread counts, concurrent simulations and
#         concurrent writers; the serial tests would only be slower, not better checked.
#
# Only the test executables with the chosen labels are built (their labels are read from the
# configured build tree, so new tests are picked up), plus what they depend on.
# Options come from the presets' test environments (CMakePresets.json): leaks are
# detected, UBSan stops at the first report, and ThreadSanitizer gets
# tests/sanitizers/tsan.supp and the TBB bridge (tests/sanitizers/tbb_tsan_bridge.cpp).
# Each stage prints how long it took.
#
# Environment: COALESCE_JOBS (build and test jobs, default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-all}"
case "$mode" in
  asan|tsan|all) ;;
  *) echo "sanitize.sh: unknown mode '$mode' (allowed: asan, tsan, all)" >&2; exit 2 ;;
esac
jobs="${COALESCE_JOBS:-$(nproc)}"

# What the builds need (idempotent: does nothing when everything is installed).
scripts/install-deps.sh --test

stage_start=0
stage() {
  stage_start=$SECONDS
  echo "sanitize.sh: == $* ==" >&2
}
stage_done() {
  echo "sanitize.sh: -- $* took $((SECONDS - stage_start)) s" >&2
  timings+=("$(printf '%-28s %5d s' "$*" $((SECONDS - stage_start)))")
}
timings=()

# Test executables (coalesce_add_test targets) whose labels match the regular expression:
# coalesce_add_test writes <target>_labels.cmake files at configure time.
targets_with_labels() {
  local build_dir="$1" regex="$2" file labels
  while IFS= read -r file; do
    labels="$(sed -n 's/.*PROPERTIES LABELS "\([^"]*\)".*/\1/p' "$file")"
    if tr ';' '\n' <<<"$labels" | grep -Eqx "$regex"; then
      basename "$file" _labels.cmake
    fi
  done < <(find "$build_dir/tests" -name '*_labels.cmake' | sort)
}

failed=()

run_preset() {
  local preset="$1" labels="$2"
  shift 2
  local extra_targets=("$@")
  local build_dir="build-$preset"

  stage "$preset: configure"
  cmake --preset "$preset" >/dev/null
  stage_done "$preset configure"

  local targets
  mapfile -t targets < <(targets_with_labels "$build_dir" "$labels")
  if [[ ${#targets[@]} -eq 0 ]]; then
    echo "sanitize.sh: no test has a label matching '$labels'" >&2
    failed+=("$preset (no tests)")
    return
  fi
  stage "$preset: build ${targets[*]} ${extra_targets[*]}"
  if ! cmake --build --preset "$preset" -j "$jobs" --target coalesce "${targets[@]}" "${extra_targets[@]}"; then
    stage_done "$preset build (FAILED)"
    failed+=("$preset build")
    return
  fi
  stage_done "$preset build"

  # Labels match whole words; ctest also applies the preset's own label filter.
  stage "$preset: ctest -L '$labels'"
  if ctest --preset "$preset" -L "^($labels)\$" -j "$jobs" --timeout 1800 --no-tests=error; then
    stage_done "$preset tests"
  else
    stage_done "$preset tests (FAILED)"
    failed+=("$preset tests")
  fi
}

total_start=$SECONDS
if [[ "$mode" == asan || "$mode" == all ]]; then
  run_preset asan 'unit|integration|validation'
fi
if [[ "$mode" == tsan || "$mode" == all ]]; then
  run_preset tsan 'threads' coalesce_tbb_tsan_bridge
fi

echo "sanitize.sh: times" >&2
printf '  %s\n' "${timings[@]}" >&2
printf '  %-28s %5d s\n' "total" $((SECONDS - total_start)) >&2
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "sanitize.sh: FAILED: ${failed[*]} (sanitizer reports are in the test output above;" \
       "rerun one test with: ctest --preset PRESET -R NAME --output-on-failure)" >&2
  exit 1
fi
echo "sanitize.sh: passed" >&2
