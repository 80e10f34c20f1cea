# Shared by the end-to-end scripts in tests/cli: sourced, not run. The caller sets `failures=0` and ends
# with `exit $((failures > 0))`.

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

expect() {  # expect STATUS PATTERN -- command...: exit status and a fixed string in stdout+stderr
  local status=$1 pattern=$2
  shift 3
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [[ $rc -ne $status ]] || ! grep -qF -- "$pattern" <<<"$out"; then
    fail "$* -> exit $rc (expected $status), output:"
    echo "$out" | head -20
    echo "  (expected to contain: $pattern)"
  else
    echo "ok: $*"
  fi
}

# The summary without the wall-time column, which differs between any two runs.
without_wall_time() {
  /usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
keep = [i for i, name in enumerate(rows[0]) if name != "wall time (s)"]
for r in rows:
    print(",".join(r[i] for i in keep))' "$1"
}
