//! Snapshots of `lockorder check` / `lockorder graph` output on a small
//! fixture crate (tests/fixtures/check_snapshot), run through the real
//! binary, and the exit codes of the contract (0 pass, 1 findings, 2 tool
//! error).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check_snapshot")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lockorder"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("lockorder runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

#[test]
fn human_output() {
    let o = run_in(&fixture(), &["check", "."]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("check_human", stdout(&o));
}

/// The loop wording of `same-class-nesting` (warnings: exit 0) and
/// `double-lock` (exit 1), on two cases of the corpus.
#[test]
fn loop_findings_human() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut all = String::new();
    for (case, code) in [("loop-kept-guards", 0), ("loop-relock", 1)] {
        let o = run_in(&cases.join(case), &["check", "."]);
        assert_eq!(o.status.code(), Some(code), "{case}");
        all.push_str(&format!("=== {case}\n{}", stdout(&o)));
    }
    insta::assert_snapshot!("check_loop_human", all);
}

#[test]
fn json_output() {
    let o = run_in(&fixture(), &["check", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["files"], 2);
    insta::assert_snapshot!("check_json", text);
}

#[test]
fn sarif_output() {
    let o = run_in(&fixture(), &["check", ".", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(doc["version"], "2.1.0");
    insta::assert_snapshot!("check_sarif", text);
}

#[test]
fn github_output() {
    let o = run_in(&fixture(), &["check", ".", "--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("check_github", stdout(&o));
}

#[test]
fn graph_outputs_highlight_cycle_edges() {
    for format in ["dot", "mermaid", "json"] {
        let o = run_in(&fixture(), &["graph", ".", "--format", format]);
        assert_eq!(o.status.code(), Some(0), "graph --format {format}");
        insta::assert_snapshot!(format!("check_graph_{format}"), stdout(&o));
    }
}

#[test]
fn clean_code_passes_and_warnings_fail_only_when_denied() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lib.rs"),
        "use std::sync::Mutex;\npub struct S { a: Mutex<u8> }\n\
         pub fn f(x: &S, y: &S) { let a = x.a.lock(); let b = y.a.lock(); }\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "a warning alone passes");
    let o = run_in(dir.path(), &["check", ".", "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(dir.path().join("lib.rs"), "pub fn f() {}\n").unwrap();
    let o = run_in(dir.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn parse_error_is_reported_and_the_rest_analysed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.rs"), "fn broken( {\n").unwrap();
    std::fs::write(
        dir.path().join("good.rs"),
        "use std::sync::Mutex;\nstatic A: Mutex<u8> = Mutex::new(0);\n\
         fn f() { let a = A.lock(); let b = A.lock(); }\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the good file's double lock fails"
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["summary"]["parse_errors"], 1);
    assert_eq!(doc["findings"][0]["rule"], "double-lock");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.rs:1:"), "{err}");
    std::fs::remove_file(dir.path().join("good.rs")).unwrap();
    let o = run_in(dir.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(0), "a parse error alone is a warning");
}

#[test]
fn tool_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["check", "does-not-exist"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does-not-exist"));
    std::fs::write(dir.path().join("lockorder.toml"), "[check]\nexclud = []\n").unwrap();
    let o = run_in(dir.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("lockorder.toml:2:"));
    let o = run_in(dir.path(), &["check", ".", "--edition", "2019"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn exclude_globs_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("gen")).unwrap();
    std::fs::write(
        dir.path().join("gen/x.rs"),
        "use std::sync::Mutex;\nstatic A: Mutex<u8> = Mutex::new(0);\n\
         fn f() { let a = A.lock(); let b = A.lock(); }\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(
        dir.path().join("lockorder.toml"),
        "[check]\nexclude = [\"gen/**\"]\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 0);
}

#[test]
fn test_directories_are_skipped_unless_included() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::create_dir_all(dir.path().join("tests")).unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"t\"\nedition = \"2021\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), "pub fn f() {}\n").unwrap();
    std::fs::write(
        dir.path().join("tests/it.rs"),
        "use std::sync::Mutex;\nstatic A: Mutex<u8> = Mutex::new(0);\n\
         #[test] fn t() { let a = A.lock(); let b = A.lock(); }\n\
         fn helper() { let a = A.lock(); let b = A.lock(); }\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 1);
    let o = run_in(
        dir.path(),
        &["check", ".", "--format", "json", "--include-tests"],
    );
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 2);
}
