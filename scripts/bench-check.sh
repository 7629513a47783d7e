#!/usr/bin/env bash
# Benchmark of `lockorder check` against a bare syn parse of the same files.
#
# Assembles a large real Rust codebase from crates in the local cargo registry
# (~/.cargo/registry/src; missing ones are fetched from crates.io through a
# throwaway crate), then in ONE run times, RUNS times each, alternating:
#   (a) the parse_only example: walk + read + syn::parse_file in parallel (rayon)
#   (b) lockorder check --format json (release build)
# and prints lines/s for both and their ratio (target: >= 0.8), plus the
# findings lockorder reports on that code.
#
# usage: scripts/bench-check.sh            (env: RUNS=3 BENCH_DIR=/tmp/lockorder-bench)
# The assembled corpus stays outside the repository (BENCH_DIR).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
BENCH="${BENCH_DIR:-/tmp/lockorder-bench}"
RUNS="${RUNS:-3}"
CORPUS="$BENCH/corpus"

# Real code (no generated bindings such as windows-sys or libc), weighted
# towards crates that take locks.
CRATES=(
  tokio tokio-util hyper h2 rustls async-std moka dashmap
  crossbeam-channel crossbeam-epoch crossbeam-deque crossbeam-utils
  parking_lot parking_lot_core rayon rayon-core
  tracing tracing-core tracing-subscriber futures-util futures-channel
  regex-automata regex-syntax syn serde_json petgraph clap_builder
  time winnow hashbrown proptest itertools aho-corasick
)

registry_dirs() { ls -d "$HOME"/.cargo/registry/src/*/ 2>/dev/null; }

# Newest version of crate $1 in the registry (directory), or nothing.
newest() {
  local name="$1" dir
  for dir in $(registry_dirs); do
    ls -d "$dir$name"-[0-9]* 2>/dev/null || true
  done | sort -V | tail -n 1
}

fetch_missing() {
  local missing=() name
  for name in "${CRATES[@]}"; do
    [[ -n "$(newest "$name")" ]] || missing+=("$name")
  done
  ((${#missing[@]} == 0)) && return
  echo "fetching from crates.io: ${missing[*]}" >&2
  local tmp
  tmp="$(mktemp -d)"
  mkdir -p "$tmp/src" && : >"$tmp/src/lib.rs"
  {
    printf '[package]\nname = "bench-fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n'
    for name in "${missing[@]}"; do printf '%s = "*"\n' "$name"; done
  } >"$tmp/Cargo.toml"
  (cd "$tmp" && cargo fetch -q)
  rm -rf "$tmp"
}

assemble() {
  rm -rf "$CORPUS"
  mkdir -p "$CORPUS/crates"
  local name dir members=()
  for name in "${CRATES[@]}"; do
    dir="$(newest "$name")"
    if [[ -z "$dir" ]]; then
      echo "warning: $name not in the registry; skipped" >&2
      continue
    fi
    cp -r "$dir" "$CORPUS/crates/"
    members+=("\"crates/$(basename "$dir")\"")
  done
  local IFS=,
  printf '[workspace]\nmembers = [%s]\nresolver = "2"\n' "${members[*]}" >"$CORPUS/Cargo.toml"
}

now_ns() { date +%s%N; }

fetch_missing
assemble

echo "building lockorder and the parse_only baseline (release)…" >&2
(cd "$REPO" && cargo build -q --release -p lockorder-cli --bin lockorder --example parse_only)
LOCKORDER="$TARGET/release/lockorder"
PARSE_ONLY="$TARGET/release/examples/parse_only"

echo "== corpus ($CORPUS)"
total=0
for dir in "$CORPUS"/crates/*/; do
  lines=$(find "$dir" -name target -prune -o -name '*.rs' -type f -print0 | xargs -0 cat | wc -l)
  total=$((total + lines))
  printf '  %-28s %8d lines\n' "$(basename "$dir")" "$lines"
done
printf '  %-28s %8d lines of .rs (wc -l)\n' "total" "$total"

best_parse=0
best_check=0
parse_out=""
for ((i = 1; i <= RUNS; i++)); do
  t0=$(now_ns)
  parse_out=$("$PARSE_ONLY" "$CORPUS")
  t1=$(now_ns)
  set +e
  "$LOCKORDER" check "$CORPUS" --format json >"$BENCH/findings.json" 2>"$BENCH/check.stderr"
  code=$?
  set -e
  t2=$(now_ns)
  if ((code != 0 && code != 1)); then
    echo "error: lockorder check exited $code:" >&2
    head -n 20 "$BENCH/check.stderr" >&2
    exit 2
  fi
  p=$((t1 - t0))
  c=$((t2 - t1))
  ((best_parse == 0 || p < best_parse)) && best_parse=$p
  ((best_check == 0 || c < best_check)) && best_check=$c
  printf '  run %d: parse %.3fs  check %.3fs\n' "$i" "$(bc -l <<<"$p/1000000000")" "$(bc -l <<<"$c/1000000000")"
done

python3 - "$BENCH/findings.json" "$total" "$best_parse" "$best_check" "$parse_out" "$(nproc)" <<'PY'
import collections, json, sys
path, total, parse_ns, check_ns, parse_out, cores = sys.argv[1:]
total, parse_ns, check_ns = int(total), int(parse_ns), int(check_ns)
doc = json.load(open(path))
summary = doc.get("summary", {})
stats = dict(kv.split("=") for kv in parse_out.split())
parse_lps = total / (parse_ns / 1e9)
check_lps = total / (check_ns / 1e9)
print(f"== timing (best of runs, {cores} cores, wall clock incl. walk + read)")
print(f"  parse only (syn, rayon): {parse_ns/1e9:7.3f}s  {parse_lps:12,.0f} lines/s  "
      f"({stats.get('files')} files, {stats.get('parse_errors')} parse errors)")
print(f"  lockorder check:         {check_ns/1e9:7.3f}s  {check_lps:12,.0f} lines/s  "
      f"({summary.get('files')} files, {summary.get('functions')} functions, "
      f"{summary.get('lock_classes')} lock classes, {summary.get('edges')} edges, "
      f"{summary.get('parse_errors')} parse errors)")
ratio = check_lps / parse_lps
print(f"  ratio check/parse: {ratio:.2f}  (target >= 0.80: {'met' if ratio >= 0.8 else 'NOT met'})")
if str(stats.get("files")) != str(summary.get("files")):
    print(f"  note: file counts differ (parse {stats.get('files')}, check {summary.get('files')})")
findings = doc.get("findings", [])
by_rule = collections.Counter(
    f["rule"] + (" (suppressed)" if f.get("suppressed") else "") for f in findings)
print(f"== findings: {len(findings)}  " + ", ".join(f"{r}: {n}" for r, n in sorted(by_rule.items())))
for i, f in enumerate(findings, 1):
    sites = []
    for e in f.get("edges", []):
        for key in ("held_at", "acquired_at"):
            s = e.get(key) or {}
            sites.append(f"{s.get('file')}:{s.get('line')} {s.get('function') or ''}".strip())
    sites = list(dict.fromkeys(sites))
    print(f"  {i:3d}. {f['rule']} {' '.join(f['locks'])}")
    for s in sites[:6]:
        print(f"         {s}")
PY
echo "(full JSON: $BENCH/findings.json)"
