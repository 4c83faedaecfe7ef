//! "Did you mean" suggestions for misspelt keys, kinds and placeholders.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["patterns", "aliases", "tolerance"];
        assert_eq!(did_you_mean("pattern", &keys), Some("patterns"));
        assert_eq!(did_you_mean("alias", &keys), Some("aliases"));
        assert_eq!(did_you_mean("colour", &keys), None);
    }
}
