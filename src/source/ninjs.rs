//! IPTC ninjs items (JSON, versions 1.x and 2.x): one item, an array of items,
//! or JSON Lines (one item per line).
//!
//! The text is the headline (`headline`, or 2.x `headlines[0].value`) as its
//! own paragraph, then the body: `body_text`, else `body_html` (read as HTML),
//! else the first 2.x `bodies` entry (plain text, or HTML by its
//! `contenttype`). Strings are read as written in the file, so every character
//! maps to its bytes there; an escape (`\n`, `\"`, `\u201c`) maps to its
//! backslash. See docs/inputs.md for every field read.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::metadata::parse_iso_date;
use super::normalize::{Builder, Normalized};
use super::{html, Extracted, ItemIdentity, Metadata};

/// A problem with one item: what, and the byte offset in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemError {
    pub message: String,
    pub offset: usize,
}

#[derive(Deserialize)]
struct Item<'a> {
    #[serde(borrow, default)]
    headline: Option<&'a RawValue>,
    #[serde(borrow, default)]
    headlines: Option<Vec<Described<'a>>>,
    #[serde(borrow, default)]
    body_text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    body_html: Option<&'a RawValue>,
    #[serde(borrow, default)]
    bodies: Option<Vec<Described<'a>>>,
    #[serde(default)]
    uri: Option<Value>,
    #[serde(default)]
    guid: Option<Value>,
    #[serde(default)]
    version: Option<Value>,
    #[serde(default)]
    versioncreated: Option<Value>,
    #[serde(default)]
    firstcreated: Option<Value>,
    #[serde(default)]
    language: Option<Value>,
    #[serde(default)]
    provider: Option<Value>,
    #[serde(default)]
    copyrightholder: Option<Value>,
    #[serde(default)]
    infosources: Option<Value>,
}

/// A 2.x `headlines`/`bodies` entry.
#[derive(Deserialize)]
struct Described<'a> {
    #[serde(borrow, default)]
    value: Option<&'a RawValue>,
    #[serde(default)]
    contenttype: Option<String>,
}

/// Reads every item of a ninjs file: each is extracted or is an error located
/// in the file; one bad item never hides the others.
pub(crate) fn read(file: &str) -> Vec<Result<Extracted, ItemError>> {
    use rayon::prelude::*;
    // Items are independent: a batch of many is read in parallel, in order.
    items(file)
        .into_par_iter()
        .map(|item| item.and_then(|raw| extract(file, raw)))
        .collect()
}

/// The raw items of the file.
fn items(file: &str) -> Vec<Result<&RawValue, ItemError>> {
    let error = |e: &serde_json::Error, base: usize| ItemError {
        message: format!("malformed JSON: {}", describe(e)),
        offset: base + offset_of(file.get(base..).unwrap_or(""), e.line(), e.column()),
    };
    let lines: Vec<(usize, &str)> = line_offsets(file)
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let json_lines = lines.len() >= 2 && lines.iter().all(|(_, l)| l.trim_start().starts_with('{'));
    if json_lines {
        return lines
            .into_iter()
            .map(|(base, line)| {
                serde_json::from_str::<&RawValue>(line).map_err(|e| error(&e, base))
            })
            .collect();
    }
    if file.trim_start().starts_with('[') {
        return match serde_json::from_str::<Vec<&RawValue>>(file) {
            Ok(items) => items.into_iter().map(Ok).collect(),
            Err(e) => vec![Err(error(&e, 0))],
        };
    }
    vec![serde_json::from_str::<&RawValue>(file).map_err(|e| error(&e, 0))]
}

/// serde_json's message without its " at line L column C" tail (we locate it).
fn describe(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.find(" at line ") {
        Some(i) => message.get(..i).unwrap_or(&message).to_string(),
        None => message,
    }
}

/// Each line of `text` with the byte offset where it starts.
fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |line| {
        let at = offset;
        offset += line.len();
        (at, line.trim_end_matches(['\n', '\r']))
    })
}

/// Byte offset of 1-based `line` and `column` (serde_json counts columns in
/// bytes) in `text`, clamped to its length.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = line_offsets(text)
        .nth(line.saturating_sub(1))
        .map_or(text.len(), |(at, _)| at);
    (start + column.saturating_sub(1)).min(text.len())
}

/// Byte offset of `raw` (borrowed from `file`) in `file`.
fn offset_in(file: &str, raw: &RawValue) -> usize {
    let at = (raw.get().as_ptr() as usize).saturating_sub(file.as_ptr() as usize);
    at.min(file.len())
}

