//! A regex restricted to plain text: ASCII and the punctuation, symbols and
//! spaces that copy writes around its words (dashes, ellipses, currency
//! signs, the degree sign, no-break and thin spaces: [`PLAIN_EXTRA`],
//! none of them a letter, a digit or a mark, none with a case). The
//! restricted regex is the same syntax tree with every alternative that
//! needs another character taken out and Unicode word boundaries made
//! ASCII ones. On a plain text it finds exactly the matches, and the same
//! captures, that the Unicode regex finds: a match there consumes only
//! plain characters, so a branch that needs any other can never take part,
//! and taking it out changes no preference between the branches left; and
//! Unicode's word characters among plain ones are the ASCII ones, as
//! ASCII word boundaries take them. What it saves is size: a
//! case-insensitive word or a `\w` spans a few states instead of the UTF-8
//! automaton of every letter in Unicode, so each engine compiles and steps
//! through far fewer states. Most sentences of most copy are plain; one
//! with an accented name is not, and is searched by the Unicode regex.
//!
//! [`PlainFirst`] is a `regex::Regex` kept in both forms: the restricted one
//! built at once, the Unicode one only when a text that is not plain first
//! needs it (the quotation's attribution regexes: a tenth of the time to
//! build, and most runs never need the other).

use std::sync::OnceLock;

use regex::{Captures, Match, Regex};
use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Literal,
    Look,
};

/// The characters beside ASCII that plain text may hold, sorted: each one
/// neither a word character nor cased (a unit test holds them to it), so
/// that ASCII word boundaries and case folding treat them as Unicode does.
pub(crate) const PLAIN_EXTRA: &[char] = &[
    '\u{A0}',   // no-break space
    '\u{A3}',   // pound sign
    '\u{A5}',   // yen sign
    '\u{A7}',   // section sign
    '\u{A9}',   // copyright sign
    '\u{AB}',   // left guillemet
    '\u{AE}',   // registered sign
    '\u{B0}',   // degree sign
    '\u{B1}',   // plus-minus sign
    '\u{BB}',   // right guillemet
    '\u{D7}',   // multiplication sign
    '\u{F7}',   // division sign
    '\u{2002}', // en space
    '\u{2003}', // em space
    '\u{2009}', // thin space
    '\u{200A}', // hair space
    '\u{2010}', // hyphen
    '\u{2011}', // non-breaking hyphen
    '\u{2012}', // figure dash
    '\u{2013}', // en dash
    '\u{2014}', // em dash
    '\u{2015}', // horizontal bar
    '\u{2018}', // left single quotation mark
    '\u{2019}', // right single quotation mark
    '\u{201A}', // single low-9 quotation mark
    '\u{201C}', // left double quotation mark
    '\u{201D}', // right double quotation mark
    '\u{201E}', // double low-9 quotation mark
    '\u{2020}', // dagger
    '\u{2021}', // double dagger
    '\u{2022}', // bullet
    '\u{2026}', // horizontal ellipsis
    '\u{202F}', // narrow no-break space
    '\u{2030}', // per mille sign
    '\u{2032}', // prime
    '\u{2033}', // double prime
    '\u{2039}', // single left-pointing angle quotation mark
    '\u{203A}', // single right-pointing angle quotation mark
    '\u{20A9}', // won sign
    '\u{20AC}', // euro sign
    '\u{20B9}', // rupee sign
    '\u{20BD}', // ruble sign
    '\u{2122}', // trade mark sign
    '\u{2212}', // minus sign
];

/// Whether `c` is a plain character (see the module's docs).
pub(crate) fn is_plain_char(c: char) -> bool {
    c.is_ascii() || PLAIN_EXTRA.binary_search(&c).is_ok()
}

/// Whether every character of `text` is plain (see the module's docs).
pub(crate) fn is_plain(text: &str) -> bool {
    // (`is_ascii` reads a word at a time: the common case.)
    text.is_ascii() || text.chars().all(is_plain_char)
}

/// The plain characters as a class.
fn plain_class() -> ClassUnicode {
    let mut class = ClassUnicode::new(PLAIN_EXTRA.iter().map(|&c| ClassUnicodeRange::new(c, c)));
    class.union(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7F')]));
    class
}

/// `hir` for plain texts (see the module's docs). The regex is one of
/// UTF-8 text: its byte classes (only in `(?-u)`) hold ASCII bytes alone.
pub(crate) fn plain_only(hir: &Hir) -> Hir {
    let plain = plain_class();
    crate::text::hir::rewrite(hir, &|node| match node.kind() {
        HirKind::Literal(Literal(bytes))
            if std::str::from_utf8(bytes).is_ok_and(|s| !s.chars().all(is_plain_char)) =>
        {
            Hir::fail()
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut kept = class.clone();
            kept.intersect(&plain);
            Hir::class(Class::Unicode(kept))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut kept = class.clone();
            kept.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7F)]));
            Hir::class(Class::Bytes(kept))
        }
        HirKind::Look(look) => Hir::look(ascii_look(*look)),
        _ => node,
    })
}

/// A Unicode word assertion as its ASCII twin; others as they are.
fn ascii_look(look: Look) -> Look {
    match look {
        Look::WordUnicode => Look::WordAscii,
        Look::WordUnicodeNegate => Look::WordAsciiNegate,
        Look::WordStartUnicode => Look::WordStartAscii,
        Look::WordEndUnicode => Look::WordEndAscii,
        Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
        Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
        other => other,
    }
}

