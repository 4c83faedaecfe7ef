//! Paragraphs and sentences of the normalized text.
//!
//! A paragraph is a block of consecutive content lines (blank, front matter and
//! boilerplate lines separate blocks). Inside a block, a line break ends a sentence
//! when the line ends in terminal punctuation, when it is much shorter than the
//! block's longest line (a headline or caption in scraped pages; hard-wrapped prose
//! keeps lines of similar width), or when the next line is a list item. Inside
//! those pieces, sentences end at `.`/`!`/`?` (plus closing quotes or brackets)
//! followed by white space and an uppercase letter, digit or opening quote, except
//! after abbreviations, initials and dotted acronyms ("Mr.", "F.", "U.S.").

use super::Sentence;
use crate::lang::{Language, PerLanguage};
use std::ops::Range;

/// A line of the normalized text as the splitter sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextLine {
    /// Byte range of the line, trimmed of white space.
    pub range: Range<usize>,
    /// False for blank lines and for lines excluded as front matter or boilerplate.
    pub content: bool,
}

/// Abbreviations after which a period never ends a sentence, per language
/// (the tables' `abbreviations`, src/lang/). Compared exactly, or in all
/// capitals ("GEN.").
static ABBREVIATIONS: PerLanguage<Vec<Vec<String>>> = PerLanguage::new(|language| {
    // By length in bytes: a word is compared only with abbreviations as long.
    let mut by_length: Vec<Vec<String>> = Vec::new();
    for abbreviation in language.abbreviations() {
        let length = abbreviation.len();
        if by_length.len() <= length {
            by_length.resize_with(length + 1, Vec::new);
        }
        if let Some(same) = by_length.get_mut(length) {
            same.push(abbreviation);
        }
    }
    by_length
});

/// Month words in lower case, per language (a German day before its month).
static MONTH_WORDS: PerLanguage<Vec<String>> = PerLanguage::new(Language::month_words);

/// Closing punctuation that may follow a sentence's final mark.
fn is_closer(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b')' | b']')
}

fn is_terminal(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?')
}

/// Whether `token` (the word before a single period) is an abbreviation, a single
/// capital initial, or a dotted acronym, after which the period is not an ending.
fn is_abbreviation(token: &str, language: &'static Language) -> bool {
    let opening = token
        .bytes()
        .take_while(|b| matches!(b, b'"' | b'\'' | b'(' | b'['))
        .count();
    let token = token.get(opening..).unwrap_or("");
    in_table(token, language) || has_abbreviation_shape(token)
}

/// Whether `token` is one of the language's abbreviations, as written or in
/// all capitals ("GEN.").
fn in_table(token: &str, language: &'static Language) -> bool {
    let same_length = ABBREVIATIONS.get(language).get(token.len());
    let (Some(same), Some(&first)) = (same_length, token.as_bytes().first()) else {
        return false;
    };
    // The first byte, ASCII case aside, rules out most at once.
    let first = first.to_ascii_lowercase();
    same.iter().any(|a| {
        a.as_bytes().first().map(u8::to_ascii_lowercase) == Some(first)
            && (*a == token || (a.eq_ignore_ascii_case(token) && is_all_caps(token)))
    })
}

/// Whether `token` is a single capital initial or a dotted acronym.
fn has_abbreviation_shape(token: &str) -> bool {
    let mut chars = token.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    // "U.S", "U.N", "e.g", "Ph.D": groups of one or two letters joined by inner
    // dots (not "dw.com", whose period may well end a sentence).
    token.contains('.')
        && token.split('.').all(|p| {
            let n = p.chars().count();
            (1..=2).contains(&n) && p.chars().all(char::is_alphabetic)
        })
}

fn is_all_caps(token: &str) -> bool {
    token.chars().all(|c| !c.is_lowercase())
}

