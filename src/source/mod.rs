//! Sources: news articles loaded, normalized and segmented for matching.
//!
//! A [`Source`] owns the original text of one input and a normalized copy used for
//! matching (quotes, spaces, hyphens and invisible characters folded; Markdown
//! markup stripped), with a map from every normalized byte back to the original,
//! so that values are always reported at the ORIGINAL `line:column`. It also holds
//! the source's metadata (outlet, publication date), its paragraphs and sentences,
//! with front matter and page boilerplate left out of both.
//!
//! Submodules: `normalize` (folding and the offset map), `lines` (line index and
//! positions), `sentences` (paragraphs and sentence splitting), `boilerplate`
//! (page furniture), `metadata` (front matter, dateline), `load` (files, folders,
//! standard input).
//!
//! Documents (HTML pages, IPTC ninjs and NewsML-G2 items; docs/inputs.md) are
//! read by one module per format (`html`, `ninjs`, `newsml`), which build the
//! article text through `article` while recording where each run of it sits
//! in the file. Such a source's `original` is that article text (entities and
//! escapes decoded, markup gone), and a second run-length map takes its offsets
//! on to the document, so positions are still the file's line and column.

mod article;
mod boilerplate;
mod decode;
mod html;
mod lines;
mod load;
mod metadata;
mod newsml;
mod ninjs;
mod normalize;
#[cfg(test)]
mod normalize_props;
mod sentences;
mod skipped;

pub use boilerplate::is_boilerplate_line;
pub(crate) use boilerplate::warm_ups as boilerplate_warm_ups;
pub use load::{
    load_bytes, load_document, load_inputs, load_pending, map_pending, pending_inputs, Format,
    Input, Pending, Skipped,
};
pub use metadata::Metadata;
pub(crate) use normalize::ascii_words_survive;
pub use normalize::normalize_text;

use lines::LineIndex;
use normalize::{Normalized, OffsetMap};
use sentences::TextLine;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a source's publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrigin {
    /// The `date:` key of the source's front matter.
    FrontMatter,
    /// A date line near the top of the text ("April 11, 2023").
    Dateline,
    /// A date stated in the story itself (set by later stages, not by loading).
    Story,
    /// Given on the command line (set by the caller, not by loading).
    Cli,
    /// The document's own metadata: an HTML page's `article:published_time` or
    /// JSON-LD `datePublished`, a ninjs `versioncreated`/`firstcreated`, a
    /// NewsML-G2 `versionCreated`.
    Metadata,
}

/// Which item a source is and which version of it, for wire items (ninjs,
/// NewsML-G2) that carry an identity.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ItemIdentity {
    /// The item's `uri` or `guid`.
    pub id: String,
    /// Its `version`, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// When this version was made (`versioncreated`, `versionCreated`), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_created: Option<String>,
}

impl ItemIdentity {
    /// "version 2" / "version of 2023-04-11T08:00:00Z" / "an unversioned copy":
    /// how reports name this version.
    pub fn version_label(&self) -> String {
        match (&self.version, &self.version_created) {
            (Some(v), Some(t)) => format!("version {v} ({t})"),
            (Some(v), None) => format!("version {v}"),
            (None, Some(t)) => format!("version of {t}"),
            (None, None) => "an unversioned copy".to_string(),
        }
    }
}

/// The file a document source was read out of, shared by all the items of it.
#[derive(Debug)]
pub(crate) struct Document {
    text: String,
    lines: LineIndex,
}

impl Document {
    pub(crate) fn new(text: String) -> Arc<Document> {
        let lines = LineIndex::new(&text);
        Arc::new(Document { text, lines })
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Line and column of byte `offset` of the file.
    pub(crate) fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }
}

/// What a format reader extracted from one item of a document.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    /// The article text (block structure as lines and blank lines) and the map
    /// from its offsets to the document's.
    pub text: Normalized,
    /// The source's name, when the format decides it (outlet and item id).
    pub name: Option<String>,
    /// Outlet, title, language, url.
    pub meta: Metadata,
    /// The publication date from the document's metadata.
    pub date: Option<jiff::civil::Date>,
    /// The item's identity and version.
    pub item: Option<ItemIdentity>,
    /// Problems that did not stop the reading.
    pub warnings: Vec<String>,
}

/// A 1-based line and column (column counted in Unicode scalar values) in the
/// ORIGINAL text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in chars.
    pub column: usize,
}

/// A sentence: byte range in the NORMALIZED text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the sentence's first char.
    pub start: usize,
    /// Byte offset just past the sentence's last char.
    pub end: usize,
}

impl Sentence {
    /// The sentence's byte range in the normalized text.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// The most characters a value's excerpt (its sentence) keeps; longer
/// sentences are cut around the value, so a report holds bounded text
/// whatever the sources hold.
pub const EXCERPT_CHARS: usize = 1_000;

/// How far (in bytes of the text as written) from its value an excerpt is
/// read: far more than [`EXCERPT_CHARS`] characters take, unless white space
/// runs for pages.
const EXCERPT_REACH: usize = 8 * 1024;

/// Cut `text` to [`EXCERPT_CHARS`] characters around `highlight` (a byte
/// range in it), marking each cut with `…`; returns the text and the
/// highlight's new range.
fn bound_excerpt(text: String, highlight: Range<usize>) -> (String, Range<usize>) {
    let chars = text.chars().count();
    if chars <= EXCERPT_CHARS {
        return (text, highlight);
    }
    // Char indices of the highlight, then a window of EXCERPT_CHARS around it.
    let char_at = |byte: usize| text.get(..byte).map_or(0, |t| t.chars().count());
    let (lo, hi) = (char_at(highlight.start), char_at(highlight.end));
    let room = EXCERPT_CHARS.saturating_sub(hi.saturating_sub(lo));
    let start = lo
        .saturating_sub(room / 2)
        .min(chars.saturating_sub(EXCERPT_CHARS));
    let end = (start + EXCERPT_CHARS).max(hi).min(chars);
    let byte_of = |ci: usize| text.char_indices().nth(ci).map_or(text.len(), |(b, _)| b);
    let (from, to) = (byte_of(start), byte_of(end));
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let shift = out.len();
    out.push_str(text.get(from..to).unwrap_or(""));
    if end < chars {
        out.push('…');
    }
    let moved = |b: usize| (b.saturating_sub(from) + shift).min(out.len());
    let highlight = moved(highlight.start)..moved(highlight.end.min(to));
    (out, highlight)
}

/// Default for [`LoadOptions::max_bytes`]: 64 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// How inputs are loaded.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Extra boilerplate patterns (from rule files). Each must match a whole trimmed,
    /// normalized line; the caller compiles them case-insensitively as `(?i)^...$`.
    pub extra_boilerplate: Vec<regex::Regex>,
    /// Inputs larger than this many bytes are skipped as errors.
    pub max_bytes: u64,
    /// Tells, from a plain text as read, that nothing will be read from it.
    pub screen: Option<Screen>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            extra_boilerplate: Vec::new(),
            max_bytes: DEFAULT_MAX_BYTES,
            screen: None,
        }
    }
}

