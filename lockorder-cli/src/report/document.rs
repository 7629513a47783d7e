//! The `report --json` document (DESIGN.md, version 1), built from samples,
//! and its evaluation against the thresholds: status per group, verdict,
//! actions naming the seed's playbook steps.

use super::config::ReportConfig;
use super::stats;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// The document version this tool writes and reads.
pub const VERSION: u32 = 1;

/// `lockorder report --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDoc {
    /// Always [`VERSION`].
    pub version: u32,
    /// Start of the window (inclusive), or `null` when unbounded.
    pub since: Option<String>,
    /// End of the window (exclusive).
    pub until: String,
    /// One row per (pipeline, entity_type), sorted.
    pub groups: Vec<Group>,
    /// One row per (pipeline, entity_type, caller), sorted.
    pub callers: Vec<CallerRow>,
    /// Deadlocks inside the window.
    pub deadlocks: u64,
    /// Integrity errors inside the window.
    pub integrity_errors: u64,
    /// `integrity_errors` / lock scopes (`null` without lock scopes).
    pub integrity_error_rate: Option<f64>,
    /// Line accounting.
    pub lines: Lines,
    /// `pass`, `breach` or `critical`.
    pub verdict: Verdict,
    /// One entry per breach, worst first.
    pub actions: Vec<Action>,
    /// Only in merged reports: whether the percentiles are exact (every
    /// input kept its samples) or upper bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentiles_exact: Option<bool>,
}

/// Hold times of one (pipeline, entity_type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The pipeline.
    pub pipeline: String,
    /// The lock class.
    pub entity_type: String,
    /// Lock scopes.
    pub count: u64,
    /// P50 in ms.
    pub p50_ms: f64,
    /// P95 in ms (the value the thresholds judge).
    pub p95_ms: f64,
    /// P99 in ms.
    pub p99_ms: f64,
    /// The longest hold in ms.
    pub max_ms: f64,
    /// The breach threshold, if one applies.
    #[serde(serialize_with = "ms_opt")]
    pub warn_ms: Option<f64>,
    /// The critical threshold, if one applies.
    #[serde(serialize_with = "ms_opt")]
    pub critical_ms: Option<f64>,
    /// The verdict of this row.
    pub status: Status,
}

/// Hold times of one caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallerRow {
    /// The pipeline.
    pub pipeline: String,
    /// The lock class.
    pub entity_type: String,
    /// The caller.
    pub caller: String,
    /// Lock scopes.
    pub count: u64,
    /// P95 in ms.
    pub p95_ms: f64,
    /// With `--samples`: every hold time, ascending, for exact merging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samples: Option<Vec<f64>>,
}

/// Line accounting: `read = used + skipped`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lines {
    /// Lines read.
    pub read: u64,
    /// Lines that counted (lock scopes, deadlocks, integrity errors in the window).
    pub used: u64,
    /// Every other line.
    pub skipped: u64,
}

/// The status of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No threshold configured for this group.
    Unchecked,
    /// P95 within the thresholds.
    Ok,
    /// P95 above the breach threshold.
    Breach,
    /// P95 above the critical threshold.
    Critical,
}

/// The verdict of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// All thresholds met: exit 0.
    Pass,
    /// A threshold breached: exit 1.
    Breach,
    /// A critical threshold, or deadlocks: exit 3.
    Critical,
}

/// What to do about one breach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// `breach` or `critical`.
    pub severity: Verdict,
    /// The seed playbook step (`§4.1`), if there is one.
    pub step: Option<String>,
    /// What to do.
    pub action: String,
    /// Why: the measured value against its threshold.
    pub reason: String,
}

fn ms_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => s.serialize_i64(*x as i64),
        Some(x) => s.serialize_f64(*x),
        None => s.serialize_none(),
    }
}

