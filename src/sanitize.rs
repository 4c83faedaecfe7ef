//! Making text safe to show, in one place, one function per target.
//!
//! Source text and file names are hostile until shown otherwise: a scraped
//! page (or a file's name) can carry ANSI escape sequences that drive a
//! terminal, bidirectional controls that make a reader see words in another
//! order than a parser does (U+202A–U+202E, U+2066–U+2069, the marks U+200E,
//! U+200F and U+061C), and characters an XML document may not hold at all.
//! Every reporter, and the diagnostics of [`crate::error`], pass such text
//! through the function for its target (this module sits below both, so
//! neither depends on the other for it):
//!
//! - [`terminal`]: control characters (ESC among them, so an ANSI sequence
//!   loses its power) and bidi controls become U+FFFD;
//! - [`html`]: the same, then `& < > " '` escaped, for element text and
//!   quoted attribute values;
//! - [`xml`]: control characters other than tab, LF and CR, the non-characters
//!   U+FFFE and U+FFFF, and bidi controls become U+FFFD (a real XML writer
//!   escapes the markup characters);
//! - [`markdown`]: as for HTML (GitHub renders inline HTML), plus a
//!   backslash before the punctuation Markdown gives meaning to, and line
//!   breaks as spaces, so a value stays one table cell of plain text;
//! - [`json`]: control characters other than tab and LF, and bidi controls,
//!   become U+FFFD (serde escapes what JSON needs; this keeps a consumer that
//!   prints the strings safe too).
//!
//! Each replaces one character by one, so character counts (and the columns
//! computed from them) do not change.

/// The replacement for anything unsafe to show.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Bidirectional embedding, override and isolate controls, and the
/// left-to-right, right-to-left and Arabic letter marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

fn replace(text: &str, unsafe_char: impl Fn(char) -> bool) -> String {
    text.chars()
        .map(|c| if unsafe_char(c) { REPLACEMENT } else { c })
        .collect()
}

/// A character no display may get raw: a control character or a bidi
/// control. Data that quotes source text for display (a value's sentence)
/// replaces these as [`terminal`] does.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Text for a terminal: no control characters, no bidi controls.
pub fn terminal(text: &str) -> String {
    replace(text, is_unsafe)
}

/// Text for a terminal that keeps its tabs and line breaks (a diagnostic's
/// source line, a multi-line message); everything else as [`terminal`].
pub fn terminal_lines(text: &str) -> String {
    replace(text, |c| {
        (c.is_control() && !matches!(c, '\t' | '\n')) || is_bidi_control(c)
    })
}

/// Text for HTML element content or a quoted attribute value.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() || is_bidi_control(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// Text an XML 1.0 document may hold and a reader can trust; escaping the
/// markup characters is the XML writer's job.
pub fn xml(text: &str) -> String {
    replace(text, |c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{FFFE}' | '\u{FFFF}')
            || is_bidi_control(c)
    })
}

/// Text for inline Markdown (a table cell, a list item).
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '~' | '{' | '}'
            | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || is_bidi_control(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// Text for a JSON string that a consumer may print as it is.
pub fn json(text: &str) -> String {
    replace(text, |c| {
        (c.is_control() && !matches!(c, '\t' | '\n')) || is_bidi_control(c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\u{1b}[31mred\u{1b}[0m \u{202E}evil\u{2069} <b>&\"'\u{9b}x\u{0}\n\t";

    #[test]
    fn terminal_replaces_controls_and_bidi_one_for_one() {
        let out = terminal(HOSTILE);
        assert_eq!(
            out,
            "a\u{FFFD}[31mred\u{FFFD}[0m \u{FFFD}evil\u{FFFD} <b>&\"'\u{FFFD}x\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(out.chars().count(), HOSTILE.chars().count());
    }

    #[test]
    fn every_bidi_mark_is_replaced() {
        assert_eq!(
            terminal("a\u{200E}b\u{200F}c\u{061C}d\u{2066}e"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e"
        );
        assert_eq!(terminal_lines("a\tb\nc\u{1b}\r"), "a\tb\nc\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn html_escapes_markup() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\" \u{202D}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; \u{FFFD}"
        );
    }

    #[test]
    fn xml_keeps_white_space_and_drops_what_xml_forbids() {
        assert_eq!(
            xml("a\tb\nc\rd\u{0}e\u{FFFE}\u{2066}]]>"),
            "a\tb\nc\rd\u{FFFD}e\u{FFFD}\u{FFFD}]]>"
        );
    }

    #[test]
    fn markdown_is_plain_text_in_one_cell() {
        assert_eq!(
            markdown("a|b *c* [x](y) <script>\nz"),
            "a\\|b \\*c\\* \\[x\\]\\(y\\) &lt;script&gt; z"
        );
    }

    #[test]
    fn json_keeps_tabs_and_newlines() {
        assert_eq!(json("a\tb\nc\u{1b}\u{202E}"), "a\tb\nc\u{FFFD}\u{FFFD}");
    }
}