/// A test of a plain text as read (UTF-8, before normalization): `true`
/// when nothing will be read from it, for certain. Such a source is loaded
/// bare: no normalized text, no sentences, no boilerplate lines, no dateline
/// (its name, path, front matter and text as read are kept), which costs the
/// test's own scan instead of normalizing and segmenting it.
/// `RuleSet::out_of_scope_screen` makes the one `check` uses: a text that no
/// story's scope can apply to. Markdown and documents are always read whole.
#[derive(Clone)]
pub struct Screen(pub Arc<dyn Fn(&str) -> bool + Send + Sync>);

impl std::fmt::Debug for Screen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Screen")
    }
}

/// A loaded input text (a news article) ready for matching.
#[derive(Debug, Clone)]
pub struct Source {
    /// The outlet: front matter `outlet:`, else the given name, else the file stem,
    /// else "stdin".
    pub name: String,
    /// The path as given; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The text as read (valid UTF-8); for a document source (HTML, ninjs,
    /// NewsML-G2), the article text read out of it: markup gone, entities and
    /// escapes decoded, block structure as lines and blank lines.
    pub original: String,
    /// Normalized text used for matching; map offsets back with
    /// [`Source::original_offset`] and [`Source::position`].
    pub text: String,
    /// Publication date, from front matter or dateline only when loading.
    pub date: Option<(jiff::civil::Date, DateOrigin)>,
    /// Sentences in document order; boilerplate and front matter excluded.
    pub sentences: Vec<Sentence>,
    /// How many lines were dropped as boilerplate (for reports).
    pub boilerplate_lines: usize,
    /// Descriptive front matter keys (outlet, title, language, url).
    pub metadata: Metadata,
    /// Problems found while loading that did not stop it (a bad front matter date).
    pub warnings: Vec<String>,
    /// For wire items (ninjs, NewsML-G2): the item's identity and version.
    pub item: Option<ItemIdentity>,
    /// The table of the language its `language:` names, resolved once when
    /// it is read; `None` when it names none crosswire has (its story's
    /// language applies then).
    language: Option<&'static crate::lang::Language>,
    /// How many sentences the text has (kept when the text is shed).
    sentence_count: usize,
    map: OffsetMap,
    /// Built on the first position asked for: a source without a value
    /// never needs one.
    line_index: std::sync::OnceLock<LineIndex>,
    paragraphs: Vec<Range<usize>>,
    /// For a source read out of a document: the file, and the map from
    /// `original` (the article text) to it.
    document: Option<(Arc<Document>, OffsetMap)>,
}

/// Everything [`Source::assemble`] needs, whatever the input format.
struct Parts {
    /// Name candidates, best first; the file stem comes after them.
    names: Vec<String>,
    path: Option<PathBuf>,
    original: String,
    normalized: Normalized,
    front_end: usize,
    date: Option<(jiff::civil::Date, DateOrigin)>,
    meta: Metadata,
    warnings: Vec<String>,
    item: Option<ItemIdentity>,
    document: Option<(Arc<Document>, OffsetMap)>,
}

/// Whether `path` names a Markdown file (.md or .markdown, any case).
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A display-safe name: normalized (no control characters), `None` when empty.
fn clean_name(name: &str) -> Option<String> {
    let name = normalize_text(name);
    let name = name.trim();
    (!name.is_empty()).then(|| name.replace('\n', " "))
}

impl Source {
    /// Builds a source from its text. `name` is the fallback name when the front
    /// matter has no `outlet:`; `path` (when given) also decides whether the text is
    /// Markdown (by its extension) and supplies the name of last resort.
    pub fn from_text(
        name: Option<String>,
        path: Option<PathBuf>,
        original: String,
        options: &LoadOptions,
    ) -> Source {
        Source::from_text_in(name, path, original, None, options)
    }

    /// [`Source::from_text`], for a text in the language `language` (a tag)
    /// unless its front matter says another.
    pub fn from_text_in(
        name: Option<String>,
        path: Option<PathBuf>,
        original: String,
        language: Option<String>,
        options: &LoadOptions,
    ) -> Source {
        let front = metadata::front_matter(&original);
        let markdown = path.as_deref().is_some_and(is_markdown);
        let bare = !markdown && options.screen.as_ref().is_some_and(|s| (s.0)(&original));
        let normalized = if bare {
            // Nothing to match: no lines, hence no sentences and no dateline.
            Normalized::default()
        } else {
            normalize::normalize(&original, markdown)
        };
        let front_end = front.as_ref().map_or(0, |f| f.end);
        let (front_date, mut meta, warnings) = match front {
            Some(f) => (
                f.date.map(|d| (d, DateOrigin::FrontMatter)),
                f.meta,
                f.warnings,
            ),
            None => (None, Metadata::default(), Vec::new()),
        };
        if meta.language.is_none() {
            meta.language = language;
        }
        let parts = Parts {
            names: [meta.outlet.clone(), name].into_iter().flatten().collect(),
            path,
            original,
            normalized,
            front_end,
            date: front_date,
            meta,
            warnings,
            item: None,
            document: None,
        };
        Source::assemble(parts, options)
    }

