//! Text normalization for matching, with a map from every normalized byte back to
//! the original text.
//!
//! Normalization folds what would defeat matching (typographic quotes, odd spaces,
//! soft hyphens, zero-width characters, control characters, Markdown markup) while
//! keeping the line structure. The [`OffsetMap`] lets reports point at the ORIGINAL
//! bytes, so a curly quote or a non-breaking space never shifts a reported column.

use super::lines::{ceil_char_boundary, floor_char_boundary, raw_lines};
use std::ops::Range;

/// Normalized text plus its map back to the original.
#[derive(Debug, Clone, Default)]
pub(crate) struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Normalized -> original offsets.
    pub map: OffsetMap,
}

/// Maps normalized byte offsets to original byte offsets.
///
/// Stored as runs rather than one entry per byte: each run `(norm, orig)` maps
/// normalized bytes `norm..` linearly to original bytes `orig..` up to the next run.
/// Plain text is one run; each folded character that changes length starts a new
/// one. A replacement character's byte maps to the start of the character it
/// replaces, so the run stays exact for starts; ends are rounded up to the next
/// char boundary of the original, which covers the whole replaced character.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OffsetMap {
    runs: Vec<(usize, usize)>,
    text_len: usize,
}

impl OffsetMap {
    /// The run holding normalized byte `n`, if any text was emitted.
    fn run_for(&self, n: usize) -> Option<(usize, usize)> {
        let i = self.runs.partition_point(|&(norm, _)| norm <= n);
        i.checked_sub(1).and_then(|i| self.runs.get(i)).copied()
    }

    /// Original offset where the character at normalized offset `n` starts.
    /// `n == text.len()` (or beyond) gives the end of the last mapped character.
    pub(crate) fn start(&self, original: &str, n: usize) -> usize {
        if n >= self.text_len {
            return self.end(original, self.text_len);
        }
        match self.run_for(n) {
            Some((norm, orig)) => floor_char_boundary(original, orig + (n - norm)),
            None => 0,
        }
    }

    /// Original offset just past the character that ends at normalized offset `e`
    /// (an exclusive range end).
    pub(crate) fn end(&self, original: &str, e: usize) -> usize {
        let e = e.min(self.text_len);
        if e == 0 {
            return self.runs.first().map_or(0, |&(_, orig)| orig);
        }
        match self.run_for(e - 1) {
            Some((norm, orig)) => ceil_char_boundary(original, orig + (e - norm)),
            None => 0,
        }
    }

    /// Number of runs (for tests of compactness).
    #[cfg(test)]
    fn run_count(&self) -> usize {
        self.runs.len()
    }
}

/// Accumulates normalized text and its runs. Also builds the article text of
/// documents (HTML, ninjs, NewsML-G2), whose runs map back into the document file.
#[derive(Default)]
pub(crate) struct Builder {
    text: String,
    runs: Vec<(usize, usize)>,
    /// Original offset of a pending run of horizontal white space, emitted as one
    /// ' ' only if a visible character follows on the same line.
    pending_space: Option<usize>,
}

impl Builder {
    /// Appends `s`, whose first byte comes from original offset `orig`.
    pub(crate) fn emit(&mut self, orig: usize, s: &str) {
        let n = self.text.len();
        let continues = self
            .runs
            .last()
            .is_some_and(|&(norm, o)| o + (n - norm) == orig);
        if !continues {
            self.runs.push((n, orig));
        }
        self.text.push_str(s);
    }

    /// Appends a visible (non-space) character, flushing a pending space first.
    pub(crate) fn visible(&mut self, orig: usize, s: &str) {
        if let Some(space_at) = self.pending_space.take() {
            // Leading white space of a line is dropped: it carries no meaning.
            if !self.text.is_empty() && !self.text.ends_with('\n') {
                self.emit(space_at, " ");
            }
        }
        self.emit(orig, s);
    }

