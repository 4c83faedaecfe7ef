//! crosswire checks that several sources of the same story agree on its facts.
//!
//! Rule authors describe a story's facts as *slots* in YAML (a minister's name,
//! a missile count, the day of a meeting, a phrase whose wording matters);
//! crosswire fills every slot from every source and reports where the sources
//! disagree, with each value's file, line, column and sentence.
//!
//! # The pipeline
//!
//! Data flows one way, with plain data types at each seam:
//!
//! ```text
//! paths ─▶ source::load_inputs ─▶ Source (normalized text, offset map, sentences)
//! rules ─▶ rules::RuleSet::load ─▶ RuleSet (validated stories, compiled patterns)
//!            extract::extract (rayon over sources × stories) ─▶ Fill
//!            compare::compare (per slot) ─▶ Finding + FactRow
//!            report::{text, json} ─▶ output
//! ```
//!
//! [`Checker`] runs the middle of it:
//!
//! ```
//! use crosswire::{Checker, RuleSet};
//! use crosswire::source::{Input, LoadOptions, Source};
//!
//! let rules = crosswire::rules::parse_story(
//!     "story: demo\nslots:\n  - id: missiles\n    kind: count\n    patterns: [\"fired {number} missiles\"]\n",
//!     "demo.yaml",
//! ).map_err(|e| e[0].to_string())?;
//! let checker = Checker::new(RuleSet { stories: vec![rules] });
//! let options = LoadOptions::default();
//! let a = Source::from_text(Some("a".into()), None, "The North fired around 30 missiles.".into(), &options);
//! let b = Source::from_text(Some("b".into()), None, "It fired 45 missiles this year.".into(), &options);
//! let report = checker.check(vec![Input::Loaded(a), Input::Loaded(b)]);
//! assert_eq!(report.findings.len(), 1);
//! assert_eq!(report.findings[0].kind, crosswire::FindingKind::Conflict);
//! # Ok::<(), String>(())
//! ```
//!
//! Without rules, [`quotes::check`] finds every quotation in every source,
//! attributes it to a speaker, aligns quotes across sources and reports those
//! whose wording drifted (`crosswire quotes`, docs/quotes.md).
//!
//! The rule language is documented in docs/rules.md, the JSON report in
//! docs/output.md, and the module map in docs/architecture.md.

#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod check;
pub mod compare;
pub mod error;
pub mod explain;
pub mod extract;
pub mod facts;
pub mod kinds;
pub mod lang;
pub mod pattern;
pub mod quotation;
pub mod quotes;
pub mod report;
pub mod rules;
pub mod ruletest;
pub mod sanitize;
pub mod scaffold;
pub mod severity;
pub mod source;
pub mod stream;
pub mod suggest;
pub mod text;
pub mod versions;
pub mod walk;

pub use check::{Checker, FailOn};
pub use compare::{Finding, FindingKind, Severity};
pub use error::{Diagnostic, ErrorKind, Level};
pub use extract::Fill;
pub use report::Report;
pub use rules::RuleSet;
pub use source::Source;
