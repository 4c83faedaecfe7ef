//! The article text of a marked-up document (an HTML page, the XHTML or NITF
//! body of a NewsML-G2 item), built from the document's elements and text runs
//! as a parser reports them, each run with its byte offset in the file.
//!
//! What is kept and what is dropped is decided by structure: page furniture
//! elements (`nav`, `aside`, `footer`, `form`, `script`, ...), ARIA landmark
//! roles other than the main content, hidden elements, class or id words that
//! name furniture (share bars, related links, newsletters, image credits), and
//! link density (a block that is mostly link text is a list of links, not
//! prose). When the document has an `article` element (or else a `main`), only
//! text inside it is read. Block elements become paragraph breaks, `br` a line
//! break, so that sentences never run across blocks.

use super::normalize::{Builder, Normalized};
use std::ops::Range;

/// Elements whose whole content is never article text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "select",
    "option",
    "textarea",
    "iframe",
    "object",
    "embed",
    "canvas",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "menu",
    "dialog",
    "head",
    "title",
    "label",
];

/// ARIA roles of furniture.
const SKIPPED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "toolbar",
    "dialog",
    "alert",
    "alertdialog",
    "tablist",
    "form",
    "figure",
];

/// Words in a `class` or `id` that name furniture (compared with the words of
/// the attribute split at non-alphanumerics: `share-bar` has the word `share`).
const FURNITURE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "sponsor",
    "sponsored",
    "cookie",
    "cookies",
    "subscribe",
    "subscription",
    "comments",
    "breadcrumb",
    "breadcrumbs",
    "credit",
    "credits",
    "caption",
    "tags",
    "recommended",
    "recirculation",
    "paywall",
    "sidebar",
    "widget",
    "popup",
    "modal",
    "skip",
    "outbrain",
    "taboola",
    "trending",
    "footer",
    "navigation",
    "nav",
    "menu",
    "logo",
    "masthead",
];

/// Elements that start and end a block (a paragraph of the article text). NITF
/// body elements (`hl1`, `byline`, `dateline`, ...) are blocks too.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "section",
    "article",
    "header",
    "main",
    "table",
    "tr",
    "td",
    "th",
    "pre",
    "address",
    "hr",
    "hgroup",
    "details",
    "summary",
    "body",
    "html",
    "hl1",
    "hl2",
    "hedline",
    "byline",
    "dateline",
    "abstract",
    "block",
    "body.head",
    "body.content",
    "body.end",
    "headline",
    "nitf",
];

/// Elements that never have content (no end tag in HTML).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Blocks whose start closes an open `p` (HTML's implied end tags).
fn closes_p(name: &str) -> bool {
    BLOCKS.contains(&name) && !matches!(name, "td" | "th" | "tr" | "dt" | "dd")
}

/// A block with more than this share of its characters inside links is a list
/// of links (related stories, tags), not prose.
const MAX_LINK_DENSITY: f64 = 0.5;

/// What the builder needs to know about a start tag.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tag {
    /// Lowercase local name.
    pub name: String,
    /// The `class` and `id` attributes, joined.
    pub class_id: String,
    /// The `role` attribute, lowercase.
    pub role: String,
    /// `hidden` or `aria-hidden="true"`.
    pub hidden: bool,
}

impl Tag {
    /// A tag with no attributes that matter.
    pub(crate) fn named(name: &str) -> Tag {
        Tag {
            name: name.to_ascii_lowercase(),
            ..Tag::default()
        }
    }

    /// A tag named `name` whose attributes `attr` gives (by name), as the
    /// HTML and XML readers see them.
    pub(crate) fn from_attributes(name: &str, attr: impl Fn(&str) -> Option<String>) -> Tag {
        let class_id = [attr("class"), attr("id")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        Tag {
            class_id,
            role: attr("role").unwrap_or_default().to_ascii_lowercase(),
            hidden: attr("hidden").is_some()
                || attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true")),
            ..Tag::named(name)
        }
    }

    /// Whether this element and everything in it is furniture.
    fn is_furniture(&self, in_article: bool) -> bool {
        if SKIPPED.contains(&self.name.as_str()) || self.hidden {
            return true;
        }
        // A page header is furniture; an article's header holds its headline.
        if self.name == "header" && !in_article {
            return true;
        }
        if self
            .role
            .split_whitespace()
            .any(|r| SKIPPED_ROLES.contains(&r))
        {
            return true;
        }
        // The page's and the article's own classes describe the page
        // ("has-sidebar"), not furniture.
        if matches!(self.name.as_str(), "html" | "body" | "article" | "main") {
            return false;
        }
        self.class_id
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| {
                let w = w.to_ascii_lowercase();
                FURNITURE_WORDS.contains(&w.as_str())
            })
    }
}