    /// Notes white space at `orig`: one ' ' is written if a visible character
    /// follows on the same line.
    pub(crate) fn space(&mut self, orig: usize) {
        if self.pending_space.is_none() {
            self.pending_space = Some(orig);
        }
    }

    /// Trailing white space of a line is dropped with the pending space.
    pub(crate) fn newline(&mut self, orig: usize) {
        self.pending_space = None;
        self.emit(orig, "\n");
    }

    /// Ends the current line unless the text is empty or already ends a line.
    pub(crate) fn line_break(&mut self, orig: usize) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.newline(orig);
        }
        self.pending_space = None;
    }

    /// Ends the current paragraph with a blank line (at most one blank line in a
    /// row, none at the start).
    pub(crate) fn paragraph_break(&mut self, orig: usize) {
        self.line_break(orig);
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.newline(orig);
        }
    }

    /// Appends `text`, whose char at byte `i` comes from original offset `at(i)`:
    /// how a text mapped into one document (a JSON string, an HTML fragment) is
    /// mapped on into the file around it.
    pub(crate) fn append_via(&mut self, text: &str, at: impl Fn(usize) -> usize) {
        let mut buf = [0u8; 4];
        for (i, c) in text.char_indices() {
            self.emit(at(i), c.encode_utf8(&mut buf));
        }
    }

    pub(crate) fn finish(self) -> Normalized {
        let text_len = self.text.len();
        Normalized {
            text: self.text,
            map: OffsetMap {
                runs: self.runs,
                text_len,
            },
        }
    }
}

/// Whether `c` is ASCII that normalization keeps as it is: a letter, a digit
/// or punctuation other than the two marks that may stand doubled for a
/// double quote (`'`, `` ` ``).
fn is_plain(c: char) -> bool {
    c.is_ascii_graphic() && c != '\'' && c != '`'
}

/// How many bytes at the start of `rest` (which follows a plain character,
/// and ends before any Markdown drop) normalization copies as they are:
/// plain ASCII, a single space before a plain character (written as the one
/// space it stands for), and an apostrophe or backtick followed by other
/// ASCII (not doubled, so kept). Copying them in one step is what the
/// character-by-character path would write, with the same offsets.
fn plain_run(rest: &[u8]) -> usize {
    let mut n = 0;
    loop {
        // Thirty-two bytes at a time, then eight, while all of them are
        // copied for certain, then one byte by itself (a space ending the
        // eight, an apostrophe).
        while let Some(block) = rest.get(n..n + PLAIN_BLOCK).and_then(|b| b.try_into().ok()) {
            if !plain_block(block) {
                break;
            }
            n += PLAIN_BLOCK;
        }
        while let Some(chunk) = rest.get(n..n + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if !plain_word(u64::from_le_bytes(word)) {
                break;
            }
            n += 8;
        }
        let Some(&b) = rest.get(n) else {
            break;
        };
        let next = rest.get(n + 1).copied();
        let copied = is_plain(char::from(b))
            || (b == b' ' && next.is_some_and(|x| is_plain(char::from(x))))
            || (matches!(b, b'\'' | b'`')
                && next.is_some_and(|x| x.is_ascii() && !matches!(x, b'\'' | b'`')));
        if !copied {
            break;
        }
        n += 1;
    }
    n
}

/// Bytes [`plain_block`] reads at once.
pub(crate) const PLAIN_BLOCK: usize = 32;

/// [`plain_word`] for a block of bytes: each is printable ASCII other than
/// `'` and `` ` `` or a space, no space is followed by a space, and the last
/// is no space. Written as plain loops over a fixed-size array, which the
/// compiler turns into vector instructions (about half the cost of four
/// [`plain_word`]s).
pub(crate) fn plain_block(block: &[u8; PLAIN_BLOCK]) -> bool {
    let mut other = false;
    for &b in block {
        // 0x21..=0x7E is printable ASCII other than the space.
        let printable = b.wrapping_sub(0x21) < 0x5E && b != b'\'' && b != b'`';
        other |= !(printable || b == b' ');
    }
    let mut doubled = false;
    for pair in block.windows(2) {
        doubled |= pair.first() == Some(&b' ') && pair.get(1) == Some(&b' ');
    }
    !other && !doubled && block.last() != Some(&b' ')
}

