//! Input: find the `.rs` files of crates, workspaces or plain folders
//! (`.gitignore` respected, `target/` skipped), learn each file's crate
//! edition and module path, and parse + extract them in parallel.

use super::extract::{ExtractOptions, extract_file};
use super::ir::FileIr;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One file to analyse.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path on disk.
    pub abs: PathBuf,
    /// Path shown in reports: relative to the scanned directory.
    pub rel: String,
    /// Module path within its crate.
    pub module: Vec<String>,
    /// The crate's edition.
    pub edition: u16,
}

/// A file that could not be read or parsed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ParseError {
    /// Path shown in reports.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What went wrong.
    pub message: String,
}

/// A parsed and extracted file.
#[derive(Debug)]
pub struct Parsed {
    /// The file.
    pub file: SourceFile,
    /// Its IR (empty when it did not parse).
    pub ir: FileIr,
    /// Lines of source.
    pub lines: usize,
    /// Set when it did not parse.
    pub error: Option<ParseError>,
}

/// How to collect files.
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    /// Forces this edition for every file.
    pub edition: Option<u16>,
    /// Glob patterns (relative paths) to skip.
    pub exclude: Vec<glob::Pattern>,
    /// Also a crate's `tests/` and `benches/` (skipped by default, like
    /// `#[cfg(test)]` code).
    pub include_tests: bool,
}

/// A path that cannot be scanned: a tool error.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist or cannot be read.
    #[error("cannot read {path}: {source}")]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A `Cargo.toml` that does not parse.
    #[error("{path}: invalid Cargo.toml: {message}")]
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

#[derive(Debug, Clone)]
struct Manifest {
    edition: Option<String>,
    edition_from_workspace: bool,
    workspace_edition: Option<String>,
    members: Vec<String>,
}

fn read_manifest(path: &Path) -> Result<Manifest, InputError> {
    let text = std::fs::read_to_string(path).map_err(|source| InputError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    let v: toml::Table = toml::from_str(&text).map_err(|e| InputError::Manifest {
        path: path.to_owned(),
        message: e.message().trim().to_owned(),
    })?;
    let pkg_ed = v.get("package").and_then(|p| p.get("edition")).cloned();
    let (edition, edition_from_workspace) = match pkg_ed {
        Some(toml::Value::String(s)) => (Some(s), false),
        Some(toml::Value::Table(t)) => (None, t.get("workspace").is_some()),
        _ => (None, false),
    };
    let ws = v.get("workspace");
    let workspace_edition = ws
        .and_then(|w| w.get("package"))
        .and_then(|p| p.get("edition"))
        .and_then(|e| e.as_str())
        .map(str::to_owned);
    let members = ws
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Ok(Manifest {
        edition,
        edition_from_workspace,
        workspace_edition,
        members,
    })
}

fn parse_edition(s: &str) -> u16 {
    s.trim().parse().unwrap_or(2021)
}

struct CrateFinder {
    cache: HashMap<PathBuf, Option<(PathBuf, u16)>>,
    manifests: HashMap<PathBuf, Option<Manifest>>,
    warnings: Vec<String>,
}

impl CrateFinder {
    fn manifest(&mut self, dir: &Path) -> Option<Manifest> {
        if let Some(m) = self.manifests.get(dir) {
            return m.clone();
        }
        let path = dir.join("Cargo.toml");
        let m = if path.is_file() {
            match read_manifest(&path) {
                Ok(m) => Some(m),
                Err(e) => {
                    self.warnings.push(e.to_string());
                    None
                }
            }
        } else {
            None
        };
        self.manifests.insert(dir.to_owned(), m.clone());
        m
    }

    /// The crate directory and edition of a directory, looking up to `root`.
    fn crate_of(&mut self, dir: &Path, root: &Path) -> Option<(PathBuf, u16)> {
        if let Some(c) = self.cache.get(dir) {
            return c.clone();
        }
        let mut found = None;
        if let Some(m) = self.manifest(dir) {
            let has_package = m.edition.is_some() || m.edition_from_workspace || {
                std::fs::read_to_string(dir.join("Cargo.toml"))
                    .map(|t| t.contains("[package]"))
                    .unwrap_or(false)
            };
            if has_package {
                let edition = if let Some(e) = &m.edition {
                    parse_edition(e)
                } else if m.edition_from_workspace {
                    dir.ancestors()
                        .skip(1)
                        .find_map(|a| self.manifest(a).and_then(|m| m.workspace_edition))
                        .map_or(2015, |e| parse_edition(&e))
                } else {
                    2015
                };
                found = Some((dir.to_owned(), edition));
            }
        }
        if found.is_none() && dir != root {
            if let Some(parent) = dir.parent() {
                if parent.starts_with(root) {
                    found = self.crate_of(parent, root);
                }
            }
        }
        self.cache.insert(dir.to_owned(), found.clone());
        found
    }
}

/// The module path of `rel` (a path relative to its crate or folder root).
pub fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .filter_map(|c| c.as_os_str().to_str().map(str::to_owned))
        .collect();
    match parts.first().map(String::as_str) {
        Some("src") => {
            parts.remove(0);
            if parts.first().is_some_and(|p| p == "bin") {
                return Vec::new();
            }
        }
        Some("tests" | "examples" | "benches") => return Vec::new(),
        _ => {}
    }
    if parts
        .last()
        .is_some_and(|l| matches!(l.as_str(), "lib" | "main" | "mod"))
    {
        parts.pop();
    }
    parts
}