#[derive(Debug)]
struct Open {
    name: String,
    furniture: bool,
    scope: bool,
    link: bool,
    /// Whether a `p` is open at or above this element with no block
    /// between that stops an implied `</p>` ([`P_BARRIERS`]).
    open_p: bool,
    /// The same for `li` ([`LI_BARRIERS`]).
    open_li: bool,
}

/// Elements an implied `</p>` does not close past.
const P_BARRIERS: &[&str] = &["div", "article", "section", "main", "body"];

/// Elements an implied `</li>` does not close past.
const LI_BARRIERS: &[&str] = &["ul", "ol", "menu"];

/// The open elements. What a start tag needs to know about them (an
/// `article` open, a `p` or `li` to close) is kept per element as it opens,
/// and end tags look up only names that are open, so that each element is
/// looked at a bounded number of times however deep the nesting (a scan of
/// the stack per tag made 160,000 nested `div`s take 6 s).
#[derive(Debug, Default)]
struct Stack {
    open: Vec<Open>,
    /// How many elements of each name are open.
    counts: std::collections::HashMap<String, usize>,
    /// How many open elements are `article`s.
    articles: usize,
    /// Elements looked at by end tags, for the test that bounds them.
    #[cfg(test)]
    visited: usize,
}

impl Stack {
    fn top(&self) -> Option<&Open> {
        self.open.last()
    }

    fn len(&self) -> usize {
        self.open.len()
    }

    fn push(&mut self, open: Open) {
        self.articles += usize::from(open.name == "article");
        match self.counts.get_mut(&open.name) {
            Some(n) => *n += 1,
            None => {
                self.counts.insert(open.name.clone(), 1);
            }
        }
        self.open.push(open);
    }

    fn pop(&mut self) -> Option<Open> {
        let open = self.open.pop()?;
        self.articles -= usize::from(open.name == "article");
        if let Some(n) = self.counts.get_mut(&open.name) {
            *n = n.saturating_sub(1);
        }
        Some(open)
    }

    /// The index of the innermost open element named `name`. The elements
    /// looked at are those above it, which its end then closes.
    fn innermost(&mut self, name: &str) -> Option<usize> {
        if self.counts.get(name).copied().unwrap_or(0) == 0 {
            return None;
        }
        let i = self.open.iter().rposition(|o| o.name == name)?;
        #[cfg(test)]
        {
            self.visited += self.open.len() - i;
        }
        Some(i)
    }
}

/// One piece of a pending block. A word's text is a range of the block's
/// `words` (one buffer, not an allocation per word).
#[derive(Debug)]
enum Piece {
    Text(usize, Range<usize>),
    Space(usize),
    Line(usize),
}

/// Builds the article text from a document's events.
#[derive(Debug, Default)]
pub(crate) struct Article {
    out: BuilderBox,
    stack: Stack,
    /// The element whose content alone is read (`article`, `main`), if any.
    scope: Option<String>,
    furniture: usize,
    scopes: usize,
    links: usize,
    block: Vec<Piece>,
    /// The text of the block's words, one after another.
    words: String,
    block_chars: usize,
    link_chars: usize,
    /// Whether an element closed implicitly (HTML); XML nests strictly.
    html: bool,
}

/// [`Builder`] is not `Debug`; this wrapper is.
#[derive(Default)]
struct BuilderBox(Builder);

impl std::fmt::Debug for BuilderBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Builder")
    }
}

impl Article {
    /// A builder reading only inside elements named `scope` (when given).
    /// `html` turns on HTML's implied end tags and void elements.
    pub(crate) fn new(scope: Option<&str>, html: bool) -> Article {
        Article {
            scope: scope.map(str::to_string),
            html,
            ..Article::default()
        }
    }

    fn reading(&self) -> bool {
        self.furniture == 0 && (self.scope.is_none() || self.scopes > 0)
    }

