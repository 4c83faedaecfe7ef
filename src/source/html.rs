//! HTML pages (`.html`, `.htm`, and the HTML bodies of ninjs items): the
//! article text and the page's metadata.
//!
//! The page is tokenized by html5gum (a WHATWG-conformant tokenizer that
//! reports the byte span of every token); the element structure, implied end
//! tags included, and the choice of what is article text are `article`'s. A
//! text token's characters map to their bytes in the file: runs without
//! character references one to one, a reference (`&amp;`, `&#8220;`) to the
//! `&` that starts it.
//!
//! Metadata: `og:site_name` (else JSON-LD `publisher`) is the outlet,
//! `article:published_time` (else JSON-LD `datePublished`) the date,
//! `og:title` (else JSON-LD `headline`, else `<title>`) the title, `og:url` or
//! the canonical link the url, `<html lang>` the language.

use std::collections::HashMap;

use html5gum::{DefaultEmitter, Emitter, ForwardingEmitter, Token, Tokenizer};

use super::article::{Article, Tag};
use super::metadata::parse_iso_date;
use super::normalize::{normalize_text, Normalized};
use super::Metadata;

/// What was read from one HTML page.
#[derive(Debug, Default)]
pub(crate) struct Page {
    /// Article text, mapped to byte offsets of the HTML.
    pub text: Normalized,
    /// Outlet, title, language, url from the page's metadata.
    pub meta: Metadata,
    /// Publication date from the page's metadata.
    pub date: Option<jiff::civil::Date>,
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// html5gum's tokens, without most of its parse errors: crosswire reads any
/// page as it can and never shows them, and checking every character for
/// them was more than half of tokenizing (errors never change the tokens).
struct Quiet(DefaultEmitter<usize>);

impl ForwardingEmitter for Quiet {
    type Token = Token<usize>;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// Reads an HTML page.
pub(crate) fn read(html: &str) -> Page {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let tokens: Vec<Token<usize>> = Tokenizer::new_with_emitter(html, Quiet(emitter))
        .filter_map(Result::ok)
        .collect();
    let has = |name: &[u8]| {
        tokens
            .iter()
            .any(|t| matches!(t, Token::StartTag(s) if s.name.eq_ignore_ascii_case(name)))
    };
    let scope = if has(b"article") {
        Some("article")
    } else if has(b"main") {
        Some("main")
    } else {
        None
    };

    let mut article = Article::new(scope, true);
    // Each reference the page writes, decoded once: a page uses a few
    // (`&rsquo;`, `&nbsp;`) many times, and each decoding runs a tokenizer
    // (at 100 references a page, 13% of a check of such pages).
    let mut references: HashMap<&str, String> = HashMap::new();
    let mut meta = MetaTags::default();
    // Raw text of the element being read for metadata (`title`, JSON-LD).
    let mut capture: Option<(String, String)> = None;
    for token in &tokens {
        match token {
            Token::StartTag(tag) => {
                let name = lossy(&tag.name).to_ascii_lowercase();
                let attr = |key: &str| {
                    tag.attributes
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(key.as_bytes()))
                        .map(|(_, v)| lossy(v))
                };
                meta.tag(&name, &attr);
                if name == "title"
                    || (name == "script"
                        && attr("type")
                            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")))
                {
                    capture = Some((name.clone(), String::new()));
                }
                let tag_info = Tag::from_attributes(&name, attr);
                article.start(&tag_info, tag.span.start);
                if tag.self_closing && !matches!(tag_info.name.as_str(), "br") {
                    article.end(&tag_info.name, tag.span.end);
                }
            }
            Token::EndTag(tag) => {
                let name = lossy(&tag.name).to_ascii_lowercase();
                if let Some((open, text)) = capture.take() {
                    if open == name {
                        meta.captured(&open, &text);
                    } else {
                        capture = Some((open, text));
                    }
                }
                article.end(&name, tag.span.start);
            }
            Token::String(s) => {
                let decoded = lossy(&s.value);
                if let Some((_, text)) = capture.as_mut() {
                    text.push_str(&decoded);
                }
                let raw = html.get(s.span.start..s.span.end).unwrap_or("");
                if raw == decoded {
                    article.text(s.span.start, raw);
                } else {
                    text_with_references(&mut article, s.span.start, raw, &mut references);
                }
            }
            _ => {}
        }
    }
    Page {
        text: article.finish(html.len()),
        date: meta.date(),
        meta: meta.metadata(),
    }
}

/// Feeds `raw` (text as written at byte `at`) to the article, decoding each
/// character reference on its own so that it maps to its `&`.
fn text_with_references<'h>(
    article: &mut Article,
    at: usize,
    raw: &'h str,
    references: &mut HashMap<&'h str, String>,
) {
    let mut rest = raw;
    let mut offset = at;
    while let Some(amp) = rest.find('&') {
        if amp > 0 {
            article.text(offset, rest.get(..amp).unwrap_or(""));
        }
        let after = rest.get(amp..).unwrap_or("");
        let len = reference_len(after);
        let chunk = after.get(..len).unwrap_or("&");
        let decoded = references.entry(chunk).or_insert_with(|| decode(chunk));
        article.decoded(offset + amp, decoded);
        offset += amp + len;
        rest = after.get(len..).unwrap_or("");
    }
    if !rest.is_empty() {
        article.text(offset, rest);
    }
}

/// Length of the character reference candidate at the start of `s` (which
/// starts with `&`): `&`, `#`, `x`, then letters and digits, then `;`.
fn reference_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 1;
    if bytes.get(i) == Some(&b'#') {
        i += 1;
        if matches!(bytes.get(i), Some(b'x' | b'X')) {
            i += 1;
        }
    }
    // Longer than any entity name or code point: the rest is plain text.
    while i < 40 && bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    if bytes.get(i) == Some(&b';') {
        i += 1;
    }
    i
}

