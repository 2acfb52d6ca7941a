#!/usr/bin/env bash
# A throwaway one-node Slurm cluster on this host, everything under one folder: munge key, socket and pid file,
# slurm.conf, state and spool folders, logs. Used by Tests/CLITests/SlurmSweepTests.swift; handy by hand too.
#
#   scripts/slurm-single-node.sh start DIR   # write DIR/slurm.conf, start munged, slurmctld, slurmd; wait for the node
#   export SLURM_CONF=DIR/slurm.conf         # then sbatch, squeue, sinfo talk to this cluster
#   scripts/slurm-single-node.sh stop DIR    # stop the three daemons by their pid files and wait until they are gone
#
# Needs root (slurmd runs jobs as their user) and Debian's slurm-wlm and munge. No cgroups, no systemd: processes are
# tracked with proctrack/linuxproc, tasks are not bound (task/none), accounting is off, ports are private (chosen free
# at start). Exits non-zero with the daemon's log when something does not come up.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)

# A TCP port nobody listens on, from a range Linux does not hand out as ephemeral ports.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

# Waits until the process in pid file $1 exits (at most $2 seconds), then kills it hard.
stop_pidfile() {
  local file=$1 limit=$2 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((limit * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
  fi
  rm -f "$file"
}

# Runs a daemon with stdin from /dev/null, stdout and stderr appended to log file $1, and every other inherited file
# descriptor closed: a caller that waits for this script's pipes or sockets to close (Foundation's Process does)
# must not be held up by daemons that outlive the script.
detached() {
  local log=$1
  shift
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
    done
    exec "$@" </dev/null >>"$log" 2>&1
  )
}

fail() {
  echo "slurm-single-node: $1" >&2
  for log in "$dir"/log/*.log; do
    [ -f "$log" ] && { echo "--- $log" >&2; tail -n 30 "$log" >&2; }
  done
  exit 1
}

case "$action" in
stop)
  stop_pidfile "$dir/run/slurmd.pid" 10
  stop_pidfile "$dir/run/slurmctld.pid" 10
  stop_pidfile "$dir/run/munged.pid" 5
  exit 0
  ;;
start) ;;
*) usage ;;
esac

[ "$(id -u)" -eq 0 ] || fail "run as root (slurmd must be able to start jobs as their user)"
for tool in munged mungekey slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null 2>&1 \
    || fail "$tool not found; install Slurm and munge: apt-get install -y slurm-wlm munge"
done
export PATH="$PATH:/usr/sbin:/sbin"

mkdir -p "$dir"/{munge,run,log,state,spool,tmp}
chmod 700 "$dir/munge"
# munged refuses a socket folder that others may write to, and a key others may read.
chmod 755 "$dir" "$dir/run"

# --- munge: its own key, socket, pid and log file.
[ -f "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key" --force >/dev/null
chmod 400 "$dir/munge/munge.key"
socket="$dir/run/munge.socket"
detached "$dir/log/munged.log" munged --key-file="$dir/munge/munge.key" --socket="$socket" \
  --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" --force \
  || fail "munged did not start"
for _ in $(seq 1 50); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || fail "munged did not create its socket $socket"

# --- slurm.conf: one node with this host's CPUs, private ports, everything under $dir.
host=$(hostname -s)
cpus=$(nproc)
ctld_port=$(free_port)
slurmd_port=$(free_port)
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done
cat >"$dir/slurm.conf" <<EOF
# Written by scripts/slurm-single-node.sh: a one-node test cluster, no cgroups, no accounting.
ClusterName=fitreport-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
TmpFS=$dir/tmp
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MailProg=/bin/true
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$dir/slurm.conf"

# --- the daemons. -i: ignore state left by an earlier cluster in this folder.
detached "$dir/log/slurmctld.stderr.log" slurmctld -f "$dir/slurm.conf" -i || fail "slurmctld did not start"
detached "$dir/log/slurmd.stderr.log" slurmd -f "$dir/slurm.conf" -N "$host" || fail "slurmd did not start"

# The node is usable once sinfo reports it idle (or mixed/allocated).
for _ in $(seq 1 300); do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
  case "$state" in idle*|mix*|alloc*) echo "$dir/slurm.conf"; exit 0 ;; esac
  sleep 0.1
done
fail "the node did not become idle within 30 s (sinfo says '${state:-nothing}')"
