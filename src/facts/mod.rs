//! Rule-free fact discovery (`crosswire facts`): find the checkable facts of
//! every source, align them across sources by what they are about, compare
//! aligned values with the kinds' own comparators and report disagreements
//! with the same [`Finding`](crate::Finding) model as `check`.
//!
//! - [`find`] owns what a fact is and how one is found in a source (figures
//!   with their counted noun and governing verb, quantities with units, dates
//!   and times with the event they date, people with a title);
//! - [`mod@align`] owns the inverted index and the scoring that lines facts up;
//! - [`report`] turns aligned groups into findings, fact-table rows and
//!   alignment scores, and adds the drifted quotes of the quotes module.
//!
//! docs/facts.md describes what is found, how facts are aligned, what is
//! reported and the limits.

pub mod align;
pub mod find;
pub mod report;

pub use align::{align, FactGroup};
pub use find::{find_facts, Fact, FactSort, FactValue};
pub use report::{check, check_paths, Alignment, FactOptions, FactsReport, FACTS_STORY};