/// The word that ends at byte `end` of `text` (back to the previous white space).
fn token_before(text: &str, end: usize) -> &str {
    let head = text.get(..end).unwrap_or("");
    // Byte by byte while the word is ASCII (an ASCII byte is a whole
    // character); any other byte hands over to the search by characters.
    for (i, &b) in head.as_bytes().iter().enumerate().rev() {
        if !b.is_ascii() {
            break;
        }
        if char::from(b).is_whitespace() {
            return head.get(i + 1..).unwrap_or("");
        }
        if i == 0 {
            return head;
        }
    }
    token_before_by_chars(text, end)
}

/// [`token_before`], searching back character by character.
fn token_before_by_chars(text: &str, end: usize) -> &str {
    let head = text.get(..end).unwrap_or("");
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    head.get(start..).unwrap_or("")
}

/// Whether `token.` is a day written as an ordinal before a month name ("10.
/// April"), in a language that writes days so.
fn ordinal_day(language: &'static Language, token: &str, after: Option<&str>) -> bool {
    if !language.ordinal_dot() || !(1..=2).contains(&token.len()) {
        return false;
    }
    if !token.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let next = after
        .unwrap_or("")
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    MONTH_WORDS.get(language).contains(&next)
}

/// Whether a line's last mark ends a sentence (terminal punctuation, possibly
/// followed by closers, and not a lone period after an abbreviation).
fn line_ends_sentence(line: &str, language: &'static Language) -> bool {
    let body = line.trim_end_matches(|c: char| c.is_ascii() && is_closer(c as u8));
    let marks = body.len() - body.trim_end_matches(['.', '!', '?']).len();
    match marks {
        0 => false,
        1 if body.ends_with('.') => !is_abbreviation(token_before(body, body.len() - 1), language),
        _ => true,
    }
}

/// Whether a line starts with a list marker ("- ", "* ", "• ", "1. ", "2) ") or is
/// a table row ("| a | b |"), which begin new sentences.
fn starts_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('|') => true,
        Some('-' | '*' | '•' | '·' | '–' | '—') => chars.next() == Some(' '),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            let rest = line.get(digits..).unwrap_or("");
            digits <= 3 && (rest.starts_with(". ") || rest.starts_with(") "))
        }
        _ => false,
    }
}

/// Paragraph ranges and sentences of `text`, given its lines.
pub(crate) fn segment(
    text: &str,
    lines: &[TextLine],
    language: &'static Language,
) -> (Vec<Range<usize>>, Vec<Sentence>) {
    // A paragraph takes a line and the break after it at least: room for
    // every paragraph without growing the list again and again.
    let mut paragraphs = Vec::with_capacity(lines.len() / 2 + 1);
    // About one sentence per hundred bytes of prose: room for most without
    // growing the list again and again.
    let mut sentences = Vec::with_capacity(text.len() / 128 + 1);
    let mut block: Vec<Range<usize>> = Vec::new();
    for line in lines.iter().chain(std::iter::once(&TextLine {
        range: 0..0,
        content: false,
    })) {
        if line.content && !line.range.is_empty() {
            block.push(line.range.clone());
            continue;
        }
        if let (Some(first), Some(last)) = (block.first(), block.last()) {
            paragraphs.push(first.start..last.end);
            split_block(text, &block, language, &mut sentences);
        }
        block.clear();
    }
    (paragraphs, sentences)
}

/// Splits one paragraph (its line ranges) into sentences.
fn split_block(
    text: &str,
    block: &[Range<usize>],
    language: &'static Language,
    out: &mut Vec<Sentence>,
) {
    let line = |r: &Range<usize>| text.get(r.clone()).unwrap_or("");
    // A one-line block (most prose) needs no widths.
    let widths: Vec<usize> = if block.len() > 1 {
        block.iter().map(|r| line(r).chars().count()).collect()
    } else {
        Vec::new()
    };
    let longest = widths.iter().copied().max().unwrap_or(0);
    let mut piece_start: Option<usize> = None;
    for (i, r) in block.iter().enumerate() {
        let start = *piece_start.get_or_insert(r.start);
        let this = line(r);
        let hard_break = match block.get(i + 1) {
            None => true,
            Some(next) => {
                line_ends_sentence(this, language)
                    || widths.get(i).copied().unwrap_or(0) * 2 < longest
                    || starts_list_item(line(next))
            }
        };
        if hard_break {
            split_piece(text, start..r.end, language, out);
            piece_start = None;
        }
    }
}

