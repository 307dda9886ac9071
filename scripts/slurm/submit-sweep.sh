#!/usr/bin/env bash
# Submits an experiment to Slurm, as one MPI job or as a job array plus a merge job that
# starts only when every array task has succeeded. See docs/HPC.md.
#
#   scripts/slurm/submit-sweep.sh EXPERIMENT.ini OUT.h5 [--ranks N | --array N] [--threads T]
#                                 [--time LIMIT] [--sbatch OPTION]... [-- COALESCE OPTIONS]
#   --ranks N     one MPI job (sweep-mpi.sbatch) of N ranks (the default style; without
#                 --ranks, the script's own #SBATCH --ntasks)
#   --array N     N array tasks (sweep-array.sbatch), each running part I of N into
#                 OUT.part-I-of-N.h5, then merge.sbatch joining them into OUT.h5
#   --threads T   threads per rank or task (sbatch --cpus-per-task; default: the scripts')
#   --time LIMIT  wall-time limit of each job (sbatch --time, e.g. 12:00:00)
#   --sbatch OPT  one more sbatch option for every job, e.g. --sbatch --account=abc (repeatable;
#                 sbatch's own SBATCH_ACCOUNT, SBATCH_PARTITION, ... variables work as well)
#   -- ...        options for `coalesce experiment` (--set key=value, --replicates N, --seed N, ...)
#
# Prints the job ids on stdout, on one line — "JOB" or "ARRAY_JOB MERGE_JOB", the job that
# finishes the sweep last — and what it did on stderr. Job logs go beside OUT.h5:
# OUT.slurm-JOB.out, OUT.slurm-ARRAYJOB_TASK.out, OUT.merge-JOB.out.
# The jobs run $COALESCE_BIN if set, else `coalesce` on PATH, else this checkout's
# build/bin/coalesce (exported to the jobs as COALESCE_BIN), with the submitting environment.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

usage() {
  echo "submit-sweep.sh: $1" >&2
  echo "usage: submit-sweep.sh EXPERIMENT.ini OUT.h5 [--ranks N | --array N] [--threads T] [--time LIMIT] [--sbatch OPTION]... [-- COALESCE OPTIONS]" >&2
  exit 2
}

positional=()
ranks=""
array=""
threads=""
time_limit=""
sbatch_opts=()
coalesce_opts=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ranks) ranks="${2:-}"; shift 2 || usage "--ranks needs a number" ;;
    --array) array="${2:-}"; shift 2 || usage "--array needs a number" ;;
    --threads) threads="${2:-}"; shift 2 || usage "--threads needs a number" ;;
    --time) time_limit="${2:-}"; shift 2 || usage "--time needs a limit" ;;
    --sbatch) [[ $# -ge 2 ]] || usage "--sbatch needs an option"; sbatch_opts+=("$2"); shift 2 ;;
    --) shift; coalesce_opts=("$@"); break ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    -*) usage "unknown option '$1'" ;;
    *) positional+=("$1"); shift ;;
  esac
done
[[ ${#positional[@]} -eq 2 ]] || usage "give exactly an experiment file and an output file"
[[ -z $ranks || -z $array ]] || usage "--ranks and --array exclude each other"
for pair in "ranks:$ranks" "array:$array" "threads:$threads"; do
  value="${pair#*:}"
  [[ -z $value || $value =~ ^[1-9][0-9]*$ ]] || usage "--${pair%%:*} '$value': allowed: a whole number >= 1"
done
command -v sbatch >/dev/null 2>&1 || { echo "submit-sweep.sh: sbatch not found (is this a Slurm login node?)" >&2; exit 1; }

experiment="$(realpath -e -- "${positional[0]}" 2>/dev/null)" \
  || { echo "submit-sweep.sh: experiment file '${positional[0]}' not found" >&2; exit 2; }
out="$(realpath -m -- "${positional[1]}")"
[[ $out == *.h5 ]] || usage "the output file should end in .h5 (got '${positional[1]}')"
mkdir -p "$(dirname "$out")"
base="${out%.h5}"

if [[ -z ${COALESCE_BIN:-} ]]; then
  COALESCE_BIN="$(command -v coalesce || true)"
  COALESCE_BIN="${COALESCE_BIN:-$(cd "$here/../.." && pwd)/build/bin/coalesce}"
fi
[[ -x $COALESCE_BIN ]] || { echo "submit-sweep.sh: coalesce executable '$COALESCE_BIN' not found; build it or set COALESCE_BIN" >&2; exit 1; }
export COALESCE_BIN

common=(--parsable)
[[ -n $threads ]] && common+=(--cpus-per-task="$threads")
[[ -n $time_limit ]] && common+=(--time="$time_limit")
common+=("${sbatch_opts[@]}")

jobid() { printf '%s' "${1%%;*}"; }  # --parsable prints "id" or "id;cluster"

if [[ -n $array ]]; then
  a=$(sbatch "${common[@]}" --array="0-$((array - 1))" --output="$base.slurm-%A_%a.out" \
        "$here/sweep-array.sbatch" "$experiment" "$out" "${coalesce_opts[@]}")
  a=$(jobid "$a")
  m=$(sbatch --parsable "${sbatch_opts[@]}" ${time_limit:+--time="$time_limit"} \
        --dependency="afterok:$a" --kill-on-invalid-dep=yes --output="$base.merge-%j.out" \
        "$here/merge.sbatch" "$out" "$array")
  m=$(jobid "$m")
  echo "submit-sweep.sh: array job $a ($array tasks -> $base.part-I-of-$array.h5), then merge job $m -> $out" >&2
  echo "$a $m"
else
  opts=("${common[@]}")
  [[ -n $ranks ]] && opts+=(--ntasks="$ranks")
  j=$(sbatch "${opts[@]}" --output="$base.slurm-%j.out" \
        "$here/sweep-mpi.sbatch" "$experiment" "$out" "${coalesce_opts[@]}")
  j=$(jobid "$j")
  echo "submit-sweep.sh: MPI job $j${ranks:+ ($ranks ranks)} -> $out" >&2
  echo "$j"
fi
