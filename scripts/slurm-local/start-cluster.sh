#!/usr/bin/env bash
# Starts a one-node Slurm on this machine — its own munged, slurmctld and slurmd, everything
# they write in one state folder — in about a second, for tests and for trying the job
# scripts of scripts/slurm/ (docs/HPC.md). Its only line on stdout is what clients need:
#
#   eval "$(scripts/slurm-local/start-cluster.sh)"    # export SLURM_CONF=<state>/slurm.conf
#   sinfo; sbatch ...; squeue
#   scripts/slurm-local/stop-cluster.sh
#
# Usage: scripts/slurm-local/start-cluster.sh [--state DIR] [--cpus N] [--port P] [--stop-with PID]
#   --state DIR      state folder (default: $COALESCE_SLURM_STATE, else /tmp/coalesce-slurm-$USER)
#   --cpus N         CPUs the node advertises, may exceed the real cores (default 4)
#   --port P         slurmctld port P, slurmd port P+1 (default: two free ports, so several
#                    clusters can run side by side)
#   --stop-with PID  stop the cluster when process PID ends: a test's safety net, so no daemon
#                    outlives it even if it is killed before its own clean-up runs
#
# As root the daemons run as root and jobs run as whoever submits them; as another user
# they run as that user, who is then the only one who can run jobs. Needs Debian's
# slurm-wlm and munge (scripts/install-deps.sh --test); no systemd, no /etc changes.
# Already running from DIR: prints the export line again. Exit codes: 0 up, 1 could not
# start (the logs' tails are shown), 2 bad usage.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/slurm-local/lib.sh
source "$here/lib.sh"

state=""
cpus=4
port=""
owner=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --state) state="${2:?--state needs a folder}"; shift 2 ;;
    --cpus) cpus="${2:?--cpus needs a number}"; shift 2 ;;
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --stop-with) owner="${2:?--stop-with needs a process id}"; shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "start-cluster.sh: unknown argument '$1' (allowed: --state DIR, --cpus N, --port P, --stop-with PID)" >&2
       exit 2 ;;
  esac
done
[[ $cpus =~ ^[1-9][0-9]*$ ]] || { echo "start-cluster.sh: --cpus '$cpus': allowed: a whole number >= 1" >&2; exit 2; }
[[ -z $port || ( $port =~ ^[1-9][0-9]{3,4}$ && $port -le 65534 ) ]] || { echo "start-cluster.sh: --port '$port': allowed: 1000..65534" >&2; exit 2; }
[[ -z $owner || $owner =~ ^[1-9][0-9]*$ ]] || { echo "start-cluster.sh: --stop-with '$owner': allowed: a process id" >&2; exit 2; }
state="${state:-$(slurm_local_default_state)}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
conf="$state/slurm.conf"
export SLURM_CONF="$conf"

for tool in munged munge unmunge slurmctld slurmd sinfo; do
  if ! command -v "$tool" >/dev/null 2>&1 && [[ ! -x /usr/sbin/$tool ]]; then
    echo "start-cluster.sh: '$tool' not found; install Debian's slurm-wlm and munge (scripts/install-deps.sh --test)" >&2
    exit 1
  fi
done
PATH="$PATH:/usr/sbin:/sbin"

node_state() { sinfo -h -o %T 2>/dev/null | head -n 1; }

# Already up (the controller answers and the node is usable): nothing to do.
if slurm_local_pid "$state/run/slurmctld.pid" "$state" >/dev/null \
   && slurm_local_pid "$state/run/slurmd.pid" "$state" >/dev/null \
   && [[ $(node_state) =~ ^(idle|mixed|allocated) ]]; then
  echo "start-cluster.sh: already running from $state" >&2
  echo "export SLURM_CONF=$conf"
  exit 0
fi
# Half up (say, a daemon died): stop what is left, then start afresh on the same state.
"$here/stop-cluster.sh" --state "$state" --quiet

