//! `crosswire rules new`: a commented draft rule file and test file for a new
//! story, so an author starts from something that loads and runs.
//!
//! Without sources the draft is a template: one example slot and the other
//! kinds in comments. With sources it proposes slots for facts that appear in
//! more than one source:
//! - numbers with the noun after them (`nearly 70 missiles` / `45 missiles`:
//!   a `count` slot with `{number} missiles`);
//! - names after a title (`Unification Minister Kwon Youngse`: a `name` slot
//!   with `Unification Minister {name}`);
//! - quotations of three words or more whose wording is similar in two sources
//!   (a `phrase` slot with `{quote}` after the words that lead into each);
//!
//! and the test file pins what the draft extracts from each source today, for
//! the author to check against the articles. The draft is parsed with the real
//! loader before it is returned, so it always loads.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::extract;
use crate::kinds::phrase::{normalize_words, similarity, WORDING_THRESHOLD};
use crate::quotes::extract::{find_quotes, SourceText};
use crate::rules::{parse_story, RuleSet};
use crate::source::Source;

/// At most this many slots of each sort are proposed, most widely shared first.
const MAX_PER_SORT: usize = 8;

/// A draft rule file and its test file.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The rule file's text.
    pub rules: String,
    /// The test file's text.
    pub test: String,
    /// How many slots were proposed from the sources.
    pub proposed: usize,
}

/// A source given to the scaffold, with the path the test file should use
/// to reach it (relative to the test file).
#[derive(Debug)]
pub struct DraftSource<'a> {
    /// The loaded source.
    pub source: &'a Source,
    /// Its path as the test file should write it.
    pub test_path: String,
}

struct Proposal {
    id: String,
    kind: &'static str,
    patterns: Vec<String>,
    /// "ap: `nearly 70 missiles` (line 33)" lines, for the comment.
    seen: Vec<String>,
    sources: usize,
}

static STORY_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9][A-Za-z0-9._-]*$").unwrap_or_else(|_| unreachable!("static regex"))
});

/// Whether `id` is a valid story id (letters, digits, `-`, `_`, `.`).
pub fn valid_story_id(id: &str) -> bool {
    STORY_ID.is_match(id)
}

/// Draft a rule file (and test file) for `story` from `sources` (may be empty).
/// `schema` is the `$schema` path written in the first line.
pub fn draft(story: &str, sources: &[DraftSource], schema: &str) -> Draft {
    let mut proposals = Vec::new();
    if sources.len() >= 2 {
        proposals.extend(titled_names(sources));
        proposals.extend(numbers(sources));
        proposals.extend(quotes(sources));
    }
    let mut used = std::collections::BTreeSet::new();
    for p in &mut proposals {
        let base = p.id.clone();
        let mut n = 2;
        while !used.insert(p.id.clone()) {
            p.id = format!("{base}-{n}");
            n += 1;
        }
    }
    let rules = rule_text(story, sources, &proposals, schema);
    let test = test_text(story, sources, &rules);
    Draft {
        rules,
        test,
        proposed: proposals.len(),
    }
}

fn rule_text(story: &str, sources: &[DraftSource], proposals: &[Proposal], schema: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# yaml-language-server: $schema={schema}");
    if sources.is_empty() {
        let _ = writeln!(
            out,
            "# Rules for the story `{story}`: a template from `crosswire rules new`."
        );
    } else {
        let names: Vec<String> = sources.iter().map(|s| s.source.display_path()).collect();
        let _ = writeln!(
            out,
            "# Draft rules for `{story}`, proposed by `crosswire rules new` from:\n#   {}",
            names.join("\n#   ")
        );
        let _ = writeln!(
            out,
            "# Each slot is a guess from a fact that appears in more than one source.\n# Keep the ones that matter, rename them, tighten their patterns."
        );
    }
    let _ = writeln!(
        out,
        "# Then: crosswire explain SOURCES --rules THIS-FILE --slot ID   (what matched, and why)\n#       crosswire rules lint && crosswire rules test             (docs/authoring.md)"
    );
    let _ = writeln!(out, "story: {story}");
    let _ = writeln!(out, "title: {story}                  # a human title");
    let _ = writeln!(
        out,
        "# date: 2023-04-11               # publication date for sources without a dateline"
    );
    let _ = writeln!(
        out,
        "# scope:                         # words a source must mention for the story to apply"
    );
    let _ = writeln!(out, "#   any: [Kim Jong Un, Kaesong]");
    let _ = writeln!(out, "\nslots:");
    if proposals.is_empty() {
        if !sources.is_empty() {
            let _ = writeln!(
                out,
                "  # No fact was found in more than one source; start from this example."
            );
        }
        out.push_str(TEMPLATE_SLOTS);
    }
    for p in proposals {
        out.push('\n');
        for line in &p.seen {
            let _ = writeln!(out, "  # {line}");
        }
        let _ = writeln!(out, "  - id: {}", p.id);
        let _ = writeln!(out, "    kind: {}", p.kind);
        let patterns: Vec<String> = p.patterns.iter().map(|x| yaml_string(x)).collect();
        if patterns.len() == 1 {
            let _ = writeln!(out, "    patterns: [{}]", patterns.join(", "));
        } else {
            let _ = writeln!(out, "    patterns:");
            for pattern in patterns {
                let _ = writeln!(out, "      - {pattern}");
            }
        }
    }
    if !proposals.is_empty() {
        out.push_str(KINDS_REMINDER);
    }
    out
}