/// Whether eight bytes (little-endian in `w`) are all copied by [`plain_run`]
/// whatever follows them: each is printable ASCII other than `'` and `` ` ``
/// or a space, no space is followed by a space, and the last is no space.
pub(crate) fn plain_word(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of the result is set where that byte of
    // `x` is zero, exactly (no carry crosses bytes).
    let zero_bytes = |x: u64| !(((x & !HIGH) + !HIGH) | x) & HIGH;
    let below_space = (w.wrapping_sub(ONES * 0x20)) & !w & HIGH;
    let special = (w & HIGH)
        | below_space
        | zero_bytes(w ^ (ONES * 0x7F))
        | zero_bytes(w ^ (ONES * u64::from(b'\'')))
        | zero_bytes(w ^ (ONES * u64::from(b'`')));
    let spaces = zero_bytes(w ^ (ONES * 0x20));
    special == 0 && spaces & (spaces >> 8) == 0 && spaces >> 56 == 0
}

/// What normalization does with one character.
enum Class {
    Keep,
    Replace(&'static str),
    Space,
    Drop,
    Newline,
}

fn classify(c: char) -> Class {
    // Typographic quote marks, apostrophes and hyphens: the shared table.
    if let Some(straight) = crate::text::fold::folded(c) {
        return Class::Replace(straight);
    }
    match c {
        // Horizontal white space of every width.
        ' '
        | '\t'
        | '\u{A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Class::Space,
        // Invisible characters: soft hyphen, zero-width space/joiners, word joiner,
        // BOM, Mongolian vowel separator, and bidi controls (which could also reorder
        // text shown in a terminal).
        '\u{AD}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => Class::Drop,
        // Unicode line/paragraph separators keep their structural meaning.
        '\u{2028}' | '\u{2029}' => Class::Newline,
        // Other control characters must never reach reports raw.
        c if c.is_control() => Class::Space,
        _ => Class::Keep,
    }
}

/// Whether every run of ASCII letters and digits that normalizing `text`
/// (not as Markdown) makes, and every text that such a run matches
/// case-insensitively under Unicode's case folding, `text` holds as it is,
/// ASCII case aside: so an ASCII word the text lacks, its normalized form
/// lacks too. `false` when the text has a character that normalization
/// drops from inside a word (a soft hyphen, a zero-width character), a
/// combining mark (composition may join it to a letter), or one that
/// decomposes or case-folds to an ASCII letter (KELVIN SIGN, LATIN SMALL
/// LETTER LONG S). Everything else normalization writes is white space or
/// punctuation, and NFC has been applied when the text was read.
pub(crate) fn ascii_words_survive(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Whole blocks of ASCII are passed at once (`is_ascii` reads words).
        let block = bytes
            .get(at..(at + 64).min(bytes.len()))
            .unwrap_or_default();
        let found = if block.is_ascii() {
            None
        } else {
            block.iter().position(|b| !b.is_ascii())
        };
        let Some(found) = found else {
            at += block.len();
            continue;
        };
        at += found;
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        if matches!(classify(c), Class::Drop)
            || matches!(c, '\u{212A}' | '\u{017F}')
            || unicode_normalization::char::canonical_combining_class(c) != 0
            || unicode_normalization::char::is_combining_mark(c)
        {
            return false;
        }
        at += c.len_utf8();
    }
    true
}

/// Normalizes `original`; `markdown` also strips Markdown markup.
pub(crate) fn normalize(original: &str, markdown: bool) -> Normalized {
    normalize_by(original, markdown, true)
}

