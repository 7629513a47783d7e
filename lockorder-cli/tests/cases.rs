//! The case corpus: every directory under `tests/cases/` is a tiny plain-Rust
//! crate (never compiled) with an `expected.txt` listing the findings
//! `lockorder check <case> --format json` must report, one per line:
//!
//! ```text
//! <rule> <lock> [<lock>…]                 an unsuppressed finding
//! <rule> <lock> [<lock>…] [suppressed]    a finding covered by #[lockorder::allow]
//! ```
//!
//! Locks are sorted alphabetically within a line and lines are sorted; an
//! empty file means "no finding at all". The comparison is exact (as a
//! multiset of lines), so a missing finding and an extra finding both fail.
//! Every mismatching case is listed with a diff at the end; set
//! `LOCKORDER_CASE=<substring>` to run only matching cases.
//!
//! See docs/corpus.md for the notation and how to add a case.

use lockorder_runtime::Rule;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Marks a finding that an `#[lockorder::allow]` covers.
const SUPPRESSED: &str = "[suppressed]";

/// Positive cases whose safe twin is not `<name>-safe`, with the twin.
const OTHER_TWINS: &[(&str, &str)] = &[
    // The same source in edition 2024, where the `if let` temporary dies before `else`.
    ("if-let-edition-2021", "if-let-edition-2024"),
    // The allow is used there (it suppresses a real cycle), so it is not unused.
    ("unused-allow", "suppressed-cycle"),
];

fn cases_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// All case directories, sorted, filtered by `LOCKORDER_CASE` when set.
fn case_dirs() -> Vec<PathBuf> {
    let filter = std::env::var("LOCKORDER_CASE").ok();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_root())
        .expect("tests/cases exists")
        .map(|entry| entry.expect("readable tests/cases entry").path())
        .filter(|path| path.is_dir())
        .filter(|path| match &filter {
            Some(f) => case_name(path).contains(f.as_str()),
            None => true,
        })
        .collect();
    dirs.sort();
    dirs
}

fn case_name(dir: &Path) -> String {
    dir.file_name()
        .expect("case dir has a name")
        .to_string_lossy()
        .into_owned()
}

/// The expected lines of a case, without blank lines.
fn read_expected(dir: &Path) -> Result<Vec<String>, String> {
    let path = dir.join("expected.txt");
    let text = std::fs::read_to_string(&path)
        .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect())
}