const TEMPLATE_SLOTS: &str = r#"  # One slot per fact. `kind` decides how values are read and compared.
  - id: minister
    kind: name                      # number, count, name, phrase, weekday, date
    patterns: ["Minister {name}"]   # words match across case and spacing; {name} is the value
    # aliases: { Kwon Youngse: [Kwon Young-se] }
    # expect: Kwon Youngse          # the confirmed value, if you have one
    # severity: error               # error, warning, info
    # message: outlets name the minister differently
"#;

const KINDS_REMINDER: &str = r#"
  # More kinds, for facts the draft could not guess:
  # - id: meeting-day
  #   kind: weekday
  #   patterns: ["met on {weekday}"]
  # - id: reaction
  #   kind: phrase
  #   patterns: ["expressed {phrase} (over|during)"]
"#;

fn test_text(story: &str, sources: &[DraftSource], rules_text: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Tests for the rules of `{story}`: run `crosswire rules test`."
    );
    if sources.is_empty() {
        out.push_str(
            r#"# A case names source texts and pins each slot's value in each source
# (`~` for no value); `findings:`, when given, lists every finding expected.
cases:
  - name: a first example
    sources:
      - name: example
        text: "Foreign Minister Park Jin met Unification Minister Kwon Youngse."
    values:
      minister: { example: Park Jin }
"#,
        );
        return out;
    }
    let _ = writeln!(
        out,
        "# The values are what the draft rules extract today: check each one\n# against the articles, fix the rules or the value, and keep them."
    );
    let _ = writeln!(
        out,
        "cases:\n  - name: {}",
        yaml_string(&format!("{story}: the first sources"))
    );
    let _ = writeln!(out, "    sources:");
    for s in sources {
        let _ = writeln!(out, "      - name: {}", yaml_value(&s.source.name));
        let _ = writeln!(out, "        path: {}", yaml_value(&s.test_path));
    }
    let Ok(story_rules) = parse_story(rules_text, "draft.yaml") else {
        return out;
    };
    let rules = RuleSet {
        stories: vec![story_rules],
    };
    let loaded: Vec<Source> = sources.iter().map(|s| s.source.clone()).collect();
    let extraction = extract(&rules, &loaded, None);
    let _ = writeln!(out, "    values:");
    for (slot_index, slot) in rules
        .stories
        .iter()
        .flat_map(|s| s.slots.iter())
        .enumerate()
    {
        let cells: Vec<String> = loaded
            .iter()
            .enumerate()
            .map(|(i, source)| {
                let value = extraction
                    .fills
                    .iter()
                    .find(|f| f.slot == slot_index && f.source == i)
                    .map_or_else(|| "~".to_string(), |f| yaml_value(trim_marks(&f.raw)));
                format!("{}: {value}", yaml_key(&source.name))
            })
            .collect();
        let _ = writeln!(out, "      {}: {{ {} }}", slot.id, cells.join(", "));
    }
    out
}

/// Titles that put a name after them.
const TITLES: &str = "Minister|President|Premier|Chancellor|Secretary|Spokesman|Spokeswoman|Spokesperson|Leader|Chairman|Chairwoman|Chair|General|Director|Ambassador|Chief|Governor|Senator|Mayor|Commander|Admiral|Colonel|Judge|Prosecutor|Professor|King|Queen|Prince|Pope|Envoy|Representative";

