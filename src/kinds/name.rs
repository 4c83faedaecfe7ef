//! The `name` kind: people, places and organisations named in the text.
//!
//! **Matches** the `{name}` placeholder: one to five capitalised words or
//! initials, with the particles names carry (`bin`, `van der`, `al-`, ...), or a
//! run of words in one script without capitals (Hangul, Han, Arabic, ...).
//! Titles in front (`Mr`, `Gen.`, `President`) are left out of the value.
//!
//! **Compares** in this order:
//! 1. `aliases` from the slot map every listed spelling to its canonical name;
//! 2. both names are folded (case, diacritics, hyphens, apostrophes, dots and
//!    spaces removed, a possessive `'s` dropped): equal folds are the same name,
//!    so `Kwon Young-se` and `Kwon Youngse` agree;
//! 3. one name's words all appearing in the other (`Kwon` and `Kwon Youngse`)
//!    are the same person;
//! 4. a close spelling (Jaro-Winkler similarity of the folds at or above
//!    [`SPELLING_THRESHOLD`]) is a spelling variant: a `spelling` finding, not a
//!    `conflict`;
//! 5. anything else is a different name.
//!
//! ```yaml
//! - id: unification-minister
//!   kind: name
//!   patterns: ["Unification Minister {name}"]
//!   aliases: { Kwon Youngse: [Kwon Young-se, Kwon Young Se] }
//! ```
//!
//! Options: `aliases` (canonical name to its other spellings), `expect`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

/// Regex fragment for `{name}`: capitalised words, case-sensitive even inside a
/// case-insensitive pattern. A word may be an initial (`T.`), a title with its dot
/// (`Mr.`, `Gen.`, left out of the value by [`parse`]), carry a glued particle
/// (`al-Assad`, `d'Estaing`) and hyphens (`Jean-Pierre`); lowercase particles
/// (`bin`, `van der`, `de`) may stand between words. A name in a script without
/// capitals is a run of words of that one script: Hangul, Han, Arabic, Hebrew,
/// Thai, Devanagari (Cyrillic and Greek names have capitals and take the first form).
pub const NAME_REGEX: &str = concat!(
    r"(?-i:",
    r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|Rev|St)\.[ ])?",
    r"(?:\p{Lu}\.|(?:(?:al|el|ad|as|ash|at|az|ar|an|ad|d|l)['’-])?\p{Lu}[\p{L}\p{M}'’\-]*)",
    r"(?:[ ](?:(?:bin|ibn|bint|al|el|van|von|der|den|ter|de|da|das|dos|del|della|di|du|la|le)[ ]){0,2}",
    r"(?:\p{Lu}\.|(?:(?:al|el|ad|as|ash|at|az|ar|an|ad|d|l)['’-])?\p{Lu}[\p{L}\p{M}'’\-]*)){0,4}",
    r"|\p{Hangul}+(?:[ ]\p{Hangul}+){0,3}",
    r"|\p{Han}{1,8}",
    r"|\p{Arabic}+(?:[ ]\p{Arabic}+){0,4}",
    r"|\p{Hebrew}+(?:[ ]\p{Hebrew}+){0,3}",
    r"|\p{Thai}+(?:[ ]\p{Thai}+){0,3}",
    r"|\p{Devanagari}+(?:[ ]\p{Devanagari}+){0,3}",
    r")"
);

/// The name without the titles in front of it ("Mr. Deng" -> "Deng"), and the
/// titles removed. A name that is only titles keeps them.
pub fn strip_titles(name: &str) -> (String, Vec<String>) {
    let words: Vec<&str> = name.split_whitespace().collect();
    // Leading title words, never the last word of the name.
    let titles = words
        .iter()
        .take(words.len().saturating_sub(1))
        .take_while(|w| is_title(&fold(w)))
        .count();
    let (removed, kept) = words.split_at(titles);
    let removed = if removed.is_empty() {
        Vec::new()
    } else {
        vec![removed.join(" ")]
    };
    (kept.join(" "), removed)
}

/// Whether a folded word is a title or honorific ([`TITLES`]).
pub fn is_title(folded: &str) -> bool {
    TITLES.iter().any(|t| t == folded)
}

/// Similarity (Jaro-Winkler, 0..1) from which two different folds are taken as
/// spellings of one name. 0.9 keeps "Kwon Yongse"/"Kwon Youngse" (0.98) together
/// and "Kim Jong Un"/"Kim Yo Jong" (0.86) apart.
pub const SPELLING_THRESHOLD: f64 = 0.9;

