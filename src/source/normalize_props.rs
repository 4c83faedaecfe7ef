//! Property tests for normalization and the offset map: normalizing twice
//! changes nothing, every normalized offset maps to a char boundary of the
//! original and in order, the original slice of a word is the word as
//! written, positions agree with a naive count, and sentences are in bounds,
//! ordered and disjoint.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::normalize::{
    normalize, normalize_slowly, normalize_text, plain_block, plain_word, PLAIN_BLOCK,
};
use super::{LoadOptions, Source};

/// Pieces that normalization treats specially, mixed with plain words.
const PIECES: &[&str] = &[
    "a",
    "word",
    "Kim",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    ".",
    ",",
    "!",
    "?",
    "'",
    "''",
    "\"",
    "`",
    "``",
    "\u{2018}",
    "\u{2019}",
    "\u{201C}",
    "\u{201D}",
    "\u{AB}",
    "\u{A0}",
    "\u{202F}",
    "\u{3000}",
    "\u{AD}",
    "\u{200B}",
    "\u{200D}",
    "\u{202E}",
    "\u{2066}",
    "\u{FEFF}",
    "\u{2028}",
    "\u{2029}",
    "\u{2010}",
    "\u{2014}",
    "\u{1}",
    "\u{1b}",
    "\u{7F}",
    "\u{85}",
    "é",
    "e\u{301}",
    "\u{1F600}",
    "ß",
    "*",
    "**",
    "_",
    "#",
    "## ",
    "> ",
    "[",
    "]",
    "(",
    ")",
    "\\",
    "![",
    "](",
    "30",
    "1,000",
    "Mr.",
];

fn messy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
}

/// A naive 1-based line and column (in chars) of byte `offset` of `text`:
/// lines end at `\n`, `\r\n` or a lone `\r`; the `\n` of a `\r\n` is on
/// the line the pair ends.
fn naive_position(text: &str, offset: usize) -> (usize, usize) {
    let (mut line, mut column) = (1, 1);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i >= offset {
            break;
        }
        let crlf = c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n');
        match c {
            '\n' | '\r' if !crlf => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
    }
    (line, column)
}

/// Whether bytes are copied as they are whatever follows them, by the
/// definition of [`plain_word`] and [`plain_block`]: each is printable ASCII
/// other than `'` and `` ` `` or a space, no space follows a space, and the
/// last is no space.
fn plain_as_each_byte_says(bytes: &[u8]) -> bool {
    let plain = |b: u8| b.is_ascii_graphic() && b != b'\'' && b != b'`';
    bytes.iter().all(|&b| plain(b) || b == b' ')
        && bytes.windows(2).all(|w| w != b"  ")
        && bytes.last() != Some(&b' ')
}

