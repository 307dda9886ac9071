# shellcheck shell=bash
# Shared by start-cluster.sh and stop-cluster.sh (sourced, bash).

# The state folder: --state DIR, else $COALESCE_SLURM_STATE, else one per user under /tmp.
slurm_local_default_state() {
  printf '%s' "${COALESCE_SLURM_STATE:-${TMPDIR:-/tmp}/coalesce-slurm-$(id -un)}"
}

# slurm_local_pid FILE WORD: prints the pid recorded in FILE when that process is alive and
# its command line contains WORD (the state folder) — so a pid the system has since given
# to another process is never signalled. Fails otherwise.
slurm_local_pid() {
  local file=$1 word=$2 pid
  [[ -r $file ]] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$word" || return 1
  printf '%s' "$pid"
}

# slurm_local_stop_pids PID...: SIGTERM to all at once, up to 5 s for them to exit, then
# SIGKILL to any left (each daemon takes a second or two to shut down; in parallel, not in turn).
slurm_local_stop_pids() {
  local pid i alive
  kill -TERM "$@" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive -eq 0 ]] && return 0
    sleep 0.1
  done
  kill -KILL "$@" 2>/dev/null || true
}

slurm_local_now() { date +%s.%N; }
slurm_local_since() { awk -v t0="$1" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.1f", t1 - t0 }'; }
