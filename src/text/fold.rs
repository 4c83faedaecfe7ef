//! The one folding table: which typographic quote marks, apostrophes and
//! hyphens stand for which straight character.
//!
//! Source normalization (`source::normalize`) folds text with it, the pattern
//! parser folds pattern words and recognizes quote-mark separators with it, and
//! value parsers trim quote marks with it, so a mark that folds in a source
//! also folds in a pattern and a value. En and em dashes are not hyphens and
//! are left alone.

/// The straight character `c` folds to, or `None` when `c` is not a
/// typographic quote mark, apostrophe or hyphen.
pub fn folded(c: char) -> Option<&'static str> {
    match c {
        // Typographic double quotes (and double prime, often mistyped for them).
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{AB}' | '\u{BB}' | '\u{2033}'
        | '\u{FF02}' => Some("\""),
        // Typographic single quotes / apostrophes (and prime).
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2039}' | '\u{203A}'
        | '\u{2032}' | '\u{FF07}' => Some("'"),
        // Unicode hyphen and non-breaking hyphen.
        '\u{2010}' | '\u{2011}' => Some("-"),
        _ => None,
    }
}

/// `c` folded: the straight character for a typographic mark, `c` itself
/// otherwise.
pub fn fold_char(c: char) -> char {
    folded(c).and_then(|s| s.chars().next()).unwrap_or(c)
}

/// Whether `c` is a double quote mark, straight or typographic.
pub fn is_double_quote(c: char) -> bool {
    fold_char(c) == '"'
}

/// Whether `c` is a quote mark or apostrophe of either kind, straight or
/// typographic.
pub fn is_quote_mark(c: char) -> bool {
    matches!(fold_char(c), '"' | '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_fold_to_straight_ones() {
        let text: String = "\u{201C}a\u{201D} \u{AB}b\u{BB} it\u{2019}s non\u{2011}stop \u{2013}"
            .chars()
            .map(fold_char)
            .collect();
        assert_eq!(text, "\"a\" \"b\" it's non-stop \u{2013}");
        assert!(is_double_quote('\u{201E}') && !is_double_quote('\''));
        assert!(is_quote_mark('\u{2018}') && is_quote_mark('"') && !is_quote_mark('-'));
        assert_eq!(folded('x'), None);
    }
}
