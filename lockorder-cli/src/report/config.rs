//! The `[report]` section of `lockorder.toml`.
//!
//! ```toml
//! [report]
//! integrity_error_rate_max = 0.05   # breach above 5 %
//! deadlocks_max = 0                 # critical above this
//! max_unusable_share = 0.01         # validate: exit 1 above 1 % problem lines
//! absurd_duration_ms = 3600000      # validate: longer holds are reported
//! known_pipelines = ["enrollment", "booking", "reward", "skill"]   # validate; empty: any
//! known_callers = []                                             # validate; empty: any
//!
//! [[report.thresholds]]             # replaces the built-in table when given
//! pipeline = "skill"
//! entity_type = "UserLicense"
//! warn_ms = 200                     # P95 above this: breach
//! critical_ms = 2000                # P95 above this: critical
//! step = "§4.1"
//! action = "batch-query optimisation (get_skill_profile N×M elimination)"
//! ```

use serde::Deserialize;

/// The `[report]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportConfig {
    /// P95 thresholds per (pipeline, entity_type). `None`: the seed's defaults.
    pub thresholds: Option<Vec<Threshold>>,
    /// IntegrityError rate (errors / lock scopes) above which the report breaches.
    pub integrity_error_rate_max: f64,
    /// Deadlock count above which the report is critical.
    pub deadlocks_max: u64,
    /// `validate`: the share of problem lines above which it exits 1.
    pub max_unusable_share: f64,
    /// `validate`: hold times above this many ms are reported as absurd.
    pub absurd_duration_ms: f64,
    /// `validate`: pipelines that may appear (empty: any).
    pub known_pipelines: Vec<String>,
    /// `validate`: callers that may appear (empty: any).
    pub known_callers: Vec<String>,
}

impl Default for ReportConfig {
    fn default() -> Self {
        Self {
            thresholds: None,
            integrity_error_rate_max: 0.05,
            deadlocks_max: 0,
            max_unusable_share: 0.01,
            absurd_duration_ms: 3_600_000.0,
            known_pipelines: Vec::new(),
            known_callers: Vec::new(),
        }
    }
}

/// A P95 threshold for one (pipeline, entity_type).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// The pipeline (`skill`).
    pub pipeline: String,
    /// The lock class (`UserLicense`).
    pub entity_type: String,
    /// P95 above this: breach.
    pub warn_ms: Option<f64>,
    /// P95 above this: critical.
    pub critical_ms: Option<f64>,
    /// The playbook step to name (`§4.1`).
    #[serde(default)]
    pub step: Option<String>,
    /// What to do on a breach.
    #[serde(default)]
    pub action: Option<String>,
}

impl ReportConfig {
    /// The thresholds in force: configured, or the seed's (DESIGN.md).
    pub fn thresholds(&self) -> Vec<Threshold> {
        self.thresholds.clone().unwrap_or_else(default_thresholds)
    }

    /// The threshold for a group, if any.
    pub fn threshold_for(&self, pipeline: &str, entity_type: &str) -> Option<Threshold> {
        self.thresholds()
            .into_iter()
            .find(|t| t.pipeline == pipeline && t.entity_type == entity_type)
    }

    /// Checks values serde cannot (ranges); `Err` names the key.
    pub fn check(&self) -> Result<(), String> {
        let share = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
        if !share(self.integrity_error_rate_max) {
            return Err("report.integrity_error_rate_max must be between 0 and 1".into());
        }
        if !share(self.max_unusable_share) {
            return Err("report.max_unusable_share must be between 0 and 1".into());
        }
        if self.absurd_duration_ms.is_nan() || self.absurd_duration_ms <= 0.0 {
            return Err("report.absurd_duration_ms must be positive".into());
        }
        for t in self.thresholds.iter().flatten() {
            for v in [t.warn_ms, t.critical_ms].into_iter().flatten() {
                if !(v.is_finite() && v >= 0.0) {
                    return Err(format!(
                        "report.thresholds for {}/{}: thresholds must be non-negative numbers",
                        t.pipeline, t.entity_type
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The seed's thresholds (§3.1, §3.2).
pub fn default_thresholds() -> Vec<Threshold> {
    vec![
        Threshold {
            pipeline: "reward".into(),
            entity_type: "Semester".into(),
            warn_ms: Some(500.0),
            critical_ms: Some(2000.0),
            step: Some("§4.2".into()),
            action: Some(
                "commit-boundary narrowing (TournamentFinalizer.finalize holds Semester through reward distribution)".into(),
            ),
        },
        Threshold {
            pipeline: "skill".into(),
            entity_type: "UserLicense".into(),
            warn_ms: Some(200.0),
            critical_ms: Some(2000.0),
            step: Some("§4.1".into()),
            action: Some(
                "batch-query optimisation (get_skill_profile N×M queries inside the lock scope)"
                    .into(),
            ),
        },
    ]
}
