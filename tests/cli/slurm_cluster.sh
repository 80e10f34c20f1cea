#!/usr/bin/env bash
# `piriform sweep slurm --submit` on a private single-node Slurm cluster started here (munged, slurmctld and
# slurmd in the foreground, configuration and state in a temporary directory; run as root, no systemd): the job
# array's merged summary must equal the local run's. Usage: tests/cli/slurm_cluster.sh PIRIFORM
set -uo pipefail
piriform=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
[[ $(id -u) -eq 0 ]] || { echo "skip: the private cluster's daemons need root"; exit 77; }
for tool in munged slurmctld slurmd sbatch squeue; do
  command -v "$tool" >/dev/null || { echo "skip: $tool not found (scripts/setup installs slurm-wlm munge)"; exit 77; }
done
tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=()
cleanup() {
  # Each daemon by its own PID; the temporary directory only after they are gone.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
export OMP_NUM_THREADS=1
host=$(hostname -s)
source "$root/tests/cli/lib.sh"
# Ports away from the defaults (6817/6818), so that a system Slurm, if any, is not disturbed.
ctld_port=$((17000 + RANDOM % 1000))
slurmd_port=$((ctld_port + 1000))

dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge.key"
munged --foreground --force --key-file="$tmp/munge.key" --socket="$tmp/munge.sock" --pid-file="$tmp/munged.pid" \
  --log-file="$tmp/munged.log" --seed-file="$tmp/munged.seed" >"$tmp/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [[ -S $tmp/munge.sock ]] && break; sleep 0.1; done
[[ -S $tmp/munge.sock ]] || { echo "FAIL: munged did not start:"; cat "$tmp/munged.log"; exit 1; }

mkdir -p "$tmp/state" "$tmp/spool"
export SLURM_CONF=$tmp/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=piriform-test
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge.sock
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
NodeName=$host CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -D -i -f "$SLURM_CONF" >"$tmp/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$tmp/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)' && break; sleep 0.2; done
if ! sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
  echo "FAIL: the node did not come up; sinfo: $(sinfo 2>&1)"
  tail -20 "$tmp/slurmctld.log" "$tmp/slurmd.log"
  exit 1
fi
echo "ok: private cluster up ($(sinfo -h -o '%P %D %T'))"

sweep=$tmp/cube.yaml
cat >"$sweep" <<YAML
name: cube
base: $root/scenarios/examples/cube-compression.yaml
axes:
  - {name: load, path: "loads[0].value[2]", values: ["-100 Pa", "-200 Pa", "-300 Pa"]}
  - {path: materials.block.shear_modulus, range: {from: 300 Pa, to: 900 Pa, count: 2, scale: log}}
YAML
failures=0
"$piriform" sweep run "$sweep" -o "$tmp/local" -j 2 >/dev/null || fail "local sweep"
out=$("$piriform" sweep slurm "$sweep" -o "$tmp/slurm" --array-size 4 --time 10 --partition debug --submit 2>&1)
echo "$out"
job=$(sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p' <<<"$out")
[[ -n $job ]] || { echo "FAIL: no job submitted"; exit 1; }
grep -q '^#SBATCH --array=0-3$' "$tmp/slurm/sweep.sbatch" || fail "array size"
for _ in $(seq 600); do
  [[ -z $(squeue -h -j "$job" 2>/dev/null) ]] && break
  sleep 0.5
done
[[ -z $(squeue -h -j "$job" 2>/dev/null) ]] || { echo "FAIL: job $job still queued: $(squeue)"; exit 1; }
"$piriform" sweep status "$tmp/slurm"
"$piriform" sweep merge "$tmp/slurm" || failures=$((failures + 1))
if diff <(without_wall_time "$tmp/local/summary.csv") <(without_wall_time "$tmp/slurm/summary.csv"); then
  echo "ok: Slurm job array summary = local summary"
else
  echo "FAIL: the job array's summary differs"
  tail -5 "$tmp"/slurm/slurm/*.out
  failures=$((failures + 1))
fi
echo "$failures failure(s)"
[[ $failures -eq 0 ]]
