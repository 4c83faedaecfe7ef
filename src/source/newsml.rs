//! IPTC NewsML-G2 documents (XML): a `newsItem`, or a `newsMessage` holding
//! several; every `newsItem` is one source.
//!
//! Read with quick-xml, whose events carry their byte positions in the file:
//! text runs map one to one, a reference (`&amp;`, `&#8220;`) maps to its `&`,
//! a CDATA section to its content. The text is the `contentMeta/headline` as a
//! paragraph, then the `contentSet`: `inlineXML` (an XHTML or NITF body, read
//! by `article`) or `inlineData` (plain text, or HTML by its `contenttype`).
//! Identity is the item's `guid` and `version`; `itemMeta/versionCreated` its
//! version time; `contentMeta/infoSource`, then `itemMeta/provider`, then
//! `rightsInfo/copyrightHolder` its outlet (a `literal` attribute or a `name`
//! child); `located`, `language` as in docs/inputs.md. The language is
//! `contentMeta/language/@tag`, else the `xml:lang` in scope where the body
//! starts (inherited from `newsItem` or `newsMessage`, as XML inherits it).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::article::{Article, Tag};
use super::metadata::parse_iso_date;
use super::ninjs::{short_id, ItemError};
#[cfg(test)]
use super::normalize::Normalized;
use super::normalize::{normalize_text, Builder};
use super::{html, Extracted, ItemIdentity, Metadata};

/// Where inside a `newsItem` the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Other,
    /// `contentMeta/headline`.
    Headline,
    /// Inside `inlineXML`.
    InlineXml,
    /// Inside `inlineData`; `true` when its content type is HTML.
    InlineData(bool),
    /// A metadata element whose text is wanted.
    Meta(Field),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    VersionCreated,
    FirstCreated,
    OutletName,
}

/// One `newsItem` being read.
struct ItemState {
    guid: Option<String>,
    version: Option<String>,
    version_created: String,
    first_created: String,
    language: Option<String>,
    /// The `xml:lang` in scope at the `newsItem`.
    item_lang: Option<String>,
    /// The `xml:lang` in scope at the first `inlineXML` or `inlineData`, once
    /// one is seen (`Some(None)`: the body says its language is unknown).
    body_lang: Option<Option<String>>,
    outlets: Vec<(u8, String)>,
    headline: String,
    article: Article,
    /// HTML `inlineData`: the decoded text and its map to the file.
    html_data: Builder,
    place: Vec<Place>,
    /// Depth of elements inside `inlineXML` (its body elements).
    outlet_rank: u8,
}

impl ItemState {
    fn new(start: &BytesStart<'_>, lang: Option<String>) -> ItemState {
        ItemState {
            guid: attr(start, "guid"),
            version: attr(start, "version"),
            version_created: String::new(),
            first_created: String::new(),
            language: None,
            item_lang: lang,
            body_lang: None,
            outlets: Vec::new(),
            headline: String::new(),
            article: Article::new(None, false),
            html_data: Builder::default(),
            place: Vec::new(),
            outlet_rank: 0,
        }
    }

    fn place(&self) -> Place {
        self.place.last().copied().unwrap_or(Place::Other)
    }

    fn finish(self, file: &str, end: usize) -> Extracted {
        let mut out = Builder::default();
        let text = self.article.finish(end);
        out.append_via(&text.text, |i| text.map.start(file, i));
        let data = self.html_data.finish();
        if !data.text.is_empty() {
            let page = html::read(&data.text);
            out.paragraph_break(end);
            out.append_via(&page.text.text, |i| {
                data.map.start(file, page.text.map.start(&data.text, i))
            });
        }
        let mut outlets = self.outlets;
        outlets.sort_by_key(|(rank, _)| *rank);
        let outlet = outlets.into_iter().map(|(_, o)| o).next();
        let name = match (&outlet, &self.guid) {
            (Some(outlet), Some(id)) => Some(format!("{outlet}:{}", short_id(id))),
            _ => None,
        };
        let clean = |s: &str| {
            let s = normalize_text(s.trim());
            (!s.is_empty()).then_some(s)
        };
        Extracted {
            text: out.finish(),
            name,
            meta: Metadata {
                outlet,
                title: clean(&self.headline),
                // An explicit tag is what the provider says the item is in;
                // `xml:lang` is only what its markup is in.
                language: self.language.or(self.body_lang.unwrap_or(self.item_lang)),
                url: None,
                ..Metadata::default()
            },
            date: parse_iso_date(&self.first_created)
                .or_else(|| parse_iso_date(&self.version_created)),
            item: self.guid.map(|id| ItemIdentity {
                id,
                version: self.version,
                version_created: clean(&self.version_created),
            }),
            warnings: Vec::new(),
        }
    }
}