# munged insists that every folder above its socket be searchable by all (o+x).
dir="$state"
while [[ $dir != / ]]; do
  dir="$(dirname "$dir")"
  if [[ $(( 8#$(stat -c %a "$dir") & 1 )) -eq 0 ]]; then
    echo "start-cluster.sh: munged needs every folder above its socket to be searchable by all, and" \
         "'$dir' is not (chmod o+x it, or choose another --state)" >&2
    exit 1
  fi
done

t0=$(slurm_local_now)
user="$(id -un)"
host="$(hostname -s)"

# munge: own key (0400 in a 0700 folder) and a socket folder others may enter (munged
# refuses one without o+x: "Socket is inaccessible: execute permissions for all required").
mkdir -p "$state"/{munge,munge-socket,state,spool,log,run,tmp}
chmod 755 "$state" "$state/munge-socket"
chmod 700 "$state/munge"
key="$state/munge/munge.key"
if [[ ! -s $key ]]; then
  (umask 077; dd if=/dev/urandom of="$key" bs=1024 count=1 status=none)
  chmod 400 "$key"
fi
socket="$state/munge-socket/munge.socket.2"
rm -f "$socket" "$socket.lock"
setsid munged --foreground --socket="$socket" --key-file="$key" \
  --pid-file="$state/run/munged.pid" --log-file="$state/log/munged.log" \
  --seed-file="$state/munge/munged.seed" </dev/null >"$state/log/munged.out" 2>&1 &
echo $! >"$state/run/munged.bgpid"

fail() {
  echo "start-cluster.sh: $1 (state folder $state); last log lines:" >&2
  for f in "$state"/log/*; do [[ -s $f ]] && { echo "== $f" >&2; tail -n 15 "$f" >&2; }; done
  "$here/stop-cluster.sh" --state "$state" --quiet || true
  exit 1
}
for ((i = 0; i < 100; i++)); do [[ -S $socket ]] && break; sleep 0.05; done
munge -n --socket="$socket" | unmunge --socket="$socket" >/dev/null 2>&1 || fail "munged did not start"

# Two free ports: none of this machine's sockets use them (from /proc/net/tcp*), and they
# lie below the kernel's ephemeral range so no outgoing connection takes them meanwhile.
if [[ -z $port ]]; then
  used=" "
  while read -r _ local _; do
    hex=${local##*:}
    [[ $hex =~ ^[0-9A-F]{4}$ ]] && used+="$((16#$hex)) "
  done < <(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  for ((i = 0; i < 100; i++)); do
    p=$((10000 + RANDOM % 22000))
    if [[ $used != *" $p "* && $used != *" $((p + 1)) "* ]]; then port=$p; break; fi
  done
  [[ -n $port ]] || fail "found no two free ports between 10000 and 32000"
fi

sed -e "s#@HOST@#$host#g" -e "s#@STATE@#$state#g" -e "s#@USER@#$user#g" -e "s#@CPUS@#$cpus#g" \
    -e "s#@CTLD_PORT@#$port#g" -e "s#@SLURMD_PORT@#$((port + 1))#g" \
    "$here/slurm.conf.in" >"$conf"

setsid slurmctld -D -f "$conf" </dev/null >"$state/log/slurmctld.out" 2>&1 &
echo $! >"$state/run/slurmctld.bgpid"
setsid slurmd -D -f "$conf" </dev/null >"$state/log/slurmd.out" 2>&1 &
echo $! >"$state/run/slurmd.bgpid"

# Ready when the node is idle. The daemons write their own pid files; the ones recorded
# above are kept as well, for stop-cluster.sh, in case a daemon dies before writing its own.
ready=0
for ((i = 0; i < 150; i++)); do
  if [[ $(node_state) == idle ]]; then ready=1; break; fi
  slurm_local_pid "$state/run/slurmctld.bgpid" "$state" >/dev/null || fail "slurmctld exited"
  slurm_local_pid "$state/run/slurmd.bgpid" "$state" >/dev/null || fail "slurmd exited"
  sleep 0.1
done
[[ $ready -eq 1 ]] || fail "the node did not become idle within 15 s"

if [[ -n $owner ]]; then
  # Polls the owner once a second; when it is gone, becomes stop-cluster.sh.
  # shellcheck disable=SC2016  # $1..$3 are the inner shell's arguments
  setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec "$2" --state "$3" --quiet' \
    slurm-local-watchdog "$owner" "$here/stop-cluster.sh" "$state" </dev/null >"$state/log/watchdog.out" 2>&1 &
  echo $! >"$state/run/watchdog.pid"
fi

echo "start-cluster.sh: one-node Slurm up in $(slurm_local_since "$t0") s ($cpus CPUs, ports $port-$((port + 1)), daemons as $user, state $state)" >&2
echo "export SLURM_CONF=$conf"
