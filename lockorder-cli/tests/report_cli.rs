//! `lockorder report` and `lockorder validate` through the real binary:
//! golden logs with their expected reports (insta), exit codes, config,
//! stdin/gzip/globs, merge and HTML.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const UNTIL: &str = "2026-02-24T00:00:00Z";

fn logs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/logs")
}

fn log(name: &str) -> String {
    logs().join(name).display().to_string()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `cwd` (a temporary directory unless given, so no
/// lockorder.toml of the repository is picked up).
fn run_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lockorder"))
        .args(args)
        .current_dir(cwd)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn run(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), args, None)
}

fn report(file: &str, extra: &[&str]) -> Run {
    let path = log(file);
    let mut args = vec![
        "report",
        "--log-file",
        &path,
        "--since-days",
        "5",
        "--until",
        UNTIL,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

/// Every golden log, its JSON and human report, and its exit code.
#[test]
fn golden_logs() {
    for (file, code) in [
        ("flat.log", 0),
        ("tracing_nested.log", 3),
        ("mixed.log", 3),
        ("invalid_utf8.log", 0),
        ("breach.log", 1),
        ("critical.log", 3),
    ] {
        let name = file.trim_end_matches(".log");
        let j = report(file, &["--json"]);
        assert_eq!(j.code, code, "{file}: {}", j.stderr);
        insta::assert_snapshot!(format!("report_{name}_json"), j.stdout);
        let h = report(file, &[]);
        assert_eq!(h.code, code, "{file}");
        insta::assert_snapshot!(format!("report_{name}_human"), h.stdout);
        let lines = &json(&j)["lines"];
        assert_eq!(
            lines["read"].as_u64().unwrap(),
            lines["used"].as_u64().unwrap() + lines["skipped"].as_u64().unwrap(),
            "{file}: every line is used or skipped"
        );
    }
}

#[test]
fn window_is_since_inclusive_until_exclusive() {
    let doc = json(&report("flat.log", &["--json"]));
    let skill = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["pipeline"] == "skill")
        .unwrap();
    // 20 regular events + the one exactly at `since`; the ones 1 ms before
    // `since` and exactly at `until` (9999 ms) are outside.
    assert_eq!(skill["count"], 21);
    assert_eq!(skill["max_ms"], 200.5);
    assert_eq!(doc["since"], "2026-02-19T00:00:00.000Z");
    assert_eq!(doc["until"], "2026-02-24T00:00:00.000Z");
    // One millisecond later the `until` edge event is inside.
    let later = json(&run(&[
        "report",
        "--log-file",
        &log("flat.log"),
        "--json",
        "--since",
        "2026-02-19T00:00:00Z",
        "--until",
        "2026-02-24T00:00:00.001Z",
    ]));
    let skill = later["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["pipeline"] == "skill")
        .unwrap();
    assert_eq!(skill["count"], 22);
    assert_eq!(skill["max_ms"], 9999.0);
}

#[test]
fn without_since_days_every_event_before_until_counts() {
    let doc = json(&run(&[
        "report",
        "--log-file",
        &log("flat.log"),
        "--json",
        "--until",
        UNTIL,
    ]));
    assert_eq!(doc["since"], serde_json::Value::Null);
    let skill = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["pipeline"] == "skill")
        .unwrap();
    assert_eq!(skill["count"], 22);
}

#[test]
fn gzip_stdin_and_globs_read_the_same_lines() {
    let plain = report("flat.log", &["--json"]).stdout;
    assert_eq!(report("flat.log.gz", &["--json"]).stdout, plain);
    let dir = tempfile::tempdir().unwrap();
    let input = std::fs::read(log("flat.log")).unwrap();
    let piped = run_in(
        dir.path(),
        &[
            "report",
            "--log-file",
            "-",
            "--since-days",
            "5",
            "--until",
            UNTIL,
            "--json",
        ],
        Some(&input),
    );
    assert_eq!(piped.stdout, plain);
    let pattern = log("fla*.log");
    let globbed = run(&[
        "report",
        "--log-file",
        &pattern,
        "--since-days",
        "5",
        "--until",
        UNTIL,
        "--json",
    ]);
    assert_eq!(globbed.stdout, plain);
}

#[test]
fn many_files_add_up() {
    let (a, b) = (log("flat.log"), log("breach.log"));
    let both = json(&run(&[
        "report",
        "--log-file",
        &a,
        "--log-file",
        &b,
        "--since-days",
        "5",
        "--until",
        UNTIL,
        "--json",
    ]));
    let fa = json(&report("flat.log", &["--json"]));
    let fb = json(&report("breach.log", &["--json"]));
    for k in ["read", "used", "skipped"] {
        assert_eq!(
            both["lines"][k].as_u64().unwrap(),
            fa["lines"][k].as_u64().unwrap() + fb["lines"][k].as_u64().unwrap()
        );
    }
    assert_eq!(both["verdict"], "breach");
}

#[test]
fn tool_errors_exit_2_and_never_print_a_report() {
    for args in [
        vec!["report", "--log-file", "/no/such/file.log"],
        vec!["report"],
        vec!["report", "--log-file", "/no/such/dir/*.log"],
        vec!["report", "--log-file", "x.log", "--since-days", "five"],
        vec!["report", "--log-file", "x.log", "--until", "tomorrow"],
        vec!["report", "--log-file", "x.log", "--bogus"],
        vec!["validate", "--log-file", "/no/such/file.log"],
        vec![
            "validate",
            "--log-file",
            "x.log",
            "--max-unusable-share",
            "2",
        ],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?} printed {}", r.stdout);
        assert!(!r.stderr.is_empty(), "{args:?}");
    }
    let r = run(&["report", "--log-file", "/no/such/file.log"]);
    assert!(r.stderr.contains("/no/such/file.log"), "{}", r.stderr);
}

