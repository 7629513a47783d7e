#!/usr/bin/env python3
"""The straightforward Python baseline for `lockorder report`, and the log
generator used by scripts/bench-report.sh.

  bench_report_reference.py generate OUT --size-mb N [--seed S]
  bench_report_reference.py report --log-file PATH --since-days N --until TS

`report` does what the seed's report_lock_performance.py does: json.loads
per line, keep lock_released events inside [since, until), sort, nearest
rank (value at rank ceil(q*n)); it prints the groups as JSON so the bench
can check that both tools agree.
"""
import argparse
import datetime as dt
import json
import math
import random
import sys


def generate(out, size_mb, seed):
    rnd = random.Random(seed)
    sites = [
        ("reward", "Semester", "TournamentFinalizer.finalize", 5.3),
        ("reward", "TournamentParticipation", "distribute_rewards_for_user.idempotency_guard", 2.0),
        ("skill", "UserLicense", "distribute_rewards_for_user.skill_writeback", 4.4),
        ("skill", "UserLicense", "FootballSkillService.recalculate_skill_average", 3.9),
        ("reward", "TournamentBadge", "award_badge.duplicate_check", 1.2),
        ("enrollment", "UserLicense", "enroll_user.license_check", 2.5),
        ("booking", "Slot", "book_slot.capacity_check", 2.8),
    ]
    start = dt.datetime(2026, 2, 18, tzinfo=dt.timezone.utc)
    span_ms = 7 * 86_400_000
    target = size_mb * 1_000_000
    written = 0
    with open(out, "w") as f:
        buf = []
        while written < target:
            t = start + dt.timedelta(milliseconds=rnd.randrange(span_ms))
            ts = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
            r = rnd.random()
            p, e, c, mu = sites[rnd.randrange(len(sites))]
            dur = round(rnd.lognormvariate(mu, 0.6), 1)
            if r < 0.86:
                line = ('{"event":"lock_released","pipeline":"%s","entity_type":"%s","entity_id":%d,'
                        '"caller":"%s","lock_released_at":"%s","duration_ms":%s}') % (
                    p, e, rnd.randrange(1, 100000), c, ts, dur)
            elif r < 0.91:
                line = ('{"timestamp":"%s","level":"INFO","fields":{"message":"lock_released","pipeline":"%s",'
                        '"entity_type":"%s","entity_id":"u-%d","caller":"%s","lock_released_at":"%s","duration_ms":%s},'
                        '"target":"lockorder"}') % (ts, p, e, rnd.randrange(100000), c, ts, dur)
            elif r < 0.95:
                line = "%s INFO app.http: GET /api/tournaments/%d 200 %dms" % (
                    ts.replace("T", " ")[:23], rnd.randrange(1000), rnd.randrange(400))
            elif r < 0.985:
                line = '{"event":"http_request","path":"/api/users/%d","status":200,"duration_ms":%s,"at":"%s"}' % (
                    rnd.randrange(100000), dur, ts)
            elif r < 0.99:
                line = ('{"event":"integrity_error","table":"tournament_badges","lock_released_at":"%s"}' % ts)
            elif r < 0.9901:
                line = "%s UTC [%d] ERROR:  deadlock detected" % (ts.replace("T", " ")[:23], rnd.randrange(99999))
            else:
                full = ('{"event":"lock_released","pipeline":"%s","entity_type":"%s","entity_id":1,'
                        '"caller":"%s","lock_released_at":"%s","duration_ms":%s}') % (p, e, c, ts, dur)
                line = full[: rnd.randrange(10, len(full) - 1)]
            buf.append(line)
            written += len(line) + 1
            if len(buf) >= 10000:
                f.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            f.write("\n".join(buf) + "\n")


def parse_ts(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def report(path, since_days, until):
    until_t = parse_ts(until)
    since_t = until_t - dt.timedelta(days=since_days)
    groups = {}
    deadlocks = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "deadlock detected" in line:
                deadlocks += 1
                continue
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if not isinstance(d, dict):
                continue
            fields = d.get("fields")
            if isinstance(fields, dict):
                d = {**d, **fields}
                name = fields.get("event") or fields.get("message")
            else:
                name = d.get("event")
            if name != "lock_released":
                continue
            try:
                t = parse_ts(d["lock_released_at"])
                ms = float(d["duration_ms"])
                key = (d["pipeline"], d["entity_type"])
            except (KeyError, ValueError, TypeError):
                continue
            if since_t <= t < until_t:
                groups.setdefault(key, []).append(ms)
    out = []
    for (p, e), v in sorted(groups.items()):
        v.sort()
        n = len(v)
        rank = lambda q: v[max(1, math.ceil(round(q * 1000) * n / 1000)) - 1]
        out.append({"pipeline": p, "entity_type": e, "count": n,
                    "p50_ms": rank(0.50), "p95_ms": rank(0.95), "p99_ms": rank(0.99), "max_ms": v[-1]})
    json.dump({"groups": out, "deadlocks": deadlocks}, sys.stdout)
    print()


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("out")
    g.add_argument("--size-mb", type=int, default=300)
    g.add_argument("--seed", type=int, default=7)
    r = sub.add_parser("report")
    r.add_argument("--log-file", required=True)
    r.add_argument("--since-days", type=int, default=5)
    r.add_argument("--until", default="2026-02-24T00:00:00Z")
    a = ap.parse_args()
    if a.cmd == "generate":
        generate(a.out, a.size_mb, a.seed)
    else:
        report(a.log_file, a.since_days, a.until)


if __name__ == "__main__":
    main()