/// [`normalize`], copying runs of plain text in one step (`runs`) or one
/// character at a time (what the tests compare the fast path with).
fn normalize_by(original: &str, markdown: bool, runs: bool) -> Normalized {
    // Normalized text is about as long as the original: one allocation.
    let mut b = Builder {
        text: String::with_capacity(original.len()),
        ..Builder::default()
    };
    let mut buf = [0u8; 4];
    for line in raw_lines(original) {
        let base = line.content.start;
        let content = original.get(line.content.clone()).unwrap_or("");
        let drops = if markdown {
            markdown_drops(content)
        } else {
            Vec::new()
        };
        let mut d = 0;
        let mut skip_to = 0;
        let mut i = 0;
        while let Some(c) = content.get(i..).and_then(|rest| rest.chars().next()) {
            let here = i;
            i += c.len_utf8();
            while drops.get(d).is_some_and(|r| r.end <= here) {
                d += 1;
            }
            if here < skip_to || drops.get(d).is_some_and(|r| r.start <= here) {
                continue;
            }
            let at = base + here;
            // A run of plain ASCII (letters, digits, punctuation that is kept
            // as it is) is copied in one step: the common case, with no
            // look-ups. It stops before the next Markdown drop.
            if runs && is_plain(c) {
                let limit = drops.get(d).map_or(content.len(), |r| r.start);
                let run = content.as_bytes().get(i..limit).map_or(0, plain_run);
                b.visible(at, content.get(here..i + run).unwrap_or(""));
                i += run;
                continue;
            }
            // Two apostrophes (`''...''`) or two backticks (``` ``...'' ```)
            // stand for a double quote mark in wire and typewritten copy.
            // Invisible characters between the two marks do not part them, so
            // that normalizing twice gives what normalizing once did.
            let single = |x: char| matches!(x, '\'' | '\u{2018}' | '\u{2019}');
            if single(c) || c == '`' {
                let after = i;
                let next = content.get(after..).and_then(|t| {
                    t.char_indices()
                        .find(|&(_, n)| !matches!(classify(n), Class::Drop))
                });
                let doubled = match next {
                    Some((_, n)) => (single(c) && single(n)) || (c == '`' && n == '`'),
                    None => false,
                };
                if let (true, Some((j, n))) = (doubled, next) {
                    b.visible(at, "\"");
                    skip_to = after + j + n.len_utf8();
                    continue;
                }
            }
            match classify(c) {
                Class::Keep => b.visible(at, c.encode_utf8(&mut buf)),
                Class::Replace(r) => b.visible(at, r),
                Class::Space => b.space(at),
                Class::Drop => {}
                Class::Newline => b.newline(at),
            }
        }
        match line.terminator {
            0 => {}
            // "\r\n": the '\r' is dropped, the '\n' kept.
            2 => b.newline(line.content.end + 1),
            // '\n', or a lone '\r' that becomes '\n'.
            _ => b.newline(line.content.end),
        }
    }
    b.finish()
}

/// [`normalize`] one character at a time, for tests of the fast path.
#[cfg(test)]
pub(crate) fn normalize_slowly(original: &str, markdown: bool) -> Normalized {
    normalize_by(original, markdown, false)
}

/// Normalizes a plain-text string the way sources are normalized (quotes, spaces,
/// hyphens, invisible and control characters), so that patterns and values written
/// by users compare equal to source text.
pub fn normalize_text(text: &str) -> String {
    normalize(text, false).text
}

/// Longest link text and link destination we look for; bounds the work per `[`.
const MAX_LINK_TEXT: usize = 1000;
const MAX_LINK_URL: usize = 2000;

