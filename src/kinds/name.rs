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

/// Honorifics and titles a name may carry in copy, left out of the value
/// ("Mr Deng" is Deng). Multi-word titles first.
pub const TITLES: &[&str] = &[
    "prime minister",
    "vice president",
    "foreign minister",
    "defense minister",
    "defence minister",
    "supreme leader",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "gen",
    "general",
    "lt",
    "col",
    "colonel",
    "maj",
    "major",
    "capt",
    "captain",
    "sgt",
    "sergeant",
    "adm",
    "admiral",
    "cmdr",
    "commander",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "president",
    "premier",
    "chancellor",
    "minister",
    "secretary",
    "ambassador",
    "mayor",
    "councilman",
    "councilwoman",
    "councillor",
    "chairman",
    "chairwoman",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "pope",
    "rev",
    "reverend",
    "father",
    "imam",
    "rabbi",
    "judge",
    "justice",
    "detective",
    "inspector",
    "officer",
];

/// The name without the titles in front of it ("Mr. Deng" -> "Deng"), and the
/// titles removed. A name that is only titles keeps them.
pub fn strip_titles(name: &str) -> (String, Vec<String>) {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    let mut removed = Vec::new();
    'strip: loop {
        for title in TITLES {
            let parts: Vec<&str> = title.split(' ').collect();
            if words.len() <= parts.len() {
                continue;
            }
            let matches = words
                .iter()
                .zip(&parts)
                .all(|(w, p)| w.trim_end_matches('.').to_lowercase() == *p);
            if matches {
                removed.push(words.drain(..parts.len()).collect::<Vec<_>>().join(" "));
                continue 'strip;
            }
        }
        break;
    }
    (words.join(" "), removed)
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

fn fold_words(name: &str) -> Vec<String> {
    strip_possessive(name)
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
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

/// How two names relate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NameRelation {
    /// The same name (equal folds, alias, or one part of the other).
    Same,
    /// Spellings of one name; carries the similarity.
    Spelling(f64),
    /// Different names; carries the similarity.
    Different(f64),
}

/// Compare two names and say why.
pub fn compare(a: &NameValue, b: &NameValue) -> (NameRelation, String) {
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
    let (wa, wb) = (fold_words(&full(a)), fold_words(&full(b)));
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    if !short.is_empty() && short.iter().all(|w| long.contains(w)) {
        return (
            NameRelation::Same,
            "one name is part of the other".to_string(),
        );
    }
    let score = strsim::jaro_winkler(&a.key, &b.key);
    if score >= SPELLING_THRESHOLD {
        (
            NameRelation::Spelling(score),
            format!("similar spelling ({score:.2} >= {SPELLING_THRESHOLD})"),
        )
    } else {
        (
            NameRelation::Different(score),
            format!("different names (similarity {score:.2} < {SPELLING_THRESHOLD})"),
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
    fn part_of_an_aliased_name_agrees_in_either_order() {
        let mut map = BTreeMap::new();
        map.insert("Kwon Youngse".to_string(), vec!["Kwon Yong-se".to_string()]);
        let aliases = Aliases::new(&map);
        let short = parse("Kwon", &aliases).unwrap().0;
        let aliased = parse("Kwon Yong-se", &aliases).unwrap().0;
        assert_eq!(compare(&short, &aliased).0, NameRelation::Same);
        assert_eq!(compare(&aliased, &short).0, NameRelation::Same);
    }

    #[test]
    fn part_of_a_name_is_the_same_person() {
        assert_eq!(
            compare(&name("Kwon"), &name("Kwon Youngse")).0,
            NameRelation::Same
        );
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