/// Formats a number of ms for messages (`200`, `187.3`).
pub fn ms(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Sorted samples per caller, per (pipeline, entity_type).
pub type Samples = BTreeMap<(String, String), BTreeMap<String, Vec<f64>>>;

/// Sorted hold times of one (pipeline, entity_type), all callers together:
/// the callers' sorted samples merged pairwise (linear per round instead of
/// sorting again; the same result, as equal keys are identical values).
pub fn group_samples(callers: &BTreeMap<String, Vec<f64>>) -> Vec<f64> {
    let mut runs: Vec<Vec<f64>> = callers.values().cloned().collect();
    while runs.len() > 1 {
        let mut next = Vec::with_capacity(runs.len().div_ceil(2));
        let mut it = runs.into_iter();
        while let Some(a) = it.next() {
            next.push(match it.next() {
                Some(b) => stats::merge_sorted(&a, &b),
                None => a,
            });
        }
        runs = next;
    }
    runs.pop().unwrap_or_default()
}

/// Everything counted besides the samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counts {
    /// Window start.
    pub since: Option<i64>,
    /// Window end.
    pub until: i64,
    /// Deadlocks.
    pub deadlocks: u64,
    /// Integrity errors.
    pub integrity_errors: u64,
    /// Lines.
    pub lines: Lines,
}

/// Builds the document from sorted samples; `keep_samples` adds them to
/// the caller rows.
pub fn build(
    samples: &Samples,
    counts: Counts,
    config: &ReportConfig,
    keep_samples: bool,
) -> ReportDoc {
    let mut groups = Vec::new();
    let mut callers = Vec::new();
    for ((pipeline, entity_type), by_caller) in samples {
        let all = group_samples(by_caller);
        let Some(s) = stats::summarize(&all) else {
            continue;
        };
        groups.push(Group {
            pipeline: pipeline.clone(),
            entity_type: entity_type.clone(),
            count: s.count,
            p50_ms: s.p50,
            p95_ms: s.p95,
            p99_ms: s.p99,
            max_ms: s.max,
            warn_ms: None,
            critical_ms: None,
            status: Status::Unchecked,
        });
        for (caller, v) in by_caller {
            let Some(p95) = stats::percentile(v, 0.95) else {
                continue;
            };
            callers.push(CallerRow {
                pipeline: pipeline.clone(),
                entity_type: entity_type.clone(),
                caller: caller.clone(),
                count: v.len() as u64,
                p95_ms: p95,
                samples: keep_samples.then(|| v.clone()),
            });
        }
    }
    let mut doc = ReportDoc {
        version: VERSION,
        since: counts.since.map(super::timestamp::format),
        until: super::timestamp::format(counts.until),
        groups,
        callers,
        deadlocks: counts.deadlocks,
        integrity_errors: counts.integrity_errors,
        integrity_error_rate: None,
        lines: counts.lines,
        verdict: Verdict::Pass,
        actions: Vec::new(),
        percentiles_exact: None,
    };
    evaluate(&mut doc, config);
    doc
}