    /// Builds a source from an item extracted from a document (an HTML page, a
    /// ninjs or NewsML-G2 item); `name` is the fallback name, as for
    /// [`Source::from_text`].
    pub(crate) fn from_extracted(
        name: Option<String>,
        path: Option<PathBuf>,
        document: Arc<Document>,
        extracted: Extracted,
        options: &LoadOptions,
    ) -> Source {
        let Extracted {
            text,
            name: item_name,
            meta,
            date,
            item,
            warnings,
        } = extracted;
        let Normalized {
            text: original,
            map: to_document,
        } = text;
        let normalized = normalize::normalize(&original, false);
        let parts = Parts {
            names: [item_name, meta.outlet.clone(), name]
                .into_iter()
                .flatten()
                .collect(),
            path,
            original,
            normalized,
            front_end: 0,
            date: date.map(|d| (d, DateOrigin::Metadata)),
            meta,
            warnings,
            item,
            document: Some((document, to_document)),
        };
        Source::assemble(parts, options)
    }

    /// Lines, boilerplate, dateline, paragraphs and sentences of a normalized text.
    fn assemble(parts: Parts, options: &LoadOptions) -> Source {
        let Parts {
            names,
            path,
            original,
            normalized: Normalized { text, map },
            front_end,
            date,
            meta,
            mut warnings,
            item,
            document,
        } = parts;

        // Lines of the normalized text (only '\n' separates them there).
        // (A byte search finds them, as `split('\n')` would, at a fraction
        // of its cost per line.)
        let line_ends: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes())
            .chain(std::iter::once(text.len()))
            .collect();
        let mut ranges = Vec::with_capacity(line_ends.len());
        let mut in_front = Vec::with_capacity(line_ends.len());
        let mut offset = 0;
        for &end in &line_ends {
            let line = text.get(offset..end).unwrap_or("");
            let lead = line.len() - line.trim_start().len();
            let start = offset + lead;
            ranges.push(start..start + line.trim().len());
            in_front.push(front_end > 0 && map.start(&original, offset) < front_end);
            offset = end + 1;
        }
        let strs: Vec<&str> = ranges
            .iter()
            .map(|r| text.get(r.clone()).unwrap_or(""))
            .collect();
        // A source's furniture and sentences follow its own language ("10.
        // April" goes on in German); sources that do not say are read as English.
        let language = meta.language.as_deref().and_then(crate::lang::get);
        if let (Some(code), None) = (meta.language.as_deref(), language) {
            warnings.push(format!(
                "unknown language `{}`: read in its story's language (crosswire knows {})",
                crate::lang::shown_code(code),
                crate::lang::known_codes()
            ));
        }
        let own = language.unwrap_or(crate::lang::english());
        let marks = boilerplate::mark(&strs, &in_front, &options.extra_boilerplate, own);
        let boilerplate_lines = marks.iter().filter(|&&m| m).count();
        let lines: Vec<TextLine> = ranges
            .iter()
            .enumerate()
            .map(|(i, r)| TextLine {
                range: r.clone(),
                content: !r.is_empty()
                    && !in_front.get(i).copied().unwrap_or(false)
                    && !marks.get(i).copied().unwrap_or(false),
            })
            .collect();

        let date = date.or_else(|| {
            let content = lines
                .iter()
                .filter(|l| l.content)
                .map(|l| text.get(l.range.clone()).unwrap_or(""));
            metadata::dateline(content).map(|d| (d, DateOrigin::Dateline))
        });
        let (paragraphs, sentences) = sentences::segment(&text, &lines, own);

        let name = names
            .iter()
            .find_map(|n| clean_name(n))
            .or_else(|| {
                path.as_deref()
                    .and_then(Path::file_stem)
                    .and_then(|s| clean_name(&s.to_string_lossy()))
            })
            .unwrap_or_else(|| "stdin".to_string());

