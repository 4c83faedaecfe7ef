//! A regex restricted to ASCII text: the same syntax tree with every
//! non-ASCII alternative taken out and Unicode word boundaries made ASCII
//! ones. On a text that is all ASCII it finds exactly the matches, and the
//! same captures, that the Unicode regex finds: a match there consumes only
//! ASCII characters, so a branch that needs any other can never take part,
//! and taking it out changes no preference between the branches left; and
//! Unicode's word characters among ASCII are the ASCII ones. What it saves
//! is size: a case-insensitive word or a `\w` spans a few states instead of
//! the UTF-8 automaton of every letter in Unicode, so each engine compiles
//! and steps through far fewer states.

use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Literal,
    Look,
};

/// `hir` for texts that are all ASCII (see the module's docs).
pub(crate) fn ascii_only(hir: &Hir) -> Hir {
    crate::text::hir::rewrite(hir, &|node| match node.kind() {
        HirKind::Literal(Literal(bytes)) if !bytes.is_ascii() => Hir::fail(),
        HirKind::Class(Class::Unicode(class)) => {
            let mut ascii = class.clone();
            ascii.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7F')]));
            Hir::class(Class::Unicode(ascii))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut ascii = class.clone();
            ascii.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7F)]));
            Hir::class(Class::Bytes(ascii))
        }
        HirKind::Look(look) => Hir::look(ascii_look(*look)),
        _ => node,
    })
}

/// A Unicode word assertion as its ASCII twin; others as they are.
fn ascii_look(look: Look) -> Look {
    match look {
        Look::WordUnicode => Look::WordAscii,
        Look::WordUnicodeNegate => Look::WordAsciiNegate,
        Look::WordStartUnicode => Look::WordStartAscii,
        Look::WordEndUnicode => Look::WordEndAscii,
        Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
        Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
        other => other,
    }
}