/// Byte ranges of one Markdown line (relative to it) that hold markup to drop:
/// block-quote and heading markers, emphasis delimiters, link syntax, escapes.
fn markdown_drops(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut drops = Vec::new();

    // Block prefix: any number of '>' markers, then an ATX heading marker.
    let mut i = 0;
    let mut prefix_end = 0;
    loop {
        let j = skip_blanks(bytes, i);
        if bytes.get(j) == Some(&b'>') {
            i = j + 1;
            prefix_end = i;
        } else {
            break;
        }
    }
    let j = skip_blanks(bytes, i);
    let hashes = bytes
        .get(j..)
        .map_or(0, |rest| rest.iter().take_while(|&&b| b == b'#').count());
    let mut heading = false;
    if (1..=6).contains(&hashes) && matches!(bytes.get(j + hashes), None | Some(b' ' | b'\t')) {
        i = j + hashes;
        prefix_end = i;
        heading = true;
    }
    if prefix_end > 0 {
        drops.push(0..prefix_end);
    }

    // A heading's optional closing sequence: "## Title ##".
    let mut inline_end = bytes.len();
    if heading {
        let trimmed = line.trim_end().len();
        let closing = bytes
            .get(..trimmed)
            .map_or(0, |s| s.iter().rev().take_while(|&&b| b == b'#').count());
        let closing_start = trimmed - closing;
        if closing > 0
            && closing_start > i
            && matches!(
                closing_start.checked_sub(1).and_then(|p| bytes.get(p)),
                Some(b' ' | b'\t')
            )
        {
            inline_end = closing_start;
        }
    }

    // Inline markup.
    let mut k = i;
    let mut link_close: Option<(usize, usize)> = None;
    while k < inline_end {
        if let Some((close, after)) = link_close {
            if k == close {
                drops.push(close..after);
                link_close = None;
                k = after;
                continue;
            }
        }
        match bytes.get(k) {
            Some(b'\\') if bytes.get(k + 1).is_some_and(u8::is_ascii_punctuation) => {
                // The escaped character is literal text: keep it, skip its meaning.
                drops.push(k..k + 1);
                k += 2;
            }
            Some(b'!') if link_close.is_none() && bytes.get(k + 1) == Some(&b'[') => {
                match link_at(bytes, k + 1) {
                    // Images are page furniture: dropped with their alt text.
                    Some((_, after)) => {
                        drops.push(k..after);
                        k = after;
                    }
                    None => k += 1,
                }
            }
            Some(b'[') if link_close.is_none() => match link_at(bytes, k) {
                Some((close, after)) => {
                    drops.push(k..k + 1);
                    link_close = Some((close, after));
                    k += 1;
                }
                None => k += 1,
            },
            Some(&m @ (b'*' | b'_')) => {
                let run = bytes
                    .get(k..inline_end)
                    .map_or(1, |s| s.iter().take_while(|&&b| b == m).count());
                let prev = line.get(..k).and_then(|s| s.chars().next_back());
                let next = line.get(k + run..).and_then(|s| s.chars().next());
                if run <= 3 && is_emphasis(prev, next) {
                    drops.push(k..k + run);
                }
                k += run;
            }
            _ => k += 1,
        }
    }
    if inline_end < bytes.len() {
        drops.push(inline_end..bytes.len());
    }
    drops
}

fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

/// If an inline link `[text](url)` starts at `open` (a '['), returns the offset of
/// its ']' and the offset just past its ')'.
fn link_at(bytes: &[u8], open: usize) -> Option<(usize, usize)> {
    let close = matching(bytes, open, b'[', b']', MAX_LINK_TEXT)?;
    if bytes.get(close + 1) != Some(&b'(') {
        return None;
    }
    let paren_close = matching(bytes, close + 1, b'(', b')', MAX_LINK_URL)?;
    Some((close, paren_close + 1))
}