fn rel_string(p: &Path) -> String {
    p.components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect::<Vec<_>>()
        .join("/")
}

/// Collects the files under `paths`.
pub fn collect(
    paths: &[PathBuf],
    opts: &InputOptions,
) -> Result<(Vec<SourceFile>, Vec<String>), InputError> {
    let mut out = Vec::new();
    let mut finder = CrateFinder {
        cache: HashMap::new(),
        manifests: HashMap::new(),
        warnings: Vec::new(),
    };
    let many = paths.len() > 1;
    for given in paths {
        let meta = std::fs::metadata(given).map_err(|source| InputError::Unreadable {
            path: given.clone(),
            source,
        })?;
        let root = given
            .canonicalize()
            .map_err(|source| InputError::Unreadable {
                path: given.clone(),
                source,
            })?;
        if meta.is_file() {
            let dir = root.parent().unwrap_or(Path::new("/")).to_owned();
            let c = finder.crate_of(&dir, &dir);
            let module = module_path(Path::new(root.file_name().unwrap_or_default()));
            out.push(SourceFile {
                abs: root.clone(),
                rel: rel_string(given),
                module,
                edition: opts.edition.or(c.map(|c| c.1)).unwrap_or(2021),
            });
            continue;
        }
        let mut roots = vec![root.clone()];
        if let Some(m) = finder.manifest(&root) {
            for pat in &m.members {
                let full = root.join(pat);
                if let Ok(entries) = glob::glob(&full.to_string_lossy()) {
                    for e in entries.flatten() {
                        if let Ok(c) = e.canonicalize() {
                            if !c.starts_with(&root) {
                                roots.push(c);
                            }
                        }
                    }
                }
            }
        }
        for walk_root in roots {
            let mut builder = ignore::WalkBuilder::new(&walk_root);
            builder
                .require_git(false)
                .sort_by_file_name(std::cmp::Ord::cmp)
                .filter_entry(|e| e.file_name() != "target");
            for entry in builder.build() {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        finder.warnings.push(format!("cannot walk: {e}"));
                        continue;
                    }
                };
                let path = entry.path();
                if path.extension().is_none_or(|x| x != "rs")
                    || !entry.file_type().is_some_and(|t| t.is_file())
                {
                    continue;
                }
                let rel_to_scan = path.strip_prefix(&root).unwrap_or(path);
                let mut rel = rel_string(rel_to_scan);
                if many || walk_root != root {
                    rel = rel_string(&given.join(rel_to_scan));
                }
                if opts.exclude.iter().any(|p| p.matches(&rel)) {
                    continue;
                }
                let dir = path.parent().unwrap_or(&walk_root);
                let krate = finder.crate_of(dir, &walk_root);
                let in_crate = match &krate {
                    Some((cdir, _)) => path.strip_prefix(cdir).unwrap_or(path),
                    None => rel_to_scan,
                };
                let test_dir = in_crate
                    .components()
                    .next()
                    .is_some_and(|c| c.as_os_str() == "tests" || c.as_os_str() == "benches");
                if test_dir && !opts.include_tests {
                    continue;
                }
                let (module, edition) = match &krate {
                    Some((_, ed)) => (module_path(in_crate), *ed),
                    None => (module_path(rel_to_scan), 2021),
                };
                out.push(SourceFile {
                    abs: path.to_owned(),
                    rel,
                    module,
                    edition: opts.edition.unwrap_or(edition),
                });
            }
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.dedup_by(|a, b| a.abs == b.abs);
    Ok((out, finder.warnings))
}

/// Parses and extracts every file in parallel; results in input order.
pub fn parse_all(files: Vec<SourceFile>, include_tests: bool) -> Vec<Parsed> {
    files
        .into_par_iter()
        .map(|file| parse_one(file, include_tests))
        .collect()
}