#[test]
fn corrupt_gzip_is_a_tool_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.log.gz");
    let mut bytes = std::fs::read(log("flat.log.gz")).unwrap();
    bytes.truncate(bytes.len() / 2);
    bytes.extend_from_slice(b"garbage");
    std::fs::write(&path, bytes).unwrap();
    let r = run(&["report", "--log-file", path.to_str().unwrap(), "--json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("broken.log.gz"), "{}", r.stderr);
}

#[test]
fn thresholds_come_from_the_nearest_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lockorder.toml"),
        "[report]\n\n[[report.thresholds]]\npipeline = \"skill\"\nentity_type = \"UserLicense\"\nwarn_ms = 150\ncritical_ms = 195\nstep = \"§4.1\"\naction = \"batch the queries\"\n",
    )
    .unwrap();
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    let flat = log("flat.log");
    let args = [
        "report",
        "--log-file",
        &flat,
        "--since-days",
        "5",
        "--until",
        UNTIL,
        "--json",
    ];
    // Defaults: flat.log passes (skill P95 190.5 <= 200).
    assert_eq!(run(&args).code, 0);
    // Configured: P95 190.5 > 150 warn, <= 195 critical -> breach; the
    // configured table replaces the defaults (Semester is unchecked now).
    let r = run_in(&nested, &args, None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc = json(&r);
    let groups = doc["groups"].as_array().unwrap();
    let skill = groups.iter().find(|g| g["pipeline"] == "skill").unwrap();
    assert_eq!(
        (skill["warn_ms"].as_u64(), skill["critical_ms"].as_u64()),
        (Some(150), Some(195))
    );
    assert_eq!(skill["status"], "breach");
    let semester = groups
        .iter()
        .find(|g| g["entity_type"] == "Semester")
        .unwrap();
    assert_eq!(semester["status"], "unchecked");
    assert_eq!(doc["actions"][0]["action"], "batch the queries");
    // --config wins over discovery.
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "[report]\ndeadlocks_max = 5\n").unwrap();
    let critical = log("critical.log");
    let r = run_in(
        &nested,
        &[
            "report",
            "--log-file",
            &critical,
            "--until",
            UNTIL,
            "--json",
            "--config",
            other.to_str().unwrap(),
        ],
        None,
    );
    let doc = json(&r);
    assert_eq!(doc["deadlocks"], 1);
    // One deadlock is allowed now; the Semester P95 still is critical.
    assert_eq!(doc["actions"].as_array().unwrap().len(), 1);
    assert_eq!(r.code, 3);
}

