//! The fuzz targets: each takes raw bytes, drives one public entry point of
//! the library and returns a short signature of what happened (which error,
//! how many values), so that inputs with new outcomes join the corpus.
//! A target panics (an assertion) when an invariant breaks.

use std::path::{Path, PathBuf};

use crosswire::kinds::{Kind, ValueOptions};
use crosswire::pattern::{compile, compile_regex, parse, parts};
use crosswire::source::{load_document, normalize_text, Format, Input, LoadOptions};

/// One fuzz target.
pub struct Target {
    /// The name `CROSSWIRE_FUZZ_TARGET` selects it by.
    pub name: &'static str,
    /// The starting corpus.
    pub seeds: fn() -> Vec<Vec<u8>>,
    /// Tokens worth inserting for this target.
    pub tokens: &'static [&'static str],
    /// Runs one case.
    pub run: fn(&[u8]) -> String,
}

/// Every target.
pub static TARGETS: &[Target] = &[
    Target {
        name: "rules",
        seeds: rule_seeds,
        tokens: RULE_TOKENS,
        run: run_rules,
    },
    Target {
        name: "pattern",
        seeds: pattern_seeds,
        tokens: PATTERN_TOKENS,
        run: run_pattern,
    },
    Target {
        name: "source",
        seeds: source_seeds,
        tokens: SOURCE_TOKENS,
        run: run_source,
    },
    Target {
        name: "kinds",
        seeds: kind_seeds,
        tokens: PATTERN_TOKENS,
        run: run_kinds,
    },
];

