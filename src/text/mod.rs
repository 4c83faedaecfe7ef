//! Text utilities every stage shares, below all of them: the one folding table
//! for quote marks, apostrophes and hyphens ([`fold`]), the one word tokenizer
//! ([`words`]), the one word diff ([`diff`]), the one regex searched from a
//! known start ([`anchored`]), the one rewriter of a regex's syntax tree
//! ([`hir`]), the one table of prebuilt automata ([`nfa_table`]), the one
//! form of a regex for plain text ([`plain`]) and the one way to search a
//! regex's bounded repeat unbounded first ([`bounded`]).
//! Nothing here knows about sources, rules or findings.

pub(crate) mod anchored;
pub(crate) mod bounded;
pub mod diff;
pub mod fold;
pub(crate) mod hir;
pub(crate) mod nfa_table;
pub(crate) mod plain;
pub mod words;

/// At most this many names are written out in a message; the rest are
/// counted. The structured fields of a finding (its groups, its values,
/// `missing_from`) keep every name, and a message about ten thousand sources
/// stays one readable line rather than growing with them.
pub const NAMED_IN_MESSAGE: usize = 10;

/// Join names for messages: `a`, `a and b`, `a, b and c`; past
/// [`NAMED_IN_MESSAGE`] names, `a, b, … j and 4 more`.
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        many if many.len() > NAMED_IN_MESSAGE => format!(
            "{} and {} more",
            many.get(..NAMED_IN_MESSAGE).unwrap_or_default().join(", "),
            many.len() - NAMED_IN_MESSAGE
        ),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The text in Unicode NFC (returned as is, without a copy, when it already
/// is): sources and patterns are compared composed, so "e" + combining acute
/// and the precomposed "é" are the same letter.
pub fn nfc(text: String) -> String {
    use unicode_normalization::UnicodeNormalization;
    if is_nfc_quick(&text) {
        text
    } else {
        text.nfc().collect()
    }
}

/// The first byte of every character from U+0300 on (the combining marks
/// start there): characters below it are all starters that NFC keeps, so
/// only the characters from it on need a look-up.
const FIRST_CHECKED_BYTE: u8 = 0xCC;

/// Unicode's NFC quick check, `true` only for a certain "yes": what
/// `unicode_normalization::is_nfc_quick` answers, without decoding the
/// characters below U+0300 (most text is nothing else) one by one.
fn is_nfc_quick(text: &str) -> bool {
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::IsNormalized;
    let bytes = text.as_bytes();
    let mut at = 0;
    // End of the last character looked up and its combining class: a mark
    // must not follow a mark of a higher class (a starter in between resets).
    let (mut last_end, mut last_class) = (0, 0u8);
    while at < bytes.len() {
        // Whole blocks without a byte to check are skipped at once.
        let block = bytes.get(at..(at + 64).min(bytes.len())).unwrap_or(&[]);
        // (`is_ascii` reads a word at a time, the common case; `max` over a
        // block compiles to SIMD; `any` would stop byte by byte.)
        if block.is_ascii() || block.iter().copied().max().unwrap_or(0) < FIRST_CHECKED_BYTE {
            at += block.len();
            continue;
        }
        let Some(found) = block.iter().position(|&b| b >= FIRST_CHECKED_BYTE) else {
            at += block.len();
            continue;
        };
        at += found;
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        if at != last_end {
            last_class = 0;
        }
        let class = canonical_combining_class(c);
        if class != 0 && last_class > class {
            return false;
        }
        if unicode_normalization::is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
            return false;
        }
        last_class = class;
        at += c.len_utf8();
        last_end = at;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::IsNormalized;

    #[test]
    fn characters_below_the_first_checked_byte_are_starters_nfc_keeps() {
        for c in '\0'..'\u{300}' {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
        }
        assert_eq!("\u{300}".as_bytes()[0], FIRST_CHECKED_BYTE);
        assert_eq!("\u{2FF}".as_bytes()[0], FIRST_CHECKED_BYTE - 1);
    }

    #[test]
    fn the_quick_check_answers_as_the_library_does() {
        let texts = [
            "plain",
            "caf\u{e9} \u{201c}quoted\u{201d}",
            "cafe\u{301}",
            "e\u{301}\u{323}",
            "e\u{323}\u{301}",
            "a\u{301}b\u{323}\u{301}x",
            "\u{1100}\u{1161}",
            "\u{AC00}\u{11A8}",
            "\u{2126} ohm",
            "\u{340} alone",
            "\u{F900}",
            "\u{1F600} \u{e9}",
        ];
        for text in texts {
            let padded = format!("{}{text}", "x".repeat(70));
            for t in [text, padded.as_str()] {
                let library = unicode_normalization::is_nfc_quick(t.chars()) == IsNormalized::Yes;
                assert_eq!(is_nfc_quick(t), library, "{t:?}");
            }
        }
        assert_eq!(nfc("cafe\u{301}".to_string()), "caf\u{e9}");
    }
}
