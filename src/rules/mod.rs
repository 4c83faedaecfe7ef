//! Rules: YAML story files, validated and compiled into a [`RuleSet`].
//!
//! A rule file describes one story: its id, an optional scope (which sources
//! it applies to), an optional publication date, and the fact slots to fill.
//! Loading is two passes, both reporting located [`Diagnostic`]s:
//! 1. serde with `deny_unknown_fields` ([`model`]): YAML syntax, unknown keys
//!    (with "did you mean"), wrong types, unknown kinds; one error for the
//!    story's keys and one per bad slot (`yaml_errors`);
//! 2. semantic checks ([`load`]): duplicate ids, patterns that do not compile,
//!    placeholders that do not fit the kind, `expect`/`tolerance`/`date` values
//!    that do not parse, options that do not apply to the kind.
//!
//! docs/rules.md is the reference for the format.

mod compile;
mod files;
pub mod limits;
pub mod lint;
mod load;
pub mod locate;
pub mod model;
pub mod schema;
mod screen;
mod yaml_errors;

use std::path::PathBuf;

use regex::Regex;

use crate::error::Diagnostic;
use crate::kinds::{Kind, Value, ValueOptions};
use crate::pattern::Pattern;
use crate::severity::Severity;

pub(crate) use files::read_rule_file;
pub use files::rule_files;
pub use load::{load_paths, parse_story};
pub use model::MissingPolicy;
pub(crate) use yaml_errors::yaml_error;

/// All loaded stories, in the order their files were given (folders sorted).
#[derive(Debug, Default)]
pub struct RuleSet {
    /// The stories.
    pub stories: Vec<Story>,
}

impl RuleSet {
    /// Load rule files and folders; files with errors are left out and their
    /// diagnostics returned.
    pub fn load(paths: &[PathBuf]) -> (RuleSet, Vec<Diagnostic>) {
        load_paths(paths)
    }

    /// Every extra boilerplate regex of every story.
    pub fn boilerplate(&self) -> Vec<Regex> {
        self.stories
            .iter()
            .flat_map(|s| s.boilerplate.iter().cloned())
            .collect()
    }

    /// The screen a run loads sources with ([`crate::source::Screen`]): it
    /// tells that a text is out of every story's scope, for the very reason
    /// the scope check gives, from one scan of the text as read. A story is
    /// out when its first `all` term is absent, or, without `all` terms,
    /// when every `any` term is; a term is absent when one of its words made
    /// of ASCII letters and digits is nowhere in the text (ASCII case aside)
    /// and normalizing cannot make it appear (no soft hyphen or zero-width
    /// character inside a word, no combining mark). `None` when some story
    /// applies to every source (no scope) or could never be shown out this
    /// way (a term of no such word), or when there is no story.
    pub fn out_of_scope_screen(&self) -> Option<crate::source::Screen> {
        screen::out_of_scope_screen(self)
    }

    /// How many slots all stories have.
    pub fn slot_count(&self) -> usize {
        self.stories.iter().map(|s| s.slots.len()).sum()
    }

    /// An error for each pattern whose regex was built during a run and
    /// failed (patterns are built on first use; `rules lint` builds them all).
    pub fn failed_patterns(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for story in &self.stories {
            for slot in &story.slots {
                for pattern in &slot.patterns {
                    if let Some(why) = pattern.failed() {
                        out.push(
                            Diagnostic::error(
                                crate::error::ErrorKind::Pattern,
                                format!(
                                    "pattern `{}` of slot `{}` was not used: {why}",
                                    pattern.source, slot.id
                                ),
                            )
                            .in_file(story.path.clone()),
                        );
                    }
                }
            }
        }
        out
    }
}

/// A compiled story.
#[derive(Debug)]
pub struct Story {
    /// The story id.
    pub id: String,
    /// Its title.
    pub title: Option<String>,
    /// The rule file, as given.
    pub path: String,
    /// Fallback publication date for sources without one.
    pub date: Option<jiff::civil::Date>,
    /// Which sources it applies to.
    pub scope: Scope,
    /// Extra boilerplate line regexes.
    pub boilerplate: Vec<Regex>,
    /// The slots, in file order.
    pub slots: Vec<Slot>,
    /// The language table its `language:` selects (English by default).
    pub language: &'static crate::lang::Language,
    /// Warnings found while loading it (an unknown `language:`); the loader
    /// reports them with the other diagnostics.
    pub warnings: Vec<Diagnostic>,
}