fn parse_one(file: SourceFile, include_tests: bool) -> Parsed {
    let text = match std::fs::read_to_string(&file.abs) {
        Ok(t) => t,
        Err(e) => {
            let error = ParseError {
                file: file.rel.clone(),
                line: 1,
                column: 1,
                message: format!("cannot read: {e}"),
            };
            return Parsed {
                file,
                ir: FileIr::default(),
                lines: 0,
                error: Some(error),
            };
        }
    };
    let lines = text.lines().count();
    // doc comments cannot take locks: not worth syn's attribute machinery
    let text = super::docs::blank_doc_comments(text);
    match syn::parse_file(&text) {
        Ok(mut ast) => {
            let ir = extract_file(
                &mut ast,
                &ExtractOptions {
                    module: file.module.clone(),
                    edition: file.edition,
                    include_tests,
                },
            );
            Parsed {
                file,
                ir,
                lines,
                error: None,
            }
        }
        Err(e) => {
            let lc = e.span().start();
            let error = ParseError {
                file: file.rel.clone(),
                line: u32::try_from(lc.line.max(1)).unwrap_or(1),
                column: u32::try_from(lc.column + 1).unwrap_or(1),
                message: e.to_string(),
            };
            Parsed {
                file,
                ir: FileIr::default(),
                lines,
                error: Some(error),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_follow_the_file_layout() {
        assert!(module_path(Path::new("src/lib.rs")).is_empty());
        assert!(module_path(Path::new("src/main.rs")).is_empty());
        assert_eq!(module_path(Path::new("src/db.rs")), vec!["db"]);
        assert_eq!(module_path(Path::new("src/db/mod.rs")), vec!["db"]);
        assert_eq!(module_path(Path::new("src/a/b.rs")), vec!["a", "b"]);
        assert!(module_path(Path::new("src/bin/tool.rs")).is_empty());
        assert!(module_path(Path::new("tests/it.rs")).is_empty());
    }

    #[test]
    fn reads_editions_and_skips_target() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join("Cargo.toml"),
            "[workspace]\nmembers=[\"a\",\"b\"]\n[workspace.package]\nedition=\"2024\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(d.join("a/src")).unwrap();
        std::fs::create_dir_all(d.join("b/src")).unwrap();
        std::fs::create_dir_all(d.join("a/target/debug")).unwrap();
        std::fs::write(
            d.join("a/Cargo.toml"),
            "[package]\nname=\"a\"\nedition=\"2018\"\n",
        )
        .unwrap();
        std::fs::write(
            d.join("b/Cargo.toml"),
            "[package]\nname=\"b\"\nedition.workspace=true\n",
        )
        .unwrap();
        std::fs::write(d.join("a/src/lib.rs"), "").unwrap();
        std::fs::write(d.join("a/src/db.rs"), "").unwrap();
        std::fs::write(d.join("a/target/debug/x.rs"), "").unwrap();
        std::fs::write(d.join("b/src/main.rs"), "").unwrap();
        let (files, warnings) = collect(&[d.to_owned()], &InputOptions::default()).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let got: Vec<(String, Vec<String>, u16)> = files
            .into_iter()
            .map(|f| (f.rel, f.module, f.edition))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a/src/db.rs".into(), vec!["db".into()], 2018),
                ("a/src/lib.rs".into(), vec![], 2018),
                ("b/src/main.rs".into(), vec![], 2024),
            ]
        );
    }

    #[test]
    fn missing_edition_is_2015_and_plain_folders_2021() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("c/src")).unwrap();
        std::fs::write(d.join("c/Cargo.toml"), "[package]\nname=\"c\"\n").unwrap();
        std::fs::write(d.join("c/src/lib.rs"), "").unwrap();
        std::fs::write(d.join("loose.rs"), "").unwrap();
        let (files, _) = collect(&[d.to_owned()], &InputOptions::default()).unwrap();
        let eds: Vec<(String, u16)> = files.into_iter().map(|f| (f.rel, f.edition)).collect();
        assert_eq!(
            eds,
            vec![("c/src/lib.rs".into(), 2015), ("loose.rs".into(), 2021)]
        );
    }

    #[test]
    fn unparsable_file_reports_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.rs"), "fn ok() {}\nfn broken( {\n").unwrap();
        let (files, _) = collect(&[dir.path().to_owned()], &InputOptions::default()).unwrap();
        let parsed = parse_all(files, false);
        let err = parsed[0].error.as_ref().unwrap();
        assert_eq!(err.file, "bad.rs");
        assert!(err.line >= 2, "{err:?}");
    }
}