fn extract(file: &str, raw: &RawValue) -> Result<Extracted, ItemError> {
    let at = offset_in(file, raw);
    let item: Item = serde_json::from_str(raw.get()).map_err(|e| ItemError {
        message: format!("not a ninjs item: {}", describe(&e)),
        offset: at + offset_of(raw.get(), e.line(), e.column()),
    })?;
    let mut out = Builder::default();
    let headline = item
        .headline
        .or_else(|| item.headlines.as_ref()?.iter().find_map(|h| h.value));
    let mut title = None;
    if let Some(raw) = headline.filter(|r| r.get().starts_with('"')) {
        let decoded = json_string(file, raw);
        out.append_via(&decoded.text, |i| decoded.map.start(file, i));
        out.paragraph_break(offset_in(file, raw) + raw.get().len());
        title = Some(decoded.text);
    }
    let body = match (item.body_text, item.body_html) {
        (Some(text), _) if text.get().starts_with('"') => Some((text, false)),
        (_, Some(html)) if html.get().starts_with('"') => Some((html, true)),
        _ => item.bodies.as_ref().and_then(|bodies| {
            bodies.iter().find_map(|b| {
                let html = b.contenttype.as_deref().is_some_and(|t| t.contains("html"));
                b.value
                    .filter(|v| v.get().starts_with('"'))
                    .map(|v| (v, html))
            })
        }),
    };
    let Some((body, is_html)) = body else {
        return Err(ItemError {
            message: "ninjs item without a body (body_text, body_html or bodies)".to_string(),
            offset: at,
        });
    };
    let decoded = json_string(file, body);
    if is_html {
        let page = html::read(&decoded.text);
        out.append_via(&page.text.text, |i| {
            decoded
                .map
                .start(file, page.text.map.start(&decoded.text, i))
        });
    } else {
        out.append_via(&decoded.text, |i| decoded.map.start(file, i));
    }

    let string = |v: &Option<Value>| v.as_ref().and_then(scalar);
    let outlet = [&item.copyrightholder, &item.provider, &item.infosources]
        .into_iter()
        .find_map(|v| v.as_ref().and_then(name_of));
    let id = string(&item.uri).or_else(|| string(&item.guid));
    let date = [&item.firstcreated, &item.versioncreated]
        .into_iter()
        .filter_map(string)
        .find_map(|d| parse_iso_date(&d));
    let name = match (&outlet, &id) {
        (Some(outlet), Some(id)) => Some(format!("{outlet}:{}", short_id(id))),
        _ => None,
    };
    Ok(Extracted {
        text: out.finish(),
        name,
        meta: Metadata {
            outlet,
            title,
            language: string(&item.language),
            url: id.clone().filter(|u| u.starts_with("http")),
            ..Metadata::default()
        },
        date,
        item: id.map(|id| ItemIdentity {
            id,
            version: string(&item.version),
            version_created: string(&item.versioncreated),
        }),
        warnings: Vec::new(),
    })
}

/// A string or number as text.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The name in a provider-like value: a string, `{"name": ...}`, or the first
/// such entry of an array (2.x `infosources`).
fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::Array(items) => items.iter().find_map(name_of),
        Value::Object(map) => map.get("name").and_then(scalar),
        other => scalar(other),
    }
}

/// The last segment of an id (`urn:newsml:apnews.com:20230411:kim` -> `kim`),
/// to keep source names short.
pub(crate) fn short_id(id: &str) -> &str {
    id.rsplit([':', '/']).find(|s| !s.is_empty()).unwrap_or(id)
}

/// Decodes the JSON string literal `raw` (borrowed from `file`), mapping each
/// character to its byte offset in `file`.
fn json_string(file: &str, raw: &RawValue) -> Normalized {
    let base = offset_in(file, raw);
    let literal = raw.get();
    let mut out = Builder::default();
    let inner = literal
        .get(1..literal.len().saturating_sub(1))
        .unwrap_or("");
    let mut chars = inner.char_indices().peekable();
    // Start of the pending run of unescaped characters.
    let mut run: Option<usize> = None;
    let flush = |out: &mut Builder, run: &mut Option<usize>, end: usize| {
        if let Some(start) = run.take() {
            out.emit(base + 1 + start, inner.get(start..end).unwrap_or(""));
        }
    };
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            run.get_or_insert(i);
            continue;
        }
        flush(&mut out, &mut run, i);
        let decoded = match chars.next().map(|(_, e)| e) {
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('u') => {
                match hex4(&mut chars) {
                    Some(high @ 0xD800..=0xDBFF) => {
                        // A surrogate pair: `\uD83D\uDE00`.
                        let low = if chars.peek().is_some_and(|&(_, c)| c == '\\') {
                            chars.next();
                            chars.next();
                            hex4(&mut chars)
                        } else {
                            None
                        };
                        low.filter(|l| (0xDC00..=0xDFFF).contains(l))
                            .and_then(|l| {
                                char::from_u32(0x10000 + ((high - 0xD800) << 10) + (l - 0xDC00))
                            })
                            .unwrap_or('\u{FFFD}')
                    }
                    Some(u) => char::from_u32(u).unwrap_or('\u{FFFD}'),
                    None => '\u{FFFD}',
                }
            }
            Some(other) => other,
            None => break,
        };
        let mut buf = [0u8; 4];
        out.emit(base + 1 + i, decoded.encode_utf8(&mut buf));
    }
    flush(&mut out, &mut run, inner.len());
    out.finish()
}

