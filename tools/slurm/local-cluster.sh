#!/usr/bin/env bash
# A single-node Slurm cluster on localhost, for tests and for trying `l2p sweep --executor slurm` on one machine.
#
#   bash tools/slurm/local-cluster.sh start    # install slurm-wlm + munge if missing, then start munged, slurmctld, slurmd
#   bash tools/slurm/local-cluster.sh stop     # stop the three daemons (by their pid files)
#   bash tools/slurm/local-cluster.sh status   # whether it runs, and `sinfo`
#
# Containers here have no systemd, and package installs cannot start services (policy-rc.d denies), so the daemons
# are started by hand, as ../shared/reference/slurm-local.md measured: no cgroups (proctrack/linuxproc, task/none),
# no accounting (sacct needs slurmdbd), one default partition. `start` is idempotent: a daemon that runs is left
# alone, so CI (.ci/run) and the Slurm test may both call it. It needs root (apt-get, /run, /etc/slurm); where it
# cannot do something it stops with one line saying what is missing and exit 1.
#
# /etc/slurm/slurm.conf is written only when there is none or when this script wrote it (first line below): a real
# cluster's configuration is never replaced.
set -euo pipefail

MARKER='# learn-to-prune tools/slurm/local-cluster.sh: single-node test cluster'
CONF=/etc/slurm/slurm.conf
RUN=/run/slurm
CTLD_PID=$RUN/slurmctld.pid
SLURMD_PID=$RUN/slurmd.pid
MUNGE_PID=/run/munge/munged.pid
LOG=/var/log/slurm

die() {
  echo "error: local-cluster.sh: $*" >&2
  exit 1
}

alive() { # alive <pid file>: the process named there runs
  [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

wait_for() { # wait_for <seconds> <what> <command…>
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$what did not come up within ${seconds} s (logs: $LOG/)"
    sleep 0.2
  done
}

install_packages() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && return 0
  [[ $(id -u) -eq 0 ]] || die "slurm-wlm and munge are not installed and installing them needs root: run \`sudo apt-get install -y --no-install-recommends slurm-wlm munge\`"
  command -v apt-get >/dev/null || die "slurm-wlm and munge are not installed and this machine has no apt-get: install Slurm and munge by hand"
  echo "local-cluster: installing Debian's slurm-wlm and munge (apt-get install -y --no-install-recommends slurm-wlm munge)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; then
    apt-get update -qq >/dev/null || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null || die "apt-get install slurm-wlm munge failed"
  fi
}

write_conf() {
  if [[ -e $CONF ]] && [[ $(head -n 1 "$CONF") != "$MARKER" ]]; then
    die "$CONF exists and was not written by this script (a real cluster's?): not replacing it"
  fi
  local cpus mem
  cpus=$(nproc --all)
  # Memory Slurm may hand out: 80 % of the machine, in MiB.
  mem=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)
  mkdir -p "$(dirname "$CONF")"
  cat >"$CONF.tmp" <<EOF
$MARKER
ClusterName=l2p-local
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$LOG/slurmctld.log
SlurmdLogFile=$LOG/slurmd.log
# No cgroups in a container: track processes by parent id, no task containment.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$LOG/jobcomp.txt
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerType=sched/backfill
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

start() {
  install_packages
  [[ $(id -u) -eq 0 ]] || die "starting the daemons needs root (they write /run/munge, /run/slurm and /var/lib/slurm)"
  write_conf
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o slurm -g slurm -m 0755 "$RUN" "$LOG" /var/lib/slurm/slurmctld
  install -d -m 0755 /var/lib/slurm/slurmd
  [[ -s /etc/munge/munge.key ]] || die "/etc/munge/munge.key is missing (the munge package creates it): reinstall munge"
  if ! alive "$MUNGE_PID"; then
    runuser -u munge -- /usr/sbin/munged
  fi
  wait_for 10 munged bash -c 'munge -n | unmunge'
  if ! alive "$CTLD_PID"; then
    /usr/sbin/slurmctld
  fi
  wait_for 20 slurmctld scontrol ping
  if ! alive "$SLURMD_PID"; then
    /usr/sbin/slurmd -N localhost
  fi
  # Up once the node is schedulable (idle, or busy with jobs queued before a restart).
  wait_for 30 "slurmd (node localhost)" bash -c "sinfo -h -n localhost -o %T | grep -Eq '^(idle|mixed|allocated|completing)'"
  echo "local-cluster: running ($(sinfo -h -o '%P %D node, %c CPUs, %T'))"
}

stop_one() { # stop_one <name> <pid file>
  if alive "$2"; then
    local pid
    pid=$(cat "$2")
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || return 0
      sleep 0.2
    done
    die "$1 (pid $pid) did not stop within 10 s"
  fi
}

stop() {
  stop_one slurmd "$SLURMD_PID"
  stop_one slurmctld "$CTLD_PID"
  stop_one munged "$MUNGE_PID"
  echo "local-cluster: stopped"
}

status() {
  local state=0
  for pair in "munged:$MUNGE_PID" "slurmctld:$CTLD_PID" "slurmd:$SLURMD_PID"; do
    if alive "${pair#*:}"; then echo "${pair%%:*}: running (pid $(cat "${pair#*:}"))"; else echo "${pair%%:*}: not running"; state=1; fi
  done
  [[ $state -eq 0 ]] && sinfo
  return $state
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: bash tools/slurm/local-cluster.sh start|stop|status" >&2
    exit 2
    ;;
esac