/// A compiled slot.
#[derive(Debug)]
pub struct Slot {
    /// The slot id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its compiled patterns, in file order.
    pub patterns: Vec<Pattern>,
    /// Aliases and tolerance.
    pub options: ValueOptions,
    /// The confirmed value, as written and parsed.
    pub expect: Option<(String, Value)>,
    /// Severity override for this slot's disagreements.
    pub severity: Option<Severity>,
    /// Message for this slot's findings.
    pub message: Option<String>,
    /// Whether the figure only grows over time (`grows: true`).
    pub grows: bool,
    /// Whether sources without a value are reported (`missing:`, the slot's
    /// or else the story's).
    pub missing: MissingPolicy,
    /// 1-based line of the slot in its rule file.
    pub line: usize,
}

/// A scope term's regex (`(?i)\bfirst[\s"']+second\b`), built when it is
/// first searched with unless it was built when the rule file was read
/// (see `rules/compile.rs`). Clones share the regex.
#[derive(Debug, Clone)]
pub struct TermRegex(std::sync::Arc<TermInner>);

#[derive(Debug)]
struct TermInner {
    pattern: String,
    regex: std::sync::OnceLock<Option<Regex>>,
}

/// The size limit of a scope term's automata.
pub(crate) const SCOPE_SIZE_LIMIT: usize = 1 << 20;

impl TermRegex {
    /// `pattern` built as a scope term is, within [`SCOPE_SIZE_LIMIT`].
    pub(crate) fn build(pattern: &str) -> Result<Regex, regex::Error> {
        regex::RegexBuilder::new(pattern)
            .size_limit(SCOPE_SIZE_LIMIT)
            .build()
    }

    /// `pattern`, to be built when first searched with; a pattern that
    /// does not build then matches nothing, so a caller makes one lazy only
    /// when it knows it builds.
    pub(crate) fn lazy(pattern: String) -> Self {
        TermRegex(std::sync::Arc::new(TermInner {
            pattern,
            regex: std::sync::OnceLock::new(),
        }))
    }

    /// A regex already built.
    pub fn built(regex: Regex) -> Self {
        let term = TermRegex::lazy(regex.as_str().to_owned());
        let _ = term.0.regex.set(Some(regex));
        term
    }

    /// The regex's text.
    pub fn as_str(&self) -> &str {
        &self.0.pattern
    }

    /// Whether `text` mentions the term.
    pub fn is_match(&self, text: &str) -> bool {
        self.0
            .regex
            .get_or_init(|| TermRegex::build(&self.0.pattern).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(text))
    }

    /// Whether the regex was built (a test of laziness).
    #[cfg(test)]
    pub(crate) fn is_built(&self) -> bool {
        self.0.regex.get().is_some()
    }
}

/// Words a source must mention for a story to apply.
#[derive(Debug, Default)]
pub struct Scope {
    /// At least one of these (when not empty).
    pub any: Vec<(String, TermRegex)>,
    /// All of these.
    pub all: Vec<(String, TermRegex)>,
    /// The `any` terms in one regex, pattern id = index in `any`: one search
    /// finds the first mention of any of them. Built on first use.
    any_together: std::sync::OnceLock<Option<regex_automata::meta::Regex>>,
    /// The terms as one text: two scopes with the same key decide alike.
    key: String,
}

impl Scope {
    /// A scope of these terms (each its text and its regex).
    pub fn new(any: Vec<(String, TermRegex)>, all: Vec<(String, TermRegex)>) -> Scope {
        // Each term prefixed by its length, so no two lists of terms
        // (whatever characters the terms hold) give one key.
        let mut key = String::new();
        for (list, terms) in [("any", &any), ("all", &all)] {
            key.push_str(list);
            for (term, _) in terms {
                key.push_str(&format!(" {}:{term}", term.len()));
            }
            key.push(';');
        }
        Scope {
            any,
            all,
            any_together: std::sync::OnceLock::new(),
            key,
        }
    }

