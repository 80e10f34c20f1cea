#!/usr/bin/env bash
# `piriform mesh` and `piriform run` end to end: generate with flags and a parameter file, check the file back, and the
# documented errors (exit status 2 and a message naming the file, the parameter and what was expected).
set -uo pipefail
piriform=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/cli/lib.sh"
failures=0

expect 0 "piriformis 11.6 mm thick" -- "$piriform" mesh --variant B --piriformis-thickness 11.6mm -o "$dir/b.msh"
expect 0 "cells with det J <= 0: 0" -- "$piriform" mesh --check "$dir/b.msh"
expect 0 "nerve " -- "$piriform" mesh --check "$dir/b.msh"
expect 2 "exists already; pass --overwrite" -- "$piriform" mesh -o "$dir/b.msh"

printf 'preset: coarse\nfat_thickness: 2 cm\nnerve_depth: "50 mm"\n' >"$dir/p.yaml"
expect 0 "fat 20.0 mm" -- "$piriform" mesh --params "$dir/p.yaml" -o "$dir/p.msh"
printf 'fat_thickness: 20 kPa\n' >"$dir/unit.yaml"
expect 2 "unit.yaml:1: fat_thickness: parameter 'fat_thickness': kPa is a pressure unit, expected a length" -- \
  "$piriform" mesh --params "$dir/unit.yaml" -o "$dir/x.msh"
printf 'skin_thickness: 2 mm\nfat_thicknes: 20 mm\n' >"$dir/typo.yaml"
expect 2 "typo.yaml:2: fat_thicknes: unknown anatomy parameter 'fat_thicknes'" -- "$piriform" mesh --params "$dir/typo.yaml" -o "$dir/x.msh"
expect 2 "parameter 'fat_thickness': expected a length with a unit" -- "$piriform" mesh --fat-thickness 40 -o "$dir/x.msh"
expect 2 "anatomy parameter 'nerve_depth'" -- "$piriform" mesh --fat-thickness 45mm -o "$dir/x.msh"
expect 2 "nope.msh: no such file" -- "$piriform" mesh --check "$dir/nope.msh"
expect 0 "completed after 4 steps" -- "$piriform" run "$root/scenarios/examples/cube-compression.yaml" -o "$dir"
expect 0 "time steps to t = 3.5 s" -- "$piriform" run --check "$root/scenarios/stroke-over-nerve.yaml"
printf 'name: x\nmodel: {anatomy: default}\nstroke: {tool: thumb, force: 9 kPa, path: {along: nerve, length: 0 mm}}\n' >"$dir/s.yaml"
expect 2 "s.yaml:3: stroke.force: kPa is a pressure unit, expected a force" -- "$piriform" run "$dir/s.yaml"

# Results: the file, its XDMF companion, `piriform info`, the Python example, and the output errors.
cube="$root/scenarios/examples/cube-compression.yaml"
expect 0 "completed, 5 of 5 output steps" -- "$piriform" info "$dir/cube-compression.h5"
expect 0 ": ok," -- /usr/bin/python3 "$root/tests/results/check_xdmf.py" "$dir/cube-compression.xdmf"
expect 2 "cube-compression.h5' exists already; pass --overwrite" -- "$piriform" run "$cube" -o "$dir"
expect 0 "completed after 4 steps" -- "$piriform" run "$cube" -o "$dir" --overwrite
# -o makes a missing directory; --steps stops after the first planned steps.
expect 0 "completed after 2 steps" -- "$piriform" run "$cube" -o "$dir/new/deeper" --steps 2
expect 0 "completed, 3 of 3 output steps" -- "$piriform" info "$dir/new/deeper/cube-compression.h5"
# --until keeps the steps that end by then (at least one); with --steps the shorter of the two wins.
expect 0 "completed after 2 steps" -- "$piriform" run "$cube" -o "$dir/until" --until "0.6 s"
expect 0 "completed after 1 steps" -- "$piriform" run "$cube" -o "$dir/until" --overwrite --until "0.1 s"
expect 0 "completed after 1 steps" -- "$piriform" run "$cube" -o "$dir/until" --overwrite --until "0.8 s" --steps 1
expect 0 "completed after 3 steps" -- "$piriform" run "$cube" -o "$dir/until" --overwrite --until "0.8 s" --steps 5
expect 2 "--until: expected a positive time" -- "$piriform" run "$cube" -o "$dir/until" --overwrite --until "0 s"
touch "$dir/plain-file"
expect 2 "plain-file" -- "$piriform" run "$cube" -o "$dir/plain-file/sub"
mkdir -p "$dir/full"
expect 2 "cannot reserve" -- bash -c "ulimit -f 100; exec \"$piriform\" run \"$cube\" -o \"$dir/full\""
[[ -e "$dir/full/cube-compression.h5" ]] && fail "a run that could not reserve its file left it"
expect 2 "b.msh' is not an HDF5 file" -- "$piriform" info "$dir/b.msh"