        Source {
            name,
            path,
            original,
            text,
            date,
            sentence_count: sentences.len(),
            sentences,
            boilerplate_lines,
            metadata: meta,
            warnings,
            item,
            language,
            map,
            line_index: std::sync::OnceLock::new(),
            paragraphs,
            document,
        }
    }

    /// The table of the language its `language:` names, if crosswire has one.
    pub fn language(&self) -> Option<&'static crate::lang::Language> {
        self.language
    }

    /// The language it is read in, given the language of its story: its own
    /// `language:` when crosswire has a table for it, else the story's.
    pub fn language_in(
        &self,
        story: &'static crate::lang::Language,
    ) -> &'static crate::lang::Language {
        self.language.unwrap_or(story)
    }

    /// The line index of `original`, built on first use.
    fn lines(&self) -> &LineIndex {
        self.line_index
            .get_or_init(|| LineIndex::new(&self.original))
    }

    /// The path as given, or `<stdin>`.
    pub fn display_path(&self) -> String {
        match &self.path {
            // Most paths are UTF-8, and taking them as they are costs a
            // copy; `display` formats them a piece at a time.
            Some(p) => p
                .to_str()
                .map_or_else(|| p.display().to_string(), str::to_owned),
            None => "<stdin>".to_string(),
        }
    }

    /// Byte offset in `original` where the char at normalized offset `normalized`
    /// starts (`text.len()` maps to the end of the last mapped char).
    pub fn original_offset(&self, normalized: usize) -> usize {
        self.map.start(&self.original, normalized)
    }

    /// Line and column in the original file of the char at a normalized offset
    /// (for a document source, in the document file).
    pub fn position(&self, normalized: usize) -> Position {
        let offset = self.original_offset(normalized);
        match &self.document {
            Some((document, map)) => document.position(map.start(document.text(), offset)),
            None => self.lines().position(&self.original, offset),
        }
    }

    /// Line and column just after the last character of the normalized range
    /// `span` in the original file (exclusive, as SARIF regions count). In a
    /// document source, a last character written as an escape or a
    /// character reference (`\u2019`, `&rsquo;`) ends after the whole of it.
    pub fn end_position(&self, span: Range<usize>) -> Position {
        let end = self.map.end(&self.original, span.end.max(span.start));
        match &self.document {
            None => self.lines().position(&self.original, end),
            Some((document, map)) => {
                let text = document.text();
                let last = lines::floor_char_boundary(&self.original, end.saturating_sub(1));
                let at = map.start(text, last);
                let rest = text.get(at..).unwrap_or("");
                let len = match rest.chars().next() {
                    None => 0,
                    Some('&') => rest
                        .get(..40.min(rest.len()))
                        .and_then(|head| head.find(';'))
                        .map_or(1, |i| i + 1),
                    Some('\\') if rest.get(1..2) == Some("u") => {
                        let high = rest
                            .get(2..6)
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .is_some_and(|u| (0xD800..=0xDBFF).contains(&u));
                        if high && rest.get(6..8) == Some("\\u") {
                            12
                        } else {
                            6
                        }
                    }
                    Some('\\') => 2,
                    Some(c) => c.len_utf8(),
                };
                let end = if end > 0 { at + len } else { at };
                document.position(lines::floor_char_boundary(text, end))
            }
        }
    }

    /// The original text of a normalized byte range: curly quotes, non-breaking
    /// spaces and the like come back as they were written. Empty for an empty or
    /// reversed range.
    pub fn original_slice(&self, normalized: Range<usize>) -> &str {
        if normalized.start >= normalized.end {
            return "";
        }
        let start = self.map.start(&self.original, normalized.start);
        let end = self.map.end(&self.original, normalized.end).max(start);
        self.original.get(start..end).unwrap_or("")
    }

    /// The sentence holding normalized offset `normalized`, if it is in one
    /// (offsets in boilerplate, front matter or between sentences are not).
    pub fn sentence_containing(&self, normalized: usize) -> Option<Sentence> {
        let i = self.sentences.partition_point(|s| s.start <= normalized);
        let s = *self.sentences.get(i.checked_sub(1)?)?;
        (normalized < s.end).then_some(s)
    }

    /// The text as written of `sentence` (normalized offsets; it may cover
    /// several sentences, as a long quote does), white space tidied and
    /// control characters replaced, with the byte range of `span` in it. A
    /// sentence longer than [`EXCERPT_CHARS`] is cut to that many characters
    /// around the span, each cut marked with `…`.
    pub fn excerpt(&self, sentence: Range<usize>, span: Range<usize>) -> (String, Range<usize>) {
        self.excerpt_within(sentence, span, EXCERPT_REACH)
    }

    /// [`Source::excerpt`], reading at most `reach` bytes either side of the value.
    fn excerpt_within(
        &self,
        sentence: Range<usize>,
        span: Range<usize>,
        reach: usize,
    ) -> (String, Range<usize>) {
        let from = self.original_offset(sentence.start);
        let to = self.original_offset(sentence.end);
        let value_from = self.original_offset(span.start);
        let value_to = self.original_offset(span.end);
        // Only text near the value can show: a sentence of megabytes (a page
        // without punctuation) is read no further than `reach` bytes from its
        // value, whose excerpt is then cut there.
        let cut_before = value_from.saturating_sub(from) > reach;
        let from = if cut_before {
            lines::floor_char_boundary(&self.original, value_from - reach)
        } else {
            from
        };
        let cut_after = to.saturating_sub(value_to) > reach;
        let to = if cut_after {
            lines::ceil_char_boundary(&self.original, value_to.saturating_add(reach))
        } else {
            to
        };
        let original = self.original.get(from..to).unwrap_or("");
        let (mut text, mut highlight) = tidy(original, from, value_from..value_to);
        if value_to >= to {
            highlight.end = text.len();
        }
        let trimmed_len = text.trim_end().len();
        text.truncate(trimmed_len);
        highlight.end = highlight.end.min(text.len());
        highlight.start = highlight.start.min(highlight.end);
        let (mut text, mut highlight) = bound_excerpt(text, highlight);
        if cut_before && !text.starts_with('…') {
            text.insert(0, '…');
            let shift = '…'.len_utf8();
            highlight = highlight.start + shift..highlight.end + shift;
        }
        if cut_after && !text.ends_with('…') {
            text.push('…');
        }
        (text, highlight)
    }

    /// How many sentences the text has (also after [`Source::shed_text`]).
    pub fn sentence_count(&self) -> usize {
        self.sentence_count
    }

    /// Drop the text and everything derived from it, keeping the name, path,
    /// date, metadata and item identity (and, with `keep_original`, the
    /// text as read). After this, offsets no longer map to positions: the
    /// fills extracted before carry their own positions and excerpts.
    pub fn shed_text(&mut self, keep_original: bool) {
        if !keep_original {
            self.original = String::new();
        }
        self.text = String::new();
        self.sentences = Vec::new();
        self.map = OffsetMap::default();
        self.line_index = std::sync::OnceLock::new();
        self.paragraphs = Vec::new();
        self.document = None;
    }

    /// The normalized text of a sentence (empty if the sentence is not of this source).
    pub fn sentence_text(&self, sentence: Sentence) -> &str {
        self.text.get(sentence.range()).unwrap_or("")
    }

    /// Where the line holding `sentence` ends (the end of the sentence at the
    /// least), looking at most `reach` bytes past the sentence: a caller that
    /// reads on past a sentence does not read a page written on one huge
    /// line to its end from every sentence.
    pub fn line_end_within(&self, sentence: Sentence, reach: usize) -> usize {
        let limit = lines::floor_char_boundary(
            &self.text,
            sentence.end.saturating_add(reach).min(self.text.len()),
        );
        let window = self
            .text
            .as_bytes()
            .get(sentence.start..limit)
            .unwrap_or_default();
        memchr::memchr(b'\n', window)
            .map_or(limit, |n| sentence.start + n)
            .max(sentence.end)
    }

    /// Byte ranges (in the normalized text) of the content paragraphs, in order:
    /// blocks of consecutive non-blank lines, boilerplate and front matter excluded.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.paragraphs
    }

    /// The paragraph holding normalized offset `normalized`, if any.
    pub fn paragraph_containing(&self, normalized: usize) -> Option<Range<usize>> {
        let i = self.paragraphs.partition_point(|p| p.start <= normalized);
        let p = self.paragraphs.get(i.checked_sub(1)?)?;
        (normalized < p.end).then(|| p.clone())
    }
}