#[test]
fn malformed_config_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lockorder.toml"),
        "[report]\nintegrity_error_rate_max = 0.05\n\n[[report.thresholds]]\npipeline = \"skill\"\nwarn_ms = \"fast\"\n",
    )
    .unwrap();
    let flat = log("flat.log");
    let r = run_in(dir.path(), &["report", "--log-file", &flat], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("lockorder.toml:"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    std::fs::write(
        dir.path().join("lockorder.toml"),
        "[report]\nthreshold = []\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["validate", "--log-file", &flat], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("lockorder.toml:2:"), "{}", r.stderr);
    std::fs::write(
        dir.path().join("lockorder.toml"),
        "[report]\nmax_unusable_share = 3.0\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["validate", "--log-file", &flat], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("max_unusable_share"), "{}", r.stderr);
}

#[test]
fn no_events_in_the_window_is_not_a_pass() {
    let r = run(&[
        "report",
        "--log-file",
        &log("flat.log"),
        "--since",
        "2025-01-01",
        "--until",
        "2025-01-02",
        "--json",
    ]);
    assert_eq!(r.code, 1);
    let doc = json(&r);
    assert_eq!(doc["verdict"], "breach");
    assert_eq!(doc["groups"].as_array().unwrap().len(), 0);
}

#[test]
fn validate_golden_logs() {
    for (file, code) in [
        ("flat.log", 0),
        ("mixed.log", 1),
        ("invalid_utf8.log", 1),
        ("tracing_nested.log", 0),
    ] {
        let name = file.trim_end_matches(".log");
        let path = log(file);
        let j = run(&["validate", "--log-file", &path, "--json"]);
        assert_eq!(j.code, code, "{file}: {}", j.stderr);
        // File names vary with the checkout: keep the base name.
        let dir = format!("{}/", logs().display());
        insta::assert_snapshot!(
            format!("report_validate_{name}_json"),
            j.stdout.replace(&dir, "")
        );
        let h = run(&["validate", "--log-file", &path]);
        assert_eq!(h.code, code);
        insta::assert_snapshot!(
            format!("report_validate_{name}_human"),
            h.stdout.replace(&dir, "")
        );
    }
}

#[test]
fn validate_knows_pipelines_and_callers_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lockorder.toml"),
        "[report]\nknown_pipelines = [\"skill\"]\nknown_callers = [\"distribute_rewards_for_user.skill_writeback\"]\n",
    )
    .unwrap();
    let flat = log("flat.log");
    let r = run_in(
        dir.path(),
        &["validate", "--log-file", &flat, "--json"],
        None,
    );
    assert_eq!(r.code, 1);
    let doc = json(&r);
    let find = |p: &str| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["problem"] == p)
            .cloned()
    };
    let pipelines = find("unknown-pipeline").unwrap();
    assert_eq!(pipelines["count"], 28);
    assert_eq!(pipelines["examples"], serde_json::json!(["reward"]));
    assert_eq!(pipelines["first"][0]["line"], 21);
    let callers = find("unknown-caller").unwrap();
    assert_eq!(callers["count"], 38);
    // Without the lists nothing is unknown.
    let r = run(&["validate", "--log-file", &flat, "--json"]);
    assert_eq!(r.code, 0);
    assert!(json(&r)["findings"].as_array().unwrap().is_empty());
}