    /// The scope's terms as one text: scopes with the same key let a story
    /// apply to the same sources, for the same reason.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// Whether the scope lets a story apply to a text made of these sentences
    /// (boilerplate is not part of a source's sentences, so a mention in a
    /// "Related:" line does not count); `Err` names what was not found.
    pub fn check<'t>(
        &self,
        sentences: impl Iterator<Item = &'t str> + Clone,
    ) -> Result<(), String> {
        self.check_within(None, sentences)
    }

    /// [`Scope::check`], where `within` (when given) is text holding every
    /// sentence: a term it does not mention is mentioned by no sentence, so
    /// one search of it stands for a search of each sentence.
    fn check_within<'t>(
        &self,
        within: Option<&str>,
        sentences: impl Iterator<Item = &'t str> + Clone,
    ) -> Result<(), String> {
        let mentions = |re: &TermRegex| {
            within.is_none_or(|text| re.is_match(text)) && sentences.clone().any(|s| re.is_match(s))
        };
        if let Some((term, _)) = self.all.iter().find(|(_, re)| !mentions(re)) {
            return Err(format!("does not mention `{term}`"));
        }
        if !self.any.is_empty() && !self.any.iter().any(|(_, re)| mentions(re)) {
            return Err(self.mentions_none());
        }
        Ok(())
    }

    /// Why a text that mentions no `any` term is out of scope.
    fn mentions_none(&self) -> String {
        let terms: Vec<&str> = self.any.iter().map(|(t, _)| t.as_str()).collect();
        format!("mentions none of {}", terms.join(", "))
    }

    /// The `any` terms in one regex (`None` when there are none, or when
    /// they are too large to build as one).
    fn any_together(&self) -> Option<&regex_automata::meta::Regex> {
        self.any_together
            .get_or_init(|| {
                let patterns: Vec<&str> = self.any.iter().map(|(_, re)| re.as_str()).collect();
                regex_automata::meta::Regex::new_many(&patterns).ok()
            })
            .as_ref()
            .filter(|_| !self.any.is_empty())
    }

    /// Terms of which, when a text mentions none, the scope does not let a
    /// story apply to it, for the reason [`Scope::check_within`] gives: the
    /// first `all` term, or, without `all` terms, every `any` term. Empty
    /// when the scope is.
    pub(super) fn terms_absent_from_out_of_scope(&self) -> Vec<&str> {
        match self.all.first() {
            Some((term, _)) => vec![term.as_str()],
            None => self.any.iter().map(|(term, _)| term.as_str()).collect(),
        }
    }

    /// Whether the scope lets a story apply to a source (its sentences).
    pub fn check_source(&self, source: &crate::source::Source) -> Result<(), String> {
        // The text from the first sentence to the last. A sentence starts and
        // ends next to white space (or the text's ends), where a term's `\b`
        // reads the same in the sentence alone as in the whole text, so a term
        // a sentence mentions, this text mentions too.
        let within = match (source.sentences.first(), source.sentences.last()) {
            (Some(first), Some(last)) => source.text.get(first.start..last.end),
            _ => None,
        };
        let together = self.any_together().filter(|_| self.all.is_empty());
        if let (Some(together), Some(text), Some(first)) =
            (together, within, source.sentences.first())
        {
            let Some(mention) = together.find(text) else {
                // No `any` term anywhere in the text: none in a sentence.
                return Err(self.mentions_none());
            };
            // Most sources in scope: the sentence holding the first mention
            // mentions that term (the search goes on only when the mention
            // is in boilerplate between sentences).
            let at = first.start + mention.start();
            let i = source.sentences.partition_point(|s| s.end <= at);
            let term = self.any.get(mention.pattern().as_usize()).map(|(_, re)| re);
            if let (Some(s), Some(term)) = (source.sentences.get(i), term) {
                if s.start <= at && term.is_match(source.sentence_text(*s)) {
                    return Ok(());
                }
            }
        }
        self.check_within(
            within,
            source.sentences.iter().map(|s| source.sentence_text(*s)),
        )
    }

    /// Whether the scope is empty (the story applies everywhere).
    pub fn is_empty(&self) -> bool {
        self.any.is_empty() && self.all.is_empty()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::source::{LoadOptions, Source};
    use proptest::prelude::*;

    const YAML: &str = "story: s\nscope:\n  any: [bank rate, hits hits, storm, \"U.S.\"]\n  all: [a b]\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{number} storms\"]\n";

    const PIECES: &[&str] = &[
        "a",
        "b",
        "A",
        "bank",
        "rate",
        "Rate",
        "hits",
        "storm",
        "storms",
        "U.S.",
        "x",
        " ",
        ". ",
        "\n",
        "\n\n",
        "'",
        "\"",
        "\u{2019}",
        "\u{a0}",
        "-",
        "Home\n",
        "Share this\n",
        "é",
    ];

    /// Scopes checked against their sentences: with `all` terms, and with
    /// `any` terms only (found first all together).
    const CHECKED: &[&str] = &[
        YAML,
        "story: s\nscope:\n  any: [bank rate, hits hits, storm, \"U.S.\", \"-\"]\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{number} storms\"]\n",
        "story: s\nscope:\n  any: [Home, rate]\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{number} storms\"]\n",
    ];

    /// Scopes the screen can rule out: by `any` terms, and by a first `all`.
    const SCREENED: &[&str] = &[
        "story: s\nscope:\n  any: [bank rate, hits hits, storm]\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{number} storms\"]\n",
        "story: t\nscope:\n  all: [storm, bank rate]\n  any: [hits]\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{number} storms\"]\n",
    ];

    /// Pieces that normalization joins, composes or folds into the terms.
    const TRICKY: &[&str] = &[
        "storm",
        "Storm",
        "STORM",
        "sto",
        "rm",
        "bank",
        "rate",
        "Rate",
        "hits",
        " ",
        ". ",
        "\n",
        "\n\n",
        "\u{AD}",
        "\u{200B}",
        "\u{17F}",
        "\u{212A}",
        "\u{301}",
        "\u{2019}",
        "\u{a0}",
        "\"",
        "'",
        "Home\n",
        "Share this\n",
        "é",
        "-",
    ];

    proptest! {
        #[test]
        fn the_screen_rules_out_only_what_the_scope_check_rules_out_and_says_why_alike(
            pieces in prop::collection::vec(prop::sample::select(TRICKY), 0..40),
            which in 0..SCREENED.len(),
        ) {
            let story = super::parse_story(SCREENED[which], "r.yaml").unwrap();
            let rules = super::RuleSet { stories: vec![story] };
            let screen = rules.out_of_scope_screen().unwrap();
            let text = pieces.concat();
            let full = Source::from_text(None, None, text.clone(), &LoadOptions::default());
            let screened = LoadOptions { screen: Some(screen.clone()), ..LoadOptions::default() };
            let bare = Source::from_text(None, None, text.clone(), &screened);
            let scope = &rules.stories[0].scope;
            if (screen.0)(&text) {
                prop_assert!(bare.sentences.is_empty());
                prop_assert!(scope.check_source(&full).is_err(), "in scope: {:?}", full.text);
                prop_assert_eq!(scope.check_source(&bare), scope.check_source(&full));
            } else {
                prop_assert_eq!(bare.sentences, full.sentences);
            }
        }

        #[test]
        fn a_source_is_in_scope_as_its_sentences_are(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..50),
            which in 0..CHECKED.len(),
        ) {
            let story = super::parse_story(CHECKED[which], "r.yaml").unwrap();
            let source = Source::from_text(None, None, pieces.concat(), &LoadOptions::default());
            let sentences = source.sentences.iter().map(|s| source.sentence_text(*s));
            prop_assert_eq!(
                story.scope.check_source(&source),
                story.scope.check(sentences),
                "in {:?}", source.text
            );
        }
    }

    #[test]
    fn scopes_share_a_key_only_when_their_terms_are_the_same() {
        let key = |yaml: &str| {
            let story = super::parse_story(
                &format!("story: s\nscope:\n{yaml}slots:\n  - id: n\n    kind: count\n    patterns: [\"{{number}} dead\"]\n"),
                "r.yaml",
            )
            .unwrap();
            story.scope.key().to_string()
        };
        let quake = key("  any: [quake, storm]\n");
        assert_eq!(quake, key("  any: [ quake, storm ]\n"));
        assert_ne!(quake, key("  any: [storm, quake]\n"));
        assert_ne!(quake, key("  all: [quake, storm]\n"));
        assert_ne!(quake, key("  any: [\"quake, storm\"]\n"));
        assert_ne!(key("  any: [\"a 1:b\"]\n"), key("  any: [a, b]\n"));
    }
}