fn attr(start: &BytesStart<'_>, key: &str) -> Option<String> {
    start
        .attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref() == key)
        .map(|a| html::decode(&a.value))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// `xml:lang` on an element: `None` when it has none, `Some(None)` when it is
/// empty (XML's way to say the language is unknown).
fn xml_lang(start: &BytesStart<'_>) -> Option<Option<String>> {
    start
        .attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.into_inner() == "xml:lang")
        .map(|a| {
            let v = html::decode(&a.value);
            let v = v.trim();
            (!v.is_empty()).then(|| v.to_string())
        })
}

fn local(start: &BytesStart<'_>) -> String {
    start.local_name().as_ref().to_ascii_lowercase()
}

/// Decodes the reference `&name;` (`name` without `&` and `;`). XML's five
/// and numeric references, and, leniently, HTML's named ones (`&nbsp;` in an
/// XHTML body without its DTD).
fn reference(name: &str) -> String {
    html::decode(&format!("&{name};"))
}

/// Reads every `newsItem` of a NewsML-G2 document. Items finished before a
/// syntax error are kept; the error is located in the file.
pub(crate) fn read(file: &str) -> Vec<Result<Extracted, ItemError>> {
    let mut reader = Reader::from_str(file);
    let mut results = Vec::new();
    let mut item: Option<ItemState> = None;
    let mut path: Vec<String> = Vec::new();
    // The `xml:lang` in scope inside each element of `path`.
    let mut langs: Vec<Option<String>> = Vec::new();
    // The open elements as written, for the error of a document cut short.
    let mut written: Vec<String> = Vec::new();
    let mut found = false;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let offset = usize::try_from(reader.error_position()).unwrap_or(0);
                results.push(Err(ItemError {
                    message: format!("malformed XML: {e}"),
                    offset: offset.min(file.len()),
                }));
                return results;
            }
        };
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Eof => {
                // quick-xml ends quietly inside open elements: a file cut
                // short would pass for complete, its last item for whole.
                if let Some(open) = written.last() {
                    results.push(Err(ItemError {
                        message: format!(
                            "malformed XML: unexpected end of document (<{open}> is not closed)"
                        ),
                        offset: file.len(),
                    }));
                    return results;
                }
                break;
            }
            Event::Start(start) => {
                let name = local(&start);
                let lang = in_scope(&start, &langs);
                written.push(start.name().into_inner().to_string());
                open(&mut item, &start, &name, &path, before, &lang);
                if name == "newsitem" {
                    found = true;
                    item = Some(ItemState::new(&start, lang.clone()));
                }
                path.push(name);
                langs.push(lang);
            }
            Event::Empty(start) => {
                let name = local(&start);
                let lang = in_scope(&start, &langs);
                open(&mut item, &start, &name, &path, before, &lang);
                if let Some(state) = item.as_mut() {
                    close(state, &name, after);
                }
            }
            Event::End(end) => {
                let name = end.local_name().as_ref().to_ascii_lowercase();
                path.pop();
                langs.pop();
                written.pop();
                if name == "newsitem" {
                    if let Some(state) = item.take() {
                        results.push(Ok(state.finish(file, before)));
                    }
                } else if let Some(state) = item.as_mut() {
                    close(state, &name, before);
                }
            }
            Event::Text(_) => {
                if let Some(state) = item.as_mut() {
                    text(state, before, file.get(before..after).unwrap_or(""), false);
                }
            }
            Event::CData(_) => {
                if let Some(state) = item.as_mut() {
                    let content = file.get(before + 9..after.saturating_sub(3)).unwrap_or("");
                    text(state, before + 9, content, false);
                }
            }
            Event::GeneralRef(_) => {
                if let Some(state) = item.as_mut() {
                    let name = file.get(before + 1..after.saturating_sub(1)).unwrap_or("");
                    text(state, before, &reference(name), true);
                }
            }
            _ => {}
        }
    }
    if !found {
        results.push(Err(ItemError {
            message: "no newsItem in this XML document (not NewsML-G2)".to_string(),
            offset: 0,
        }));
    }
    results
}

