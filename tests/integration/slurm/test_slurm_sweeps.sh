#!/usr/bin/env bash
# End-to-end test of scripts/slurm/ against a real Slurm: starts a one-node cluster
# (scripts/slurm-local/) in a fresh temporary folder, submits the tiny experiment as an MPI
# sweep (2 ranks) and as a job array (3 tasks + the dependent merge job) with
# scripts/slurm/submit-sweep.sh, waits for the jobs, checks that each COMPLETED with exit
# code 0, and that both results hold exactly the datasets of a plain, non-MPI
# `coalesce experiment` run of the same file. The cluster is always stopped.
#
#   tests/integration/slurm/test_slurm_sweeps.sh COALESCE_BINARY [SOURCE_DIR] [PYTHON]
#
# Exit codes: 0 passed; 1 failed; 77 skipped (no slurm-wlm/munge/Open MPI/h5py here:
# scripts/install-deps.sh --test installs them). ctest: label slurm, registered in
# tests/integration/CMakeLists.txt when COALESCE_MPI is on.
# COALESCE_KEEP_TEST_DIR=1 keeps the temporary folder (cluster state, logs, results).
set -euo pipefail

bin="${1:?usage: test_slurm_sweeps.sh COALESCE_BINARY [SOURCE_DIR] [PYTHON]}"
source_dir="$(cd "${2:-$(dirname "$0")/../../..}" && pwd)"
python="${3:-/usr/bin/python3}"
here="$source_dir/tests/integration/slurm"
experiment="$source_dir/tests/integration/data/tiny-experiment.ini"
deadline_s=50   # for all Slurm jobs together; the whole test stays under a minute

t_start=$(date +%s.%N)
elapsed() { awk -v t0="$t_start" -v t1="$(date +%s.%N)" 'BEGIN { printf "%5.1f s", t1 - t0 }'; }
say() { echo "[$(elapsed)] $*"; }

# --- skip when the machine lacks what the test needs -----------------------------------
PATH="$PATH:/usr/sbin:/sbin"
missing=()
for tool in munged munge slurmctld slurmd sbatch squeue scontrol mpirun; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
"$python" -c 'import h5py, numpy' >/dev/null 2>&1 || missing+=("$python with h5py")
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "SKIP: not installed: ${missing[*]} (Debian: slurm-wlm munge openmpi-bin python3-h5py;" \
       "scripts/install-deps.sh --test installs them)"
  exit 77
fi
[[ -x $bin ]] || { echo "FAIL: coalesce binary '$bin' not found"; exit 1; }
[[ -f $experiment ]] || { echo "FAIL: $experiment not found"; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/coalesce-slurm-test.XXXXXX")"
chmod 711 "$work"   # munged wants every folder above its socket searchable by all
state="$work/cluster"
ok=0
cleanup() {
  local rc=$?
  "$source_dir/scripts/slurm-local/stop-cluster.sh" --state "$state" --quiet || true
  if [[ $ok -ne 1 ]]; then
    # Everything that explains a failure, in ctest's output.
    for f in "$work"/*/*.out "$state"/log/slurmctld.log "$state"/log/slurmd.log; do
      [[ -s $f ]] || continue
      echo "==== $f (last 25 lines)"
      tail -n 25 "$f"
    done
  fi
  if [[ ${COALESCE_KEEP_TEST_DIR:-0} == 1 ]]; then
    echo "kept $work"
  else
    rm -rf -- "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() { echo "FAIL: $*"; exit 1; }

# --- the cluster -------------------------------------------------------------------------
# 8 CPUs on the node (whatever the machine has): the MPI job (2) and the 3 array tasks all
# start at once. --stop-with: even if this test is killed, the daemons go with it.
cluster_env="$("$source_dir/scripts/slurm-local/start-cluster.sh" --state "$state" --cpus 8 --stop-with $$)" \
  || fail "could not start the local Slurm"
eval "$cluster_env"
say "cluster up: $(sinfo -h -o '%N %T %c CPUs')"
# Open MPI as root and with more ranks than cores; sbatch hands this environment to the jobs.
source "$source_dir/scripts/mpi-env.sh"

# --- submit, and meanwhile the reference run ----------------------------------------------
submit="$source_dir/scripts/slurm/submit-sweep.sh"
mkdir -p "$work/mpi" "$work/array" "$work/plain"
export COALESCE_BIN="$bin"
mpi_jobs=$("$submit" "$experiment" "$work/mpi/tiny.h5" --ranks 2 --threads 1)
array_jobs=$("$submit" "$experiment" "$work/array/tiny.h5" --array 3 --threads 1)
read -r array_job merge_job <<<"$array_jobs"
[[ $mpi_jobs =~ ^[0-9]+$ && $array_job =~ ^[0-9]+$ && $merge_job =~ ^[0-9]+$ ]] \
  || fail "submit-sweep.sh printed '$mpi_jobs' and '$array_jobs', expected job ids"
say "submitted: MPI job $mpi_jobs, array job $array_job, merge job $merge_job"

# A plain process: no MPI launcher, so coalesce does not start MPI at all.
"$bin" experiment "$experiment" --out "$work/plain/tiny.h5" --threads 2 --quiet \
  >"$work/plain/run.out" 2>&1 || { cat "$work/plain/run.out"; fail "plain coalesce experiment failed"; }
say "plain reference run done"

# --- wait: poll squeue (sbatch --wait polls every 2..10 s) ---------------------------------
all_jobs="$mpi_jobs,$array_job,$merge_job"
waited=0
while [[ -n $(squeue -h -j "$all_jobs" -o %i 2>/dev/null) ]]; do
  if ((waited >= deadline_s * 5)); then
    squeue -j "$all_jobs" || true
    fail "the jobs did not finish within $deadline_s s"
  fi
  sleep 0.2
  waited=$((waited + 1))
done
say "all jobs left the queue"

# Finished jobs stay known to the controller for MinJobAge (300 s): read their end states
# (an array job lists each of its tasks).
check_job() {  # check_job ID EXPECTED_RECORDS
  local records
  records="$(scontrol -o show job "$1" 2>/dev/null || true)"
  local n ok_n
  n=$(grep -c '^JobId=' <<<"$records" || true)
  ok_n=$(grep -E ' JobState=COMPLETED ' <<<"$records" | grep -c ' ExitCode=0:0 ' || true)
  grep -oE '^JobId=[0-9]+|ArrayTaskId=[0-9]+|JobState=[A-Z_]+|ExitCode=[0-9:]+' <<<"$records" \
    | paste -sd' ' | sed 's/ JobId=/\nJobId=/g' | sed 's/^/  /'
  [[ $n -eq $2 && $ok_n -eq $2 ]] || fail "job $1: expected $2 record(s) COMPLETED with ExitCode=0:0"
}
check_job "$mpi_jobs" 1
check_job "$array_job" 3
check_job "$merge_job" 1
grep -q ': 2 ranks x 1 threads' "$work"/mpi/tiny.slurm-*.out || fail "the MPI job did not run 2 ranks"
for i in 0 1 2; do
  [[ -f $work/array/tiny.part-$i-of-3.h5 ]] || fail "array task $i left no part file"
done

# --- the results ---------------------------------------------------------------------------
"$python" "$here/compare_results.py" "$work/plain/tiny.h5" "$work/mpi/tiny.h5" "$work/array/tiny.h5" \
  || fail "the Slurm results differ from the plain run"
"$bin" info "$work/array/tiny.h5" >/dev/null || fail "coalesce info cannot read the merged file"
ok=1
say "PASS"
