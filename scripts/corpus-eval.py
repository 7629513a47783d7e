#!/usr/bin/env python3
"""Evaluate `lockorder check` on the real-bug corpus (../shared/corpus).

For every case in cases.json this runs

    lockorder check <OUT>/<case>/pre  --format json --edition <edition>
    lockorder check <OUT>/<case>/post --format json --edition <edition>
    (and <case>/mid when it exists; reported, not scored)

and compares the findings with `expect_pre` / `expect_post`:

    "double-lock X"            a double-lock finding with a lock naming X
    "cycle X Y"                a lock-order-cycle finding whose locks name X and Y
    "violation X Y"            a lock-order-violation naming X and Y
    "absent <expectation>"     no such finding; a trailing "(fn_name)" narrows it
                               to findings whose evidence mentions that function,
                               and narrows the same pre/ expectation likewise
                               (the fix says where the bug was)
    "none"                     no (unsuppressed) finding at all

A lock "names" X when X is one of its `::`-separated segments
(`Handler::current_state` names `current_state`).

The materialized corpus (see ../shared/corpus/materialize.py) is never part of
this repository; pass its directory as the first argument (default
/work/corpus-out). Prints a found/missed table for pre/, every finding on
post/, and exits non-zero on a miss only with --strict (exit 2 when the
corpus or the binary cannot be found).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CASES = "/work/shared/corpus/cases.json"

RULE_ALIASES = {
    "double-lock": "double-lock",
    "cycle": "lock-order-cycle",
    "lock-order-cycle": "lock-order-cycle",
    "violation": "lock-order-violation",
    "lock-order-violation": "lock-order-violation",
    "same-class": "same-class-nesting",
    "same-class-nesting": "same-class-nesting",
}


@dataclass
class Expectation:
    text: str
    absent: bool = False
    none: bool = False
    rule: str = ""
    names: list[str] = field(default_factory=list)
    function: str | None = None  # "(fn_name)" narrowing
    note: str | None = None  # any other parenthesised remark


def parse_expectation(text: str) -> Expectation:
    exp = Expectation(text=text)
    body = text.strip()
    paren = re.search(r"\(([^)]*)\)\s*$", body)
    if paren:
        inner = paren.group(1).strip()
        body = body[: paren.start()].strip()
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_:]*", inner):
            exp.function = inner
        else:
            exp.note = inner
    words = body.split()
    if words and words[0] == "absent":
        exp.absent = True
        words = words[1:]
    if words == ["none"]:
        exp.none = True
        return exp
    if not words or words[0] not in RULE_ALIASES:
        raise ValueError(f"cannot read expectation {text!r}")
    exp.rule = RULE_ALIASES[words[0]]
    exp.names = words[1:]
    return exp


def lock_names(lock: str, name: str) -> bool:
    """`Handler::current_state` names `current_state`; `db::POOL` names `POOL` and `db::POOL`."""
    return lock == name or name in lock.split("::") or lock.endswith("::" + name)


def functions_of(finding: dict) -> set[str]:
    out: set[str] = set()
    for edge in finding.get("edges", []):
        for key in ("held_at", "acquired_at"):
            site = edge.get(key) or {}
            if site.get("function"):
                out.add(site["function"])
        out.update(edge.get("via", []))
    return out


def function_matches(funcs: set[str], wanted: str) -> bool:
    return any(f == wanted or f.split("::")[-1] == wanted for f in funcs)


def fixed_function(exp: Expectation, post_expects: list[str]) -> str | None:
    """The function a post/ expectation names for the same finding.

    `absent double-lock deposit_cache (get_valid_signature_count)` on post/
    says where the fixed bug was, so the pre/ expectation `double-lock
    deposit_cache` must be found there too, not at some other site of the
    same class."""
    for text in post_expects:
        post = parse_expectation(text)
        if post.absent and post.function and post.rule == exp.rule and post.names == exp.names:
            return post.function
    return None


def matches(exp: Expectation, finding: dict) -> bool:
    if finding.get("suppressed"):
        return False
    if finding.get("rule") != exp.rule:
        return False
    locks = finding.get("locks", [])
    if not all(any(lock_names(l, n) for l in locks) for n in exp.names):
        return False
    if exp.function and not function_matches(functions_of(finding), exp.function):
        return False
    return True


@dataclass
class Run:
    findings: list[dict]
    error: str | None
    exit_code: int
    parse_errors: int = 0


def run_check(binary: str, path: str, edition: str | None, edition_flag: bool) -> Run:
    cmd = [binary, "check", path, "--format", "json"]
    if edition and edition_flag:
        cmd += ["--edition", edition]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        msg = (proc.stderr.strip() or proc.stdout.strip() or "no output").splitlines()
        return Run([], f"exit {proc.returncode}: {' | '.join(msg[:3])}", proc.returncode)
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError as err:
        return Run([], f"output is not JSON ({err})", proc.returncode)
    findings = doc.get("findings", [])
    parse_errors = (doc.get("summary") or {}).get("parse_errors", 0)
    return Run(findings, None, proc.returncode, parse_errors)


def describe(finding: dict) -> str:
    locks = " ".join(finding.get("locks", []))
    funcs = []
    for edge in finding.get("edges", []):
        for key in ("held_at", "acquired_at"):
            site = edge.get(key) or {}
            loc = f"{site.get('file', '?')}:{site.get('line', '?')}"
            if site.get("function"):
                loc += f" {site['function']}"
            funcs.append(loc)
    where = "; ".join(dict.fromkeys(funcs))
    sup = " [suppressed]" if finding.get("suppressed") else ""
    return f"{finding.get('rule')} {locks}{sup} @ {where}"


def edition_of(text: str) -> str | None:
    m = re.match(r"\s*(\d{4})", text or "")
    return m.group(1) if m else None


def find_binary(explicit: str | None) -> str:
    if explicit:
        return explicit
    env = os.environ.get("LOCKORDER_BIN")
    if env:
        return env
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target")
    print("building lockorder (release)…", file=sys.stderr)
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "lockorder-cli", "--bin", "lockorder"],
        cwd=REPO,
        check=True,
    )
    binary = os.path.join(target, "release", "lockorder")
    if not os.path.exists(binary):
        found = shutil.which("lockorder")
        if not found:
            sys.exit(f"error: no lockorder binary at {binary}")
        binary = found
    return binary


def supports_edition(binary: str) -> bool:
    proc = subprocess.run([binary, "check", "--help"], capture_output=True, text=True)
    return "--edition" in proc.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default="/work/corpus-out", help="materialized corpus dir")
    ap.add_argument("--cases", default=DEFAULT_CASES, help="cases.json (default: %(default)s)")
    ap.add_argument("--bin", help="lockorder binary (default: $LOCKORDER_BIN, else cargo build --release)")
    ap.add_argument("--strict", action="store_true", help="exit 1 on any miss or unexpected post/ finding")
    ap.add_argument("--only", help="run only cases whose name contains this")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every finding on pre/ too")
    args = ap.parse_args()

    if not os.path.isdir(args.corpus):
        print(f"error: {args.corpus} is not a directory (run materialize.py first)", file=sys.stderr)
        return 2
    try:
        with open(args.cases) as f:
            cases = json.load(f)
    except OSError as err:
        print(f"error: cannot read {args.cases}: {err}", file=sys.stderr)
        return 2
    binary = find_binary(args.bin)
    edition_flag = supports_edition(binary)
    if not edition_flag:
        print("warning: `lockorder check` has no --edition flag; running without it", file=sys.stderr)

    rows: list[tuple[str, str, str, str, str]] = []
    post_lines: list[str] = []
    extra_lines: list[str] = []
    misses = 0
    scored = 0
    met = 0
    for case in cases:
        name = case["name"]
        if args.only and args.only not in name:
            continue
        edition = edition_of(case.get("edition", ""))
        stages = [("pre", case.get("expect_pre", [])), ("post", case.get("expect_post", []))]
        if os.path.isdir(os.path.join(args.corpus, name, "mid")):
            stages.append(("mid", None))
        for stage, expects in stages:
            path = os.path.join(args.corpus, name, stage)
            if not os.path.isdir(path):
                rows.append((name, stage, "-", "MISSING", f"{path} not materialized"))
                misses += len(expects or [])
                scored += len(expects or [])
                continue
            run = run_check(binary, path, edition, edition_flag)
            if run.error:
                rows.append((name, stage, "-", "TOOL ERROR", run.error))
                misses += len(expects or [])
                scored += len(expects or [])
                continue
            if run.parse_errors:
                extra_lines.append(f"{name}/{stage}: {run.parse_errors} parse error(s)")
            if stage == "post":
                for f in run.findings:
                    post_lines.append(f"{name}/post: {describe(f)}")
            elif stage == "mid" or args.verbose:
                for f in run.findings:
                    extra_lines.append(f"{name}/{stage}: {describe(f)}")
            if expects is None:
                continue
            for text in expects:
                exp = parse_expectation(text)
                if stage == "pre" and not exp.absent and not exp.function:
                    exp.function = fixed_function(exp, case.get("expect_post", []))
                scored += 1
                if exp.none:
                    live = [f for f in run.findings if not f.get("suppressed")]
                    ok = not live
                    detail = "clean" if ok else f"{len(live)} finding(s)"
                    verdict = "ok" if ok else "NOT CLEAN"
                else:
                    hits = [f for f in run.findings if matches(exp, f)]
                    if exp.absent:
                        ok = not hits
                        verdict = "ok (absent)" if ok else "STILL REPORTED"
                    else:
                        ok = bool(hits)
                        verdict = "found" if ok else "MISSED"
                    detail = "; ".join(describe(f) for f in hits[:2]) if hits else ""
                    if exp.function and not exp.absent:
                        detail = (f"[in {exp.function}] " + detail).strip()
                    if exp.note:
                        detail = (detail + f" [note: {exp.note}]").strip()
                if ok:
                    met += 1
                else:
                    misses += 1
                rows.append((name, stage, text, verdict, detail))

    widths = [max(len(r[i]) for r in rows + [("case", "stage", "expectation", "result", "")]) for i in range(4)]
    header = ("case", "stage", "expectation", "result")
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths)) + " | evidence")
    print("-+-".join("-" * w for w in widths) + "-+-" + "-" * 8)
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row[:4], widths)) + " | " + row[4])
    print()
    print(f"{met}/{scored} expectations met, {misses} miss(es)")
    print()
    print("findings on post/ (fixed code):")
    for line in post_lines or ["  (none)"]:
        print(f"  {line}" if not line.startswith("  ") else line)
    if extra_lines:
        print()
        print("other output (mid/ stages, parse errors" + (", pre/ findings" if args.verbose else "") + "):")
        for line in extra_lines:
            print(f"  {line}")
    return 1 if (args.strict and misses) else 0


if __name__ == "__main__":
    sys.exit(main())
