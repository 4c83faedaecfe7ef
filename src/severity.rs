//! How much a finding matters: the one severity scale that rule files
//! (`severity:`), the comparer, `--fail-on` and every reporter share. It sits
//! low so that `rules/` can name it without depending on `compare/` (which
//! re-exports it).

use std::fmt;

use serde::{Deserialize, Serialize};

/// How much a finding matters; `--fail-on` picks the level that fails a run.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing (a spelling variant, a fact only some sources give).
    Info,
    /// Worth a look (a quote worded differently).
    Warning,
    /// Sources contradict each other or the fact sheet.
    Error,
}

impl Severity {
    /// The word used in YAML and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