static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b((?:\p{{Lu}}[\p{{L}}'-]+\s+)?(?:{TITLES}))\s+({})",
        crate::kinds::name::NAME_REGEX
    ))
    .unwrap_or_else(|_| unreachable!("static regex"))
});

fn titled_names(sources: &[DraftSource]) -> Vec<Proposal> {
    // title -> source index -> (name, line)
    let mut seen: BTreeMap<String, BTreeMap<usize, (String, usize)>> = BTreeMap::new();
    for (i, s) in sources.iter().enumerate() {
        for sentence in &s.source.sentences {
            let text = s.source.sentence_text(*sentence);
            for c in TITLED.captures_iter(text) {
                let (Some(title), Some(name)) = (c.get(1), c.get(2)) else {
                    continue;
                };
                // An article or a nationality ("South Korean") is not part of
                // the title: "Unification Minister" is what both outlets share.
                let title = match title.as_str().split_once(' ') {
                    Some((first, rest)) if !is_title_word(first) => rest.to_string(),
                    _ => title.as_str().to_string(),
                };
                let line = s.source.position(sentence.start + name.start()).line;
                seen.entry(title)
                    .or_default()
                    .entry(i)
                    .or_insert_with(|| (name.as_str().to_string(), line));
            }
        }
    }
    let mut out: Vec<Proposal> = seen
        .into_iter()
        .filter(|(_, by)| by.len() >= 2)
        .map(|(title, by)| Proposal {
            id: slug(&title),
            kind: "name",
            patterns: vec![format!("{title} {{name}}")],
            seen: by
                .iter()
                .map(|(i, (name, line))| seen_line(sources, *i, &format!("{title} {name}"), *line))
                .collect(),
            sources: by.len(),
        })
        .collect();
    keep_best(&mut out);
    out
}

/// Whether a capitalised word before a title belongs to it ("Unification",
/// "Foreign", "Prime") rather than being an article or a nationality
/// ("The", "Korean", "Chinese", "British").
fn is_title_word(word: &str) -> bool {
    const NOT: &[&str] = &[
        "The", "A", "An", "Then", "Former", "Acting", "Deputy", "Vice",
    ];
    let nationality = ["an", "ese", "ish", "ch", "i"]
        .iter()
        .any(|end| word.ends_with(end) && word.len() > 4);
    !NOT.contains(&word) && !nationality
}

static NUMBER_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"({})\s+([a-z][a-z-]{{2,}})\b",
        crate::kinds::number::number_regex()
    ))
    .unwrap_or_else(|_| unreachable!("static regex"))
});

/// Words after a number that are not what it counts.
const NOT_NOUNS: &[&str] = &[
    "and", "the", "for", "from", "with", "was", "were", "are", "has", "had", "have", "that",
    "this", "than", "into", "after", "before", "since", "when", "while", "who", "which", "but",
    "not", "said", "its", "his", "her", "their", "our", "per", "percent", "more", "less", "other",
    "times", "also", "all", "out", "over", "under", "about", "around", "far",
];

fn numbers(sources: &[DraftSource]) -> Vec<Proposal> {
    // noun -> source index -> (phrase, line, ordinal?)
    let mut seen: BTreeMap<String, BTreeMap<usize, (String, usize)>> = BTreeMap::new();
    for (i, s) in sources.iter().enumerate() {
        for sentence in &s.source.sentences {
            let text = s.source.sentence_text(*sentence);
            for c in NUMBER_NOUN.captures_iter(text) {
                let (Some(whole), Some(number), Some(noun)) = (c.get(0), c.get(1), c.get(2)) else {
                    continue;
                };
                let noun = noun.as_str().to_lowercase();
                // A bare year ("in 2023 so far") is a date, not a count.
                let year = number.as_str().len() == 4
                    && number.as_str().chars().all(|c| c.is_ascii_digit());
                if year || NOT_NOUNS.contains(&noun.as_str()) {
                    continue;
                }
                let line = s.source.position(sentence.start + whole.start()).line;
                seen.entry(noun)
                    .or_default()
                    .entry(i)
                    .or_insert_with(|| (whole.as_str().to_string(), line));
            }
        }
    }
    let mut out: Vec<Proposal> = seen
        .into_iter()
        .filter(|(_, by)| by.len() >= 2)
        .map(|(noun, by)| Proposal {
            id: slug(&noun),
            kind: "count",
            patterns: vec![format!("{{number}} {noun}")],
            seen: by
                .iter()
                .map(|(i, (phrase, line))| seen_line(sources, *i, phrase, *line))
                .collect(),
            sources: by.len(),
        })
        .collect();
    keep_best(&mut out);
    out
}