/// Splits a run of text with no forced breaks at sentence-ending punctuation.
fn split_piece(
    text: &str,
    piece: Range<usize>,
    language: &'static Language,
    out: &mut Vec<Sentence>,
) {
    let bytes = text.as_bytes();
    let mut start = piece.start;
    let mut i = piece.start;
    while i < piece.end {
        // On to the next terminal mark.
        match bytes
            .get(i..piece.end)
            .and_then(|rest| memchr::memchr3(b'.', b'!', b'?', rest))
        {
            Some(found) => i += found,
            None => break,
        }
        let marks_end = scan(bytes, i, piece.end, is_terminal);
        let end = scan(bytes, marks_end, piece.end, is_closer);
        let next = scan(bytes, end, piece.end, |b| b == b' ' || b == b'\n');
        let splits = next > end
            && next < piece.end
            && text
                .get(next..)
                .and_then(|s| s.chars().next())
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '"' || c == '\'')
            && !(marks_end == i + 1 && bytes.get(i) == Some(&b'.') && {
                let token = token_before(text, i);
                is_abbreviation(token, language) || ordinal_day(language, token, text.get(next..))
            });
        if splits {
            push_trimmed(text, start..end, out);
            start = next;
            i = next;
        } else {
            i = marks_end;
        }
    }
    push_trimmed(text, start..piece.end, out);
}

/// First index at or after `from` (and before `to`) whose byte fails `pred`.
fn scan(bytes: &[u8], from: usize, to: usize, pred: impl Fn(u8) -> bool) -> usize {
    let mut i = from;
    while i < to && bytes.get(i).copied().is_some_and(&pred) {
        i += 1;
    }
    i
}

