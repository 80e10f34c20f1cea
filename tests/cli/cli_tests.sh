#!/usr/bin/env bash
# `piriform mesh` and `piriform run` end to end: generate with flags and a parameter file, check the file back, and the
# documented errors (exit status 2 and a message naming the file, the parameter and what was expected).
set -uo pipefail
piriform=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0

expect() {  # expect STATUS PATTERN -- command...
  local status=$1 pattern=$2
  shift 3
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [[ $rc -ne $status ]] || ! grep -qF -- "$pattern" <<<"$out"; then
    echo "FAIL: $* -> exit $rc (expected $status), output:"
    echo "$out" | head -20
    echo "  (expected to contain: $pattern)"
    failures=$((failures + 1))
  else
    echo "ok: $*"
  fi
}

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
root=$(cd "$(dirname "$0")/../.." && pwd)
expect 0 "completed after 4 steps" -- "$piriform" run "$root/scenarios/examples/cube-compression.yaml"
expect 0 "time steps to t = 3.5 s" -- "$piriform" run --check "$root/scenarios/stroke-over-nerve.yaml"
printf 'name: x\nmodel: {anatomy: default}\nstroke: {tool: thumb, force: 9 kPa, path: {along: nerve, length: 0 mm}}\n' >"$dir/s.yaml"
expect 2 "s.yaml:3: stroke.force: kPa is a pressure unit, expected a force" -- "$piriform" run "$dir/s.yaml"

[[ -e "$dir/x.msh" ]] && { echo "FAIL: a failed run left x.msh behind"; failures=$((failures + 1)); }

exit $((failures > 0))