/// The `xml:lang` in scope inside `start`: its own, else its parent's.
fn in_scope(start: &BytesStart<'_>, langs: &[Option<String>]) -> Option<String> {
    xml_lang(start).unwrap_or_else(|| langs.last().cloned().flatten())
}

/// An element `name` starts (at byte `at`) inside the current item, if any;
/// `lang` is the `xml:lang` in scope inside it.
fn open(
    item: &mut Option<ItemState>,
    start: &BytesStart<'_>,
    name: &str,
    path: &[String],
    at: usize,
    lang: &Option<String>,
) {
    let Some(state) = item.as_mut() else {
        return;
    };
    let parent = path.last().map_or("", String::as_str);
    let place = match state.place() {
        Place::InlineXml => {
            let tag = Tag::from_attributes(name, |key| attr(start, key));
            state.article.start(&tag, at);
            Place::InlineXml
        }
        Place::InlineData(_) | Place::Headline => state.place(),
        Place::Meta(_) | Place::Other => match (parent, name) {
            ("contentmeta", "headline") => {
                state.article.start(&Tag::named("headline"), at);
                Place::Headline
            }
            (_, "inlinexml") => {
                state.body_lang.get_or_insert_with(|| lang.clone());
                Place::InlineXml
            }
            (_, "inlinedata") => {
                state.body_lang.get_or_insert_with(|| lang.clone());
                Place::InlineData(attr(start, "contenttype").is_some_and(|t| t.contains("html")))
            }
            ("itemmeta", "versioncreated") => Place::Meta(Field::VersionCreated),
            ("itemmeta", "firstcreated") => Place::Meta(Field::FirstCreated),
            ("contentmeta", "language") => {
                if state.language.is_none() {
                    state.language = attr(start, "tag");
                }
                Place::Other
            }
            ("contentmeta", "infosource")
            | ("itemmeta", "provider")
            | ("rightsinfo", "copyrightholder") => {
                let rank = match name {
                    "infosource" => 0,
                    "provider" => 1,
                    _ => 2,
                };
                state.outlet_rank = rank;
                if let Some(literal) = attr(start, "literal").or_else(|| attr(start, "name")) {
                    state.outlets.push((rank, literal));
                }
                Place::Other
            }
            ("infosource" | "provider" | "copyrightholder", "name") => {
                Place::Meta(Field::OutletName)
            }
            _ => Place::Other,
        },
    };
    state.place.push(place);
}

/// An element ends at byte `at`.
fn close(state: &mut ItemState, name: &str, at: usize) {
    let place = state.place.pop().unwrap_or(Place::Other);
    match place {
        Place::InlineXml if name != "inlinexml" => state.article.end(name, at),
        Place::Headline if name == "headline" => state.article.end("headline", at),
        _ => {}
    }
}

/// Text at byte `at`; `decoded` when it came from a reference.
fn text(state: &mut ItemState, at: usize, content: &str, decoded: bool) {
    let feed = |article: &mut Article| {
        if decoded {
            article.decoded(at, content);
        } else {
            article.text(at, content);
        }
    };
    match state.place() {
        Place::Headline => {
            state.headline.push_str(content);
            feed(&mut state.article);
        }
        Place::InlineXml => feed(&mut state.article),
        Place::InlineData(true) => {
            if decoded {
                state.html_data.emit(at, content);
            } else {
                state.html_data.append_via(content, |i| at + i);
            }
        }
        Place::InlineData(false) => {
            if decoded {
                state.article.decoded(at, content);
            } else {
                state.article.plain(at, content);
            }
        }
        Place::Meta(field) => {
            let target = match field {
                Field::VersionCreated => &mut state.version_created,
                Field::FirstCreated => &mut state.first_created,
                Field::OutletName => {
                    let name = content.trim();
                    if !name.is_empty() {
                        state.outlets.push((state.outlet_rank, name.to_string()));
                    }
                    return;
                }
            };
            target.push_str(content);
        }
        Place::Other => {}
    }
}