/// A name as written and as folded for comparison.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NameValue {
    /// The name as written, possessive removed and white space tidied.
    pub written: String,
    /// The canonical name when an alias applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// The folded key that comparisons use.
    pub key: String,
}

impl NameValue {
    /// The name to show: as written, with the canonical name when an alias
    /// applied ("Kwon Yong-se (= Kwon Youngse)").
    pub fn display(&self) -> String {
        match &self.canonical {
            Some(canonical) if *canonical != self.written => {
                format!("{} (= {canonical})", self.written)
            }
            _ => self.written.clone(),
        }
    }
}

/// A slot's alias table: folded spelling to canonical name.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    by_fold: BTreeMap<String, String>,
}

impl Aliases {
    /// Build the table from the YAML map `canonical: [variants...]`.
    pub fn new(map: &BTreeMap<String, Vec<String>>) -> Self {
        let mut by_fold = BTreeMap::new();
        for (canonical, variants) in map {
            by_fold.insert(fold(canonical), canonical.clone());
            for variant in variants {
                by_fold.insert(fold(variant), canonical.clone());
            }
        }
        Aliases { by_fold }
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.by_fold.is_empty()
    }
}

/// Fold a name for comparison: lowercase, no diacritics, and no hyphens,
/// apostrophes, dots or spaces.
pub fn fold(name: &str) -> String {
    strip_possessive(name)
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn strip_possessive(name: &str) -> &str {
    let trimmed = name.trim();
    trimmed
        .strip_suffix("'s")
        .or_else(|| trimmed.strip_suffix("’s"))
        .or_else(|| trimmed.strip_suffix('\''))
        .unwrap_or(trimmed)
}

/// Parse a captured name. Returns the value and how it was derived.
pub fn parse(raw: &str, aliases: &Aliases) -> Result<(NameValue, String), String> {
    let (written, titles) = strip_titles(strip_possessive(raw));
    let folded = fold(&written);
    if folded.is_empty() {
        return Err(format!("not a name: `{raw}`"));
    }
    match aliases.by_fold.get(&folded) {
        Some(canonical) => {
            let why = if fold(canonical) == folded {
                format!("`{written}` is the canonical name in the slot's aliases")
            } else {
                format!("`{written}` is an alias of `{canonical}`")
            };
            Ok((
                NameValue {
                    written,
                    key: fold(canonical),
                    canonical: Some(canonical.clone()),
                },
                why,
            ))
        }
        None => {
            let mut why = format!("folded to `{folded}`");
            if !titles.is_empty() {
                why = format!("title `{}` left out; {why}", titles.join(" "));
            }
            Ok((
                NameValue {
                    written,
                    canonical: None,
                    key: folded,
                },
                why,
            ))
        }
    }
}

/// Titles and honorifics a name may carry in copy, folded, one word each
/// ("prime minister" is two): left out of the value ("Mr Deng" is Deng) and
/// when names are compared. Only leading words are dropped, and never the last
/// word of a name. A slot adds its own with `honorifics:`.
///
/// The titles of every language's table (src/lang/), folded: a name is
/// compared across sources written in different languages ("Chancellor
/// Scholz" and "Bundeskanzler Scholz" are one name).
pub static TITLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut titles: Vec<String> = crate::lang::codes()
        .filter_map(crate::lang::get)
        .flat_map(|language| language.name_titles().iter().map(|t| fold(t)))
        .filter(|t| !t.is_empty())
        .collect();
    let mut seen = std::collections::HashSet::new();
    titles.retain(|t| seen.insert(t.clone()));
    titles
});

/// How two names relate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NameRelation {
    /// The same name (equal folds, aliases, titles aside, initials).
    Same,
    /// One name is part of the other ("Peter Novak" / "Ivan Peter Novak").
    Partial,
    /// Spellings of one name (a transliteration, a typo); carries the similarity.
    Spelling(f64),
    /// Different names; carries the similarity.
    Different(f64),
}

/// One word of a name: as written and folded, and what [`word_match`]
/// reads of the fold.
struct Word {
    written: String,
    folded: String,
    /// The characters of `folded`.
    chars: usize,
    /// [`vowel_shape`] of `folded`.
    shape: Vec<usize>,
    /// [`romanization_key`] of `folded`.
    key: Option<String>,
}

