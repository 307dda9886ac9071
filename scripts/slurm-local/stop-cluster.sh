#!/usr/bin/env bash
# Stops the one-node Slurm that start-cluster.sh started from a state folder: cancels its
# jobs, then stops slurmd, slurmctld and munged — only those, by their recorded process ids
# (checked against each process's command line). Safe to run at any time, any number of
# times: what is not running is skipped.
#
# Usage: scripts/slurm-local/stop-cluster.sh [--state DIR] [--purge] [--quiet]
#   --state DIR  state folder (default: $COALESCE_SLURM_STATE, else /tmp/coalesce-slurm-$USER)
#   --purge      also remove the state folder (key, logs, job records)
#   --quiet      say nothing unless something goes wrong
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/slurm-local/lib.sh
source "$here/lib.sh"

state=""
purge=0
quiet=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --state) state="${2:?--state needs a folder}"; shift 2 ;;
    --purge) purge=1; shift ;;
    --quiet) quiet=1; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "stop-cluster.sh: unknown argument '$1' (allowed: --state DIR, --purge, --quiet)" >&2; exit 2 ;;
  esac
done
state="${state:-$(slurm_local_default_state)}"
if [[ ! -d $state ]]; then
  [[ $quiet -eq 1 ]] || echo "stop-cluster.sh: nothing to stop ($state does not exist)" >&2
  exit 0
fi
state="$(cd "$state" && pwd)"
PATH="$PATH:/usr/sbin:/sbin"
t0=$(slurm_local_now)

pid_of() {  # pid_of NAME: the daemon's own pid file, else the one start-cluster.sh recorded
  slurm_local_pid "$state/run/$1.pid" "$state" || slurm_local_pid "$state/run/$1.bgpid" "$state"
}

stopped=()
# Jobs first: slurmstepd and job processes outlive slurmd, so cancel them while the
# controller still answers, and give them a few seconds to go.
if pid_of slurmctld >/dev/null; then
  export SLURM_CONF="$state/slurm.conf"
  jobs="$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')"
  if [[ -n ${jobs// /} ]]; then
    # shellcheck disable=SC2086  # a list of job ids
    scancel $jobs 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      [[ -z $(squeue -h -o %A 2>/dev/null) ]] && break
      sleep 0.1
    done
    stopped+=("jobs $jobs")
  fi
fi

# Job processes that escaped Slurm: proctrack/linuxproc follows parent links, so an MPI rank
# whose mpirun was killed first is re-parented away and never receives Slurm's SIGKILL (it
# could then wait for its dead peers for ever). Found by the environment the jobs of this
# cluster have — this cluster's SLURM_CONF together with a SLURM_JOB_ID — and never this
# script or its callers.
conf="$state/slurm.conf"
callers=" $$ "
p=$$
while [[ $p -gt 1 && -r /proc/$p/stat ]]; do
  p=$(awk '{ print $4 }' "/proc/$p/stat")
  callers+="$p "
done
strays=()
while IFS= read -r file; do
  pid=${file#/proc/}
  pid=${pid%/environ}
  [[ $callers == *" $pid "* ]] && continue
  grep -qz '^SLURM_JOB_ID=' "$file" 2>/dev/null && strays+=("$pid")
done < <(grep -lzxF "SLURM_CONF=$conf" /proc/[0-9]*/environ 2>/dev/null)
if [[ ${#strays[@]} -gt 0 ]]; then
  slurm_local_stop_pids "${strays[@]}"
  stopped+=("stray job processes ${strays[*]}")
fi

pids=()
for name in slurmd slurmctld munged; do
  if pid=$(pid_of "$name"); then
    pids+=("$pid")
    stopped+=("$name ($pid)")
  fi
done
[[ ${#pids[@]} -eq 0 ]] || slurm_local_stop_pids "${pids[@]}"
for name in slurmd slurmctld munged; do rm -f "$state/run/$name.pid" "$state/run/$name.bgpid"; done
rm -f "$state/munge-socket/munge.socket.2" "$state/munge-socket/munge.socket.2.lock"

# The --stop-with watchdog, unless this is it (it ends by becoming this script).
if pid=$(slurm_local_pid "$state/run/watchdog.pid" "$state") && [[ $pid != "$$" ]]; then
  kill -TERM "$pid" 2>/dev/null || true
fi
rm -f "$state/run/watchdog.pid"

if [[ $purge -eq 1 ]]; then
  if [[ -f $state/slurm.conf || -d $state/munge ]]; then
    rm -rf -- "$state"
  else
    echo "stop-cluster.sh: not removing $state: it does not look like a start-cluster.sh state folder" >&2
  fi
fi

if [[ $quiet -eq 0 ]]; then
  if [[ ${#stopped[@]} -eq 0 ]]; then
    echo "stop-cluster.sh: nothing was running from $state" >&2
  else
    echo "stop-cluster.sh: stopped ${stopped[*]} in $(slurm_local_since "$t0") s" >&2
  fi
fi
exit 0