expect 0 "output step 2, t = 0.5 s" -- "$piriform" export "$dir/cube-compression.h5" --time "0.6 s" -o "$dir/half.vtu"
grep -q '<VTKFile type="UnstructuredGrid"' "$dir/half.vtu" || fail "half.vtu is not a VTU file"
expect 2 "--step 7: " -- "$piriform" export "$dir/cube-compression.h5" --step 7 -o "$dir/x.vtu"

# Metrics of a named region, plotted by the Python example.
sed -e "s|../../meshes/unit-cube.msh|$root/meshes/unit-cube.msh|" -e 's/count: 4/count: 2/' "$cube" >"$dir/base.yaml"
{ cat "$dir/base.yaml"; printf 'output: {regions: [block], name: cube-block}\n'; } >"$dir/cube.yaml"
expect 0 "block compression" -- "$piriform" run "$dir/cube.yaml" -o "$dir"
expect 0 "wrote" -- /usr/bin/python3 "$root/scripts/plot-nerve-pressure" "$dir/cube-block.h5" --region block -o "$dir/p.png"
{ cat "$dir/base.yaml"; printf 'output: {regions: [nerve]}\n'; } >"$dir/bad.yaml"
expect 2 "bad.yaml:20: output.regions: no region 'nerve'" -- "$piriform" run "$dir/bad.yaml" -o "$dir"

# Pictures and a comparison (VTK, under the test run's X server or one piriform starts itself).
expect 0 "cube-block-cutaway.png" -- "$piriform" render "$dir/cube-block.h5" -o "$dir/pics"
expect 0 "| cube-block | completed |" -- "$piriform" compare "$dir/cube-block.h5" "$dir/cube-compression.h5" -o "$dir/cmp"
for f in pics/cube-block-cutaway.png cmp/comparison.png cmp/comparison.csv cmp/comparison.md; do
  [[ -s "$dir/$f" ]] || fail "$f missing"
done
expect 2 "nope.h5" -- "$piriform" render "$dir/nope.h5" -o "$dir/pics"

# A run killed with SIGKILL leaves a readable file: status running, the finished steps intact.
sed -e "s|../../meshes/unit-cube.msh|$root/meshes/unit-cube.msh|" -e 's/count: 4/count: 400/' "$cube" >"$dir/long.yaml"
"$piriform" run "$dir/long.yaml" -o "$dir" >"$dir/long.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q "^step 3/" "$dir/long.log" && break; sleep 0.1; done
kill -9 $pid
wait $pid 2>/dev/null
expect 0 "the run did not finish" -- "$piriform" info "$dir/long.h5"
expect 0 "status running, steps intact" -- /usr/bin/python3 -c "
import h5py, numpy as np, sys
with h5py.File(sys.argv[1], 'r') as f:
    n = int(f['steps_completed'][()])
    assert f.attrs['status'].decode().strip(chr(0)) == 'running', f.attrs['status']
    assert n >= 3, n
    t = f['times'][:n]; u = f['fields/displacement'][:n]
    assert np.all(np.diff(t) > 0) and np.all(np.isfinite(u)), 'corrupt steps'
    assert abs(u[n - 1]).max() > 0, 'last finished step is empty'
print('status running, steps intact:', n)" "$dir/long.h5"
expect 0 ": ok," -- /usr/bin/python3 "$root/tests/results/check_xdmf.py" "$dir/long.xdmf"

[[ -e "$dir/x.msh" ]] && fail "a failed run left x.msh behind"

exit $((failures > 0))