impl Word {
    fn new(written: &str) -> Word {
        let folded = fold(written);
        Word {
            written: written
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string(),
            chars: folded.chars().count(),
            shape: vowel_shape(&folded),
            key: romanization_key(&folded),
            folded,
        }
    }
}

/// A name as [`compare_with`] reads it: its fold and its words.
struct Prepared {
    folded: String,
    words: Vec<Word>,
}

/// Per thread, the answers to a question asked last (at most
/// [`REMEMBERED`] of them; all are forgotten when that many are kept).
type Remembered<V> =
    std::thread::LocalKey<std::cell::RefCell<std::collections::HashMap<String, V>>>;

/// How many answers a [`Remembered`] keeps.
const REMEMBERED: usize = 4096;

/// The answer `memory` keeps for `key`, or `answer()`, then kept.
fn remembered<V: Clone>(
    memory: &'static Remembered<V>,
    key: String,
    answer: impl FnOnce() -> V,
) -> V {
    if let Some(known) = memory.with(|known| known.borrow().get(&key).cloned()) {
        return known;
    }
    let made = answer();
    memory.with(|known| {
        let mut known = known.borrow_mut();
        if known.len() >= REMEMBERED {
            known.clear();
        }
        known.insert(key, made.clone());
    });
    made
}

/// [`Prepared`] for a name, kept per thread for the names asked last: a
/// slot's values are compared many times over (each with one value of every
/// other distinct value, and each with its source's first), and reading a
/// name's words was most of the time a comparison took.
fn prepared(name: &str, extra_honorifics: &[String]) -> std::rc::Rc<Prepared> {
    thread_local! {
        static PREPARED: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<Prepared>>> =
            std::cell::RefCell::default();
    }
    let mut key = name.to_string();
    for honorific in extra_honorifics {
        key.push('\u{0}');
        key.push_str(honorific);
    }
    remembered(&PREPARED, key, || {
        std::rc::Rc::new(Prepared {
            folded: fold(name),
            words: name_words(name, extra_honorifics),
        })
    })
}

/// The words of a name that identify the person: leading titles dropped
/// (never the last word).
fn name_words(name: &str, extra_honorifics: &[String]) -> Vec<Word> {
    // A hyphenated word is one word ("Young-se"), as the fold sees it.
    let mut words: Vec<Word> = strip_possessive(name)
        .split(char::is_whitespace)
        .map(Word::new)
        .filter(|w| !w.folded.is_empty())
        .collect();
    let is_title = |w: &Word| is_title(&w.folded) || extra_honorifics.contains(&w.folded);
    while words.len() > 1 && words.first().is_some_and(is_title) {
        words.remove(0);
    }
    words
}

/// How two words of names match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum WordMatch {
    Exact,
    /// An initial and a word it abbreviates ("T." / "Thomas").
    Initial,
    /// Two romanizations of one word ("Khalid" / "Khaled").
    Spelling,
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// A key that two romanizations of one name word share: common digraph
/// variants folded (kh/h, ph/f, ou/u, ee/i, ey/ei/y/i, v/b, q/c/k, z/s),
/// doubled letters collapsed, the first letter kept (any vowel as `a`), the
/// other vowels dropped, and a final vowel kept as a class so that
/// "Mario"/"Maria" stay apart. `None` for words too short to judge.
fn romanization_key(folded: &str) -> Option<String> {
    let mut s = folded.to_string();
    for (from, to) in [
        // English, German and French spellings of one Cyrillic or Arabic
        // sound: "Dzhumabekov", "Dschumabekow", "Jumabekov";
        // "Schewtschenko", "Shevchenko".
        ("dzh", "j"),
        ("dsch", "j"),
        ("dj", "j"),
        ("tsch", "ch"),
        ("sch", "sh"),
        // The `u` of `qu` is a consonant ("Lindquist" / "Lindqvist").
        ("qu", "kw"),
        ("kh", "h"),
        ("gh", "g"),
        ("ph", "f"),
        ("dh", "d"),
        ("th", "t"),
        ("ou", "u"),
        ("oo", "u"),
        ("ee", "i"),
        ("ey", "i"),
        ("ei", "i"),
        ("ie", "i"),
        ("q", "k"),
        ("c", "k"),
        ("v", "b"),
        ("w", "b"),
        ("z", "s"),
        ("x", "ks"),
    ] {
        s = s.replace(from, to);
    }
    let mut chars: Vec<char> = s.chars().collect();
    chars.dedup();
    let (&first, rest) = chars.split_first()?;
    let last = *chars.last()?;
    let mut key = String::new();
    key.push(if is_vowel(first) && first != 'y' {
        'a'
    } else {
        first
    });
    let consonants: String = rest.iter().filter(|c| !is_vowel(**c)).collect();
    if consonants.chars().count() < 2 {
        return None;
    }
    key.push_str(&consonants);
    key.push(match last {
        'y' | 'i' => 'i',
        c if is_vowel(c) => c,
        _ => '-',
    });
    Some(key)
}

