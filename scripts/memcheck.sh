#!/usr/bin/env bash
# The runtime's tests under valgrind's memcheck: the runtime's `unsafe`
# code does three things (the in-place held-set push, the fast paths'
# unguarded look at the thread state, and the owned tokio guards' borrow of
# their own `Arc`), and memcheck is what sees a use after free or a read of
# uninitialised memory that a plain test run would not.
#
#   scripts/memcheck.sh
#
# Every runtime test binary runs except `stress` (8 threads x 100k
# acquisitions: minutes under valgrind, and no unsafe path it alone takes).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "memcheck: valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
mapfile -t BINS < <(cargo test -q -p lockorder-runtime --features parking_lot,tokio --no-run --message-format=json 2>/dev/null |
  python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if (m.get("reason") == "compiler-artifact" and m.get("executable")
            and m["profile"]["test"] and m["target"]["name"] != "stress"):
        print(m["executable"])
')
[[ ${#BINS[@]} -gt 0 ]] || { echo "memcheck: no test binaries built" >&2; exit 2; }
status=0
for bin in "${BINS[@]}"; do
  name="$(basename "$bin")"
  if out="$(valgrind -q --error-exitcode=99 "$bin" --test-threads=1 2>&1)"; then
    echo "memcheck: ${name%-*}: $(grep -o 'test result: [a-z]*\. [0-9]* passed' <<<"$out" | tail -1)"
  else
    echo "$out" | tail -40
    echo "memcheck: ${name%-*}: FAILED" >&2
    status=1
  fi
done
exit $status