/// The normalized article text of one item, for tests.
#[cfg(test)]
fn texts(file: &str) -> Vec<Result<Normalized, ItemError>> {
    read(file).into_iter().map(|r| r.map(|e| e.text)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const ITEM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:apnews.com:20230411:kim" version="2" standard="NewsML-G2">
 <itemMeta><itemClass qcode="ninat:text"/><provider literal="AP"/>
  <versionCreated>2023-04-11T09:00:00Z</versionCreated><firstCreated>2023-04-11T02:22:00Z</firstCreated></itemMeta>
 <contentMeta><infoSource role="cpnat:source"><name>Associated Press</name></infoSource>
  <located><name>Seoul</name></located><language tag="en"/>
  <headline>Kim vows &#8216;offensive&#8217; nukes</headline></contentMeta>
 <contentSet><inlineXML contenttype="application/nitf+xml"><nitf><body><body.content>
  <p>SEOUL (AP) &#x2014; Kim said &quot;practical and offensive&quot; ways.</p>
  <p class="credit">Photo: AP</p><p><![CDATA[Kwon Youngse <spoke>.]]></p>
 </body.content></body></nitf></inlineXML></contentSet>
</newsItem>"#;

    #[test]
    fn item_text_metadata_and_positions() {
        let got = read(ITEM);
        assert_eq!(got.len(), 1);
        let e = got[0].as_ref().unwrap();
        assert_eq!(
            e.text.text,
            "Kim vows \u{2018}offensive\u{2019} nukes\n\nSEOUL (AP) \u{2014} Kim said \"practical and offensive\" ways.\n\nKwon Youngse <spoke>.\n\n"
        );
        assert_eq!(e.name.as_deref(), Some("Associated Press:kim"));
        assert_eq!(e.meta.language.as_deref(), Some("en"));
        assert_eq!(e.date, jiff::civil::Date::new(2023, 4, 11).ok());
        let item = e.item.as_ref().unwrap();
        assert_eq!(item.version.as_deref(), Some("2"));
        assert_eq!(
            item.version_created.as_deref(),
            Some("2023-04-11T09:00:00Z")
        );
        let at = |needle: &str| e.text.map.start(ITEM, e.text.text.find(needle).unwrap());
        assert!(ITEM[at("offensive\u{2019}")..].starts_with("offensive&#8217;"));
        assert!(ITEM[at("\"practical")..].starts_with("&quot;practical"));
        assert!(ITEM[at("Kwon")..].starts_with("Kwon Youngse <spoke>.]]>"));
    }

    #[test]
    fn xml_lang_is_the_language_unless_content_meta_names_one() {
        let language = |doc: &str| -> Vec<Option<String>> {
            read(doc)
                .into_iter()
                .map(|r| r.unwrap().meta.language)
                .collect()
        };
        let body = "<contentSet><inlineData>Beide Seiten.</inlineData></contentSet>";
        // On the item, inherited from the message, on the content.
        assert_eq!(
            language(&format!(
                "<newsItem guid=\"a\" xml:lang=\"de\"><contentMeta/>{body}</newsItem>"
            )),
            [Some("de".to_string())]
        );
        assert_eq!(
            language(&format!(
                "<newsMessage xml:lang=\"de-AT\"><itemSet><newsItem guid=\"a\">{body}</newsItem></itemSet></newsMessage>"
            )),
            [Some("de-AT".to_string())]
        );
        assert_eq!(
            language(
                "<newsItem guid=\"a\" xml:lang=\"en\"><contentSet xml:lang=\"de\"><inlineData>x</inlineData></contentSet></newsItem>"
            ),
            [Some("de".to_string())]
        );
        assert_eq!(
            language(
                "<newsItem guid=\"a\"><contentSet><inlineXML xml:lang=\"de\"><p>x</p></inlineXML></contentSet></newsItem>"
            ),
            [Some("de".to_string())]
        );
        // An explicit contentMeta/language wins, wherever it comes.
        assert_eq!(
            language(&format!(
                "<newsItem guid=\"a\" xml:lang=\"de\"><contentMeta><language tag=\"en\"/></contentMeta>{body}</newsItem>"
            )),
            [Some("en".to_string())]
        );
        assert_eq!(
            language(&format!(
                "<newsItem guid=\"a\" xml:lang=\"de\">{body}<contentMeta><language tag=\"en\"/></contentMeta></newsItem>"
            )),
            [Some("en".to_string())]
        );
        // `xml:lang=""` says the language is unknown; a bare `lang` is not `xml:lang`.
        assert_eq!(
            language(
                "<newsItem guid=\"a\" xml:lang=\"de\"><contentSet><inlineData xml:lang=\"\">x</inlineData></contentSet></newsItem>"
            ),
            [None]
        );
        assert_eq!(
            language(&format!(
                "<newsItem guid=\"a\" lang=\"de\">{body}</newsItem>"
            )),
            [None]
        );
        // Each item of a message has its own.
        assert_eq!(
            language(&format!(
                "<newsMessage><itemSet><newsItem guid=\"a\" xml:lang=\"de\">{body}</newsItem><newsItem guid=\"b\">{body}</newsItem></itemSet></newsMessage>"
            )),
            [Some("de".to_string()), None]
        );
    }

    #[test]
    fn messages_inline_data_and_errors() {
        let message = r#"<newsMessage><itemSet>
<newsItem guid="a" version="1"><contentSet><inlineData contenttype="text/plain">First line.
Second line.

New paragraph &amp; more.</inlineData></contentSet></newsItem>
<newsItem guid="b"><contentSet><inlineData contenttype="text/html">&lt;p&gt;Html &amp;amp; data.&lt;/p&gt;</inlineData></contentSet></newsItem>
<newsItem guid="c"><contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><nav>Menu</nav><p>X &nbsp;y.</p></body></html></inlineXML></contentSet></newsItem>
<newsItem guid="d"><contentSet><inlineXML><p>Broken</b></inlineXML></contentSet></newsItem>
</itemSet></newsMessage>"#;
        let got = texts(message);
        assert_eq!(got.len(), 4);
        assert_eq!(
            got[0].as_ref().unwrap().text,
            "First line.\nSecond line.\n\nNew paragraph & more.\n\n"
        );
        assert_eq!(got[1].as_ref().unwrap().text, "Html & data.\n\n");
        let b = got[1].as_ref().unwrap();
        let i = b.text.find("data").unwrap();
        assert!(message[b.map.start(message, i)..].starts_with("data."));
        assert_eq!(got[2].as_ref().unwrap().text, "X \u{a0}y.\n\n");
        let err = got[3].as_ref().unwrap_err();
        assert!(err.message.starts_with("malformed XML"), "{}", err.message);
        assert!(
            message[err.offset..].starts_with("</b>"),
            "{}",
            &message[err.offset..]
        );
        assert!(read("<p>not newsml</p>")[0].is_err());
        // Cut short: inside an item, and after the first item of a message.
        let cut = "<newsItem guid=\"x\"><contentSet><inlineXML><p>Closed for 5 days.\n";
        let got = texts(cut);
        assert_eq!(got.len(), 1);
        let err = got[0].as_ref().unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.offset),
            (
                "malformed XML: unexpected end of document (<p> is not closed)",
                cut.len()
            )
        );
        let first = message.find("<newsItem guid=\"b\"").unwrap();
        let got = texts(&message[..first]);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].as_ref().unwrap().text,
            "First line.\nSecond line.\n\nNew paragraph & more.\n\n"
        );
        let err = got[1].as_ref().unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.offset),
            (
                "malformed XML: unexpected end of document (<itemSet> is not closed)",
                first
            )
        );
        for broken in [
            "",
            "<",
            "<newsItem",
            "<newsItem>&bogus;",
            "<![CDATA[",
            "<newsItem><contentSet><inlineXML><p>",
        ] {
            let _ = read(broken);
        }
    }
}