/// `original` (which starts at byte `from` of its source) with white space
/// tidied to single spaces and control characters replaced, and where the
/// value (`value`, bytes of the source) starts and ends in it.
fn tidy(original: &str, from: usize, value: Range<usize>) -> (String, Range<usize>) {
    tidy_by(original, from, value, true)
}

/// [`tidy`], copying runs of printable ASCII in one step (`runs`) or one
/// character at a time (what the tests compare the fast path with).
fn tidy_by(original: &str, from: usize, value: Range<usize>, runs: bool) -> (String, Range<usize>) {
    let (value_from, value_to) = (value.start, value.end);
    let mut text = String::with_capacity(original.len().min(4 * EXCERPT_CHARS));
    let mut highlight = 0..0;
    let mut last_space = false;
    let bytes = original.as_bytes();
    let mut i = 0;
    while let Some(&first) = bytes.get(i) {
        let at = from + i;
        // A run of printable ASCII, single spaces between (most of a
        // sentence), is copied as it is, in one step: what the steps
        // below write for it, character by character.
        if runs && first.is_ascii_graphic() {
            let mut end = i + 1;
            while let Some(&b) = bytes.get(end) {
                let single_space =
                    b == b' ' && bytes.get(end + 1).is_some_and(u8::is_ascii_graphic);
                if !(b.is_ascii_graphic() || single_space) {
                    break;
                }
                end += 1;
            }
            let run = at..from + end;
            if run.contains(&value_from) {
                highlight.start = text.len() + (value_from - at);
            }
            if run.contains(&value_to) {
                highlight.end = text.len() + (value_to - at);
            }
            text.push_str(original.get(i..end).unwrap_or(""));
            last_space = false;
            i = end;
            continue;
        }
        let Some(c) = original.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        if at == value_from {
            highlight.start = text.len();
        }
        if at == value_to {
            highlight.end = text.len();
        }
        if c.is_whitespace() {
            if !last_space && !text.is_empty() {
                text.push(' ');
            }
            last_space = true;
        } else {
            text.push(if crate::sanitize::is_unsafe(c) {
                crate::sanitize::REPLACEMENT
            } else {
                c
            });
            last_space = false;
        }
        i += c.len_utf8();
    }
    (text, highlight)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::Date;

    /// [`tidy`] one character at a time: its definition.
    fn tidy_slowly(original: &str, from: usize, value: Range<usize>) -> (String, Range<usize>) {
        tidy_by(original, from, value, false)
    }

    proptest::proptest! {
        #[test]
        fn tidying_runs_at_once_writes_what_one_character_at_a_time_writes(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Bc", "9", ".", " ", "  ", "\t", "\n", "\u{a0}", "\u{1b}", "\u{202e}", "é", "\"", "x y",
            ]), 0..16),
            from in 0usize..3,
            value_start in 0usize..40,
            value_len in 0usize..12,
        ) {
            let original = pieces.concat();
            // The value's edges are character boundaries of `original`, or
            // outside it.
            let edge = |n: usize| {
                let mut n = n.min(original.len() + 1);
                while n <= original.len() && !original.is_char_boundary(n) {
                    n += 1;
                }
                from + n
            };
            let value = edge(value_start)..edge(value_start + value_len);
            proptest::prop_assert_eq!(
                tidy(&original, from, value.clone()),
                tidy_slowly(&original, from, value),
                "{:?}", original
            );
        }
    }

    #[test]
    fn an_excerpt_of_a_huge_sentence_reads_only_near_its_value() {
        // 200 KB without a sentence end, the value in the middle, some
        // white space runs and non-ASCII letters on the way.
        let words: String = (0..20_000)
            .map(|i| match i % 7 {
                0 => "Straße  ",
                3 => "word\t ",
                _ => "word ",
            })
            .collect();
        let text = format!("{words}the value 42 here {words}and the end.");
        let s = Source::from_text(None, None, text, &LoadOptions::default());
        let sentence = s.sentences[0].range();
        assert!(sentence.len() > 2 * EXCERPT_REACH);
        let at = s.text.find("42").unwrap();
        let near = s.excerpt(sentence.clone(), at..at + 2);
        let whole = s.excerpt_within(sentence, at..at + 2, usize::MAX);
        assert_eq!(near, whole);
        assert_eq!(near.0.get(near.1.clone()), Some("42"));
        assert!(near.0.starts_with('…') && near.0.ends_with('…'));
    }

    #[test]
    fn a_line_end_is_sought_only_so_far_past_a_sentence() {
        let text = "He said \"one. Two.\" Then é more. Last one.\nNext line here.";
        let s = Source::from_text(None, None, text.to_string(), &LoadOptions::default());
        let first = s.sentences[0];
        let line_end = s.text.find('\n').unwrap();
        assert_eq!(s.line_end_within(first, 10_000), line_end);
        // Not past the reach, and never inside a character or before the
        // sentence's own end.
        let near = s.line_end_within(first, 3);
        assert_eq!(near, first.end + 3);
        let e = s.text.find('é').unwrap();
        let inside = s.line_end_within(first, e + 1 - first.end);
        assert_eq!(inside, e);
        assert_eq!(s.line_end_within(first, 0), first.end);
    }

    /// The top of the DW seed verbatim (lines 1-15), its minister paragraph and its
    /// tail. NBSPs are written as escapes.
    const DW: &str = "1. Skip to content
  2. Skip to main menu
  3. Skip to more DW sites
ConflictsNorth Korea

North Korea calls for more 'offensive' war deterrence

April 11, 2023

Leader Kim Jong Un said boosting the potential to attack is the best form of defense. Tensions in the region have grown considerably, with Pyongyang more regularly testing nuclear-capable missiles despite UN resolutions.

North Korean leader Kim Jong Un
North Korean leader Kim Jong Un met with military officials to discuss what he described as 'escalating moves' by US and South Korea 'to unleash a war of aggression'Image: KCNA/AFP

North Korea's leader, Kim Jong Un, has ordered the country's war deterrence capabilities to be strengthened and made more \"practical and offensive\" in response to what it called \"frantic\" aggression by the United States\u{a0}and South Korea, state media KCNA reported on Tuesday.