/// Offset of the delimiter closing the one at `open`, counting nesting and skipping
/// backslash escapes, looking at most `limit` bytes ahead.
fn matching(bytes: &[u8], open: usize, left: u8, right: u8, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    let stop = open.saturating_add(limit).min(bytes.len());
    while i < stop {
        match bytes.get(i) {
            Some(b'\\') => i += 1,
            Some(&b) if b == left => depth += 1,
            Some(&b) if b == right => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether a `*`/`_` run between `prev` and `next` is an emphasis delimiter
/// (CommonMark's left- or right-flanking rule). Runs inside a word or number
/// ("snake_case", "5*3") are kept as text.
fn is_emphasis(prev: Option<char>, next: Option<char>) -> bool {
    let space = |c: Option<char>| match c {
        Some(c) => c.is_whitespace(),
        None => true,
    };
    let punct = |c: Option<char>| c.is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace());
    let left = !space(next) && (!punct(next) || space(prev) || punct(prev));
    let right = !space(prev) && (!punct(prev) || space(next) || punct(next));
    let inside_word =
        prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
    (left || right) && !inside_word
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn plain_ascii_is_kept_as_it_is() {
        // The fast path copies runs of these without classifying them.
        for c in (0u8..=127).map(char::from).filter(|&c| is_plain(c)) {
            assert!(matches!(classify(c), Class::Keep), "{c:?}");
        }
    }

    /// Normalizes and checks that every normalized char maps to an original char
    /// boundary, returning the result.
    fn norm(original: &str, markdown: bool) -> Normalized {
        let n = normalize(original, markdown);
        for (i, _) in n.text.char_indices() {
            let o = n.map.start(original, i);
            assert!(original.is_char_boundary(o), "offset {o} of {i}");
        }
        n
    }

    /// The original text covered by a normalized range.
    fn orig<'a>(original: &'a str, n: &Normalized, r: Range<usize>) -> &'a str {
        let a = n.map.start(original, r.start);
        let b = n.map.end(original, r.end);
        &original[a..b]
    }

    #[test]
    fn curly_double_quotes_fold_and_map() {
        let s = "said \u{201C}frantic\u{201D} drills";
        let n = norm(s, false);
        assert_eq!(n.text, "said \"frantic\" drills");
        let f = n.text.find("frantic").unwrap();
        assert_eq!(n.map.start(s, f), s.find("frantic").unwrap());
        // The quoted word with its quotes covers the full curly quotes.
        assert_eq!(orig(s, &n, f - 1..f + 8), "\u{201C}frantic\u{201D}");
        let d = n.text.find("drills").unwrap();
        assert_eq!(n.map.start(s, d), s.find("drills").unwrap());
    }

    #[test]
    fn all_double_and_single_quote_forms() {
        let s = "\u{201E}a\u{201F} \u{AB}b\u{BB} c\u{2033} \u{2018}d\u{2019} \u{201A}e\u{201B} \u{2039}f\u{203A} 5\u{2032}";
        assert_eq!(norm(s, false).text, "\"a\" \"b\" c\" 'd' 'e' 'f' 5'");
    }

    #[test]
    fn doubled_apostrophes_and_backticks_are_double_quotes() {
        let s = "''We will rebuild,'' he said. ``Nobody told us,'' she said. It's Kim's.";
        let n = norm(s, false);
        assert_eq!(
            n.text,
            "\"We will rebuild,\" he said. \"Nobody told us,\" she said. It's Kim's."
        );
        let w = n.text.find("We").unwrap();
        assert_eq!(n.map.start(s, w), s.find("We").unwrap());
        let k = n.text.find("Kim").unwrap();
        assert_eq!(n.map.start(s, k), s.find("Kim").unwrap());
    }

    #[test]
    fn spaces_collapse_and_map_to_first() {
        let s = "a\u{A0} \t\u{202F}b\u{2009}c\u{3000}d\u{200A}e\u{2007}f";
        let n = norm(s, false);
        assert_eq!(n.text, "a b c d e f");
        assert_eq!(n.map.start(s, 1), 1);
        assert_eq!(n.map.start(s, 2), s.find('b').unwrap());
        assert_eq!(
            n.map.start(s, n.text.find('f').unwrap()),
            s.find('f').unwrap()
        );
    }

    #[test]
    fn line_edges_lose_white_space_and_keep_newlines() {
        let s = "  lead\u{A0}\n\n\ttrail  \r\nend ";
        let n = norm(s, false);
        assert_eq!(n.text, "lead\n\ntrail\nend");
        let t = n.text.find("trail").unwrap();
        assert_eq!(n.map.start(s, t), s.find("trail").unwrap());
        let e = n.text.find("end").unwrap();
        assert_eq!(n.map.start(s, e), s.find("end").unwrap());
    }

    #[test]
    fn carriage_returns() {
        let s = "a\r\nb\rc";
        let n = norm(s, false);
        assert_eq!(n.text, "a\nb\nc");
        assert_eq!(n.map.start(s, 2), 3);
        assert_eq!(n.map.start(s, 4), 5);
    }

    #[test]
    fn invisible_characters_are_removed() {
        let s = "\u{FEFF}co\u{AD}op\u{200B}er\u{200C}a\u{200D}t\u{2060}e \u{202E}x";
        let n = norm(s, false);
        assert_eq!(n.text, "cooperate x");
        assert_eq!(n.map.start(s, 0), 3);
        let x = n.text.find('x').unwrap();
        assert_eq!(n.map.start(s, x), s.find('x').unwrap());
        // The range of "cooperate" in the original keeps the soft hyphen etc.
        assert_eq!(orig(s, &n, 0..9), &s[3..s.find(" ").unwrap()]);
    }

    #[test]
    fn soft_hyphen_between_spaces_still_collapses() {
        assert_eq!(norm("a \u{AD} b", false).text, "a b");
    }

    #[test]
    fn ascii_words_survive_unless_normalizing_can_make_one() {
        // Curly quotes, dashes, accented letters and wide spaces only become
        // punctuation or white space, or stay letters that are not ASCII.
        for text in [
            "",
            "plain words",
            "“quoted” – it’s café\u{A0}time",
            "Zürich\r\n",
        ] {
            assert!(ascii_words_survive(text), "{text:?}");
            let lower = normalize(text, false).text.to_ascii_lowercase();
            assert!(lower
                .split(|c: char| !c.is_ascii_alphanumeric())
                .all(|w| text.to_ascii_lowercase().contains(w)));
        }
        // A soft hyphen or zero-width space inside a word is dropped (the
        // word appears), a combining mark may compose, and the Kelvin sign
        // and long s match `k` and `s` case-insensitively.
        for text in [
            "earth\u{AD}quake",
            "ear\u{200B}th",
            "cafe\u{301}",
            "\u{212A}im",
            "\u{17F}torm",
        ] {
            assert!(!ascii_words_survive(text), "{text:?}");
        }
        assert_eq!(normalize("earth\u{AD}quake", false).text, "earthquake");
    }

    #[test]
    fn hyphens_fold_but_dashes_stay() {
        let s = "non\u{2010}stop non\u{2011}breaking en\u{2013}dash em\u{2014}dash";
        assert_eq!(
            norm(s, false).text,
            "non-stop non-breaking en\u{2013}dash em\u{2014}dash"
        );
    }

    #[test]
    fn control_characters_become_spaces() {
        let s = "a\u{0}b\u{1B}[31mc\u{7F}d\u{85}e\u{0B}f";
        let n = norm(s, false);
        assert_eq!(n.text, "a b [31mc d e f");
        assert!(!n.text.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn line_separators_become_newlines() {
        assert_eq!(norm("a\u{2028}b\u{2029}c", false).text, "a\nb\nc");
    }

    #[test]
    fn empty_and_blank_inputs() {
        let n = norm("", false);
        assert_eq!(n.text, "");
        assert_eq!(n.map.start("", 0), 0);
        assert_eq!(n.map.end("", 5), 0);
        let s = " \u{A0}\u{FEFF} ";
        let n = norm(s, false);
        assert_eq!(n.text, "");
        assert_eq!(n.map.start(s, 0), 0);
    }

    #[test]
    fn ends_cover_replaced_characters() {
        let s = "x\u{201D}";
        let n = norm(s, false);
        assert_eq!(n.text, "x\"");
        assert_eq!(n.map.end(s, 2), s.len());
        assert_eq!(n.map.start(s, 2), s.len());
        let s = "x\u{A0}";
        let n = norm(s, false);
        assert_eq!(n.text, "x");
        assert_eq!(n.map.end(s, 1), 1);
    }

    #[test]
    fn plain_text_is_one_run() {
        let s = "plain ascii text\nwith two lines\n";
        let n = norm(s, false);
        assert_eq!(n.text, s);
        assert_eq!(n.map.run_count(), 1);
        // Same-length folds (tab -> space) do not break the run.
        assert_eq!(norm("a\tb\u{1}c", false).map.run_count(), 1);
    }

    #[test]
    fn ap_seed_line_maps_every_word() {
        let s = "SEOUL, South Korea (AP) \u{2013} North Korean leader Kim Jong Un vowed to enhance his nuclear arsenal in more \u{201C}practical and offensive\u{201D} ways as he met with senior military officials to discuss the country\u{2019}s war preparations in the face of his rivals\u{2019} \u{201C}frantic\u{201D} military exercises, state media said Tuesday.";
        let n = norm(s, false);
        assert!(n.text.contains("more \"practical and offensive\" ways"));
        assert!(n.text.contains("country's war"));
        for word in ["practical", "offensive", "war", "frantic", "Tuesday"] {
            let a = n.text.find(word).unwrap();
            let o = n.map.start(s, a);
            assert_eq!(&s[o..o + word.len()], word, "{word}");
        }
    }

    #[test]
    fn markdown_emphasis_links_headings_quotes() {
        let s = "## The **big** _news_ ##\n> Kim said *frantic* [drills](https://x.org/a_(b)) and __more__\n* item one\nsnake_case 5*3 and 2 * 4 **Note:**";
        let n = norm(s, true);
        assert_eq!(
            n.text,
            "The big news\nKim said frantic drills and more\n* item one\nsnake_case 5*3 and 2 * 4 Note:"
        );
        let d = n.text.find("drills").unwrap();
        assert_eq!(n.map.start(s, d), s.find("drills").unwrap());
        assert_eq!(orig(s, &n, d..d + 6), "drills");
        let b = n.text.find("big").unwrap();
        assert_eq!(n.map.start(s, b), s.find("big").unwrap());
    }

    #[test]
    fn markdown_images_escapes_and_unclosed_links() {
        let s = "![Kim at a map](kim.jpg) Text \\*literal\\* [not a link] [open(";
        let n = norm(s, true);
        assert_eq!(n.text, "Text *literal* [not a link] [open(");
        // Markdown rules apply only to Markdown sources.
        assert_eq!(norm("**b**", false).text, "**b**");
    }

    #[test]
    fn markdown_hashtags_are_not_headings() {
        assert_eq!(norm("#hashtag and #7", true).text, "#hashtag and #7");
        assert_eq!(norm("####### seven", true).text, "####### seven");
    }

    #[test]
    fn hostile_markdown_is_linear_enough() {
        let s = "[".repeat(20_000) + &"*".repeat(10) + "(" + &"_a".repeat(1000);
        let n = norm(&s, true);
        assert!(n.text.starts_with("[["));
    }

    #[test]
    fn normalize_text_is_public_fold() {
        assert_eq!(
            normalize_text("  \u{201C}strong\u{A0}regret\u{201D} "),
            "\"strong regret\""
        );
    }
}