/// Decodes one short piece of HTML text (a character reference) as the
/// tokenizer would.
pub(crate) fn decode(chunk: &str) -> String {
    Tokenizer::new(chunk)
        .filter_map(Result::ok)
        .filter_map(|t| match t {
            Token::String(s) => Some(lossy(&s)),
            _ => None,
        })
        .collect()
}

/// The page's metadata as found.
#[derive(Debug, Default)]
struct MetaTags {
    site_name: Option<String>,
    published: Option<String>,
    og_title: Option<String>,
    title: Option<String>,
    url: Option<String>,
    language: Option<String>,
    ld_publisher: Option<String>,
    ld_date: Option<String>,
    ld_headline: Option<String>,
}

impl MetaTags {
    fn tag(&mut self, name: &str, attr: &dyn Fn(&str) -> Option<String>) {
        match name {
            "html" => {
                if let Some(lang) = attr("lang") {
                    self.language = Some(lang);
                }
            }
            "meta" => {
                let key = attr("property")
                    .or_else(|| attr("name"))
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let Some(content) = attr("content") else {
                    return;
                };
                let slot = match key.as_str() {
                    "og:site_name" => &mut self.site_name,
                    "article:published_time" => &mut self.published,
                    "og:title" => &mut self.og_title,
                    "og:url" => &mut self.url,
                    _ => return,
                };
                slot.get_or_insert(content);
            }
            "link" if attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) => {
                if let Some(href) = attr("href") {
                    self.url.get_or_insert(href);
                }
            }
            _ => {}
        }
    }

    fn captured(&mut self, element: &str, text: &str) {
        if element == "title" {
            self.title.get_or_insert_with(|| text.to_string());
            return;
        }
        let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
            return;
        };
        if let Some(item) = find_article(&json, 0) {
            let string = |v: &serde_json::Value| v.as_str().map(str::to_string);
            let publisher = item.get("publisher").and_then(|p| {
                string(p)
                    .or_else(|| p.get("name").and_then(string))
                    .or_else(|| {
                        p.as_array()
                            .and_then(|a| a.first())
                            .and_then(|p| p.get("name"))
                            .and_then(string)
                    })
            });
            self.ld_publisher = self.ld_publisher.take().or(publisher);
            self.ld_date = self
                .ld_date
                .take()
                .or_else(|| item.get("datePublished").and_then(string));
            self.ld_headline = self
                .ld_headline
                .take()
                .or_else(|| item.get("headline").and_then(string));
        }
    }

    fn date(&self) -> Option<jiff::civil::Date> {
        [&self.published, &self.ld_date]
            .into_iter()
            .flatten()
            .find_map(|d| parse_iso_date(d))
    }

    fn metadata(self) -> Metadata {
        let clean = |s: Option<String>| {
            s.map(|s| normalize_text(s.trim()))
                .filter(|s| !s.trim().is_empty())
        };
        Metadata {
            outlet: clean(self.site_name.or(self.ld_publisher)),
            title: clean(self.og_title.or(self.ld_headline).or(self.title)),
            language: clean(self.language),
            url: clean(self.url),
            ..Metadata::default()
        }
    }
}

