//! What a skipped input says to the user: the one place that turns a
//! [`Skipped`] into a located [`Diagnostic`], for `check`, `quotes`, `facts`,
//! `check --stream`, `explain` and `rules new`.

use super::Skipped;
use crate::error::{Diagnostic, ErrorKind};

impl Skipped {
    /// The input error for this skipped input, at its file and, when the
    /// problem has a position (malformed JSON or XML), its line and column.
    /// Whether to report it is the caller's choice (usually: `is_error`).
    pub fn diagnostic(&self) -> Diagnostic {
        let mut diagnostic =
            Diagnostic::error(ErrorKind::Input, self.reason.clone()).in_file(self.path.clone());
        if let Some(at) = self.at {
            diagnostic.line = Some(at.line);
            diagnostic.column = Some(at.column);
        }
        diagnostic
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Position;

    #[test]
    fn a_skipped_input_is_a_located_input_error() {
        let skipped = Skipped {
            path: "a.json".into(),
            reason: "malformed JSON".into(),
            is_error: true,
            at: Some(Position { line: 3, column: 7 }),
        };
        let d = skipped.diagnostic();
        assert_eq!(d.kind, ErrorKind::Input);
        assert_eq!(d.message, "malformed JSON");
        assert_eq!(d.path.as_deref(), Some("a.json"));
        assert_eq!((d.line, d.column), (Some(3), Some(7)));
    }
}
