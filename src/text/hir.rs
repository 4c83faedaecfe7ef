//! Reading a regex's syntax tree: the one walker for the rewrites that keep
//! a regex's shape and change its parts (bounds dropped for boilerplate's
//! relaxed automata, non-ASCII branches taken out for ASCII text), and the
//! literals every match contains (a `regex:` pattern's anchor words, the
//! bytes an image caption cannot do without).

use regex_syntax::hir::{Capture, Hir, HirKind, Literal, Repetition};

/// `hir` rebuilt from the leaves up, each node passed to `node` once its
/// children are rewritten (leaves as they are); what `node` returns takes
/// its place.
pub(crate) fn rewrite(hir: &Hir, node: &dyn Fn(Hir) -> Hir) -> Hir {
    let rebuilt = match hir.kind() {
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(rewrite(&rep.sub, node)),
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            index: cap.index,
            name: cap.name.clone(),
            sub: Box::new(rewrite(&cap.sub, node)),
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(|p| rewrite(p, node)).collect()),
        HirKind::Alternation(parts) => {
            Hir::alternation(parts.iter().map(|p| rewrite(p, node)).collect())
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
    };
    node(rebuilt)
}

/// Literal strings every match of `hir` contains, written as in the regex.
/// A letter read case-insensitively is a class, not a literal, so only what
/// is matched byte for byte counts (a `regex:` pattern is parsed
/// case-sensitively for its anchors). A choice gives none, an optional part
/// none.
pub(crate) fn required_literals(hir: &Hir) -> Vec<String> {
    let literal = |hir: &Hir| match hir.kind() {
        HirKind::Literal(Literal(bytes)) => std::str::from_utf8(bytes).ok().map(str::to_owned),
        _ => None,
    };
    match hir.kind() {
        HirKind::Literal(_) => literal(hir).into_iter().collect(),
        HirKind::Capture(capture) => required_literals(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => {
            required_literals(&repetition.sub)
        }
        HirKind::Concat(parts) => {
            let mut found = Vec::new();
            let mut run = String::new();
            for part in parts {
                match literal(part) {
                    Some(text) => run.push_str(&text),
                    None => {
                        found.push(std::mem::take(&mut run));
                        found.extend(required_literals(part));
                    }
                }
            }
            found.push(run);
            found.retain(|f| !f.is_empty());
            found
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pattern: &str) -> Hir {
        regex_syntax::Parser::new().parse(pattern).unwrap()
    }

    #[test]
    fn every_node_is_passed_once_its_children_are_rewritten() {
        // Every literal `a` becomes `b`, inside repetitions, captures,
        // concatenations and alternations alike.
        let a_to_b = |h: Hir| match h.kind() {
            HirKind::Literal(l) if &*l.0 == b"a" => Hir::literal("b".as_bytes()),
            _ => h,
        };
        assert_eq!(
            rewrite(&parse("(a)|x(?:a)+"), &a_to_b),
            parse("(b)|x(?:b)+")
        );
        // The identity keeps the tree.
        let tree = parse(r"(?i)\bsaid\b (?P<v>\w{1,3})?|[^;]");
        assert_eq!(rewrite(&tree, &|h| h), tree);
    }
}