/// The first JSON-LD object whose `@type` is a kind of article (`NewsArticle`,
/// `Article`, `ReportageNewsArticle`, ...), searched through arrays and
/// `@graph`, to a bounded depth.
fn find_article(json: &serde_json::Value, depth: usize) -> Option<&serde_json::Value> {
    if depth > 8 {
        return None;
    }
    match json {
        serde_json::Value::Array(items) => items.iter().find_map(|i| find_article(i, depth + 1)),
        serde_json::Value::Object(map) => {
            let is_article = |t: &serde_json::Value| {
                t.as_str().is_some_and(|t| t.ends_with("Article"))
                    || t.as_array().is_some_and(|a| {
                        a.iter()
                            .any(|t| t.as_str().is_some_and(|t| t.ends_with("Article")))
                    })
            };
            if map.get("@type").is_some_and(is_article) {
                return Some(json);
            }
            map.get("@graph").and_then(|g| find_article(g, depth + 1))
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_written_again_is_decoded_again_at_its_own_place() {
        let html = "<p>a&rsquo;b&rsquo;c&#44;d&#44;e&nbsp;f&rsquo;</p>";
        let page = read(html);
        assert_eq!(page.text.text, "a\u{2019}b\u{2019}c,d,e\u{a0}f\u{2019}\n\n");
        let references: Vec<usize> = html.match_indices('&').map(|(i, _)| i).collect();
        let decoded: Vec<usize> = page
            .text
            .text
            .char_indices()
            .filter(|(_, c)| matches!(c, '\u{2019}' | ',' | '\u{a0}'))
            .map(|(i, _)| page.text.map.start(html, i))
            .collect();
        assert_eq!(decoded, references);
    }

    #[test]
    fn pages_with_parse_errors_give_the_tokens_they_gave_with_errors_reported() {
        let pages = [
            "<p>a\u{0}b\u{1}c\u{7f}d\u{fdd0}e\u{fffe}</p>",
            "<p x=1 x=2 y=\"a\"b>t</p  z><br/ ><!-- -- --!><p>&bogus; &#0; &#x110000;",
            "<![CDATA[x]]><!DOCTYPE><p =a>\u{85}\u{9f}\r\n<scr<script>a</script x>",
            "<p>caf\u{e9} \u{201c}q\u{201d}</p><a href=x>l</a><td>\u{1}</p></b></x>",
        ];
        for page in pages {
            let mut reporting = DefaultEmitter::<usize>::new_with_span();
            reporting.naively_switch_states(true);
            let reported: Vec<Token<usize>> = Tokenizer::new_with_emitter(page, reporting)
                .filter_map(Result::ok)
                .filter(|t| !matches!(t, Token::Error(_)))
                .collect();
            let mut quiet = DefaultEmitter::<usize>::new_with_span();
            quiet.naively_switch_states(true);
            // Some states still report their errors; `read` skips them.
            let quiet: Vec<Token<usize>> = Tokenizer::new_with_emitter(page, Quiet(quiet))
                .filter_map(Result::ok)
                .filter(|t| !matches!(t, Token::Error(_)))
                .collect();
            assert!(reported.len() > 1, "{page}");
            assert_eq!(quiet, reported, "{page}");
        }
    }

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><title>Kim vows | AP News</title>
<meta property="og:site_name" content="AP News">
<meta property="article:published_time" content="2023-04-11T02:22:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2023-04-12","publisher":{"@type":"Organization","name":"Associated Press"},"headline":"Kim vows"}]}</script>
<style>p { color: red }</style></head>
<body class="has-sidebar"><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article><h1>Kim vows &lsquo;offensive&rsquo; nukes</h1>
<p class="byline">By HYUNG-JIN KIM</p>
<figure><img src="a.jpg"><figcaption>Kim Jong Un. (KCNA via AP)</figcaption></figure>
<p>SEOUL (AP) &mdash; Kim said &#8220;practical
   and offensive&#x201d; ways.<p>Second <a href="/kwon">Kwon Youngse</a> paragraph.
