//! `crosswire rules lint`: every error the loader finds, plus warnings for
//! likely mistakes in rule files that load.
//!
//! Lint does not parse or validate anything itself: the two loading passes
//! ([`super::load_paths`]) report YAML syntax, unknown keys, wrong types,
//! unknown kinds and placeholders, patterns that do not compile, duplicate ids
//! and `expect` values that do not parse. Lint then looks at each story that
//! loaded cleanly for things that are valid but probably not meant:
//!
//! - `no-placeholder`: a pattern without a placeholder (or a `regex:` without a
//!   group `value`) makes the whole match the value, which is rarely the fact;
//! - `unreachable-expect`: no pattern of a slot can produce its `expect` value
//!   (every pattern is fixed text, and none of them reads as the expected value);
//! - `dead-scope`: a scope term that can never match, because sources are
//!   normalized before matching (curly quotes become straight, soft hyphens and
//!   zero-width characters are dropped) and the term was written with them;
//! - `duplicate-pattern`: the same pattern twice in one slot.
//!
//! Every warning names the code in its message's help line and points at the
//! YAML with file:line:column, like the loader's errors.

use std::path::PathBuf;

use rayon::prelude::*;
use regex::Regex;

use super::files::{read_rule_file, rule_files};
use super::locate::{Locator, Spot};
use super::{load_paths, Story};
use crate::error::{Diagnostic, ErrorKind, Level};
use crate::pattern::Pattern;
use crate::source::normalize_text;

/// What linting some rule files found.
#[derive(Debug, Default)]
pub struct Lint {
    /// The rule files looked at, as given or found in folders.
    pub files: Vec<String>,
    /// Errors and warnings, by file then line.
    pub diagnostics: Vec<Diagnostic>,
}

impl Lint {
    /// How many diagnostics are errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .count()
    }

    /// How many diagnostics are warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level == Level::Warning)
            .count()
    }
}

/// Lint rule files and folders (searched like `check --rules` does).
pub fn lint_paths(paths: &[PathBuf]) -> Lint {
    let (files, _) = rule_files(paths);
    let (rules, mut diagnostics) = load_paths(paths);
    for story in &rules.stories {
        // The file loaded a moment ago; if it cannot be read again there is
        // nothing to point warnings at, and the load was what mattered.
        if let Ok(text) = read_rule_file(std::path::Path::new(&story.path)) {
            diagnostics.extend(lint_story(story, &text));
        }
    }
    // Stable: the loader's order within a file is kept for equal positions.
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    Lint {
        files: files.iter().map(|f| f.display().to_string()).collect(),
        diagnostics,
    }
}

/// Builds a pattern's regexes, or shows that they build, or says why they
/// cannot: `check` builds them on first use; lint checks them all, in the
/// story's language (English's too, for sources that say they are in
/// English). Where a regex can fail only by the size of its automata, the
/// automata are what is built (`Pattern::build_in`).
fn built<'p>(pattern: &'p Pattern, story: &Story) -> Result<(), &'p str> {
    pattern
        .build()
        .and_then(|()| pattern.build_in(story.language))
}

/// The warnings for one story that loaded without errors. `text` is its rule
/// file, for locating.
pub fn lint_story(story: &Story, text: &str) -> Vec<Diagnostic> {
    // Every pattern's regexes are built first, on the thread pool (the
    // loop below then finds them built, and reports in order).
    story
        .slots
        .par_iter()
        .flat_map_iter(|slot| &slot.patterns)
        .for_each(|pattern| {
            let _ = built(pattern, story);
        });
    let locator = Locator::new(text);
    let mut out = Vec::new();
    let warn = |message: String, spot: Option<Spot>, help: String| {
        let mut d = Diagnostic::warning(ErrorKind::Lint, message)
            .in_file(story.path.clone())
            .with_help(help);
        if let Some(s) = spot {
            d = d.at(text, s.line, s.column, s.width);
        }
        d
    };

    for (index, slot) in story.slots.iter().enumerate() {
        let range = locator.item("slots", index).unwrap_or(locator.all());
        let mut seen: Vec<&str> = Vec::new();
        for pattern in &slot.patterns {
            let skip = seen.iter().filter(|s| **s == pattern.source).count();
            let spot = locator
                .text_in(range.clone(), &pattern.source, skip)
                .or_else(|| locator.key_in(range.clone(), "patterns", None));
            if skip > 0 {
                out.push(warn(
                    format!(
                        "pattern `{}` is repeated in slot `{}`",
                        pattern.source, slot.id
                    ),
                    spot,
                    "[duplicate-pattern] remove one of them".into(),
                ));
            }
            seen.push(&pattern.source);
            if let Err(why) = built(pattern, story) {
                let mut d = Diagnostic::error(
                    ErrorKind::Pattern,
                    format!("pattern `{}` of slot `{}`: {why}", pattern.source, slot.id),
                )
                .in_file(story.path.clone())
                .with_help("split the pattern, or shorten its choices".to_string());
                if let Some(s) = spot {
                    d = d.at(text, s.line, s.column, s.width);
                }
                out.push(d);
            }
            if !pattern.captures_value() {
                let fits: Vec<String> = slot
                    .kind
                    .placeholders()
                    .iter()
                    .map(|p| p.to_string())
                    .collect();
                let (message, help) = if pattern.is_regex {
                    (
                        format!(
                            "regex of slot `{}` has no group `value`: the whole match becomes the value",
                            slot.id
                        ),
                        "[no-placeholder] name the part that is the value: `(?P<value>...)`"
                            .to_string(),
                    )
                } else {
                    (
                        format!(
                            "pattern of slot `{}` has no placeholder: the whole match becomes the value",
                            slot.id
                        ),
                        format!(
                            "[no-placeholder] put a placeholder where the value is; a `{}` slot captures with {}",
                            slot.kind,
                            fits.join(" or ")
                        ),
                    )
                };
                out.push(warn(message, spot, help));
            }
        }
        if let Some((raw, _)) = &slot.expect {
            if !slot.patterns.is_empty()
                && !slot
                    .patterns
                    .iter()
                    .any(|p| p.captures_value() || p.regex().is_ok_and(|r| matches_whole(r, raw)))
            {
                out.push(warn(
                    format!(
                        "no pattern of slot `{}` can give its expected value `{raw}`",
                        slot.id
                    ),
                    locator.key_in(range.clone(), "expect", None),
                    "[unreachable-expect] every pattern is fixed text (no placeholder) and none of them reads as the expected value; add a placeholder or fix `expect`".into(),
                ));
            }
        }
    }

    let scope_lines = locator
        .top_key("scope")
        .map_or(locator.all(), |s| s.line - 1..locator.all().end);
    for (term, regex) in story.scope.any.iter().chain(&story.scope.all) {
        let normalized = normalize_text(term);
        if !regex.is_match(&normalized) {
            out.push(warn(
                format!("scope term `{term}` can never match"),
                locator.text_in(scope_lines.clone(), term, 0),
                format!(
                    "[dead-scope] sources are normalized before matching (straight quotes, no soft hyphens or zero-width characters): write `{}`",
                    normalized.trim()
                ),
            ));
        }
    }
    out
}

