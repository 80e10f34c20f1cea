#!/usr/bin/env bash
# `piriform sweep` end to end on the cube example: plan, local run -j 2, merge (byte-identical twice), kill -9 of
# the driver and resume, errors at plan time, and the same sweep over two MPI ranks.
set -uo pipefail
piriform=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/cli/lib.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export OMP_NUM_THREADS=1
cd "$dir" || exit 1  # default sweep directories (sweeps/<name>) go here
failures=0

# Six runs: three loads by two shear moduli on a log range; the cube has no nerve, so the metric that tells the
# runs apart is the Newton iteration count.
sweep=$dir/cube.yaml
cat >"$sweep" <<YAML
name: cube
base: $root/scenarios/examples/cube-compression.yaml
axes:
  - {name: load, path: "loads[0].value[2]", values: ["-100 Pa", "-200 Pa", "-300 Pa"]}
  - {path: materials.block.shear_modulus, range: {from: 300 Pa, to: 900 Pa, count: 2, scale: log}}
YAML
expect 0 "sweep cube: 6 runs" -- "$piriform" sweep plan "$sweep"
expect 0 "0005  -300 Pa  900 Pa" -- "$piriform" sweep plan "$sweep"
expect 0 "... and 4 more" -- "$piriform" sweep plan "$sweep" --show 2
[[ -e $dir/sweeps ]] && fail "plan created a sweep directory"

expect 0 "summary: 6 completed, 0 failed" -- "$piriform" sweep run "$sweep" -o "$dir/local" -j 2
# Parameters, status and simulated time are fixed; Newton iteration counts depend on the solver, so only their
# presence is checked here (the resumed and MPI sweeps below must match this one exactly).
cat >"$dir/expected.csv" <<'CSV'
0000,-100 Pa,300 Pa,completed,1
0001,-100 Pa,900 Pa,completed,1
0002,-200 Pa,300 Pa,completed,1
0003,-200 Pa,900 Pa,completed,1
0004,-300 Pa,300 Pa,completed,1
0005,-300 Pa,900 Pa,completed,1
CSV
head -1 "$dir/local/summary.csv" | grep -q '^run,load,materials.block.shear_modulus,status,peak interface pressure (kPa),.*,simulated time (s),Newton iterations (1),step cuts (1),wall time (s)$' ||
  fail "summary.csv header: $(head -1 "$dir/local/summary.csv")"
tail -n +2 "$dir/local/summary.csv" | cut -d, -f1-4,19 >"$dir/got.csv"
diff "$dir/expected.csv" "$dir/got.csv" && echo "ok: summary rows" || fail "summary rows differ from the expected ones"
tail -n +2 "$dir/local/summary.csv" | cut -d, -f20 | grep -qvE '^[1-9][0-9]*$' && fail "Newton iteration counts"
grep -q 'value: \[0 Pa, 0 Pa, -300 Pa\]' "$dir/local/runs/0005/scenario.yaml" || fail "run 0005's scenario"
cp "$dir/local/summary.csv" "$dir/summary-1.csv"
expect 0 "wrote" -- /usr/bin/python3 "$root/scripts/plot-sweep" "$dir/local/summary.csv" "Newton iterations (1)" load \
  materials.block.shear_modulus -o "$dir/sweep.png"
cp "$dir/local/summary.h5" "$dir/summary-1.h5"
expect 0 "summary: 6 completed" -- "$piriform" sweep merge "$dir/local"
cmp "$dir/summary-1.csv" "$dir/local/summary.csv" && cmp "$dir/summary-1.h5" "$dir/local/summary.h5" &&
  echo "ok: merging twice gives identical files" || fail "merging twice gave different files"
expect 0 "6 runs: 6 done, 0 failed, 0 incomplete, 0 pending" -- "$piriform" sweep status "$dir/local"
expect 0 "6 completed already, 0 to run" -- "$piriform" sweep run "$sweep" -o "$dir/local"

# Kill -9 of the driver once two runs are done (one run at a time, so others are mid-way), then resume.
"$piriform" sweep run "$sweep" -o "$dir/killed" -j 1 >"$dir/killed.log" 2>&1 &
driver=$!
for _ in $(seq 600); do
  grep -q '^\[2/6\]' "$dir/killed.log" && break
  sleep 0.1
done
sleep 0.5
kill -9 "$driver"
wait "$driver" 2>/dev/null
sleep 0.5
status=$("$piriform" sweep status "$dir/killed")
echo "$status"
grep -qE ': 6 runs: [2-5] done, 0 failed' <<<"$status" && echo "ok: killed sweep keeps its finished runs" ||
  fail "status after kill -9: $status"