/// The four hex digits of a `\u` escape.
fn hex4(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> Option<u32> {
    let hex: String = (0..4)
        .filter_map(|_| chars.next().map(|(_, h)| h))
        .collect();
    u32::from_str_radix(&hex, 16).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ok(file: &str) -> Vec<Extracted> {
        read(file).into_iter().map(|r| r.unwrap()).collect()
    }

    fn at(file: &str, e: &Extracted, needle: &str) -> usize {
        let i = e.text.text.find(needle).unwrap();
        e.text.map.start(file, i)
    }

    #[test]
    fn one_item_with_escapes_maps_back() {
        let file = r#"{"uri": "urn:newsml:apnews.com:20230411:kim", "version": "2",
 "versioncreated": "2023-04-11T09:00:00Z", "firstcreated": "2023-04-11T02:00:00Z",
 "copyrightholder": "AP", "language": "en",
 "headline": "Kim vows \u2018offensive\u2019 nukes",
 "body_text": "SEOUL (AP) \u2014 Kim said \"practical and offensive\" ways.\nKwon Youngse \ud83d\ude00 spoke."}"#;
        let items = ok(file);
        let e = &items[0];
        assert_eq!(
            e.text.text,
            "Kim vows \u{2018}offensive\u{2019} nukes\n\nSEOUL (AP) \u{2014} Kim said \"practical and offensive\" ways.\nKwon Youngse \u{1F600} spoke."
        );
        assert_eq!(e.name.as_deref(), Some("AP:kim"));
        let item = e.item.as_ref().unwrap();
        assert_eq!(item.id, "urn:newsml:apnews.com:20230411:kim");
        assert_eq!(item.version.as_deref(), Some("2"));
        assert_eq!(e.date, jiff::civil::Date::new(2023, 4, 11).ok());
        assert!(file[at(file, e, "offensive\u{2019}")..].starts_with("offensive\\u2019"));
        assert!(file[at(file, e, "\"practical")..].starts_with("\\\"practical"));
        assert!(file[at(file, e, "Kwon")..].starts_with("Kwon Youngse \\ud83d"));
        assert!(file[at(file, e, "spoke")..].starts_with("spoke."));
    }

    #[test]
    fn json_lines_arrays_and_2x_fields() {
        let file = "{\"uri\":\"a\",\"body_text\":\"One.\"}\n{\"uri\":\"b\",\"body_text\":\n{\"uri\":\"c\",\"headlines\":[{\"value\":\"H\"}],\"bodies\":[{\"contenttype\":\"text/html\",\"value\":\"<p>Two &amp; <b>three</b>.</p>\"}],\"infosources\":[{\"name\":\"Yonhap\"}]}\n";
        let got = read(file);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap().text.text, "One.");
        let err = got[1].as_ref().unwrap_err();
        assert!(err.message.starts_with("malformed JSON"), "{}", err.message);
        assert!(err.offset > file.find("{\"uri\":\"b\"").unwrap());
        let third = got[2].as_ref().unwrap();
        assert_eq!(third.text.text, "H\n\nTwo & three.\n\n");
        assert_eq!(third.name.as_deref(), Some("Yonhap:c"));
        assert!(file[at(file, third, "three")..].starts_with("three</b>"));
        assert!(file[at(file, third, "& three")..].starts_with("&amp;"));

        let array = "[{\"guid\":\"x\",\"body_html\":\"<p>A.</p>\"}, {\"body_text\":\"B.\"}]";
        let got = ok(array);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].text.text, "B.");
        assert!(got[1].item.is_none());
    }

    #[test]
    fn bad_items_are_located_errors() {
        let got = read("{\"uri\": 1, \"headline\": \"x\"}");
        assert_eq!(
            got[0].as_ref().unwrap_err().message,
            "ninjs item without a body (body_text, body_html or bodies)"
        );
        let got = read("{\"body_text\": [1]}");
        assert!(got[0].as_ref().is_err());
        let got = read("[1, 2");
        assert!(got[0]
            .as_ref()
            .unwrap_err()
            .message
            .starts_with("malformed JSON"));
        for broken in [
            "",
            "\"",
            "{\"body_text\":\"\\",
            "{\"body_text\":\"\\u12\"}",
            "{\"body_text\":\"\\ud800\"}",
        ] {
            let _ = read(broken);
        }
    }
}