fn quotes(sources: &[DraftSource]) -> Vec<Proposal> {
    struct Found {
        source: usize,
        words: Vec<String>,
        written: String,
        lead: Option<String>,
        line: usize,
    }
    let mut all: Vec<Found> = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let sentences: Vec<std::ops::Range<usize>> =
            s.source.sentences.iter().map(|x| x.range()).collect();
        let text = SourceText {
            text: &s.source.text,
            paragraphs: s.source.paragraphs(),
            sentences: &sentences,
        };
        for q in find_quotes(&text) {
            let written = s.source.text.get(q.span.clone()).unwrap_or("").to_string();
            let words = normalize_words(&written);
            if words.len() < 3 {
                continue;
            }
            let before = s
                .source
                .text
                .get(q.sentence.start..q.outer.start)
                .unwrap_or("");
            let lead: Vec<&str> = before
                .split_whitespace()
                .rev()
                .take(3)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .filter(|w| w.chars().all(|c| c.is_alphanumeric() || c == '\''))
                .collect();
            all.push(Found {
                source: i,
                words,
                written,
                lead: (!lead.is_empty()).then(|| lead.join(" ")),
                line: s.source.position(q.span.start).line,
            });
        }
    }
    let mut out = Vec::new();
    let mut taken = vec![false; all.len()];
    for a in 0..all.len() {
        if taken.get(a).copied().unwrap_or(true) {
            continue;
        }
        let Some(first) = all.get(a) else { continue };
        let mut group = vec![a];
        for (b, other) in all.iter().enumerate().skip(a + 1) {
            if taken.get(b).copied().unwrap_or(true)
                || group
                    .iter()
                    .any(|&g| all.get(g).is_some_and(|g| g.source == other.source))
            {
                continue;
            }
            if similarity(&first.words, &other.words) >= WORDING_THRESHOLD
                || shares_trigram(&first.words, &other.words)
            {
                group.push(b);
            }
        }
        if group.len() < 2 {
            continue;
        }
        for &g in &group {
            if let Some(t) = taken.get_mut(g) {
                *t = true;
            }
        }
        let members: Vec<&Found> = group.iter().filter_map(|&g| all.get(g)).collect();
        let mut patterns: Vec<String> = Vec::new();
        for m in &members {
            let pattern = match &m.lead {
                Some(lead) => format!("{} {{quote}}", escape_pattern(lead)),
                None => "{quote}".to_string(),
            };
            if !patterns.contains(&pattern) {
                patterns.push(pattern);
            }
        }
        let id_words: Vec<&str> = first
            .words
            .iter()
            .map(String::as_str)
            .filter(|w| w.len() > 3)
            .take(3)
            .collect();
        out.push(Proposal {
            id: format!("quote-{}", slug(&id_words.join(" "))),
            kind: "phrase",
            patterns,
            seen: members
                .iter()
                .map(|m| seen_line(sources, m.source, &shorten(&m.written), m.line))
                .collect(),
            sources: members.len(),
        });
    }
    keep_best(&mut out);
    out
}

fn shares_trigram(a: &[String], b: &[String]) -> bool {
    a.windows(3).any(|w| b.windows(3).any(|v| v == w))
}

fn keep_best(proposals: &mut Vec<Proposal>) {
    // Stable: equal counts keep their (alphabetical or document) order.
    proposals.sort_by_key(|p| std::cmp::Reverse(p.sources));
    proposals.truncate(MAX_PER_SORT);
}

fn seen_line(sources: &[DraftSource], i: usize, text: &str, line: usize) -> String {
    let name = sources.get(i).map_or("?", |s| s.source.name.as_str());
    format!("{name}: \"{}\" (line {line})", text.replace('\n', " "))
}

fn shorten(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 10 {
        format!("{} ...", words.get(..10).unwrap_or_default().join(" "))
    } else {
        words.join(" ")
    }
}