/// The lengths of a word's runs of vowels, after the digraph folds of
/// [`romanization_key`]: romanizations swap vowels ("Khalid" / "Khaled") but
/// do not add or drop them ("Dana" / "Diana" are two names).
fn vowel_shape(folded: &str) -> Vec<usize> {
    let mut s = folded.to_string();
    for (from, to) in [
        ("qu", "qw"),
        ("ou", "u"),
        ("oo", "u"),
        ("ee", "i"),
        ("ey", "i"),
        ("ei", "i"),
        ("ie", "i"),
    ] {
        s = s.replace(from, to);
    }
    let mut chars: Vec<char> = s.chars().collect();
    chars.dedup();
    let mut shape = Vec::new();
    let mut run = 0;
    for c in chars {
        if is_vowel(c) {
            run += 1;
        } else if run > 0 {
            shape.push(run);
            run = 0;
        }
    }
    if run > 0 {
        shape.push(run);
    }
    shape
}

fn word_match(a: &Word, b: &Word, threshold: f64) -> Option<WordMatch> {
    if a.folded == b.folded {
        return Some(WordMatch::Exact);
    }
    let initial = |x: &Word, y: &Word| x.chars == 1 && y.folded.starts_with(x.folded.as_str());
    if initial(a, b) || initial(b, a) {
        return Some(WordMatch::Initial);
    }
    let long_enough = a.chars >= 4 && b.chars >= 4;
    if !long_enough {
        return None;
    }
    // Romanizations and typos swap letters; a vowel added or dropped makes
    // another name ("Dana" / "Diana").
    if a.shape != b.shape {
        return None;
    }
    if a.key.is_some() && a.key == b.key {
        return Some(WordMatch::Spelling);
    }
    // Words that differ in their final vowel are other names, not other
    // spellings ("Maria" / "Mario", "Paula" / "Paulo").
    let final_vowel = |w: &str| w.chars().last().filter(|c| is_vowel(*c));
    let other_ending = a.chars == b.chars
        && matches!(
            (final_vowel(&a.folded), final_vowel(&b.folded)),
            (Some(x), Some(y)) if x != y
        );
    (!other_ending && strsim::jaro_winkler(&a.folded, &b.folded) >= threshold)
        .then_some(WordMatch::Spelling)
}

/// Match every word of `short` to a word of `long`, in order. Returns, per
/// word of `short`, the index of its word in `long` and how they match; `None`
/// when a word finds no match.
fn match_words(short: &[Word], long: &[Word], threshold: f64) -> Option<Vec<(usize, WordMatch)>> {
    let mut matches = Vec::new();
    let mut next = 0;
    for word in short {
        let found = (next..long.len()).find_map(|j| {
            long.get(j)
                .and_then(|l| word_match(word, l, threshold))
                .map(|m| (j, m))
        })?;
        next = found.0 + 1;
        matches.push(found);
    }
    Some(matches)
}

/// Compare two names with the default options and say why.
pub fn compare(a: &NameValue, b: &NameValue) -> (NameRelation, String) {
    compare_with(a, b, &super::ValueOptions::default())
}

/// Whether two names as written (speakers of quotes, say) are one person:
/// anything [`compare`] does not call different names, spelling variants
/// included.
pub fn same_person(a: &str, b: &str) -> bool {
    // The quote aligner asks about the same few speakers for many pairs of
    // quotes, and parsing and comparing names is most of its time.
    thread_local! {
        static ANSWERS: std::cell::RefCell<std::collections::HashMap<String, bool>> =
            std::cell::RefCell::default();
    }
    let key = if a <= b {
        format!("{a}\u{0}{b}")
    } else {
        format!("{b}\u{0}{a}")
    };
    remembered(&ANSWERS, key, || {
        let aliases = Aliases::default();
        match (parse(a, &aliases), parse(b, &aliases)) {
            (Ok((a, _)), Ok((b, _))) => !matches!(compare(&a, &b).0, NameRelation::Different(_)),
            _ => false,
        }
    })
}