South Korean Unification Minister\u{a0}Kwon Youngse\u{a0}expressed disappointment during a news conference on Tuesday over North Korea's \"unilateral and irresponsible attitude\" toward the communication lines and also cautioned of unspecified legal consequences for its use of the Kaesong industrial assets.

ss/jsi\u{a0}(AFP, dpa, Reuters, AP)

South Koreans prepared for North Korea's nukes";

    /// The AP seed's lines 1-3 verbatim, its minister paragraph, and its tail.
    const AP: &str = "North Korean leader vows \u{2018}offensive\u{2019} nuclear expansion

SEOUL, South Korea (AP) \u{2013} North Korean leader Kim Jong Un vowed to enhance his nuclear arsenal in more \u{201c}practical and offensive\u{201d} ways as he met with senior military officials to discuss the country\u{2019}s war preparations in the face of his rivals\u{2019} \u{201c}frantic\u{201d} military exercises, state media said Tuesday.

South Korean Unification Minister Kwon Youngse, Seoul\u{2019}s point man on the North, in a news conference expressed \u{201c}strong regret\u{201d} over North Korea\u{2019}s \u{201c}unilateral and irresponsible attitude \u{201c}over the communication lines and also warned of unspecified legal action over its use of the Kaesong assets.


Find more AP coverage of the Asia-Pacific region at

Leave a Reply

Your email address will not be published. Required fields are marked *

Interested in advertising with us?

We\u{2019}d love to have you on the team! Drop us a line and we\u{2019}ll be happy to follow up.\u{a0}


Let's Connect

Follow along on your favorite social media platform and get the latest updates directly in your feed!

Got a tip on a story?

Submit a Tip