<div class="share-bar"><a>Share</a> on Facebook</div>
<ul><li><a href="/1">Related story one</a><li><a href="/2">Related story two</a></ul>
</article>
<aside>Most read</aside><footer>Copyright</footer></body></html>"#;

    #[test]
    fn article_text_metadata_and_positions() {
        let page = read(PAGE);
        assert_eq!(
            page.text.text,
            "Kim vows \u{2018}offensive\u{2019} nukes\n\nBy HYUNG-JIN KIM\n\nSEOUL (AP) \u{2014} Kim said \u{201c}practical and offensive\u{201d} ways.\n\nSecond Kwon Youngse paragraph.\n\n"
        );
        assert_eq!(page.meta.outlet.as_deref(), Some("AP News"));
        assert_eq!(page.meta.title.as_deref(), Some("Kim vows"));
        assert_eq!(page.meta.language.as_deref(), Some("en"));
        assert_eq!(page.date, jiff::civil::Date::new(2023, 4, 11).ok());
        let at = |needle: &str| {
            let i = page.text.text.find(needle).unwrap();
            page.text.map.start(PAGE, i)
        };
        assert!(PAGE[at("offensive\u{2019} nukes")..].starts_with("offensive&rsquo;"));
        assert!(PAGE[at("\u{2019} nukes")..].starts_with("&rsquo; nukes"));
        assert!(PAGE[at("\u{201c}practical")..].starts_with("&#8220;practical"));
        assert!(PAGE[at("and offensive")..].starts_with("and offensive&#x201d;"));
        assert!(PAGE[at("Kwon Youngse")..].starts_with("Kwon Youngse</a>"));
    }

    #[test]
    fn json_ld_fills_what_meta_tags_do_not_and_no_article_reads_the_body() {
        let page = read(
            r#"<script type="application/ld+json">[{"@type":"WebPage"},{"@type":["NewsArticle"],"datePublished":"2023-04-12T01:00:00+09:00","publisher":"Yonhap"}]</script><p>Only text &amp; more</p><p>Kim &bogus; said &amp"#,
        );
        assert_eq!(page.meta.outlet.as_deref(), Some("Yonhap"));
        assert_eq!(page.date, jiff::civil::Date::new(2023, 4, 12).ok());
        assert_eq!(page.text.text, "Only text & more\n\nKim &bogus; said &\n\n");
    }

    #[test]
    fn a_page_without_article_or_main_drops_furniture_by_role_and_links() {
        let page = read(
            r#"<body><div role="navigation"><a href="/">Home</a></div>
<div id="top"><div class="logo">Daily Planet</div></div>
<div class="content"><h2>Kim said more.</h2>
<p>Kim said <a href="/kim">more</a> than that on Monday.</p>
<p><a href="/a">Also read: a story</a> | <a href="/b">another story</a></p>
<blockquote>"We will act," he said.</blockquote>
<div hidden>Hidden text.</div><div aria-hidden="true">Also hidden.</div>
<div role="complementary">Most read today</div>
<p class="image-credit">Photo: Reuters</p></div>
<div role="contentinfo">Contact us</div></body>"#,
        );
        assert_eq!(
            page.text.text,
            "Kim said more.\n\nKim said more than that on Monday.\n\n\"We will act,\" he said.\n\n"
        );
    }

    #[test]
    fn never_panics_on_broken_markup() {
        for html in [
            "",
            "<",
            "<p",
            "&",
            "&#",
            "&#x;",
            "<p>a</div></p></p>",
            "<a href='x'>",
            "</article><article>",
            "<script>",
            "<p>\u{1F600}&amp</p>",
        ] {
            let page = read(html);
            for (i, _) in page.text.text.char_indices() {
                let _ = page.text.map.start(html, i);
            }
        }
    }
}