    /// An element starts at byte `at`.
    pub(crate) fn start(&mut self, tag: &Tag, at: usize) {
        let name = tag.name.as_str();
        if self.html {
            if closes_p(name) && self.stack.top().is_some_and(|o| o.open_p) {
                self.end("p", 0);
            }
            if name == "li" && self.stack.top().is_some_and(|o| o.open_li) {
                self.end("li", 0);
            }
        }
        if name == "br" {
            self.push(Piece::Line(at));
            return;
        }
        let block = BLOCKS.contains(&name);
        if block {
            self.flush(at);
        }
        if self.html && VOID.contains(&name) {
            return;
        }
        let in_article = self.stack.articles > 0;
        let furniture = tag.is_furniture(in_article);
        let scope = self.scope.as_deref() == Some(name);
        let link = name == "a";
        self.furniture += usize::from(furniture);
        self.scopes += usize::from(scope);
        self.links += usize::from(link);
        let parent = self.stack.top();
        let open_below = |target: &str, barriers: &[&str], inherited: bool| {
            name == target || (!barriers.contains(&name) && inherited)
        };
        let open_p = open_below("p", P_BARRIERS, parent.is_some_and(|o| o.open_p));
        let open_li = open_below("li", LI_BARRIERS, parent.is_some_and(|o| o.open_li));
        self.stack.push(Open {
            name: tag.name.clone(),
            furniture,
            scope,
            link,
            open_p,
            open_li,
        });
    }

    /// An element ends at byte `at`; an end tag with no open element is ignored.
    pub(crate) fn end(&mut self, name: &str, at: usize) {
        let name = name.to_ascii_lowercase();
        let Some(i) = self.stack.innermost(&name) else {
            return;
        };
        while self.stack.len() > i {
            self.pop(at);
        }
    }

    fn pop(&mut self, at: usize) {
        let Some(open) = self.stack.pop() else {
            return;
        };
        if BLOCKS.contains(&open.name.as_str()) {
            self.flush(at);
        }
        self.furniture -= usize::from(open.furniture);
        self.scopes -= usize::from(open.scope);
        self.links -= usize::from(open.link);
    }

    /// Text as written in the file at byte `at` (white space collapsed).
    pub(crate) fn text(&mut self, at: usize, text: &str) {
        if !self.reading() {
            return;
        }
        // Words with one ' ' between them are one piece: written out, the
        // space between them is that ' ' at its own offset, as it would be
        // word by word. (HTML's white space is ASCII, so every cut is at a
        // character boundary.)
        let bytes = text.as_bytes();
        let is_space = |b: u8| is_html_space(char::from(b));
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if is_space(b) {
                self.push(Piece::Space(at + i));
                i += 1;
                continue;
            }
            let start = i;
            let mut chars = 0;
            loop {
                while let Some(&b) = bytes.get(i).filter(|&&b| !is_space(b)) {
                    // Count characters, not bytes: each starts with a byte
                    // that is not a continuation byte.
                    chars += usize::from(b & 0xC0 != 0x80);
                    i += 1;
                }
                match (bytes.get(i), bytes.get(i + 1)) {
                    (Some(b' '), Some(&next)) if !is_space(next) => i += 1,
                    _ => break,
                }
            }
            self.words_counted(at + start, text.get(start..i).unwrap_or(""), chars);
        }
    }

    /// Plain text at byte `at` whose line breaks count (NewsML-G2 `inlineData`):
    /// a line break ends a line, a blank line a paragraph.
    pub(crate) fn plain(&mut self, at: usize, text: &str) {
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            if content.trim().is_empty() {
                if offset > 0 && line.ends_with('\n') {
                    self.flush(at + offset);
                } else {
                    self.push(Piece::Space(at + offset));
                }
            } else {
                self.text(at + offset, content);
                if line.ends_with('\n') {
                    self.push(Piece::Line(at + offset + content.len()));
                }
            }
            offset += line.len();
        }
    }

    /// Text decoded from an entity or escape written at byte `at`.
    pub(crate) fn decoded(&mut self, at: usize, text: &str) {
        if !self.reading() {
            return;
        }
        for c in text.chars() {
            if is_html_space(c) {
                self.push(Piece::Space(at));
            } else {
                let mut buf = [0u8; 4];
                self.word(at, c.encode_utf8(&mut buf));
            }
        }
    }

    fn word(&mut self, at: usize, word: &str) {
        self.words_counted(at, word, word.chars().count());
    }

    /// `words` (words and single spaces), of `n` characters that are not
    /// white space, at byte `at`.
    fn words_counted(&mut self, at: usize, words: &str, n: usize) {
        self.block_chars += n;
        if self.links > 0 {
            self.link_chars += n;
        }
        if self.reading() {
            let start = self.words.len();
            self.words.push_str(words);
            self.block.push(Piece::Text(at, start..self.words.len()));
        }
    }

    fn push(&mut self, piece: Piece) {
        // Of white space in a row only the first counts (`Builder::space`
        // keeps the first pending offset), so the rest are not kept.
        if matches!(piece, Piece::Space(_)) && matches!(self.block.last(), Some(Piece::Space(_))) {
            return;
        }
        if self.reading() {
            self.block.push(piece);
        }
    }

    /// Ends the pending block: it is written unless it is mostly links.
    fn flush(&mut self, at: usize) {
        let chars = std::mem::take(&mut self.block_chars);
        let links = std::mem::take(&mut self.link_chars);
        // Precision is irrelevant at these sizes.
        #[allow(clippy::cast_precision_loss)]
        let density = if chars == 0 {
            0.0
        } else {
            links as f64 / chars as f64
        };
        if chars > 0 && density <= MAX_LINK_DENSITY {
            let out = &mut self.out.0;
            for piece in &self.block {
                match piece {
                    Piece::Text(at, range) => {
                        out.visible(*at, self.words.get(range.clone()).unwrap_or(""));
                    }
                    Piece::Space(at) => out.space(*at),
                    Piece::Line(at) => out.line_break(*at),
                }
            }
            out.paragraph_break(at);
        }
        // Emptied, not dropped: the next block reuses both buffers.
        self.block.clear();
        self.words.clear();
    }

    /// The article text and its map to the document.
    pub(crate) fn finish(mut self, at: usize) -> Normalized {
        while self.stack.len() > 0 {
            self.pop(at);
        }
        self.flush(at);
        self.out.0.finish()
    }
}