/// Seed files are capped at this size, so one big file does not slow every case.
const MAX_SEED: u64 = 256 * 1024;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dirs` (recursively, sorted) whose extension is in `exts`.
fn files(dirs: &[&str], exts: &[&str]) -> Vec<PathBuf> {
    fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                walk(&path, exts, out);
            } else if meta.is_file()
                && meta.len() <= MAX_SEED
                && path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| exts.contains(&e))
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for dir in dirs {
        walk(&root().join(dir), exts, &mut out);
    }
    out
}

fn read_all(paths: &[PathBuf]) -> Vec<Vec<u8>> {
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

const RULE_TOKENS: &[&str] = &[
    "story: x\n",
    "slots:\n",
    "  - id: a\n",
    "    kind: count\n",
    "    kind: quote\n",
    "    kind: time\n",
    "    kind: quantity\n",
    "    patterns: [\"fired {number} missiles\"]\n",
    "    regex: \"(?P<value>\\\\d+)\"\n",
    "    tolerance: 1e308\n",
    "    tolerance: 100000%\n",
    "    expect: \"30\"\n",
    "    aliases: {a: [b]}\n",
    "    units: [km]\n",
    "scope: {any: [x]}\n",
    "date: 2023-04-11\n",
    "boilerplate: [\"(a+)+$\"]\n",
    "&a [1]",
    "*a",
    "<<: *a",
    "!!binary",
    "!!str",
    "? ",
    ": ",
    "- ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "{a: [",
    "]}",
    "'",
    "|\n",
    ">-\n",
    "~",
    "null",
    "0x1F",
    ".inf",
];

fn rule_seeds() -> Vec<Vec<u8>> {
    read_all(&files(
        &["rules", "tests/rules", "fixtures", "tests/data"],
        &["yaml", "yml"],
    ))
}

/// Loads a rule file's text; a story that loads must have what a rule file
/// promises (an id, slots with compiled patterns).
fn run_rules(input: &[u8]) -> String {
    let text = String::from_utf8_lossy(input);
    match crosswire::rules::parse_story(&text, "fuzz.yaml") {
        Ok(story) => {
            assert!(!story.id.is_empty(), "a story loaded without an id");
            format!("ok {} slots", story.slots.len().min(8))
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "a rule file failed without an error");
            let first = &errors[0];
            let rendered = first.to_string();
            assert!(!rendered.is_empty(), "an empty error message");
            // The message without figures, so that "line 3" and "line 4" are one outcome.
            let shape: String = rendered
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_ascii_digit())
                .take(80)
                .collect();
            format!("err {} {shape}", errors.len().min(4))
        }
    }
}

const PATTERN_TOKENS: &[&str] = &[
    "{number}",
    "{ordinal}",
    "{name}",
    "{phrase}",
    "{quote}",
    "{weekday}",
    "{date}",
    "{time}",
    "{quantity}",
    "{nope}",
    "{{",
    "}}",
    "...",
    "(a|b)",
    "(|)",
    "[x]",
    "(?P<value>",
    "(a+)+",
    "\\d{1000}",
    "{1,1000000}",
    ".*",
    "\\p{L}",
    "\\b",
    "(?-i)",
    "missiles",
    "Minister",
];

/// Patterns from the rule files: each `patterns:` item and `regex:` value.
fn pattern_seeds() -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    for text in rule_seeds() {
        let text = String::from_utf8_lossy(&text);
        for line in text.lines() {
            let line = line.trim().trim_start_matches("- ").trim();
            let value = line
                .strip_prefix("regex:")
                .or_else(|| line.strip_prefix("patterns:"))
                .unwrap_or(line);
            let value = value
                .trim()
                .trim_matches(['[', ']'])
                .trim_matches(['"', '\'']);
            if value.contains('{') || line.starts_with("regex:") {
                seeds.push(value.as_bytes().to_vec());
            }
        }
    }
    seeds.sort();
    seeds.dedup();
    seeds
}

/// Patterns with more tokens than this are not split into parts.
pub const MAX_PARTS_TOKENS: usize = 32;

/// A text for compiled patterns to run on.
const SAMPLE: &str = "On Monday, South Korean Unification Minister Kwon Youngse said the North \
fired about 30 missiles this year, nearly 70 in 2022, and 2 ICBMs. \"We will respond,\" \
he said at 10:30 a.m. KST on April 11, 2023, 5 km from the border; costs rose 40% to $3bn.";

/// The same for a German source: patterns' placeholders read German there.
const SAMPLE_DE: &str = "Am Montag, 10. April 2023, sagte Minister Kwon Youngse, der Norden \
habe rund dreißig Raketen abgefeuert, mehr als 2.000 in zehn Jahren und dreiundzwanzig \
am Sonntag; \"Wir antworten\", so Kwon, 5,5 km von der Grenze.";

/// Compiles a pattern for every kind and as a regex, splits it into parts,
/// and runs what compiled over a sample text.
fn run_pattern(input: &[u8]) -> String {
    let pattern = String::from_utf8_lossy(input);
    let mut signature = String::new();
    for kind in Kind::all() {
        match compile(&pattern, kind) {
            Ok(p) => {
                let matches = p.matches(SAMPLE);
                if let Some(german) = crosswire::lang::get("de") {
                    for m in p.matches_in(SAMPLE_DE, german) {
                        for at in [m.whole.start, m.whole.end, m.value.start, m.value.end] {
                            assert!(SAMPLE_DE.is_char_boundary(at));
                        }
                        assert!(m.whole.start <= m.value.start && m.value.end <= m.whole.end);
                    }
                }
                for m in &matches {
                    for at in [m.whole.start, m.whole.end, m.value.start, m.value.end] {
                        assert!(SAMPLE.is_char_boundary(at));
                    }
                    assert!(m.whole.start <= m.value.start && m.value.end <= m.whole.end);
                }
                signature.push_str(&format!("{}:{} ", kind.as_str(), matches.len().min(3)));
            }
            Err(e) => {
                assert!(
                    e.offset <= pattern.len(),
                    "error offset {} past the pattern's end ({} bytes)",
                    e.offset,
                    pattern.len()
                );
                signature.push_str(&format!("{}:e ", kind.as_str()));
            }
        }
    }
    match compile_regex(&pattern) {
        Ok(p) => signature.push_str(&format!("re:{}", p.matches(SAMPLE).len().min(3))),
        Err(e) => {
            assert!(e.offset <= pattern.len());
            signature.push_str("re:e");
        }
    }
    // `parts` compiles at most 48 runs of tokens now (it used to compile
    // every run: see `parts_of_a_long_pattern_stay_bounded`); long patterns
    // are still left out here, as 48 large regexes per case would cut the
    // case rate of the rest of the compiler tenfold.
    let short = parse(&pattern).is_ok_and(|tokens| tokens.len() <= MAX_PARTS_TOKENS);
    if let Some((texts, runs)) = short.then(|| parts(&pattern).ok()).flatten() {
        signature.push_str(&format!(" parts:{}", texts.len().min(5)));
        for run in runs.iter().take(16) {
            let _ = run.regex.is_match(SAMPLE);
        }
    }
    signature
}

const SOURCE_TOKENS: &[&str] = &[
    "---\ndate: 2023-04-11\noutlet: x\n---\n",
    "---\n",
    "# ",
    "> ",
    "**",
    "_",
    "[a](b)",
    "![a](b)",
    "\\*",
    "<p>",
    "</p>",
    "<br>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&rsquo;",
    "&#x10FFFF;",
    "&#0;",
    "&#xD800;",
    "&nosuch;",
    "<meta property=\"article:published_time\" content=\"2023-04-11\">",
    "{\"body_text\": \"",
    "\"}",
    "\\u2019",
    "\\ud800",
    "\\u0000",
    "\"versioncreated\": \"2023-04-11T08:00:00Z\"",
    "<newsItem>",
    "</newsItem>",
    "<inlineXML>",
    "<?xml version=\"1.0\"?>",
    "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    "&a;",
    "April 11, 2023",
    "SEOUL (AP) — ",
    "Advertisement",
    "---\nlanguage: de\n---\n",
    "10. April ",
    "Mehr zum Thema",
];

fn source_seeds() -> Vec<Vec<u8>> {
    read_all(&files(
        &["fixtures", "tests/data", "tests/values"],
        &["txt", "md", "html", "htm", "json", "jsonl", "xml"],
    ))
}

const FORMATS: [(Format, &str); 5] = [
    (Format::Text, "fuzz.txt"),
    (Format::Markdown, "fuzz.md"),
    (Format::Html, "fuzz.html"),
    (Format::Ninjs, "fuzz.json"),
    (Format::NewsMl, "fuzz.xml"),
];

/// Normalizes the text twice (the second pass must change nothing), loads
/// the bytes in every format and checks what every loaded source promises: offsets map to char boundaries, sentences are in bounds and in
/// order, slices and positions exist for every offset.
fn run_source(input: &[u8]) -> String {
    let options = LoadOptions::default();
    let text = String::from_utf8_lossy(input);
    let once = normalize_text(&text);
    assert_eq!(
        normalize_text(&once),
        once,
        "normalizing twice changed the text"
    );
    let mut signature = String::new();
    for (format, name) in FORMATS {
        let inputs = load_document(
            None,
            Some(PathBuf::from(name)),
            input.to_vec(),
            Some(format),
            &options,
        );
        let mut loaded = 0;
        for item in &inputs {
            match item {
                Input::Loaded(source) => {
                    loaded += 1;
                    check_source(source);
                }
                Input::Skipped(s) => {
                    assert!(!s.reason.is_empty(), "a skip without a reason");
                }
            }
        }
        signature.push_str(&format!("{}/{} ", loaded.min(3), inputs.len().min(3)));
    }
    signature
}

fn check_source(source: &crosswire::Source) {
    let text = &source.text;
    let mut previous_end = 0;
    for s in &source.sentences {
        assert!(s.start < s.end, "an empty sentence {s:?}");
        assert!(s.end <= text.len(), "a sentence past the text");
        assert!(s.start >= previous_end, "sentences overlap");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        previous_end = s.end;
    }
    // At most ~64 offsets per source, so big inputs stay cheap.
    let step = (text.len() / 64).max(1);
    let offsets = (0..text.len())
        .step_by(step)
        .chain([text.len()])
        .filter(|&n| text.is_char_boundary(n));
    let mut last = 0;
    for n in offsets {
        let o = source.original_offset(n);
        assert!(
            o <= source.original.len(),
            "offset {n} maps past the original"
        );
        assert!(
            source.original.is_char_boundary(o),
            "offset {n} maps inside a char"
        );
        assert!(o >= last, "the offset map goes backwards at {n}");
        last = o;
        let p = source.position(n);
        assert!(p.line >= 1 && p.column >= 1, "position {p:?} at {n}");
        let _ = source.end_position(n..text.len());
        let _ = source.original_slice(n..text.len());
        let _ = source.sentence_containing(n);
        let _ = source.paragraph_containing(n);
    }
}

fn kind_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = [
        "30",
        "about 30",
        "nearly 70",
        "more than 1,000",
        "1.5 million",
        "between 3 and 5",
        "twenty-one",
        "5th",
        "a dozen",
        "Kwon Youngse",
        "Mr. Kim Jong Un",
        "strong regret",
        "Monday",
        "last Tuesday",
        "April 11, 2023",
        "11 April 2023",
        "2023-04-11",
        "4/11/2023",
        "last month",
        "March",
        "10:30 a.m. KST",
        "noon",
        "14:00 GMT",
        "5 km",
        "3 miles",
        "$3bn",
        "40%",
        "-5 °C",
        "2.5 kg",
        "dreiundzwanzig",
        "mehr als 2.000",
        "rund zwei Millionen",
        "einundzwanzigsten",
        "am Montag, 10. April 2023",
        "letzten Freitag",
        "2,5 km",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    // Short lines of the kind fixtures: real figures, dates and names in context.
    for text in read_all(&files(&["fixtures/kinds"], &["txt", "md"])) {
        for line in String::from_utf8_lossy(&text).lines() {
            for piece in line.split(['.', ',', ';']) {
                let piece = piece.trim();
                if !piece.is_empty() && piece.len() <= 60 {
                    seeds.push(piece.as_bytes().to_vec());
                }
            }
        }
    }
    seeds.sort();
    seeds.dedup();
    seeds
}

/// A value of each kind to compare fuzzed values with.
const REFERENCE: &[(Kind, &str)] = &[
    (Kind::Number, "about 30"),
    (Kind::Count, "30"),
    (Kind::Name, "Kwon Youngse"),
    (Kind::Phrase, "strong regret"),
    (Kind::Quote, "we will respond"),
    (Kind::Weekday, "Monday"),
    (Kind::Date, "April 2023"),
    (Kind::Time, "10:30 a.m. KST"),
    (Kind::Quantity, "5 km"),
];

/// Parses the text as every kind (the number, date, time and quantity
/// parsers among them), as an `expect:` value, and compares what parsed with
/// a reference value both ways round.
fn run_kinds(input: &[u8]) -> String {
    let raw = String::from_utf8_lossy(input);
    let published = jiff::civil::date(2023, 4, 11);
    let options = ValueOptions::default();
    let mut signature = String::new();
    let english = crosswire::lang::english();
    // Every other language's readers take the same input and must not panic.
    for code in crosswire::lang::codes().skip(1) {
        if let Some(language) = crosswire::lang::get(code) {
            for &(kind, _) in REFERENCE {
                let _ = kind.parse(&raw, Some(published), language, &options);
                let _ = kind.parse_expected(&raw, language, &options);
            }
        }
    }
    for &(kind, reference) in REFERENCE {
        let parsed = kind.parse(&raw, Some(published), english, &options);
        let _ = kind.parse(&raw, None, english, &options);
        let _ = kind.parse_expected(&raw, english, &options);
        match parsed {
            Ok((value, why)) => {
                assert!(!why.is_empty(), "a {kind} value without a derivation");
                let _ = value.display();
                let (other, _) = kind
                    .parse(reference, Some(published), english, &options)
                    .expect("the reference parses");
                let ab = kind.compare(&value, &other, &options);
                let ba = kind.compare(&other, &value, &options);
                assert_eq!(
                    ab.verdict, ba.verdict,
                    "{kind} comparison is not symmetric for {raw:?} and {reference:?}"
                );
                let same = kind.compare(&value, &value, &options);
                signature.push_str(&format!(
                    "{}:{:?}/{:?} ",
                    kind.as_str(),
                    ab.verdict,
                    same.verdict
                ));
            }
            Err(_) => signature.push_str(&format!("{}:e ", kind.as_str())),
        }
    }
    signature
}
