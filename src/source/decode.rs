//! Turning a source's bytes into text: UTF-8 (a byte-order mark dropped) and
//! UTF-16 (with a byte-order mark, or without one when the bytes clearly are
//! UTF-16), or the reason they are not text. The text is put in Unicode NFC,
//! so a decomposed "José" (e + combining acute) reads as the precomposed one
//! patterns are written with. Every position crosswire reports is in the
//! decoded text.

use super::Position;
use crate::text::nfc;

/// How far into the bytes we look for NUL bytes (binary, or UTF-16 without a
/// byte-order mark).
pub const SNIFF_BYTES: usize = 8 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf16 {
    Le,
    Be,
}

/// The bytes as text, or why they are not text ("binary file (NUL byte at
/// byte 3)", "not valid UTF-8 (byte 12)", "not valid UTF-16 (byte 8)").
/// (Loading uses [`decode_located`]; the reason alone is what tests compare.)
#[cfg(test)]
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    decode_located(bytes).map_err(|e| e.reason)
}

/// Why bytes are not text, and where: the line and column of the first bad
/// byte (columns count the characters before it on its line), so a report
/// can point at it like at any other input error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    /// "binary file (NUL byte at byte 3)", ...
    pub reason: String,
    /// The bad byte's line and column.
    pub at: Position,
}

/// [`decode`], with the position of the problem.
pub fn decode_located(bytes: Vec<u8>) -> Result<String, Undecodable> {
    decode_raw(bytes).map(nfc)
}

fn decode_raw(bytes: Vec<u8>) -> Result<String, Undecodable> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, Utf16::Le, 2);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, Utf16::Be, 2);
    }
    let sniff = bytes.get(..SNIFF_BYTES).unwrap_or(&bytes);
    // Without a NUL byte the bytes are neither UTF-16 nor binary (most text).
    if let Some(at) = memchr::memchr(0, sniff) {
        if let Some(order) = sniff_utf16(sniff) {
            return utf16(&bytes, order, 0);
        }
        let skip = if bytes.starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
        return Err(Undecodable {
            reason: format!("binary file (NUL byte at byte {at})"),
            at: position_in_bytes(bytes.get(skip..at).unwrap_or_default()),
        });
    }
    let mut bytes = bytes;
    let skip = if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
        UTF8_BOM.len()
    } else {
        0
    };
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        Undecodable {
            reason: format!("not valid UTF-8 (byte {})", valid + skip),
            at: position_in_bytes(e.as_bytes().get(..valid).unwrap_or_default()),
        }
    })
}

/// The position just past `before` (the bytes ahead of the bad one; any
/// invalid bytes among them count as one character each).
fn position_in_bytes(before: &[u8]) -> Position {
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default())
        .chars()
        .count();
    Position {
        line: 1 + memchr::memchr_iter(b'\n', before).count(),
        column: column + 1,
    }
}

/// The position just past `before`, text already decoded.
fn position_in_text(before: &str) -> Position {
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: 1 + before.matches('\n').count(),
        column: before.get(line_start..).map_or(0, |l| l.chars().count()) + 1,
    }
}

