//! `lockorder.toml`: found by walking up from the scanned path (or the
//! current directory), or given with `--config`.
//!
//! ```toml
//! [check]      # see `check::CheckConfig`
//! [report]     # see `report::ReportConfig`
//! ```
//!
//! A config that does not parse is a tool error naming the file, line and
//! column; unknown keys are errors too, so a typo never silently disables a
//! threshold.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file name looked for when walking up.
pub const FILE_NAME: &str = "lockorder.toml";

/// The whole configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Settings of `lockorder check` and `lockorder graph`.
    #[serde(default)]
    pub check: crate::check::CheckConfig,
    /// Settings of `lockorder report` and `lockorder validate`.
    #[serde(default)]
    pub report: crate::report::ReportConfig,
    /// Where the configuration was read from (`None`: built-in defaults).
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

/// A configuration that could not be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown or mistyped keys.
    #[error("{path}:{line}:{column}: invalid config: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// Walks up from `start` (a file or directory) to the first directory that
/// holds a `lockorder.toml`.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = if start.is_file() {
        start.parent()?
    } else {
        start
    };
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Parses configuration text; `path` is used in error messages.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let mut config: Config = toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|span| line_column(text, span.start))
            .unwrap_or((1, 1));
        ConfigError::Parse {
            path: path.to_owned(),
            line,
            column,
            message: e.message().trim().to_owned(),
        }
    })?;
    config.source = Some(path.to_owned());
    Ok(config)
}

/// Reads and parses one configuration file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse(&text, path)
}

/// The configuration for a run: `explicit` if given, else the nearest
/// `lockorder.toml` above `start`, else the built-in defaults.
pub fn discover(start: &Path, explicit: Option<&Path>) -> Result<Config, ConfigError> {
    match explicit.map(Path::to_owned).or_else(|| find(start)) {
        Some(path) => load(&path),
        None => Ok(Config::default()),
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_file_and_line() {
        let err = parse(
            "[check]\n\n[nonsense]\nx = 1\n",
            Path::new("lockorder.toml"),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("lockorder.toml:3:"), "{text}");
    }

    #[test]
    fn empty_config_is_default() {
        let cfg = parse("", Path::new("x.toml")).unwrap();
        assert_eq!(cfg.source.as_deref(), Some(Path::new("x.toml")));
    }

    #[test]
    fn walks_up_to_nearest_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        let found = find(&nested).unwrap();
        assert_eq!(found, dir.path().canonicalize().unwrap().join(FILE_NAME));
    }
}
