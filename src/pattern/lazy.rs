//! A regex built on first use, from its text, by a given builder: patterns
//! compile to text at once and to an automaton only when a source needs one.

use std::sync::{Arc, OnceLock};

/// A regex of type `R` built on first use; the error says why it could not be.
#[derive(Debug, Clone)]
pub(super) struct Lazy<R> {
    /// Shared with the regexes built from the same text another way (a
    /// placeholder's regex makes it tens of kilobytes).
    text: Arc<str>,
    build: fn(&str) -> Result<R, String>,
    regex: OnceLock<Result<R, String>>,
}

impl<R> Lazy<R> {
    /// `text`, to be built with `build` when first asked for.
    pub(super) fn new(text: String, build: fn(&str) -> Result<R, String>) -> Self {
        Lazy {
            text: text.into(),
            build,
            regex: OnceLock::new(),
        }
    }

    /// The same text, to be built with `build` instead, when first asked for.
    pub(super) fn sibling<S>(&self, build: fn(&str) -> Result<S, String>) -> Lazy<S> {
        Lazy {
            text: Arc::clone(&self.text),
            build,
            regex: OnceLock::new(),
        }
    }

    /// `regex`, already built from `text`.
    pub(super) fn built(text: String, build: fn(&str) -> Result<R, String>, regex: R) -> Self {
        let lazy = Lazy::new(text, build);
        let _ = lazy.regex.set(Ok(regex));
        lazy
    }

    /// The regex's text.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The regex, built now if it was not yet.
    pub(super) fn get(&self) -> Result<&R, &str> {
        self.regex
            .get_or_init(|| (self.build)(&self.text))
            .as_ref()
            .map_err(String::as_str)
    }

    /// Whether it was built and failed, and why.
    pub(super) fn failed(&self) -> Option<&str> {
        self.regex
            .get()
            .and_then(|r| r.as_ref().err())
            .map(String::as_str)
    }

    /// Whether it was built (a test of laziness).
    #[cfg(test)]
    pub(super) fn is_built(&self) -> bool {
        self.regex.get().is_some()
    }
}