/// Compare two names with a slot's options (`spelling`, `honorifics`) and say
/// why. The answer does not depend on the order of `a` and `b`.
pub fn compare_with(
    a: &NameValue,
    b: &NameValue,
    options: &super::ValueOptions,
) -> (NameRelation, String) {
    let threshold = options.spelling.unwrap_or(SPELLING_THRESHOLD);
    if a.key == b.key {
        let why = match (&a.canonical, &b.canonical) {
            (Some(c), _) | (_, Some(c)) if a.written != b.written => {
                format!("both are `{c}` (aliases)")
            }
            _ if a.written == b.written => "identical".to_string(),
            _ => format!("equal after folding (`{}`)", a.key),
        };
        return (NameRelation::Same, why);
    }
    // Compare the names the aliases resolved to, so the order of the two
    // values never changes the answer.
    let full = |n: &NameValue| n.canonical.clone().unwrap_or_else(|| n.written.clone());
    let (pa, pb) = (
        prepared(&full(a), &options.honorifics),
        prepared(&full(b), &options.honorifics),
    );
    let (wa, wb) = (&pa.words, &pb.words);
    let (short, long) = if (wa.len(), &pa.folded) <= (wb.len(), &pb.folded) {
        (wa, wb)
    } else {
        (wb, wa)
    };
    if let Some(matches) = match_words(short, long, threshold) {
        // Initials left over in the longer name ("Andre T. Mason") add nothing.
        let lacking: Vec<&str> = long
            .iter()
            .enumerate()
            .filter(|(j, w)| w.chars > 1 && !matches.iter().any(|m| m.0 == *j))
            .map(|(_, w)| w)
            .map(|w| w.written.as_str())
            .collect();
        let joined = |ws: &[Word]| {
            ws.iter()
                .map(|w| w.written.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        if !lacking.is_empty() {
            return (
                NameRelation::Partial,
                format!(
                    "`{}` is part of `{}`; it lacks `{}`",
                    joined(short),
                    joined(long),
                    lacking.join(" ")
                ),
            );
        }
        let variants: Vec<String> = short
            .iter()
            .zip(&matches)
            .filter(|(_, (_, m))| *m == WordMatch::Spelling)
            .filter_map(|(w, (j, _))| long.get(*j).map(|l| format!("{}/{}", w.written, l.written)))
            .collect();
        if variants.is_empty() {
            return (
                NameRelation::Same,
                "the same name, titles and initials aside".to_string(),
            );
        }
        let score = strsim::jaro_winkler(&a.key, &b.key);
        return (
            NameRelation::Spelling(score),
            format!("spelling variants of one name ({})", variants.join(", ")),
        );
    }
    // Names of as many words whose words do not match are different names;
    // only names split into words differently ("Abdel Fattah" / "Abdelfattah")
    // are judged as a whole.
    let score = strsim::jaro_winkler(&a.key, &b.key);
    if wa.len() != wb.len() && score >= threshold {
        (
            NameRelation::Spelling(score),
            format!("similar spelling ({score:.2} >= {threshold})"),
        )
    } else if wa.len() != wb.len() {
        (
            NameRelation::Different(score),
            format!("different names (similarity {score:.2} < {threshold})"),
        )
    } else {
        let differing: Vec<String> = wa
            .iter()
            .zip(wb)
            .filter(|(x, y)| word_match(x, y, threshold).is_none())
            .map(|(x, y)| format!("{}/{}", x.written, y.written))
            .collect();
        (
            NameRelation::Different(score),
            format!("different names ({} differ)", differing.join(", ")),
        )
    }
}

/// `{name}`: capitalised words.
pub static NAME_PLACEHOLDER: super::PlaceholderDef = super::PlaceholderDef {
    word: "name",
    regex: |_| NAME_REGEX,
    trailer: "",
    glued: false,
    may_be_cut: false,
};

/// The `name` kind.
pub static NAME: super::KindDef = super::KindDef {
    name: "name",
    doc: "A person, place or organisation.",
    placeholders: &[&NAME_PLACEHOLDER],
    keys: &[
        super::SlotKey::Aliases,
        super::SlotKey::Spelling,
        super::SlotKey::Honorifics,
    ],
    example: "Unification Minister {name}",
    parse: |raw, _, _, options| {
        parse(raw, &options.aliases).map(|(v, why)| (super::Value::Name(v), why))
    },
    parse_expected: None,
    compare: compare_values,
    check_tolerance: None,
    fullest_first: true,
};

/// Names agree when they fold to one person; a part of a name or another
/// spelling is a variant.
fn compare_values(
    a: &super::Value,
    b: &super::Value,
    options: &super::ValueOptions,
) -> super::Comparison {
    use super::{Comparison, Nuance, Verdict};
    let (super::Value::Name(a), super::Value::Name(b)) = (a, b) else {
        return super::mismatched();
    };
    let (relation, why) = compare_with(a, b, options);
    let (verdict, similarity, nuance) = match relation {
        NameRelation::Same => (Verdict::Same, None, None),
        NameRelation::Partial => (Verdict::Variant, None, Some(Nuance::PartialName)),
        NameRelation::Spelling(s) => (Verdict::Variant, Some(s), Some(Nuance::Spelling)),
        NameRelation::Different(s) => (Verdict::Different, Some(s), None),
    };
    Comparison {
        verdict,
        why,
        similarity,
        nuance,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_name_read_once_is_read_again_under_other_honorifics() {
        // `prepared` remembers names per thread: the slot's honorifics are
        // part of what it remembers them by.
        let name = |raw: &str| parse(raw, &Aliases::default()).unwrap().0;
        let (elder, plain) = (name("Elder Joon Park"), name("Joon Park"));
        let honoring = crate::kinds::ValueOptions {
            honorifics: vec!["elder".to_string()],
            ..Default::default()
        };
        for _ in 0..2 {
            assert_eq!(compare(&elder, &plain).0, NameRelation::Partial);
            assert_eq!(
                compare_with(&elder, &plain, &honoring).0,
                NameRelation::Same
            );
        }
    }

    #[test]
    fn titles_of_every_language_are_left_out_of_names() {
        let name = |raw: &str| parse(raw, &Aliases::default()).unwrap().0;
        let (en, de) = (
            name("Chancellor Olaf Scholz"),
            name("Bundeskanzler Olaf Scholz"),
        );
        assert_eq!(compare(&en, &de).0, NameRelation::Same);
        let (en, de) = (name("Mr. Müller"), name("Herr Müller"));
        assert_eq!(compare(&en, &de).0, NameRelation::Same);
    }

    #[test]
    fn same_person_takes_spellings_as_one_person_and_remembers_both_ways() {
        for _ in 0..2 {
            assert!(same_person("Anna Lindqvist", "Anna Lindquist"));
            assert!(same_person("Anna Lindquist", "Anna Lindqvist"));
            assert!(same_person("Kwon Young-se", "Kwon Youngse"));
            assert!(!same_person("Anna Lindqvist", "Tom Reyes"));
            assert!(!same_person("Tom Reyes", "Anna Lindqvist"));
            assert!(!same_person("", "Tom Reyes"));
        }
    }

    fn name(raw: &str) -> NameValue {
        parse(raw, &Aliases::default()).unwrap().0
    }

    #[test]
    fn hyphen_and_case_fold_to_the_same_name() {
        assert_eq!(fold("Kwon Young-se"), "kwonyoungse");
        let (rel, why) = compare(&name("Kwon Young-se"), &name("Kwon Youngse"));
        assert_eq!(rel, NameRelation::Same);
        assert!(why.contains("folding"), "{why}");
    }

    #[test]
    fn diacritics_fold() {
        assert_eq!(fold("Müller"), "muller");
        assert_eq!(
            compare(&name("José Núñez"), &name("Jose Nunez")).0,
            NameRelation::Same
        );
    }

    #[test]
    fn possessive_is_dropped() {
        assert_eq!(name("Kim Jong Un's").written, "Kim Jong Un");
        assert_eq!(name("Kim Jong Un’s").key, "kimjongun");
    }

    #[test]
    fn aliases_come_first() {
        let mut map = BTreeMap::new();
        map.insert("Kwon Youngse".to_string(), vec!["Kwon Yong-se".to_string()]);
        let aliases = Aliases::new(&map);
        let (a, why) = parse("Kwon Yong-se", &aliases).unwrap();
        assert_eq!(a.canonical.as_deref(), Some("Kwon Youngse"));
        assert_eq!(a.display(), "Kwon Yong-se (= Kwon Youngse)");
        assert!(why.contains("alias"));
        let b = parse("Kwon Youngse", &aliases).unwrap().0;
        assert_eq!(compare(&a, &b).0, NameRelation::Same);
    }

    #[test]
    fn part_of_an_aliased_name_is_partial_in_either_order() {
        let mut map = BTreeMap::new();
        map.insert("Kwon Youngse".to_string(), vec!["Kwon Yong-se".to_string()]);
        let aliases = Aliases::new(&map);
        let short = parse("Kwon", &aliases).unwrap().0;
        let aliased = parse("Kwon Yong-se", &aliases).unwrap().0;
        assert_eq!(compare(&short, &aliased).0, NameRelation::Partial);
        assert_eq!(compare(&aliased, &short).0, NameRelation::Partial);
    }

    #[test]
    fn part_of_a_name_is_partial_and_says_what_it_lacks() {
        let (rel, why) = compare(&name("Peter Novak"), &name("Ivan Peter Novak"));
        assert_eq!(rel, NameRelation::Partial);
        assert!(why.contains("lacks `Ivan`"), "{why}");
        let (rel, why) = compare(&name("Ivan Peter Novak"), &name("Peter Novak"));
        assert_eq!(rel, NameRelation::Partial);
        assert!(why.contains("lacks `Ivan`"), "{why}");
    }

    #[test]
    fn titles_and_initials_do_not_make_a_name_partial() {
        assert_eq!(
            compare(&name("Mr Deng"), &name("Deng")).0,
            NameRelation::Same
        );
        assert_eq!(
            compare(&name("Mr Deng"), &name("Akol Deng")).0,
            NameRelation::Partial
        );
        assert_eq!(
            compare(&name("Andre T. Mason"), &name("Andre Mason")).0,
            NameRelation::Same
        );
        assert_eq!(
            compare(&name("Col. Haddad"), &name("Haddad")).0,
            NameRelation::Same
        );
        let options = crate::kinds::ValueOptions {
            honorifics: vec![fold("Imam")],
            ..Default::default()
        };
        assert_eq!(
            compare_with(&name("Imam Hassan"), &name("Hassan"), &options).0,
            NameRelation::Same
        );
    }

    #[test]
    fn transliterations_are_spellings_not_conflicts() {
        for (a, b) in [
            ("Muhammad Khalid Yusuf", "Mohammed Khaled Yousef"),
            ("Sergei Ivanov", "Sergey Ivanov"),
            ("Anna Lindqvist", "Anna Lindquist"),
            ("Dmitri Peskov", "Dmitry Peskov"),
            ("Bakyt Dzhumabekov", "Bakyt Jumabekov"),
            ("Bakyt Dzhumabekov", "Bakyt Dschumabekow"),
            ("Bakyt Jumabekov", "Bakyt Dschumabekow"),
            ("Taras Shevchenko", "Taras Schewtschenko"),
        ] {
            let rel = compare(&name(a), &name(b)).0;
            assert!(
                matches!(rel, NameRelation::Spelling(_)),
                "{a} / {b}: {rel:?}"
            );
        }
        for (a, b) in [
            ("Maria Lopez", "Mario Lopez"),
            ("Dana Whitfield", "Diana Whitfield"),
            ("Kim Jong Un", "Kim Yo Jong"),
            ("Ali Hassan", "Omar Hassan"),
        ] {
            let rel = compare(&name(a), &name(b)).0;
            assert!(
                matches!(rel, NameRelation::Different(_)),
                "{a} / {b}: {rel:?}"
            );
        }
    }

    #[test]
    fn a_slot_sets_its_spelling_threshold() {
        let strict = crate::kinds::ValueOptions {
            spelling: Some(0.99),
            ..Default::default()
        };
        let rel = compare(&name("Anna Schmidt"), &name("Anna Schmitt")).0;
        assert!(matches!(rel, NameRelation::Spelling(_)), "{rel:?}");
        let rel = compare_with(&name("Anna Schmidt"), &name("Anna Schmitt"), &strict).0;
        assert!(matches!(rel, NameRelation::Different(_)), "{rel:?}");
    }

    #[test]
    fn close_spelling_is_a_variant_not_a_conflict() {
        let rel = compare(&name("Kwon Yongse"), &name("Kwon Youngse")).0;
        assert!(
            matches!(rel, NameRelation::Spelling(s) if s >= 0.9),
            "{rel:?}"
        );
    }

    #[test]
    fn different_people_differ() {
        let rel = compare(&name("Kim Jong Un"), &name("Kim Yo Jong")).0;
        assert!(matches!(rel, NameRelation::Different(_)), "{rel:?}");
        let rel = compare(&name("Kwon Youngse"), &name("Chung Eui-yong")).0;
        assert!(matches!(rel, NameRelation::Different(_)), "{rel:?}");
    }

    #[test]
    fn empty_is_an_error() {
        assert!(parse("  '' ", &Aliases::default()).is_err());
    }

    #[test]
    fn regex_takes_capitalised_words_only() {
        let re = regex::Regex::new(&format!("(?i)Minister ({NAME_REGEX})")).unwrap();
        let caps = re
            .captures("Unification Minister Kwon Youngse, Seoul's point man")
            .unwrap();
        assert_eq!(&caps[1], "Kwon Youngse");
        let caps = re.captures("Minister Kwon Youngse expressed").unwrap();
        assert_eq!(&caps[1], "Kwon Youngse");
        let caps = re.captures("Minister Ursula von der Leyen said").unwrap();
        assert_eq!(&caps[1], "Ursula von der Leyen");
        assert!(re.captures("the minister said").is_none());
    }

    fn capture(pattern: &str, text: &str) -> Option<String> {
        let re = regex::Regex::new(
            &format!("(?i){pattern}").replace("{name}", &format!("({NAME_REGEX})")),
        )
        .unwrap();
        re.captures(text).map(|c| c[1].to_string())
    }

    #[test]
    fn initials_particles_scripts_and_titles() {
        assert_eq!(
            capture("Councilman {name} said", "Councilman Andre T. Mason said"),
            Some("Andre T. Mason".into())
        );
        assert_eq!(
            capture("leader {name} was", "leader Osama bin Laden was"),
            Some("Osama bin Laden".into())
        );
        assert_eq!(
            capture("President {name} said", "President Bashar al-Assad said"),
            Some("Bashar al-Assad".into())
        );
        assert_eq!(
            capture("coach {name} said", "coach Louis van der Gaal said"),
            Some("Louis van der Gaal".into())
        );
        assert_eq!(
            capture("by {name} on", "by Jean-Pierre Raffarin on"),
            Some("Jean-Pierre Raffarin".into())
        );
        assert_eq!(
            capture("leader {name} said", "leader 김정은 said"),
            Some("김정은".into())
        );
        assert_eq!(
            capture("leader {name} said", "leader 金正恩 said"),
            Some("金正恩".into())
        );
        assert_eq!(
            capture("minister {name} said", "minister Сергей Лавров said"),
            Some("Сергей Лавров".into())
        );
        assert_eq!(
            capture("minister {name} said", "minister عبد الله said"),
            Some("عبد الله".into())
        );
        assert_eq!(
            capture("{name} said", "Mr. Deng said"),
            Some("Mr. Deng".into())
        );
        let deng = parse("Mr Deng", &Aliases::default()).unwrap();
        assert_eq!(deng.0.written, "Deng");
        assert_eq!(deng.1, "title `Mr` left out; folded to `deng`");
        assert_eq!(
            parse("Mr. Deng", &Aliases::default()).unwrap().0.written,
            "Deng"
        );
        assert_eq!(
            parse("Gen. Park Jong-chon", &Aliases::default())
                .unwrap()
                .0
                .written,
            "Park Jong-chon"
        );
        assert_eq!(
            parse("Prime Minister Kishida", &Aliases::default())
                .unwrap()
                .0
                .written,
            "Kishida"
        );
        assert_eq!(
            parse("President", &Aliases::default()).unwrap().0.written,
            "President"
        );
        let mut map = BTreeMap::new();
        map.insert("Kim Jong Un".to_string(), vec!["김정은".to_string()]);
        let aliases = Aliases::new(&map);
        let hangul = parse("김정은", &aliases).unwrap().0;
        assert_eq!(hangul.canonical.as_deref(), Some("Kim Jong Un"));
    }
}