/// Whether a fixed-text pattern matches `text` from end to end, so that its
/// whole-match value could be that text.
fn matches_whole(regex: &Regex, text: &str) -> bool {
    let text = normalize_text(text);
    let text = text.trim();
    regex
        .find(text)
        .is_some_and(|m| m.start() == 0 && m.end() == text.len())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rules::parse_story;

    fn lint(yaml: &str) -> Vec<Diagnostic> {
        let story = parse_story(yaml, "r.yaml").unwrap();
        lint_story(&story, yaml)
    }

    #[test]
    fn a_clean_story_has_no_warnings() {
        let yaml = "story: demo\nscope:\n  any: [Kim Jong Un]\nslots:\n  - id: n\n    kind: count\n    patterns: [\"fired {number} missiles\"]\n    expect: 30\n";
        assert_eq!(lint(yaml), vec![]);
    }

    #[test]
    fn a_pattern_without_placeholder_is_located() {
        let yaml =
            "story: demo\nslots:\n  - id: r\n    kind: phrase\n    patterns: [\"strong regret\"]\n";
        let w = lint(yaml);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].level, Level::Warning);
        assert_eq!(
            w[0].message,
            "pattern of slot `r` has no placeholder: the whole match becomes the value"
        );
        assert_eq!(
            (w[0].line, w[0].column, w[0].width),
            (Some(5), Some(17), 13)
        );
        assert!(w[0]
            .help
            .as_deref()
            .unwrap()
            .contains("{phrase} or {quote}"));
    }

    #[test]
    fn a_regex_without_value_group_is_flagged() {
        let yaml = "story: demo\nslots:\n  - id: r\n    kind: count\n    patterns:\n      - regex: '\\d+ days'\n";
        let w = lint(yaml);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].message.contains("no group `value`"));
    }

    #[test]
    fn an_expect_no_pattern_can_give_is_flagged() {
        let yaml = "story: demo\nslots:\n  - id: r\n    kind: phrase\n    patterns: [\"expressed strong regret\"]\n    expect: strong regret\n";
        let w = lint(yaml);
        let messages: Vec<&str> = w.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .contains(&"no pattern of slot `r` can give its expected value `strong regret`"),
            "{messages:?}"
        );
        let unreachable = w
            .iter()
            .find(|d| d.message.starts_with("no pattern"))
            .unwrap();
        assert_eq!(unreachable.line, Some(6));
        // Fixed text that reads as the expected value is fine.
        let yaml = "story: demo\nslots:\n  - id: r\n    kind: phrase\n    patterns: [\"strong regret\"]\n    expect: Strong Regret\n";
        assert!(lint(yaml)
            .iter()
            .all(|d| !d.message.starts_with("no pattern")));
    }

    #[test]
    fn a_scope_term_with_curly_quotes_never_matches() {
        let yaml = "story: demo\nscope:\n  any: [\"Korea\u{2019}s\", Kim]\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{number} missiles\"]\n";
        let w = lint(yaml);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].message, "scope term `Korea\u{2019}s` can never match");
        assert_eq!(w[0].line, Some(3));
        assert!(w[0].help.as_deref().unwrap().ends_with("write `Korea's`"));
    }

    #[test]
    fn a_repeated_pattern_points_at_the_second() {
        let yaml = "story: demo\nslots:\n  - id: n\n    kind: count\n    patterns:\n      - \"{number} missiles\"\n      - \"{number} missiles\"\n";
        let w = lint(yaml);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, Some(7));
    }
}
