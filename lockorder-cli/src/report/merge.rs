//! `lockorder report --merge a.json b.json`: one report from the reports of
//! many machines or runs.
//!
//! Exact: counts, max, deadlocks, integrity errors (and so the rate), line
//! counts, the window (earliest `since`, latest `until`). Percentiles are
//! exact when every input carries its samples (`report --json --samples`);
//! otherwise each merged percentile is the largest of the inputs'
//! percentiles, an upper bound: with nearest rank, the merged P_q always
//! lies between the smallest and the largest input P_q, so a breach is
//! never hidden. The document then says `"percentiles_exact": false`.

use super::config::ReportConfig;
use super::document::{self, CallerRow, Counts, Group, Lines, ReportDoc, Samples, Status};
use super::timestamp;
use anyhow::{Context, bail};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Reads, checks and merges report JSON files.
pub fn merge_files(
    paths: &[PathBuf],
    config: &ReportConfig,
    keep_samples: bool,
) -> anyhow::Result<(ReportDoc, Option<Samples>)> {
    let mut docs = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let doc: ReportDoc = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}:{}: not a lockorder report JSON: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if doc.version != document::VERSION {
            bail!(
                "{}: report version {} (this lockorder reads version {})",
                path.display(),
                doc.version,
                document::VERSION
            );
        }
        docs.push(doc);
    }
    merge(&docs, config, keep_samples)
}

fn parse(t: &str) -> anyhow::Result<i64> {
    timestamp::parse(t.as_bytes()).with_context(|| format!("bad timestamp {t:?} in a report"))
}

/// Merges parsed reports and re-evaluates them against `config`.
pub fn merge(
    docs: &[ReportDoc],
    config: &ReportConfig,
    keep_samples: bool,
) -> anyhow::Result<(ReportDoc, Option<Samples>)> {
    let exact = docs
        .iter()
        .all(|d| d.callers.iter().all(|c| c.samples.is_some()));
    let mut since = Some(i64::MAX);
    let mut until = i64::MIN;
    let mut lines = Lines {
        read: 0,
        used: 0,
        skipped: 0,
    };
    let (mut deadlocks, mut integrity_errors) = (0, 0);
    for d in docs {
        since = match (&d.since, since) {
            (Some(s), Some(cur)) => Some(cur.min(parse(s)?)),
            _ => None,
        };
        until = until.max(parse(&d.until)?);
        lines.read += d.lines.read;
        lines.used += d.lines.used;
        lines.skipped += d.lines.skipped;
        deadlocks += d.deadlocks;
        integrity_errors += d.integrity_errors;
    }
    if docs.is_empty() {
        bail!("--merge needs at least one report");
    }
    let counts = Counts {
        since,
        until,
        deadlocks,
        integrity_errors,
        lines,
    };
    if exact {
        let mut samples = Samples::new();
        for c in docs.iter().flat_map(|d| &d.callers) {
            samples
                .entry((c.pipeline.clone(), c.entity_type.clone()))
                .or_default()
                .entry(c.caller.clone())
                .or_default()
                .extend(c.samples.iter().flatten());
        }
        for by_caller in samples.values_mut() {
            for v in by_caller.values_mut() {
                super::stats::sort(v);
            }
        }
        let mut doc = document::build(&samples, counts, config, keep_samples);
        doc.percentiles_exact = Some(true);
        return Ok((doc, Some(samples)));
    }
    if keep_samples {
        bail!(
            "--samples: not every merged report carries samples (write them with --json --samples)"
        );
    }
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    for g in docs.iter().flat_map(|d| &d.groups) {
        groups
            .entry((g.pipeline.clone(), g.entity_type.clone()))
            .and_modify(|m| {
                m.count += g.count;
                m.p50_ms = m.p50_ms.max(g.p50_ms);
                m.p95_ms = m.p95_ms.max(g.p95_ms);
                m.p99_ms = m.p99_ms.max(g.p99_ms);
                m.max_ms = m.max_ms.max(g.max_ms);
            })
            .or_insert_with(|| Group {
                status: Status::Unchecked,
                ..g.clone()
            });
    }
    let mut callers: BTreeMap<(String, String, String), CallerRow> = BTreeMap::new();
    for c in docs.iter().flat_map(|d| &d.callers) {
        callers
            .entry((c.pipeline.clone(), c.entity_type.clone(), c.caller.clone()))
            .and_modify(|m| {
                m.count += c.count;
                m.p95_ms = m.p95_ms.max(c.p95_ms);
            })
            .or_insert_with(|| CallerRow {
                samples: None,
                ..c.clone()
            });
    }
    let mut doc = document::build(&Samples::new(), counts, config, false);
    doc.groups = groups.into_values().collect();
    doc.callers = callers.into_values().collect();
    doc.percentiles_exact = Some(false);
    document::evaluate(&mut doc, config);
    Ok((doc, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::stats;
    use proptest::prelude::*;

    fn doc(values: &[f64], samples: bool) -> ReportDoc {
        let mut v = values.to_vec();
        stats::sort(&mut v);
        let mut s = Samples::new();
        s.entry(("skill".into(), "UserLicense".into()))
            .or_default()
            .insert("c".into(), v);
        let counts = Counts {
            since: Some(0),
            until: 1_000,
            deadlocks: 0,
            integrity_errors: 0,
            lines: Lines {
                read: values.len() as u64,
                used: values.len() as u64,
                skipped: 0,
            },
        };
        document::build(&s, counts, &ReportConfig::default(), samples)
    }

    proptest! {
        #[test]
        fn merged_with_samples_is_exact(a in proptest::collection::vec(0.0f64..1000.0, 1..80),
                                        b in proptest::collection::vec(0.0f64..1000.0, 1..80)) {
            let (merged, _) = merge(&[doc(&a, true), doc(&b, true)], &ReportConfig::default(), false).unwrap();
            let whole = doc(&[a.clone(), b.clone()].concat(), false);
            prop_assert_eq!(&merged.groups, &whole.groups);
            prop_assert_eq!(merged.percentiles_exact, Some(true));
        }

        #[test]
        fn merged_without_samples_is_an_upper_bound(a in proptest::collection::vec(0.0f64..1000.0, 1..80),
                                                     b in proptest::collection::vec(0.0f64..1000.0, 1..80)) {
            let (da, db) = (doc(&a, false), doc(&b, false));
            let (merged, _) = merge(&[da.clone(), db.clone()], &ReportConfig::default(), false).unwrap();
            let whole = doc(&[a.clone(), b.clone()].concat(), false);
            let (m, w) = (&merged.groups[0], &whole.groups[0]);
            prop_assert_eq!(m.count, w.count);
            prop_assert_eq!(m.max_ms, w.max_ms);
            for (mv, wv, av, bv) in [
                (m.p50_ms, w.p50_ms, da.groups[0].p50_ms, db.groups[0].p50_ms),
                (m.p95_ms, w.p95_ms, da.groups[0].p95_ms, db.groups[0].p95_ms),
                (m.p99_ms, w.p99_ms, da.groups[0].p99_ms, db.groups[0].p99_ms),
            ] {
                prop_assert!(wv <= mv, "true {} > bound {}", wv, mv);
                prop_assert!(wv >= av.min(bv));
            }
            prop_assert_eq!(merged.percentiles_exact, Some(false));
        }
    }
}