Have a tip on a story? Send it directly to our team using the form below!";

    fn load(path: &str, text: &str) -> Source {
        Source::from_text(
            None,
            Some(PathBuf::from(path)),
            text.to_string(),
            &LoadOptions::default(),
        )
    }

    fn at(source: &Source, needle: &str) -> usize {
        source.text.find(needle).unwrap()
    }

    fn pos(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    fn sentences(source: &Source) -> Vec<&str> {
        source
            .sentences
            .iter()
            .map(|s| source.sentence_text(*s))
            .collect()
    }

    #[test]
    fn dw_seed_sentences_boilerplate_and_date() {
        let s = load("seeds/000_f70ba5f8f956de5d.txt", DW);
        assert_eq!(s.name, "000_f70ba5f8f956de5d");
        assert_eq!(
            s.date,
            Some((Date::new(2023, 4, 11).unwrap(), DateOrigin::Dateline))
        );
        assert_eq!(s.boilerplate_lines, 8);
        let got = sentences(&s);
        assert_eq!(got.len(), 6, "{got:#?}");
        assert_eq!(
            got[0],
            "North Korea calls for more 'offensive' war deterrence"
        );
        assert_eq!(got[1], "April 11, 2023");
        assert_eq!(
            got[2],
            "Leader Kim Jong Un said boosting the potential to attack is the best form of defense."
        );
        assert!(got[3].starts_with("Tensions in the region"));
        assert!(got[4].contains("by the United States and South Korea, state media KCNA"));
        assert!(got[5].starts_with(
            "South Korean Unification Minister Kwon Youngse expressed disappointment"
        ));
        assert_eq!(s.paragraphs().len(), 5);
    }

    #[test]
    fn dw_seed_positions_ignore_nbsp() {
        let s = load("dw.txt", DW);
        assert_eq!(s.position(at(&s, "practical and offensive")), pos(15, 124));
        assert_eq!(s.position(at(&s, "frantic")), pos(15, 180));
        assert_eq!(s.position(at(&s, "and South Korea, state")), pos(15, 221));
        assert_eq!(s.position(at(&s, "Kwon Youngse")), pos(17, 35));
        assert_eq!(s.position(at(&s, "expressed disappointment")), pos(17, 48));
        assert_eq!(s.position(at(&s, "legal consequences")), pos(17, 233));
        assert_eq!(s.position(at(&s, "April 11")), pos(8, 1));
        let k = at(&s, "Kwon Youngse expressed");
        assert_eq!(
            s.original_slice(k..k + "Kwon Youngse expressed".len()),
            "Kwon Youngse\u{a0}expressed"
        );
    }

    #[test]
    fn ap_seed_positions_ignore_curly_quotes() {
        let s = load("ap.txt", AP);
        assert!(s.text.contains("more \"practical and offensive\" ways"));
        assert_eq!(s.position(at(&s, "practical and offensive")), pos(3, 105));
        assert_eq!(s.position(at(&s, "frantic")), pos(3, 246));
        assert_eq!(s.position(at(&s, "Tuesday")), pos(3, 292));
        assert_eq!(s.position(at(&s, "Kwon Youngse")), pos(5, 35));
        assert_eq!(s.position(at(&s, "strong regret")), pos(5, 113));
        assert_eq!(
            s.position(at(&s, "unilateral and irresponsible attitude")),
            pos(5, 148)
        );
        assert_eq!(s.position(at(&s, "over the communication")), pos(5, 187));
        assert_eq!(s.position(at(&s, "legal action")), pos(5, 247));
        let q = at(&s, "\"strong regret\"");
        assert_eq!(
            s.original_slice(q..q + "\"strong regret\"".len()),
            "\u{201c}strong regret\u{201d}"
        );
    }

    #[test]
    fn ap_seed_sentences_and_tail() {
        let s = Source::from_text(
            Some("AP".to_string()),
            Some(PathBuf::from("003.txt")),
            AP.to_string(),
            &LoadOptions::default(),
        );
        assert_eq!(s.name, "AP");
        assert_eq!(s.date, None);
        assert_eq!(s.boilerplate_lines, 10);
        let got = sentences(&s);
        assert_eq!(got.len(), 3, "{got:#?}");
        assert_eq!(
            got[0],
            "North Korean leader vows 'offensive' nuclear expansion"
        );
        assert!(got[1].starts_with("SEOUL, South Korea (AP) \u{2013} North Korean leader"));
        assert!(got[1].ends_with("state media said Tuesday."));
        assert!(got[2].ends_with("over its use of the Kaesong assets."));
        let regret = at(&s, "strong regret");
        assert_eq!(s.sentence_containing(regret), Some(s.sentences[2]));
        assert_eq!(s.sentence_containing(at(&s, "Leave a Reply")), None);
        assert_eq!(s.sentence_containing(s.text.len()), None);
        assert_eq!(s.paragraph_containing(regret), Some(s.sentences[2].range()));
    }

    #[test]
    fn front_matter_sets_name_and_date_and_is_excluded() {
        let text =
            "---\noutlet: DW\ndate: 2023-04-12\ntitle: Kim\n---\nApril 11, 2023\n\nText here.";
        let s = Source::from_text(
            Some("fallback".into()),
            None,
            text.to_string(),
            &LoadOptions::default(),
        );
        assert_eq!(s.name, "DW");
        assert_eq!(s.display_path(), "<stdin>");
        assert_eq!(s.metadata.title.as_deref(), Some("Kim"));
        assert_eq!(
            s.date,
            Some((Date::new(2023, 4, 12).unwrap(), DateOrigin::FrontMatter))
        );
        assert_eq!(sentences(&s), vec!["April 11, 2023", "Text here."]);
        assert_eq!(s.position(at(&s, "Text")), pos(8, 1));
        assert_eq!(s.boilerplate_lines, 0);
    }

    #[test]
    fn names_fall_back_in_order() {
        let o = LoadOptions::default();
        let s = Source::from_text(None, None, "x".into(), &o);
        assert_eq!(s.name, "stdin");
        let s = Source::from_text(None, Some("dir/wire\u{1b}.txt".into()), "x".into(), &o);
        assert_eq!(s.name, "wire");
        let s = Source::from_text(Some(" ".into()), Some("a/b.md".into()), "x".into(), &o);
        assert_eq!(s.name, "b");
        let s = Source::from_text(None, None, "---\noutlet: \"\"\n---\nx".into(), &o);
        assert_eq!(s.name, "stdin");
    }

    #[test]
    fn bad_front_matter_date_is_a_warning_and_dateline_wins() {
        let s = load("x.txt", "---\ndate: 2023-02-30\n---\nApril 11, 2023\n");
        assert_eq!(s.warnings.len(), 1);
        assert_eq!(
            s.date,
            Some((Date::new(2023, 4, 11).unwrap(), DateOrigin::Dateline))
        );
    }

    #[test]
    fn markdown_source() {
        let s = load(
            "story.md",
            "# Headline\n\n> **Kim** said [frantic](http://a) things.\n",
        );
        assert_eq!(sentences(&s), vec!["Headline", "Kim said frantic things."]);
        assert_eq!(s.position(at(&s, "frantic")), pos(3, 17));
        assert_eq!(s.position(at(&s, "Kim")), pos(3, 5));
        let f = at(&s, "frantic");
        assert_eq!(s.original_slice(f..f + 7), "frantic");
        // The same text as .txt keeps its markup.
        let t = load("story.txt", "**Kim**");
        assert_eq!(t.text, "**Kim**");
    }

    #[test]
    fn extra_boilerplate_from_options() {
        let options = LoadOptions {
            extra_boilerplate: vec![regex::Regex::new("(?i)^more on korea$").unwrap()],
            ..LoadOptions::default()
        };
        let text = "Kim spoke.\n\nMORE ON KOREA\n";
        let s = Source::from_text(None, None, text.into(), &options);
        assert_eq!(sentences(&s), vec!["Kim spoke."]);
        assert_eq!(s.boilerplate_lines, 1);
        let s = Source::from_text(None, None, text.into(), &LoadOptions::default());
        assert_eq!(s.sentences.len(), 2);
        assert_eq!(s.boilerplate_lines, 0);
    }

    #[test]
    fn empty_source_and_out_of_range_queries() {
        let s = Source::from_text(None, None, String::new(), &LoadOptions::default());
        assert!(s.sentences.is_empty());
        assert!(s.paragraphs().is_empty());
        assert_eq!(s.position(0), pos(1, 1));
        assert_eq!(s.position(99), pos(1, 1));
        assert_eq!(s.original_offset(5), 0);
        assert_eq!(s.original_slice(0..10), "");
        assert_eq!(s.sentence_containing(0), None);
        assert_eq!(s.sentence_text(Sentence { start: 3, end: 1 }), "");
        let s = load("x.txt", "ab\u{201c}c");
        assert_eq!(s.original_slice(Range { start: 2, end: 1 }), "");
        assert_eq!(s.original_slice(0..99), "ab\u{201c}c");
        assert_eq!(s.original_offset(99), s.original.len());
    }

    /// Hostile documents in every format never panic, and every offset of
    /// every source read from them has a position inside the document.
    #[test]
    fn hostile_documents_map_every_offset_into_the_file() {
        const MARKUP: &[&str] = &[
            "<p>",
            "</p>",
            "<a href=x>",
            "</a>",
            "<nav>",
            "</div>",
            "<br>",
            "&amp;",
            "&#8220;",
            "&#x1F600;",
            "&bogus;",
            "&",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "\\u2019",
            "\\\"",
            "\\ud83d\\ude00",
            "\\n",
            "{\"body_text\":\"",
            "\"}",
            "<newsItem guid=\"g\">",
            "<contentSet><inlineXML>",
            "</inlineXML></contentSet>",
            "</newsItem>",
            "<headline>",
            "</headline>",
            "<contentMeta>",
            "</contentMeta>",
            "Kim",
            " said",
            ".",
            "\n",
            "\u{201c}",
            "\u{a0}",
            "é",
            "<script>",
            "</script>",
            "<article>",
            "</article>",
        ];
        let mut loaded = [0usize; 3];
        for seed in 0..200u64 {
            let mut x: u64 = seed * 7 + 3;
            let mut text = String::new();
            for _ in 0..60 {
                x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
                text.push_str(MARKUP[usize::try_from(x).unwrap() % MARKUP.len()]);
            }
            let lines = text.split('\n').count();
            for (f, format) in [Format::Html, Format::Ninjs, Format::NewsMl]
                .into_iter()
                .enumerate()
            {
                let wrapped = match format {
                    Format::Ninjs if seed % 2 == 0 => {
                        format!(
                            "{{\"uri\":\"u\",\"body_text\":{}}}",
                            serde_json::json!(text)
                        )
                    }
                    Format::NewsMl if seed % 2 == 0 => {
                        let escaped = text
                            .replace('&', "&amp;")
                            .replace('<', "&lt;")
                            .replace('>', "&gt;");
                        format!(
                            "<newsItem guid=\"g\"><contentMeta><headline>{escaped}</headline></contentMeta><contentSet><inlineData contenttype=\"text/{}\">{escaped}</inlineData></contentSet></newsItem>",
                            if seed % 4 == 0 { "html" } else { "plain" }
                        )
                    }
                    _ => text.clone(),
                };
                let wrapped_lines = wrapped.split('\n').count().max(lines);
                let inputs = load_document(
                    None,
                    Some(PathBuf::from("x")),
                    wrapped.clone().into_bytes(),
                    Some(format),
                    &LoadOptions::default(),
                );
                for input in inputs {
                    let Input::Loaded(s) = input else { continue };
                    loaded[f] += 1;
                    for (i, _) in s.text.char_indices().chain([(s.text.len(), ' ')]) {
                        let o = s.original_offset(i);
                        assert!(s.original.is_char_boundary(o), "seed {seed}");
                        let p = s.position(i);
                        assert!(
                            p.line >= 1 && p.line <= wrapped_lines,
                            "seed {seed} {format:?}"
                        );
                        assert!(p.column >= 1);
                    }
                }
            }
        }
        // Enough of them were read to mean something.
        assert!(loaded.iter().all(|&n| n >= 20), "{loaded:?}");
    }

    #[test]
    fn end_positions_cover_escapes_and_references() {
        let load = |path: &str, text: &str| match load_document(
            None,
            Some(PathBuf::from(path)),
            text.as_bytes().to_vec(),
            None,
            &LoadOptions::default(),
        )
        .pop()
        {
            Some(Input::Loaded(s)) => s,
            other => panic!("{other:?}"),
        };
        let json = "{\"body_text\": \"Kim said \\u201cno \\u00e9\\u201d today \\ud83d\\ude00.\"}";
        let s = load("a.json", json);
        let span = |s: &Source, needle: &str| {
            let i = s.text.find(needle).unwrap();
            i..i + needle.len()
        };
        // "no é" ends after the \u00e9 escape; the quote after it, after \u201d.
        let col = |p: Position| p.column;
        assert_eq!(
            col(s.end_position(span(&s, "no \u{e9}"))),
            json.find("\\u201d").unwrap() + 1
        );
        let quoted = span(&s, "\"no \u{e9}\"");
        assert_eq!(
            col(s.end_position(quoted)),
            json.find(" today").unwrap() + 1
        );
        assert_eq!(
            col(s.end_position(span(&s, "\u{1F600}"))),
            json.find(".\"}").unwrap() + 1
        );
        let html = "<p>Kim said &ldquo;no&rdquo; <b>today</b>.</p>";
        let s = load("a.html", html);
        assert_eq!(
            col(s.end_position(span(&s, "\"no\""))),
            html.find(" <b>").unwrap() + 1
        );
        assert_eq!(
            col(s.end_position(span(&s, "today"))),
            html.find("</b>").unwrap() + 1
        );
        let s = load("a.txt", "Kim said \u{201c}no\u{201d}.");
        assert_eq!(col(s.end_position(span(&s, "\"no\""))), 14);
    }

    /// A small deterministic generator of hostile texts.
    fn hostile(seed: u64, len: usize) -> String {
        const PIECES: &[&str] = &[
            "a", "Z", "é", "e\u{301}", " ", "\u{a0}", "\t", "\n", "\r", "\r\n", "\u{201c}",
            "\u{2019}", "\u{ad}", "\u{200b}", "\u{feff}", "\u{0}", "\u{1b}", "\u{85}", "\u{2028}",
            "\u{202e}", ".", "!", "?", "\"", "'", "*", "_", "**", "[", "]", "(", ")", "#", ">",
            "---", "\\", "U.S.", "Mr.", "1.", "漢", "🇰🇷", "\u{2011}", " A", ". B",
        ];
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut out = String::new();
        for _ in 0..len {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let i = usize::try_from(x >> 33).unwrap() % PIECES.len();
            out.push_str(PIECES[i]);
        }
        out
    }

    #[test]
    fn hostile_texts_keep_invariants() {
        for seed in 0..300 {
            let text = hostile(seed, 80);
            for path in ["h.txt", "h.md"] {
                let s = load(path, &text);
                assert!(!s.text.chars().any(|c| c.is_control() && c != '\n'));
                let mut last = 0;
                for (i, _) in s.text.char_indices().chain([(s.text.len(), ' ')]) {
                    let o = s.original_offset(i);
                    assert!(s.original.is_char_boundary(o), "seed {seed}");
                    assert!(o >= last, "offsets go back at seed {seed}");
                    last = o;
                    let p = s.position(i);
                    assert!(p.line >= 1 && p.column >= 1);
                    let _ = s.original_slice(i..s.text.len());
                }
                let mut prev_end = 0;
                for sentence in &s.sentences {
                    assert!(sentence.start < sentence.end);
                    assert!(sentence.start >= prev_end);
                    prev_end = sentence.end;
                    let t = s.sentence_text(*sentence);
                    assert_eq!(t, t.trim());
                    assert!(!t.is_empty());
                    assert_eq!(s.sentence_containing(sentence.start), Some(*sentence));
                }
            }
        }
    }

    #[test]
    fn positions_on_lone_cr_and_crlf() {
        let s = load("x.txt", "one\r\ntwo\rthree \u{201c}four\u{201d}");
        assert_eq!(s.text, "one\ntwo\nthree \"four\"");
        assert_eq!(s.position(at(&s, "two")), pos(2, 1));
        assert_eq!(s.position(at(&s, "four")), pos(3, 8));
    }
}