/// Normalization's fast path gives what one character at a time gives: the
/// same text and the same offset map.
fn same_as_slowly(text: &str, markdown: bool) -> Result<(), TestCaseError> {
    let fast = normalize(text, markdown);
    let slow = normalize_slowly(text, markdown);
    prop_assert_eq!(&fast.text, &slow.text, "in {:?}", text);
    prop_assert_eq!(&fast.map, &slow.map, "in {:?}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn normalizing_twice_changes_nothing(text in messy_text()) {
        let once = normalize_text(&text);
        prop_assert_eq!(normalize_text(&once), once);
    }

    #[test]
    fn copying_plain_runs_gives_what_one_character_at_a_time_gives(
        text in messy_text(),
        markdown in any::<bool>(),
    ) {
        same_as_slowly(&text, markdown)?;
    }

    #[test]
    fn eight_bytes_are_plain_as_each_byte_says(
        bytes in prop::collection::vec(
            prop::sample::select(&b" aZ09.,'`\x1f\x7f\x80\xe2!~\x20\x21\x00"[..]),
            8,
        ),
    ) {
        let expected = plain_as_each_byte_says(&bytes);
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes);
        prop_assert_eq!(plain_word(u64::from_le_bytes(word)), expected, "{:?}", bytes);
    }

    #[test]
    fn a_block_is_plain_as_each_byte_says(
        bytes in prop::collection::vec(
            prop::sample::select(&b" aZ09.,'`\x1f\x7f\x80\xe2!~\x20\x21\x00"[..]),
            PLAIN_BLOCK,
        ).prop_map(|mut bytes| {
            // Mostly plain, so that blocks of every answer are tried.
            for (i, b) in bytes.iter_mut().enumerate() {
                if i % 3 != 0 && !matches!(*b, b' ' | b'\'') {
                    *b = b'e';
                }
            }
            bytes
        }),
    ) {
        let expected = plain_as_each_byte_says(&bytes);
        let block: [u8; PLAIN_BLOCK] = bytes.clone().try_into().unwrap();
        prop_assert_eq!(plain_block(&block), expected, "{:?}", bytes);
    }

    #[test]
    fn long_plain_runs_normalize_as_one_character_at_a_time(
        words in prop::collection::vec("[a-z]{1,9}|[A-Z][a-z]{0,8}|[0-9,.;:!?()-]{1,4}", 1..40),
        glue in prop::collection::vec(prop::sample::select(&[" ", "  ", " '", "' ", "`", "\u{2019}", "\t", ""][..]), 40),
    ) {
        let text: String = words
            .iter()
            .zip(glue.iter().cycle())
            .flat_map(|(w, g)| [w.as_str(), *g])
            .collect();
        for markdown in [false, true] {
            same_as_slowly(&text, markdown)?;
        }
    }

    #[test]
    fn normalized_offsets_map_to_char_boundaries_in_order(
        text in messy_text(),
        markdown in any::<bool>(),
    ) {
        let n = normalize(&text, markdown);
        let mut last_start = 0;
        for (i, _) in n.text.char_indices().chain([(n.text.len(), ' ')]) {
            let start = n.map.start(&text, i);
            let end = n.map.end(&text, i);
            prop_assert!(text.is_char_boundary(start), "start({}) = {} in {:?}", i, start, text);
            prop_assert!(text.is_char_boundary(end), "end({}) = {} in {:?}", i, end, text);
            prop_assert!(start >= last_start, "start({}) goes back in {:?}", i, text);
            last_start = start;
        }
    }

    #[test]
    fn original_slice_of_a_word_is_the_word(
        before in messy_text(),
        word in "[A-Za-z0-9]{1,12}",
        after in messy_text(),
    ) {
        // Spaces around the word keep it a word of its own, whatever the
        // neighbouring pieces fold into.
        let original = format!("{before} {word} {after}");
        let source = Source::from_text(None, None, original.clone(), &LoadOptions::default());
        let at = original.len() - after.len() - 1 - word.len();
        // Find the word in the normalized text where it maps back to `at`.
        let found = source
            .text
            .match_indices(word.as_str())
            .map(|(i, _)| i)
            .find(|&i| source.original_offset(i) == at);
        let found = found.expect("the word survives normalization at its place");
        prop_assert_eq!(source.original_slice(found..found + word.len()), word.as_str());
    }

    #[test]
    fn positions_agree_with_a_naive_count(text in messy_text()) {
        let source = Source::from_text(None, None, text.clone(), &LoadOptions::default());
        for (i, _) in source.text.char_indices() {
            let offset = source.original_offset(i);
            let p = source.position(i);
            let (line, column) = naive_position(&text, offset);
            prop_assert_eq!((p.line, p.column), (line, column), "offset {} in {:?}", i, text);
        }
    }

    #[test]
    fn sentences_are_in_bounds_ordered_and_disjoint(
        text in messy_text(),
        markdown in any::<bool>(),
    ) {
        let path = markdown.then(|| std::path::PathBuf::from("a.md"));
        let source = Source::from_text(None, path, text, &LoadOptions::default());
        let mut previous_end = 0;
        for s in &source.sentences {
            prop_assert!(s.start < s.end, "empty sentence {:?}", s);
            prop_assert!(s.end <= source.text.len());
            prop_assert!(s.start >= previous_end, "sentences overlap: {:?}", source.sentences);
            prop_assert!(source.text.is_char_boundary(s.start));
            prop_assert!(source.text.is_char_boundary(s.end));
            prop_assert_eq!(source.sentence_containing(s.start), Some(*s));
            previous_end = s.end;
        }
        for p in source.paragraphs() {
            prop_assert!(p.start <= p.end && p.end <= source.text.len());
        }
    }
}

/// Found by `normalizing_twice_changes_nothing`: a soft hyphen between two
/// apostrophes made them a double quote only on the second pass.
#[test]
fn invisible_characters_do_not_part_doubled_apostrophes() {
    assert_eq!(normalize_text("'\u{AD}'"), "\"");
    assert_eq!(normalize_text("'\u{AD}\u{2018}\u{201C}"), "\"\"");
    assert_eq!(normalize_text("`\u{200B}`x"), "\"x");
}