#[test]
fn validate_share_limit_is_configurable() {
    let mixed = log("mixed.log");
    // 6 problem lines of 21 (28.6 %).
    let r = run(&[
        "validate",
        "--log-file",
        &mixed,
        "--json",
        "--max-unusable-share",
        "0.3",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = run(&[
        "validate",
        "--log-file",
        &mixed,
        "--json",
        "--max-unusable-share",
        "0.25",
    ]);
    assert_eq!(r.code, 1);
}

#[test]
fn merge_with_samples_is_exact_and_without_is_an_upper_bound() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, file: &str, samples: bool| {
        let mut extra = vec!["--json"];
        if samples {
            extra.push("--samples");
        }
        let r = report(file, &extra);
        let path = dir.path().join(name);
        std::fs::write(&path, r.stdout).unwrap();
        path.display().to_string()
    };
    let (a, b) = (
        write("a.json", "flat.log", true),
        write("b.json", "breach.log", true),
    );
    let merged = json(&run(&["report", "--merge", &a, &b, "--json"]));
    let (fa, fb) = (log("flat.log"), log("breach.log"));
    let whole = json(&run(&[
        "report",
        "--log-file",
        &fa,
        "--log-file",
        &fb,
        "--since-days",
        "5",
        "--until",
        UNTIL,
        "--json",
    ]));
    assert_eq!(merged["groups"], whole["groups"]);
    assert_eq!(merged["callers"], whole["callers"]);
    assert_eq!(merged["lines"], whole["lines"]);
    assert_eq!(merged["verdict"], whole["verdict"]);
    assert_eq!(merged["percentiles_exact"], true);

    let (c, d) = (
        write("c.json", "flat.log", false),
        write("d.json", "breach.log", false),
    );
    let r = run(&["report", "--merge", &c, &d, "--json"]);
    assert_eq!(r.code, 1);
    let approx = json(&r);
    assert_eq!(approx["percentiles_exact"], false);
    for (m, w) in approx["groups"]
        .as_array()
        .unwrap()
        .iter()
        .zip(whole["groups"].as_array().unwrap())
    {
        assert_eq!(m["count"], w["count"]);
        assert_eq!(m["max_ms"], w["max_ms"]);
        assert!(m["p95_ms"].as_f64().unwrap() >= w["p95_ms"].as_f64().unwrap());
    }
    let human = run(&["report", "--merge", &c, &d]);
    assert!(human.stdout.contains("upper bounds"), "{}", human.stdout);
    // Not a report: a tool error naming the file.
    let r = run(&["report", "--merge", &log("flat.log")]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("flat.log:1:"), "{}", r.stderr);
}

#[test]
fn html_report_has_a_chart_per_group_with_thresholds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let r = report("breach.log", &["--html", out.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(html.matches("<svg").count(), 2, "one chart per group");
    assert!(html.contains("warn 200 ms"));
    assert!(html.contains("class=\"breach\""));
    assert!(!html.contains("<script"), "self-contained, no scripts");
}

#[test]
fn help_documents_percentiles_and_exit_codes() {
    let r = run(&["report", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("exact nearest-rank"), "{}", r.stdout);
    assert!(r.stdout.contains("Exit codes:"));
    assert!(r.stdout.contains("upper bounds"));
    let r = run(&["validate", "--help"]);
    assert!(r.stdout.contains("Exit codes:"));
}

/// Line numbers stay right across blocks handled in parallel, and a line
/// longer than the block size is skipped and counted, not fatal.
#[test]
fn line_numbers_across_blocks_and_overlong_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.log");
    let good = std::fs::read_to_string(log("flat.log")).unwrap();
    let first = good.lines().next().unwrap().to_owned();
    let mut text = String::new();
    // ~6 MiB of good lines: several 1 MiB blocks.
    for _ in 0..30_000 {
        text.push_str(&first);
        text.push('\n');
    }
    text.push_str(r#"{"event":"lock_released","pipeline":"skill"}"#); // line 30001
    text.push('\n');
    text.push_str(&"x".repeat(3 << 20)); // line 30002: 3 MiB
    text.push('\n');
    text.push_str(&first); // line 30003
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    let r = run(&["validate", "--log-file", file, "--json"]);
    let doc = json(&r);
    assert_eq!(doc["lines"]["read"], 30_003);
    let find = |p: &str, f: Option<&str>| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["problem"] == p && x["field"].as_str() == f)
            .cloned()
            .unwrap_or_else(|| panic!("{p} missing: {}", r.stdout))
    };
    assert_eq!(
        find("missing-field", Some("duration_ms"))["first"][0]["line"],
        30_001
    );
    assert_eq!(find("too-long", None)["first"][0]["line"], 30_002);
    assert_eq!(find("too-long", None)["count"], 1);
    let r = run(&["report", "--log-file", file, "--until", UNTIL, "--json"]);
    let doc = json(&r);
    assert_eq!(doc["lines"]["read"], 30_003);
    assert_eq!(doc["groups"][0]["count"], 30_001);
}

#[test]
fn html_after_a_merge_without_samples_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    std::fs::write(&a, report("flat.log", &["--json"]).stdout).unwrap();
    let out = dir.path().join("r.html");
    let r = run(&[
        "report",
        "--merge",
        a.to_str().unwrap(),
        "--html",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<svg"));
    assert!(html.contains("No samples"));
}