/// A regex searched in its restricted form in a plain text and in its
/// Unicode form (built on first need) in any other: the same matches
/// and captures either way (see the module's docs). Its methods are
/// `regex::Regex`'s, each choosing the form by the text it is given.
#[derive(Debug)]
pub(crate) struct PlainFirst {
    pattern: String,
    /// The restricted form; `None` when the pattern does not parse or the
    /// form does not build.
    plain: Option<Regex>,
    unicode: OnceLock<Option<Regex>>,
}

impl PlainFirst {
    /// Both forms of `pattern`, `None` if it does not compile.
    pub(crate) fn new(pattern: &str) -> Option<Self> {
        // `regex::Regex` is built from text only, so the restricted tree is
        // written back out and parsed again (a fraction of the Unicode
        // form's build, which this saves).
        let plain = regex_syntax::Parser::new()
            .parse(pattern)
            .ok()
            .and_then(|hir| Regex::new(&plain_only(&hir).to_string()).ok());
        let built = Self {
            pattern: pattern.to_string(),
            plain,
            unicode: OnceLock::new(),
        };
        // A pattern whose restricted form fails is built whole now, to know
        // it compiles at all.
        if built.plain.is_none() {
            built.unicode()?;
        }
        Some(built)
    }

    /// The Unicode form, built on first call.
    pub(crate) fn unicode(&self) -> Option<&Regex> {
        self.unicode
            .get_or_init(|| Regex::new(&self.pattern).ok())
            .as_ref()
    }

    /// The restricted form, if it built.
    #[cfg(test)]
    pub(crate) fn plain(&self) -> Option<&Regex> {
        self.plain.as_ref()
    }

    /// The form that searches `haystack`.
    fn form(&self, haystack: &str) -> Option<&Regex> {
        match &self.plain {
            Some(plain) if is_plain(haystack) => Some(plain),
            _ => self.unicode(),
        }
    }

    /// [`Regex::captures_at`].
    pub(crate) fn captures_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Captures<'h>> {
        self.form(haystack)?.captures_at(haystack, start)
    }

    /// [`Regex::find`].
    pub(crate) fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.form(haystack)?.find(haystack)
    }

    /// [`Regex::find_iter`] (nothing if no form builds).
    pub(crate) fn find_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Match<'h>> + 'r
    where
        'h: 'r,
    {
        self.form(haystack)
            .map(|re| re.find_iter(haystack))
            .into_iter()
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extra_plain_characters_are_sorted_uncased_and_not_word_characters() {
        assert!(PLAIN_EXTRA.windows(2).all(|w| w[0] < w[1]));
        let word = Regex::new(r"\w").unwrap();
        let cased = Regex::new(r"(?i)\p{Cased}|\p{L}|\p{M}|\p{N}").unwrap();
        for &c in PLAIN_EXTRA {
            let text = c.to_string();
            assert!(!c.is_ascii(), "{c:?}");
            assert!(!word.is_match(&text), "{c:?} is a word character");
            assert!(
                !cased.is_match(&text),
                "{c:?} is a letter, mark, number or cased"
            );
            // No other character folds to it, nor it to another.
            let folds = Regex::new(&format!("(?i){}", regex::escape(&text))).unwrap();
            let others = (0..=0x10FFFF_u32)
                .filter_map(char::from_u32)
                .filter(|&o| o != c && folds.is_match(o.encode_utf8(&mut [0; 4])))
                .count();
            assert_eq!(others, 0, "{c:?} folds with another character");
        }
    }

    #[test]
    fn plain_text_is_ascii_with_copy_punctuation() {
        assert!(is_plain("Kim said \u{2013} 20\u{B0}C \u{2026} \u{20AC}5"));
        assert!(is_plain(""));
        assert!(!is_plain("Zürich"));
        assert!(!is_plain("Kim \u{2013} Lee said: \u{C548}"));
    }

    #[test]
    fn the_plain_form_keeps_plain_literals_and_classes_and_drops_the_rest() {
        let hir = |p: &str| regex_syntax::Parser::new().parse(p).unwrap();
        let form = |p: &str| Regex::new(&plain_only(&hir(p)).to_string()).unwrap();
        let dash = form(r"\p{Lu}\w+ \x{2013} said");
        assert_eq!(
            dash.find("Kim Lee \u{2013} said").map(|m| m.as_str()),
            Some("Lee \u{2013} said")
        );
        // A negated class takes the plain punctuation it does not name.
        let not_comma = form(r"[^,]+");
        assert_eq!(
            not_comma.find("a \u{2014} b, c").map(|m| m.as_str()),
            Some("a \u{2014} b")
        );
        // A literal of another character is gone; the branch beside it stays.
        let zurich = form(r"(?i)z\x{FC}rich|zurich");
        assert!(!zurich.is_match("Z\u{FC}rich"));
        assert!(zurich.is_match("ZURICH"));
    }

    #[test]
    fn plain_first_builds_the_unicode_form_only_for_other_text() {
        let re = PlainFirst::new(r"(?P<name>\p{Lu}\p{L}+) said").unwrap();
        let name = |text: &str| {
            re.captures_at(text, 0)
                .and_then(|c| c.name("name").map(|m| m.as_str().to_owned()))
        };
        assert_eq!(name("Then Kim said \u{2013} twice"), Some("Kim".into()));
        assert!(re.unicode.get().is_none());
        assert_eq!(name("Then Zoë said"), Some("Zoë".into()));
        assert!(re.unicode.get().is_some());
        let all: Vec<&str> = re
            .find_iter("Kim said, Lee said")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(all, ["Kim said", "Lee said"]);
        assert!(PlainFirst::new(r"(unclosed").is_none());
    }
}