/// White space as HTML and XML define it.
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `Article::text` as it was written before words were joined into
    /// pieces: one piece per word and one per white-space character.
    fn text_word_by_word(a: &mut Article, at: usize, text: &str) {
        if !a.reading() {
            return;
        }
        let mut run_start: Option<usize> = None;
        for (i, c) in text.char_indices() {
            if is_html_space(c) {
                if let Some(s) = run_start.take() {
                    a.word(at + s, text.get(s..i).unwrap_or(""));
                }
                a.block.push(Piece::Space(at + i));
            } else if run_start.is_none() {
                run_start = Some(i);
            }
        }
        if let Some(s) = run_start {
            a.word(at + s, text.get(s..).unwrap_or(""));
        }
    }

    /// Text events and links of a page: words of ASCII and other
    /// characters, every kind of HTML white space, runs of it.
    fn events() -> impl Strategy<Value = Vec<(bool, String)>> {
        let piece = prop::sample::select(vec![
            "a", "word", "Kim", "é", "\u{201c}", "10", ".", " ", "  ", "\t", "\n", "\r\n", "\u{c}",
            " \n ", "\u{a0}",
        ]);
        let text = prop::collection::vec(piece, 0..12).prop_map(|p| p.concat());
        prop::collection::vec((any::<bool>(), text), 0..8)
    }

    proptest! {
        #[test]
        fn words_joined_into_pieces_read_as_word_by_word(events in events()) {
            let mut joined = Article::new(None, true);
            let mut single = Article::new(None, true);
            let mut at = 0;
            for (link, text) in &events {
                for a in [&mut joined, &mut single] {
                    a.start(&Tag::named("p"), at);
                    if *link {
                        a.start(&Tag::named("a"), at);
                    }
                }
                joined.text(at + 3, text);
                text_word_by_word(&mut single, at + 3, text);
                prop_assert_eq!(joined.block_chars, single.block_chars);
                prop_assert_eq!(joined.link_chars, single.link_chars);
                at += text.len() + 10;
            }
            let (joined, single) = (joined.finish(at), single.finish(at));
            prop_assert_eq!(&joined.text, &single.text);
            prop_assert_eq!(&joined.map, &single.map);
        }
    }

    fn tag(name: &str, class_id: &str) -> Tag {
        Tag {
            class_id: class_id.to_string(),
            ..Tag::named(name)
        }
    }

    #[test]
    fn blocks_links_and_furniture() {
        let mut a = Article::new(None, true);
        a.start(&tag("nav", ""), 0);
        a.text(5, "Home News");
        a.end("nav", 14);
        a.start(&tag("p", ""), 20);
        a.text(23, "Kim  said\nthis.");
        a.start(&tag("p", ""), 40);
        a.text(43, "Second");
        a.decoded(49, "\u{a0}");
        a.text(55, "one.");
        a.start(&tag("ul", "related-links"), 60);
        a.text(65, "Skipped.");
        a.end("ul", 70);
        a.start(&tag("div", ""), 80);
        a.start(&tag("a", ""), 85);
        a.text(88, "A link list");
        a.end("a", 99);
        a.end("div", 103);
        let n = a.finish(110);
        assert_eq!(n.text, "Kim said this.\n\nSecond\u{a0}one.\n\n");
        let text = " ".repeat(120);
        assert_eq!(n.map.start(&text, 0), 23);
        assert_eq!(n.map.start(&text, 4), 28);
        assert_eq!(n.map.start(&text, "Kim said this.\n\n".len()), 43);
        assert_eq!(n.map.start(&text, "Kim said this.\n\nSecond".len()), 49);
        assert_eq!(
            n.map.start(&text, "Kim said this.\n\nSecond\u{a0}".len()),
            55
        );
    }

    #[test]
    fn each_open_element_is_looked_at_a_bounded_number_of_times() {
        // Deep nesting, end tags of elements never opened, blocks that look
        // for a `p` or `li` to close under many inline elements: a scan of
        // the open elements per tag would look at about n * n / 2 of them.
        let n = 2_000;
        let mut a = Article::new(None, true);
        let mut at = 0;
        let mut next = || {
            at += 1;
            at
        };
        for _ in 0..n {
            a.start(&tag("div", ""), next());
        }
        a.start(&tag("p", ""), next());
        for _ in 0..n {
            a.start(&tag("span", ""), next());
            a.end("b", next());
        }
        for _ in 0..n {
            a.start(&tag("li", ""), next());
            a.start(&tag("div", ""), next());
        }
        a.text(next(), "Closed for 5 days.");
        for _ in 0..n {
            a.end("div", next());
        }
        // Each element was closed at most once by a search that looked at it.
        let elements = 4 * n + 1;
        assert!(a.stack.visited <= elements, "{}", a.stack.visited);
        assert_eq!(a.finish(next()).text, "Closed for 5 days.\n\n");
    }

    #[test]
    fn implied_ends_stop_at_their_barriers() {
        let mut a = Article::new(None, true);
        a.start(&tag("p", ""), 0);
        a.text(1, "One.");
        // A block closes the `p` it is in, through inline elements.
        a.start(&tag("span", ""), 4);
        a.start(&tag("div", ""), 5);
        a.text(6, "Two.");
        a.start(&tag("p", ""), 10);
        a.text(11, "Three.");
        a.start(&tag("h2", ""), 20);
        a.text(21, "Four.");
        a.end("h2", 25);
        a.end("div", 26);
        assert_eq!(a.stack.len(), 0);
        a.start(&tag("ul", ""), 30);
        a.start(&tag("li", ""), 31);
        a.start(&tag("ul", ""), 32);
        a.start(&tag("li", ""), 33);
        a.start(&tag("li", ""), 34);
        // The second inner `li` closed the first, not the outer `li`.
        let names: Vec<&str> = a.stack.open.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["ul", "li", "ul", "li"]);
        a.text(35, "Five.");
        assert_eq!(
            a.finish(40).text,
            "One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\n"
        );
    }

    #[test]
    fn scope_and_article_header() {
        let mut a = Article::new(Some("article"), true);
        a.start(&tag("header", ""), 0);
        a.text(1, "Site header");
        a.end("header", 2);
        a.start(&tag("article", ""), 3);
        a.start(&tag("header", ""), 4);
        a.start(&tag("h1", ""), 5);
        a.text(6, "Headline");
        a.end("header", 20);
        a.start(&tag("p", "caption"), 21);
        a.text(22, "Image: AFP");
        a.start(&tag("p", ""), 30);
        a.text(31, "Body.");
        a.end("article", 40);
        a.start(&tag("p", ""), 41);
        a.text(42, "Outside.");
        assert_eq!(a.finish(50).text, "Headline\n\nBody.\n\n");
    }
}
