#!/usr/bin/env bash
# Instructions per lock+unlock: std::sync::Mutex against lockorder's Mutex
# (and nested: two locks, one inside the other), counted by valgrind's
# callgrind in one run. Unlike the criterion bench (cargo bench -p
# lockorder-runtime --bench locks) the counts do not move with the
# machine's load or clock, so builds and commits compare exactly.
#
#   scripts/bench-runtime-instructions.sh [--features no-checking|no-timing|no-checking,no-timing] [N]
#
# Each mode runs N iterations (default 100000) and 0 iterations; the
# difference divided by N is the cost of one iteration.
set -euo pipefail
cd "$(dirname "$0")/.."
FEATURES=()
LABEL=default
if [[ "${1:-}" == "--features" ]]; then
  FEATURES=(--features "$2")
  LABEL="$2"
  shift 2
fi
N="${1:-100000}"
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
cargo build -q --release -p lockorder-runtime --example lock_loop "${FEATURES[@]}"
BIN="${CARGO_TARGET_DIR:-target}/release/examples/lock_loop"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

count() { # mode iterations -> total instructions
  valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" "$BIN" "$1" "$2" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_iter() { # mode -> instructions per iteration
  local full empty
  full="$(count "$1" "$N")"
  empty="$(count "$1" 0)"
  echo $(((full - empty) / N))
}

echo "instructions per iteration (callgrind, $N iterations, features: $LABEL):"
for pair in "std lockorder" "std-nested lockorder-nested"; do
  read -r base lo <<<"$pair"
  b="$(per_iter "$base")"
  l="$(per_iter "$lo")"
  awk -v base="$base" -v lo="$lo" -v b="$b" -v l="$l" \
    'BEGIN { printf "  %-12s %5d   %-18s %5d   ratio %.2fx\n", base, b, lo, l, l / b }'
done
