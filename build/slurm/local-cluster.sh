#!/usr/bin/env bash
# A single-node Slurm cluster on localhost: munged, slurmctld and slurmd started from this checkout's state folder
# (default artifacts/slurm/, git-ignored), configured from build/slurm/slurm.conf.in.
#   build/slurm/local-cluster.sh start    # writes the config and munge key, starts the daemons, waits for the node
#   build/slurm/local-cluster.sh env      # prints 'export SLURM_CONF=...' for sbatch/squeue/sinfo
#   build/slurm/local-cluster.sh stop     # stops the daemons it started (by their pid files)
# Needs Debian's slurm-wlm and munge (build/assets/slurm.txt; ./build.sh --target=assets installs them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${FACEBENCH_SLURM_STATE:-$root/artifacts/slurm}"
conf="$state/etc/slurm.conf"
export SLURM_CONF="$conf"

log() { printf 'slurm: %s\n' "$*" >&2; }

stop_pid() { # stops the process whose id a pid file holds, if it is still running
  local file="$1"
  if [[ -f "$file" ]]; then
    local pid; pid="$(cat "$file")"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$file"
  fi
}

free_port() { # a TCP port nobody listens on, from a range away from the defaults (6817/6818)
  local port
  for port in $(seq "$1" $(( $1 + 200 ))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "$1"
}

start() {
  for program in munged slurmctld slurmd sbatch; do
    command -v "$program" >/dev/null || { log "$program not found: install slurm-wlm and munge (./build.sh --target=assets)"; exit 2; }
  done
  stop
  mkdir -p "$state"/{etc,munge,ctld,spool,log}
  chmod 700 "$state/munge"
  if [[ ! -s "$state/munge/munge.key" ]]; then
    mungekey --create --keyfile="$state/munge/munge.key" --force >/dev/null
  fi
  chmod 600 "$state/munge/munge.key"
  local cpus memory
  cpus="$(nproc)"
  memory="$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)"
  sed -e "s|@STATE@|$state|g" -e "s|@USER@|$(id -un)|g" -e "s|@CPUS@|$cpus|g" -e "s|@MEMORY_MB@|$memory|g" \
      -e "s|@CTLD_PORT@|$(free_port 16817)|g" -e "s|@SLURMD_PORT@|$(free_port 17818)|g" \
      "$root/build/slurm/slurm.conf.in" > "$conf"

  # munged refuses to run as root unless forced; the key, socket, seed and log are all in the state folder.
  munged --force --key-file="$state/munge/munge.key" --socket="$state/munge/munge.socket" \
         --pid-file="$state/munge/munged.pid" --log-file="$state/log/munged.log" --seed-file="$state/munge/munged.seed"
  slurmctld -f "$conf"
  slurmd -f "$conf" -N localhost
  for _ in $(seq 60); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then
      log "cluster up: $cpus CPUs on localhost, partition 'local' (SLURM_CONF=$conf)"
      return
    fi
    sleep 1
  done
  log "the node did not come up within 60 s; logs in $state/log:"
  tail -n 20 "$state/log/slurmctld.log" "$state/log/slurmd.log" >&2 || true
  exit 1
}

stop() {
  stop_pid "$state/slurmd.pid"
  stop_pid "$state/slurmctld.pid"
  stop_pid "$state/munge/munged.pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