/// Adds `range` trimmed of white space, unless it holds no letter or digit.
fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Sentence>) {
    let Some(s) = text.get(range.clone()) else {
        return;
    };
    let body = s.trim_start();
    let lead = s.len() - body.len();
    let trimmed = body.trim_end();
    if trimmed.chars().any(char::is_alphanumeric) {
        let start = range.start + lead;
        out.push(Sentence {
            start,
            end: start + trimmed.len(),
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of words before a period: ASCII and not, white space of every
    /// kind, opening marks, abbreviations in every casing.
    const WORD_PIECES: &[&str] = &[
        "a", "U", "S", ".", "Mr", "MR", "mr", "Gen", "GEN", "gen", "Jan", "No", "St", "e", "g",
        "Ph", "D", "dw", "com", "é", "É", "ß", "\"", "'", "(", "[", " ", "\t", "\n", "\u{b}",
        "\u{c}", "\r", "\u{a0}", "\u{2003}", "\u{85}", "10", "x",
    ];

    /// [`in_table`] by its definition: the whole table looked through.
    fn in_table_plainly(token: &str, language: &'static Language) -> bool {
        language
            .abbreviations()
            .iter()
            .any(|a| a.as_str() == token || (a.eq_ignore_ascii_case(token) && is_all_caps(token)))
    }

    proptest! {
        #[test]
        fn the_word_before_a_period_is_read_alike_byte_by_byte(
            pieces in prop::collection::vec(prop::sample::select(WORD_PIECES), 0..12),
        ) {
            let text = pieces.concat();
            for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
                prop_assert_eq!(token_before(&text, end), token_before_by_chars(&text, end));
            }
        }

        #[test]
        fn abbreviations_are_found_as_the_table_says(
            pieces in prop::collection::vec(prop::sample::select(WORD_PIECES), 0..4),
        ) {
            let token = pieces.concat();
            let bare = token.trim_start_matches(['"', '\'', '(', '[']);
            for code in crate::lang::codes() {
                let Some(language) = crate::lang::get(code) else { continue };
                prop_assert_eq!(in_table(bare, language), in_table_plainly(bare, language), "{:?}", bare);
                prop_assert_eq!(
                    is_abbreviation(&token, language),
                    in_table(bare, language) || has_abbreviation_shape(bare),
                    "{:?}", token
                );
            }
        }
    }

    /// Splits `text` with every non-blank line as content.
    fn split(text: &str) -> Vec<&str> {
        split_in(text, crate::lang::english())
    }

    fn split_in<'a>(text: &'a str, language: &'static Language) -> Vec<&'a str> {
        let mut lines = Vec::new();
        let mut offset = 0;
        for l in text.split('\n') {
            let lead = l.len() - l.trim_start().len();
            let start = offset + lead;
            lines.push(TextLine {
                range: start..start + l.trim().len(),
                content: !l.trim().is_empty(),
            });
            offset += l.len() + 1;
        }
        let (_, sentences) = segment(text, &lines, language);
        sentences.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn a_german_day_before_its_month_does_not_end_a_sentence() {
        let de = crate::lang::get("de").unwrap();
        let text = "Das Treffen war am 10. April in Berlin. Am 12. kamen alle.";
        assert_eq!(
            split_in(text, de),
            vec![
                "Das Treffen war am 10. April in Berlin.",
                "Am 12. kamen alle."
            ]
        );
        // German abbreviations add to English's.
        assert_eq!(
            split_in(
                "Es kamen ca. 40 Menschen, u.a. Kinder. Dr. Müller sprach.",
                de
            ),
            vec![
                "Es kamen ca. 40 Menschen, u.a. Kinder.",
                "Dr. Müller sprach."
            ]
        );
        // English keeps its rule: a number and a period end a sentence.
        assert_eq!(
            split("The count rose to 10. April was quiet."),
            vec!["The count rose to 10.", "April was quiet."]
        );
    }

    #[test]
    fn basic_splits() {
        assert_eq!(
            split("Kim spoke. He left! Did he? \"Yes,\" she said. 30 missiles flew."),
            vec![
                "Kim spoke.",
                "He left!",
                "Did he?",
                "\"Yes,\" she said.",
                "30 missiles flew."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split("He called it \"frantic.\" The North disagreed. (It said so.) 'Next' came."),
            vec![
                "He called it \"frantic.\"",
                "The North disagreed. (It said so.)",
                "'Next' came."
            ]
        );
    }

    #[test]
    fn no_split_before_lowercase_or_without_space() {
        assert_eq!(
            split("\"Stop!\" he said. Version 2.0 is out.Really."),
            vec!["\"Stop!\" he said.", "Version 2.0 is out.Really."]
        );
    }

    #[test]
    fn abbreviations_initials_and_acronyms() {
        assert_eq!(
            split("Mr. Kim met Gen. Park and Dr. Lee at 10 a.m. Monday with John F. Kennedy Jr. Smith. The U.S. Army agreed. No. 1 won."),
            vec![
                "Mr. Kim met Gen. Park and Dr. Lee at 10 a.m. Monday with John F. Kennedy Jr. Smith.",
                "The U.S. Army agreed.",
                "No. 1 won."
            ]
        );
        assert_eq!(
            split("Talks began Jan. 5 and ended Sept. 9. Prices rose."),
            vec!["Talks began Jan. 5 and ended Sept. 9.", "Prices rose."]
        );
    }

    #[test]
    fn seed_acronym_sentences_stay_whole() {
        let ap = "The meeting of the ruling Workers' Party's Central Military Commission on Monday came amid heightened tensions as the pace of both the North Korean weapons demonstrations and the U.S.-South Korean joint military drills have intensified in recent weeks in a cycle of tit-for-tat.";
        assert_eq!(split(ap), vec![ap]);
        let kcna = "KCNA said Kim and the military commission members analyzed the security situation on the Korean Peninsula \"in which the U.S. imperialists and the (South) Korean puppet traitors are getting ever more undisguised in their moves for a war of aggression\" and discussed preparation for proposed military actions that their enemy has no way of counteracting.";
        assert_eq!(split(kcna), vec![kcna]);
    }

    #[test]
    fn ap_paragraph_with_two_sentences() {
        let p = "The U.S. and South Korean militaries conducted their biggest field exercises in years last month and separately held joint naval and air force drills involving a U.S. aircraft carrier strike group and nuclear-capable U.S. bombers. KCNA claimed the drills simulated an all-out war against North Korea and communicated threats to occupy Pyongyang and decapitate its leadership.";
        let s = split(p);
        assert_eq!(s.len(), 2);
        assert!(s[0].ends_with("U.S. bombers."));
        assert!(s[1].starts_with("KCNA claimed"));
    }

    #[test]
    fn ellipses_and_mixed_marks_split() {
        assert_eq!(
            split("Wait... Then it came?! Yes."),
            vec!["Wait...", "Then it came?!", "Yes."]
        );
    }

    #[test]
    fn paragraphs_and_line_rules() {
        // Hard-wrapped prose: lines of similar width join into one sentence.
        let wrapped = "North Korea has started the year with multiple\nweapons tests, comprising the launch of two\nintercontinental ballistic missiles.";
        assert_eq!(split(wrapped), vec![wrapped]);
        // A short headline line above a long line is its own sentence.
        assert_eq!(
            split("Kim speaks\nNorth Korean leader Kim Jong Un vowed to enhance his arsenal"),
            vec![
                "Kim speaks",
                "North Korean leader Kim Jong Un vowed to enhance his arsenal"
            ]
        );
        // A line ending in punctuation ends a sentence even before lowercase text.
        assert_eq!(
            split("the first line ends here.\nand the second goes on"),
            vec!["the first line ends here.", "and the second goes on"]
        );
        // ... but not after an abbreviation.
        assert_eq!(
            split("sanctions were imposed by the U.S.\nand the allies that year"),
            vec!["sanctions were imposed by the U.S.\nand the allies that year"]
        );
        // List items.
        assert_eq!(
            split("Facts of the day are these\n- two missiles\n- one drill\n1. first\n2) second\n| a | b |\n| c | d |"),
            vec![
                "Facts of the day are these",
                "- two missiles",
                "- one drill",
                "1. first",
                "2) second",
                "| a | b |",
                "| c | d |"
            ]
        );
    }

    #[test]
    fn blank_and_excluded_lines_separate_paragraphs() {
        let text = "One para\ncontinues here\n\nAd line\nTwo.";
        let lines = vec![
            TextLine {
                range: 0..8,
                content: true,
            },
            TextLine {
                range: 9..23,
                content: true,
            },
            TextLine {
                range: 24..24,
                content: false,
            },
            TextLine {
                range: 25..32,
                content: false,
            },
            TextLine {
                range: 33..37,
                content: true,
            },
        ];
        let (paras, sentences) = segment(text, &lines, crate::lang::english());
        assert_eq!(paras, vec![0..23, 33..37]);
        let s: Vec<_> = sentences.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(s, vec!["One para\ncontinues here", "Two."]);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        assert!(split("").is_empty());
        assert!(split("...").is_empty());
        assert!(split("--- *** ---").is_empty());
        assert_eq!(split(". A"), vec!["A"]);
        assert_eq!(split("é. É. 1."), vec!["é.", "É. 1."]);
        assert_eq!(split("\"(U.S.)\" Next."), vec!["\"(U.S.)\" Next."]);
        let long = "a.".repeat(10_000) + " B";
        assert_eq!(split(&long).len(), 1);
    }

    #[test]
    fn abbreviation_rules() {
        let en = crate::lang::english();
        assert!(is_abbreviation("Mr", en));
        assert!(is_abbreviation("MR", en));
        assert!(is_abbreviation("(Gen", en));
        assert!(!is_abbreviation("no", en));
        assert!(is_abbreviation("U.S", en));
        assert!(is_abbreviation("Ph.D", en));
        assert!(is_abbreviation("F", en));
        assert!(!is_abbreviation("f", en));
        assert!(!is_abbreviation("2016", en));
        assert!(!is_abbreviation("3.5", en));
        assert!(!is_abbreviation("dw.com", en));
        assert!(!is_abbreviation("", en));
    }
}
