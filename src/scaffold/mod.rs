//! `crosswire rules new`: a commented draft rule file and test file for a new
//! story, so an author starts from something that loads and runs.
//!
//! Without sources the draft is a template: one example slot and the other
//! kinds in comments. With sources it proposes one slot per fact that
//! `crosswire facts` aligns across two sources or more (figures, quantities,
//! dates, titled people) and one `quote` slot per quotation quoted alike,
//! selected by speaker and `contains:` (`propose.rs` probes every pattern so
//! it matches only its fact). The draft is then run through `check` and any
//! slot that holds two facts in one source is dropped.
//!
//! The test file pins what the draft extracts from each source today, for
//! the author to check against the articles. The draft is parsed with the real
//! loader before it is returned, so it always loads.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

mod propose;

use propose::{propose, Proposal};

use crate::extract::extract;
use crate::rules::{parse_story, RuleSet};
use crate::source::Source;

/// At most this many slots are proposed, most widely shared first.
const MAX_SLOTS: usize = 40;

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
    let loaded: Vec<Source> = sources.iter().map(|s| s.source.clone()).collect();
    let mut proposals = if sources.len() >= 2 {
        propose(&loaded)
    } else {
        Vec::new()
    };
    let mut used = Vec::new();
    for p in &mut proposals {
        p.id = crate::facts::report::unique_slot(&p.id, &mut used);
    }
    // Stable: equal counts keep document order.
    proposals.sort_by_key(|p| std::cmp::Reverse(p.sources));
    proposals.truncate(MAX_SLOTS);
    let mut rules = rule_text(story, sources, &proposals, schema);
    // The draft must not cause findings of its own: a slot whose values
    // contradict each other inside one source holds two facts, and goes.
    for _ in 0..3 {
        let Ok(parsed) = parse_story(&rules, "draft.yaml") else {
            break;
        };
        let report = crate::Checker::new(RuleSet {
            stories: vec![parsed],
        })
        .check(
            loaded
                .iter()
                .cloned()
                .map(crate::source::Input::Loaded)
                .collect(),
        );
        let bad: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.kind == crate::FindingKind::Internal)
            .map(|f| f.slot.as_str())
            .collect();
        if bad.is_empty() {
            break;
        }
        proposals.retain(|p| !bad.contains(&p.id.as_str()));
        rules = rule_text(story, sources, &proposals, schema);
    }
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
            let _ = writeln!(out, "  # {}", line.replace('\n', " "));
        }
        out.push_str(&propose::slot_yaml(
            &p.id,
            p.kind,
            &p.patterns,
            &p.speaker,
            &p.contains,
            "  ",
        ));
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

/// A YAML double-quoted string (JSON's escaping is valid YAML).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.replace('"', "'")))
}

/// Quote marks and a trailing comma around captured text are not part of
/// the value a test pins.
fn trim_marks(text: &str) -> &str {
    text.trim()
        .trim_matches(|c: char| crate::text::fold::is_double_quote(c) || matches!(c, ',' | ' '))
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
            "Unification Minister Kwon Young-se spoke. It fired 45 missiles last year. The allies were \"getting more undisguised in their moves\", KCNA said.",
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
                "minister",
                "missiles-fired",
                "quote-more-undisguised-in-their"
            ],
            "{}",
            d.rules
        );
        assert!(
            d.rules.contains("patterns: [\"Minister {name}\"]"),
            "{}",
            d.rules
        );
        assert!(
            d.rules.contains("patterns: [\"fired {number} missiles\"]"),
            "{}",
            d.rules
        );
        // A quote slot selects by speaker and words, never a bare {quote}.
        assert!(d.rules.contains("speaker: [\"KCNA\"]"), "{}", d.rules);
        assert!(!d.rules.contains("{quote}"), "{}", d.rules);
        assert!(
            d.test
                .contains("missiles-fired: { a: nearly 70, b: \"45\" }"),
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
