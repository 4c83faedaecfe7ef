//! The one word tokenizer: how text becomes the words that comparisons count.
//!
//! Two forms, one place:
//! - [`normalize_words`]: quote words. Splits at white space, hyphens, dashes,
//!   slashes and ellipses, so quotes that hyphenate differently still line up
//!   word by word (alignment, excerpts, `contains:`);
//! - [`phrase_words`]: phrase words. Keeps hyphenated words whole, so
//!   `tit-for-tat` is one word of a `phrase` value.
//!
//! Both lowercase and drop every other non-alphanumeric character (quote marks,
//! apostrophes, periods, brackets).

/// [`normalize_words`], with whether punctuation follows each word.
pub fn words_and_breaks(text: &str) -> (Vec<String>, Vec<bool>) {
    let mut words = Vec::new();
    let mut breaks: Vec<bool> = Vec::new();
    let is_sep = |c: char| {
        c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '/' | '\u{2026}')
    };
    for piece in text.split_inclusive(is_sep) {
        let word: String = piece
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let tail = piece
            .rsplit(|c: char| c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let punct = tail.contains([
            ',', '.', ';', ':', '!', '?', '\u{2013}', '\u{2014}', '\u{2026}',
        ]) || piece.ends_with(['\u{2013}', '\u{2014}']);
        if word.is_empty() {
            if punct {
                if let Some(last) = breaks.last_mut() {
                    *last = true;
                }
            }
            continue;
        }
        words.push(word);
        breaks.push(punct);
    }
    (words, breaks)
}

/// Splits quoted text into comparable words: lowercase; split at white space,
/// hyphens, dashes and slashes; every other non-alphanumeric character
/// (quote marks, apostrophes, periods, commas, brackets) removed.
/// `"U.S.-led"` gives `["us", "led"]`, `"(South)"` gives `["south"]`,
/// `"1,000"` gives `["1000"]`.
pub fn normalize_words(text: &str) -> Vec<String> {
    words_and_breaks(text).0
}

/// The words of a `phrase` value: lowercase, punctuation and quote marks
/// removed, `U.S.` joined to `us`, `(South)` to `south`; split only at white
/// space and en/em dashes, so hyphenated words stay one word (`tit-for-tat`).
pub fn phrase_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '—' || c == '–')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '-')
                .flat_map(char::to_lowercase)
                .collect::<String>()
                .trim_matches('-')
                .to_string()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_words_fold_case_punctuation_and_abbreviations() {
        assert_eq!(
            phrase_words("the U.S. imperialists and the (South) Korean"),
            vec!["the", "us", "imperialists", "and", "the", "south", "korean"]
        );
        assert_eq!(phrase_words("“strong regret”"), vec!["strong", "regret"]);
        assert_eq!(phrase_words("tit-for-tat,"), vec!["tit-for-tat"]);
    }

    #[test]
    fn quote_words_split_at_hyphens_and_slashes() {
        assert_eq!(normalize_words("U.S.-led"), vec!["us", "led"]);
        assert_eq!(
            normalize_words("(South) 1,000 a/b"),
            vec!["south", "1000", "a", "b"]
        );
        let (words, breaks) = words_and_breaks("no, never. again");
        assert_eq!(words, vec!["no", "never", "again"]);
        assert_eq!(breaks, vec![true, true, false]);
    }
}