/// One finding of the JSON output as an expected.txt line.
fn finding_line(finding: &Value) -> Result<String, String> {
    let rule = finding["rule"]
        .as_str()
        .ok_or_else(|| format!("finding without a string \"rule\": {finding}"))?;
    let mut locks = finding["locks"]
        .as_array()
        .ok_or_else(|| format!("finding without a \"locks\" array: {finding}"))?
        .iter()
        .map(|lock| {
            lock.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("non-string lock in {finding}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    locks.sort();
    let mut line = rule.to_owned();
    for lock in &locks {
        line.push(' ');
        line.push_str(lock);
    }
    if !finding["suppressed"].is_null() {
        line.push(' ');
        line.push_str(SUPPRESSED);
    }
    Ok(line)
}

/// The normalised, sorted finding lines of a `check --format json` document.
fn normalise(doc: &Value) -> Result<Vec<String>, String> {
    if doc["version"] != 1 {
        return Err(format!("\"version\" is {}, expected 1", doc["version"]));
    }
    let findings = doc["findings"]
        .as_array()
        .ok_or("no \"findings\" array in the JSON output")?;
    let mut lines = findings
        .iter()
        .map(finding_line)
        .collect::<Result<Vec<_>, _>>()?;
    lines.sort();
    Ok(lines)
}

/// The exit code DESIGN.md requires for these findings: 0 with none, 1 when
/// an unsuppressed error is present; `None` when either is acceptable
/// (only warnings or suppressed findings: a policy question).
fn required_exit_code(doc: &Value) -> Option<i32> {
    let findings = doc["findings"].as_array()?;
    if findings.is_empty() {
        return Some(0);
    }
    let live_error = findings
        .iter()
        .any(|f| f["suppressed"].is_null() && f["severity"] == "error");
    live_error.then_some(1)
}

/// Runs the real binary on one case and returns its normalised findings.
fn run_case(dir: &Path) -> Result<Vec<String>, String> {
    let output = Command::new(env!("CARGO_BIN_EXE_lockorder"))
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .map_err(|err| format!("cannot run lockorder: {err}"))?;
    let code = output.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if code != 0 && code != 1 {
        return Err(format!("exit code {code} (tool error); stderr:\n{stderr}"));
    }
    let doc: Value = serde_json::from_slice(&output.stdout).map_err(|err| {
        format!(
            "stdout is not JSON ({err}); stdout:\n{}\nstderr:\n{stderr}",
            String::from_utf8_lossy(&output.stdout)
        )
    })?;
    let lines = normalise(&doc)?;
    if let Some(required) = required_exit_code(&doc)
        && required != code
    {
        return Err(format!(
            "exit code {code}, but DESIGN.md requires {required} for these findings: {lines:?}"
        ));
    }
    let parse_errors = &doc["summary"]["parse_errors"];
    if parse_errors.as_u64().is_some_and(|n| n > 0) {
        return Err(format!(
            "{parse_errors} parse error(s) on a case that is valid Rust; stderr:\n{stderr}"
        ));
    }
    Ok(lines)
}

/// A line-by-line diff of two sorted multisets: `-` expected but missing,
/// `+` reported but not expected.
fn diff(expected: &[String], actual: &[String]) -> String {
    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for line in expected {
        *counts.entry(line).or_default() += 1;
    }
    for line in actual {
        *counts.entry(line).or_default() -= 1;
    }
    let mut out = String::new();
    for (line, n) in counts {
        let (sign, times) = if n > 0 { ('-', n) } else { ('+', -n) };
        for _ in 0..times {
            let _ = writeln!(out, "    {sign} {line}");
        }
    }
    out
}

#[test]
fn every_case_reports_exactly_the_expected_findings() {
    let dirs = case_dirs();
    assert!(!dirs.is_empty(), "no case matched LOCKORDER_CASE");
    let mut failures = Vec::new();
    let mut report = String::new();
    for dir in &dirs {
        let name = case_name(dir);
        let expected = match read_expected(dir) {
            Ok(lines) => lines,
            Err(err) => {
                let _ = writeln!(report, "✗ {name}: {err}");
                failures.push(name);
                continue;
            }
        };
        match run_case(dir) {
            Ok(actual) if actual == expected => {
                let _ = writeln!(report, "✓ {name}");
            }
            Ok(actual) => {
                let _ = writeln!(
                    report,
                    "✗ {name}: findings differ (- expected, + reported)\n{}",
                    diff(&expected, &actual)
                );
                failures.push(name);
            }
            Err(err) => {
                let _ = writeln!(report, "✗ {name}: {err}");
                failures.push(name);
            }
        }
    }
    println!("{report}");
    assert!(
        failures.is_empty(),
        "{} of {} cases failed: {}\n(rerun one with LOCKORDER_CASE=<name>; \
         `cargo run -p lockorder-cli -- check lockorder-cli/tests/cases/<name>` shows the report)",
        failures.len(),
        dirs.len(),
        failures.join(", ")
    );
}

/// The README's headline command: `lockorder check examples/tournament-check`
/// shows the seed's UserLicense → Semester deadlock as a violation and a cycle.
#[test]
fn tournament_example_reports_the_seed_deadlock() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/tournament-check");
    let expected = read_expected(&dir).expect("examples/tournament-check/expected.txt");
    let actual = run_case(&dir).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        actual,
        expected,
        "(- expected, + reported)\n{}",
        diff(&expected, &actual)
    );
}

#[test]
fn every_case_is_a_well_formed_crate_with_a_sorted_expectation() {
    let mut problems = Vec::new();
    for dir in case_dirs() {
        let name = case_name(&dir);
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))
            .map_err(|err| err.to_string())
            .and_then(|text| text.parse::<toml::Table>().map_err(|err| err.to_string()));
        match manifest {
            Ok(table) => {
                let package = table.get("package").and_then(|p| p.as_table());
                let has = |key: &str| package.is_some_and(|p| p.get(key).is_some());
                if !has("name") || !has("edition") {
                    problems.push(format!(
                        "{name}: Cargo.toml needs [package] name and edition"
                    ));
                }
            }
            Err(err) => problems.push(format!("{name}: bad Cargo.toml: {err}")),
        }
        let has_rs = std::fs::read_dir(dir.join("src")).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "rs"))
        });
        if !has_rs {
            problems.push(format!("{name}: no src/*.rs"));
        }
        let lines = match read_expected(&dir) {
            Ok(lines) => lines,
            Err(err) => {
                problems.push(format!("{name}: {err}"));
                continue;
            }
        };
        if !lines.is_sorted() {
            problems.push(format!("{name}: expected.txt lines are not sorted"));
        }
        for line in &lines {
            let mut words: Vec<&str> = line.split(' ').collect();
            if words.last() == Some(&SUPPRESSED) {
                words.pop();
            }
            if Rule::from_code(words[0]).is_none() {
                problems.push(format!("{name}: unknown rule in {line:?}"));
            }
            if !words[1..].is_sorted() {
                problems.push(format!("{name}: locks not sorted in {line:?}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "malformed cases:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_positive_case_has_a_safe_twin() {
    let root = cases_root();
    let mut problems = Vec::new();
    for dir in case_dirs() {
        let name = case_name(&dir);
        let lines = read_expected(&dir).unwrap_or_default();
        let positive = lines.iter().any(|l| !l.ends_with(SUPPRESSED));
        if !positive {
            continue;
        }
        let twin = OTHER_TWINS
            .iter()
            .find(|(case, _)| *case == name)
            .map_or_else(|| format!("{name}-safe"), |(_, twin)| (*twin).to_owned());
        match read_expected(&root.join(&twin)) {
            Ok(twin_lines) if twin_lines.iter().all(|l| l.ends_with(SUPPRESSED)) => {}
            Ok(twin_lines) => problems.push(format!(
                "{name}: twin {twin} expects unsuppressed findings {twin_lines:?}"
            )),
            Err(err) => problems.push(format!("{name}: no safe twin ({err})")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn normalise_sorts_locks_and_lines_and_marks_suppressed() {
    let doc: Value = serde_json::json!({
        "version": 1,
        "findings": [
            {"rule": "lock-order-cycle", "severity": "error", "message": "m",
             "locks": ["B", "A"], "edges": [], "suppressed": "start-up only"},
            {"rule": "double-lock", "severity": "error", "message": "m",
             "locks": ["Cache::map"], "edges": []}
        ],
        "summary": {"files": 1, "functions": 1, "lock_classes": 2, "edges": 1, "parse_errors": 0}
    });
    assert_eq!(
        normalise(&doc).unwrap(),
        [
            "double-lock Cache::map",
            "lock-order-cycle A B [suppressed]"
        ]
    );
    assert_eq!(required_exit_code(&doc), Some(1));
    let bad = serde_json::json!({"version": 2, "findings": []});
    assert!(normalise(&bad).is_err());
}

#[test]
fn diff_reports_missing_and_extra_lines_with_multiplicity() {
    let expected = ["double-lock A".to_owned(), "double-lock A".to_owned()];
    let actual = [
        "double-lock A".to_owned(),
        "lock-order-cycle A B".to_owned(),
    ];
    assert_eq!(
        diff(&expected, &actual),
        "    - double-lock A\n    + lock-order-cycle A B\n"
    );
    assert_eq!(diff(&expected, &expected), "");
}