/// Applies the thresholds: status per group, the integrity error rate, the
/// verdict and the actions.
pub fn evaluate(doc: &mut ReportDoc, config: &ReportConfig) {
    let mut actions = Vec::new();
    if doc.deadlocks > config.deadlocks_max {
        actions.push(Action {
            severity: Verdict::Critical,
            step: Some("§4.3".into()),
            action: "deadlock incident sprint: extract the PostgreSQL deadlock detail, map both \
                     lock chains to the declared order (Semester → UserLicense → \
                     TournamentParticipation), fix the violating path, add a regression test \
                     (lockorder check finds order violations statically)"
                .into(),
            reason: format!(
                "{} deadlock{} detected (allowed: {})",
                doc.deadlocks,
                if doc.deadlocks == 1 { "" } else { "s" },
                config.deadlocks_max
            ),
        });
    }
    for g in &mut doc.groups {
        let t = config.threshold_for(&g.pipeline, &g.entity_type);
        g.warn_ms = t.as_ref().and_then(|t| t.warn_ms);
        g.critical_ms = t.as_ref().and_then(|t| t.critical_ms);
        g.status = match (g.warn_ms, g.critical_ms) {
            (None, None) => Status::Unchecked,
            (_, Some(c)) if g.p95_ms > c => Status::Critical,
            (Some(w), _) if g.p95_ms > w => Status::Breach,
            _ => Status::Ok,
        };
        let Some(t) = t else { continue };
        let what = t.action.clone().unwrap_or_else(|| {
            format!(
                "investigate {} / {} lock hold times",
                g.pipeline, g.entity_type
            )
        });
        match g.status {
            Status::Critical => actions.push(Action {
                severity: Verdict::Critical,
                step: t.step.clone(),
                action: format!(
                    "escalate immediately (the lock blocks concurrent users); then {what}"
                ),
                reason: format!(
                    "{}/{} P95 {} ms > critical {} ms",
                    g.pipeline,
                    g.entity_type,
                    ms(g.p95_ms),
                    ms(g.critical_ms.unwrap_or_default())
                ),
            }),
            Status::Breach => actions.push(Action {
                severity: Verdict::Breach,
                step: t.step.clone(),
                action: what,
                reason: format!(
                    "{}/{} P95 {} ms > {} ms",
                    g.pipeline,
                    g.entity_type,
                    ms(g.p95_ms),
                    ms(g.warn_ms.unwrap_or_default())
                ),
            }),
            _ => {}
        }
    }
    let scopes: u64 = doc.groups.iter().map(|g| g.count).sum();
    doc.integrity_error_rate = (scopes > 0).then(|| doc.integrity_errors as f64 / scopes as f64);
    if let Some(rate) = doc.integrity_error_rate
        && rate > config.integrity_error_rate_max
    {
        actions.push(Action {
            severity: Verdict::Breach,
            step: Some("§3.4".into()),
            action: "unique-constraint review: check unique constraint coverage on the \
                     SAVEPOINT paths; possibly a missing index"
                .into(),
            reason: format!(
                "IntegrityError rate {:.2}% ({} of {} lock scopes) > {}%",
                rate * 100.0,
                doc.integrity_errors,
                scopes,
                config.integrity_error_rate_max * 100.0
            ),
        });
    }
    if scopes == 0 {
        actions.push(Action {
            severity: Verdict::Breach,
            step: None,
            action: "no data to decide on: check --since-days/--until and the log source \
                     (lockorder validate shows what the lines contain)"
                .into(),
            reason: "no lock_released events in the window".into(),
        });
    }
    actions.sort_by_key(|a| std::cmp::Reverse(a.severity));
    doc.verdict = actions
        .iter()
        .map(|a| a.severity)
        .max()
        .unwrap_or(Verdict::Pass);
    doc.actions = actions;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_with(pipeline: &str, entity: &str, values: &[f64], deadlocks: u64) -> ReportDoc {
        let mut samples = Samples::new();
        let mut v = values.to_vec();
        stats::sort(&mut v);
        samples
            .entry((pipeline.into(), entity.into()))
            .or_default()
            .insert("c".into(), v);
        let counts = Counts {
            since: None,
            until: 0,
            deadlocks,
            integrity_errors: 0,
            lines: Lines {
                read: 0,
                used: 0,
                skipped: 0,
            },
        };
        build(&samples, counts, &ReportConfig::default(), false)
    }

    #[test]
    fn default_thresholds_are_the_seeds() {
        // P95 exactly at the threshold is not a breach ("> 200 ms").
        let at = doc_with("skill", "UserLicense", &[200.0; 20], 0);
        assert_eq!(at.verdict, Verdict::Pass);
        assert_eq!(at.groups[0].status, Status::Ok);
        let over = doc_with("skill", "UserLicense", &[200.1; 20], 0);
        assert_eq!(over.verdict, Verdict::Breach);
        assert_eq!(over.actions[0].step.as_deref(), Some("§4.1"));
        let semester = doc_with("reward", "Semester", &[501.0; 20], 0);
        assert_eq!(semester.actions[0].step.as_deref(), Some("§4.2"));
        let critical = doc_with("reward", "Semester", &[2000.5; 20], 0);
        assert_eq!(critical.verdict, Verdict::Critical);
        let other = doc_with("booking", "Slot", &[99999.0; 20], 0);
        assert_eq!(other.groups[0].status, Status::Unchecked);
        assert_eq!(other.verdict, Verdict::Pass);
    }

    #[test]
    fn any_deadlock_is_critical_with_the_sprint() {
        let d = doc_with("skill", "UserLicense", &[1.0], 1);
        assert_eq!(d.verdict, Verdict::Critical);
        assert_eq!(d.actions[0].step.as_deref(), Some("§4.3"));
    }

    #[test]
    fn thresholds_serialize_as_integers() {
        let d = doc_with("skill", "UserLicense", &[1.0], 0);
        let json = serde_json::to_string(&d.groups[0]).unwrap();
        assert!(
            json.contains(r#""warn_ms":200,"critical_ms":2000"#),
            "{json}"
        );
    }
}