[[ -e "$dir/killed/summary.csv" ]] && fail "a killed sweep wrote its summary"
expect 0 "summary: 6 completed, 0 failed" -- "$piriform" sweep run "$sweep" -o "$dir/killed" -j 2
diff <(without_wall_time "$dir/local/summary.csv") <(without_wall_time "$dir/killed/summary.csv") &&
  echo "ok: resumed sweep = uninterrupted sweep" || fail "resumed sweep's summary differs"

# A failed run (its surface is not in the mesh: found when the run builds its model) is recorded with the end of
# its log and does not stop the others; a resumed sweep redoes it.
cat >"$dir/surface.yaml" <<YAML
base: $root/scenarios/examples/cube-compression.yaml
axes:
  - {path: "loads[0].surface", values: [nosuch, zmax]}
YAML
expect 3 "summary: 1 completed, 1 failed" -- "$piriform" sweep run "$dir/surface.yaml"
grep -q "exit status 2" "$dir/sweeps/surface/runs/0000/error.txt" && grep -q "nosuch" "$dir/sweeps/surface/runs/0000/error.txt" &&
  echo "ok: error.txt" || fail "error.txt: $(cat "$dir/sweeps/surface/runs/0000/error.txt")"
expect 0 "failed 0000: run 0000 failed: exit status 2" -- "$piriform" sweep status "$dir/sweeps/surface"
grep -q '^0000,nosuch,failed,' "$dir/sweeps/surface/summary.csv" || fail "failed run's summary row"
expect 3 "1 completed already, 1 to run" -- "$piriform" sweep run "$dir/surface.yaml"

# Errors at plan time, naming the sweep file, the field and what was expected.
write() { printf '%s\n' "base: $root/scenarios/examples/cube-compression.yaml" "$2" >"$dir/$1"; }
write path.yaml 'axes: [{path: "materials.block.shear_modulos", values: [1 Pa]}]'
expect 2 "path.yaml:2: axes[0].path: unknown parameter path 'materials.block.shear_modulos'" -- "$piriform" sweep plan "$dir/path.yaml"
write index.yaml 'axes: [{path: "loads[3].value", values: [1 Pa]}]'
expect 2 "has no 'loads[3]'" -- "$piriform" sweep plan "$dir/index.yaml"
write empty.yaml 'axes: [{path: "loads[0].value[2]", values: []}]'
expect 2 "empty.yaml:2: axes[0].values: expected at least one value" -- "$piriform" sweep plan "$dir/empty.yaml"
write noaxes.yaml 'axes: []'
expect 2 "noaxes.yaml:2: axes: expected at least one axis" -- "$piriform" sweep plan "$dir/noaxes.yaml"
write units.yaml 'axes: [{path: "materials.block.shear_modulus", range: {from: 1 N, to: 2 N, count: 2}}]'
expect 2 "units.yaml:2: axes[0]: run 0000 (materials.block.shear_modulus = 1 N): materials.block.shear_modulus: N is a force unit, expected a pressure" -- \
  "$piriform" sweep plan "$dir/units.yaml"
write mixed.yaml 'axes: [{path: "materials.block.shear_modulus", range: {from: 1 kPa, to: 2 Pa, count: 2}}]'
expect 2 "mixed.yaml:2: axes[0].range.to: expected the unit of 'from' ('kPa'), got 'Pa'" -- "$piriform" sweep plan "$dir/mixed.yaml"
write field.yaml 'axes: [{path: "steps.count", valuez: [1]}]'
expect 2 "field.yaml:2: axes[0].valuez: unknown field" -- "$piriform" sweep plan "$dir/field.yaml"
expect 2 "manifest.csv: the directory holds another sweep" -- "$piriform" sweep run "$dir/surface.yaml" -o "$dir/local"

# The same sweep over two MPI ranks, each asking rank 0's counter for its next run.
if command -v mpirun >/dev/null; then
  expect 0 "summary: 6 completed, 0 failed" -- mpirun --allow-run-as-root --oversubscribe -n 2 "$piriform" sweep run "$sweep" -o "$dir/mpi" --mpi
  diff <(without_wall_time "$dir/local/summary.csv") <(without_wall_time "$dir/mpi/summary.csv") &&
    echo "ok: MPI sweep = local sweep" || fail "MPI sweep's summary differs"
else
  fail "mpirun not found (scripts/setup installs openmpi-bin)"
fi

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