/// Pattern text with the pattern language's special characters escaped.
fn escape_pattern(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '(' | ')' | '|' | '{' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "slot".to_string()
    } else {
        out
    }
}

/// A YAML double-quoted string (JSON's escaping is valid YAML).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.replace('"', "'")))
}

/// Quote marks and a trailing comma around captured text are not part of
/// the value a test pins.
fn trim_marks(text: &str) -> &str {
    text.trim()
        .trim_matches(|c: char| matches!(c, '"' | '\u{201c}' | '\u{201d}' | ',' | ' '))
}

/// A YAML scalar: plain when it reads the same plain, double-quoted otherwise.
fn yaml_value(text: &str) -> String {
    static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[\p{L}\p{N}][\p{L}\p{N} .()/'_-]*$")
            .unwrap_or_else(|_| unreachable!("static regex"))
    });
    // Words YAML would read as something other than a string.
    let special = matches!(
        text.to_ascii_lowercase().as_str(),
        "y" | "n" | "yes" | "no" | "true" | "false" | "on" | "off" | "null"
    );
    let numeric =
        text.parse::<f64>().is_ok() || text.chars().next().is_some_and(|c| c.is_ascii_digit());
    if PLAIN.is_match(text) && !special && !numeric && !text.ends_with(' ') {
        text.to_string()
    } else {
        yaml_string(text)
    }
}

fn yaml_key(text: &str) -> String {
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !text.is_empty()
    {
        text.to_string()
    } else {
        yaml_string(text)
    }
}

/// `target` relative to the folder `from` (both as given, relative to the
/// current folder or absolute); `target` itself when no relative path exists.
pub fn relative_path(from: &Path, target: &Path) -> String {
    let (Ok(from), Ok(target)) = (absolute(from), absolute(target)) else {
        return target.display().to_string();
    };
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = target.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in to.iter().skip(common) {
        out.push(c.as_os_str());
    }
    out.display().to_string()
}

fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    // Drop `.` and fold `..` without touching the file system: the rule folder
    // may not exist yet.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::LoadOptions;

    fn source(name: &str, text: &str) -> Source {
        Source::from_text(
            Some(name.into()),
            None,
            text.into(),
            &LoadOptions::default(),
        )
    }

    #[test]
    fn the_template_loads() {
        let d = draft("new-story", &[], "../docs/rules.schema.json");
        assert!(d
            .rules
            .starts_with("# yaml-language-server: $schema=../docs/rules.schema.json\n"));
        let story = parse_story(&d.rules, "new.yaml").unwrap();
        assert_eq!(story.id, "new-story");
        assert_eq!(d.proposed, 0);
        assert!(d.test.contains("cases:"));
    }

    #[test]
    fn shared_facts_become_slots() {
        let a = source(
            "a",
            "Unification Minister Kwon Youngse spoke. The North fired nearly 70 missiles last year. KCNA said the allies were \"getting ever more undisguised in their moves\" on Monday.",
        );
        let b = source(
            "b",
            "Unification Minister Kwon Young-se spoke. It fired 45 missiles. The allies were \"getting more undisguised in their moves\", KCNA said.",
        );
        let sources = [
            DraftSource {
                source: &a,
                test_path: "a.txt".into(),
            },
            DraftSource {
                source: &b,
                test_path: "b.txt".into(),
            },
        ];
        let d = draft("demo", &sources, "s.json");
        let story = parse_story(&d.rules, "demo.yaml").unwrap();
        let ids: Vec<&str> = story.slots.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "unification-minister",
                "missiles",
                "quote-getting-ever-more"
            ],
            "{}",
            d.rules
        );
        assert!(
            d.rules
                .contains("patterns: [\"Unification Minister {name}\"]"),
            "{}",
            d.rules
        );
        assert!(
            d.rules.contains("# a: \"nearly 70 missiles\" (line 1)"),
            "{}",
            d.rules
        );
        assert!(
            d.test.contains("missiles: { a: nearly 70, b: \"45\" }"),
            "{}",
            d.test
        );
    }

    #[test]
    fn relative_paths_climb_out_of_the_rule_folder() {
        assert_eq!(
            relative_path(Path::new("rules"), Path::new("fixtures/x/a.txt")),
            "../fixtures/x/a.txt"
        );
        assert_eq!(
            relative_path(Path::new("./rules/"), Path::new("rules/a.txt")),
            "a.txt"
        );
    }
}