/// UTF-16 without a byte-order mark, told by its NUL bytes: text in a Latin
/// script has a NUL as every other byte, on the same side. Needs a few
/// characters and a clear pattern (most of one side NUL, almost none of the
/// other), so a binary file with scattered NULs stays binary.
fn sniff_utf16(sniff: &[u8]) -> Option<Utf16> {
    let pairs = sniff.len() / 2;
    if pairs < 4 || sniff.len() % 2 != 0 && sniff.len() < SNIFF_BYTES {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sniff.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let clear = |many: usize, few: usize| many * 10 >= pairs * 6 && few * 50 <= pairs;
    if clear(odd, even) {
        Some(Utf16::Le)
    } else if clear(even, odd) {
        Some(Utf16::Be)
    } else {
        None
    }
}

/// Decodes UTF-16 `bytes`; `offset` is where they start in the file, for the
/// byte an error names.
fn utf16(bytes: &[u8], order: Utf16, offset: usize) -> Result<String, Undecodable> {
    let name = match order {
        Utf16::Le => "UTF-16LE",
        Utf16::Be => "UTF-16BE",
    };
    let units = bytes.chunks(2).map(|pair| match (order, pair) {
        (Utf16::Le, [lo, hi]) => Some(u16::from_le_bytes([*lo, *hi])),
        (Utf16::Be, [hi, lo]) => Some(u16::from_be_bytes([*hi, *lo])),
        _ => None,
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut at = offset;
    let mut odd_end = false;
    let mut pending = Vec::with_capacity(bytes.len() / 2);
    for unit in units {
        match unit {
            Some(u) => pending.push(u),
            None => odd_end = true,
        }
    }
    for c in char::decode_utf16(pending) {
        match c {
            Ok('\0') => {
                return Err(Undecodable {
                    reason: format!("binary file (NUL character at byte {at}, {name})"),
                    at: position_in_text(&text),
                })
            }
            Ok(c) => {
                text.push(c);
                at += c.len_utf16() * 2;
            }
            Err(_) => {
                return Err(Undecodable {
                    reason: format!("not valid {name} (byte {at})"),
                    at: position_in_text(&text),
                })
            }
        }
    }
    if odd_end {
        return Err(Undecodable {
            reason: format!("not valid {name} (byte {at}: an odd number of bytes)"),
            at: position_in_text(&text),
        });
    }
    Ok(text)
}

#[cfg(test)]
mod nfc_tests {
    #[test]
    fn decomposed_text_is_composed() {
        let text = super::decode("Jose\u{301} said".as_bytes().to_vec()).unwrap();
        assert_eq!(text, "Jos\u{e9} said");
        assert_eq!(crate::text::nfc("plain".to_string()), "plain");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"abc".to_vec()), Ok("abc".to_string()));
        assert_eq!(decode(b"\xEF\xBB\xBFabc".to_vec()), Ok("abc".to_string()));
        assert_eq!(
            decode(b"\xEF\xBB\xBFok \xff".to_vec()),
            Err("not valid UTF-8 (byte 6)".to_string())
        );
        assert_eq!(
            decode(b"abc\0def".to_vec()),
            Err("binary file (NUL byte at byte 3)".to_string())
        );
    }

    #[test]
    fn utf16_with_a_bom() {
        let text = "Kim Jong Un – “José” 🚀\nline two";
        let mut bytes = b"\xFF\xFE".to_vec();
        bytes.extend(le(text));
        assert_eq!(decode(bytes), Ok(text.to_string()));
        let mut bytes = b"\xFE\xFF".to_vec();
        bytes.extend(be(text));
        assert_eq!(decode(bytes), Ok(text.to_string()));
    }

    #[test]
    fn utf16_without_a_bom_when_clear() {
        let text = "Seoul (Yonhap) -- North Korea fired 30 missiles.";
        assert_eq!(decode(le(text)), Ok(text.to_string()));
        assert_eq!(decode(be(text)), Ok(text.to_string()));
        // Scattered NULs are binary, not UTF-16.
        let mut bin = b"abcdefgh".repeat(4);
        bin[5] = 0;
        bin[20] = 0;
        assert_eq!(
            decode(bin),
            Err("binary file (NUL byte at byte 5)".to_string())
        );
    }

    fn at(bytes: &[u8]) -> (usize, usize) {
        let e = decode_located(bytes.to_vec()).unwrap_err();
        (e.at.line, e.at.column)
    }

    #[test]
    fn bad_bytes_have_a_line_and_column() {
        assert_eq!(at(b"\xff"), (1, 1));
        assert_eq!(at(b"one\ntw\xc3\xa9 \xff"), (2, 5));
        assert_eq!(at(b"\xEF\xBB\xBFok\r\n\n  \xc3"), (3, 3));
        assert_eq!(at("abc\ndé\0".as_bytes()), (2, 3));
        assert_eq!(at(b"\xEF\xBB\xBFx\0"), (1, 2));
        let mut bytes = b"\xFF\xFE".to_vec();
        bytes.extend(le("a\nbé"));
        bytes.extend([0x00, 0xD8, b'c', 0]);
        assert_eq!(at(&bytes), (2, 3));
    }

    #[test]
    fn bad_utf16_is_located() {
        let mut bytes = b"\xFF\xFE".to_vec();
        bytes.extend(le("ab"));
        bytes.extend([0x00, 0xD8, b'c', 0]); // a lone high surrogate
        assert_eq!(
            decode(bytes),
            Err("not valid UTF-16LE (byte 6)".to_string())
        );
        let mut bytes = b"\xFF\xFE".to_vec();
        bytes.extend(le("ab"));
        bytes.push(b'c');
        assert_eq!(
            decode(bytes),
            Err("not valid UTF-16LE (byte 6: an odd number of bytes)".to_string())
        );
    }
}
