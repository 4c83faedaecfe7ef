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
    /// Whether the regex was shown to build without building it (see
    /// [`Lazy::builds`]), once asked.
    shown: OnceLock<bool>,
}

impl<R> Lazy<R> {
    /// `text`, to be built with `build` when first asked for.
    pub(super) fn new(text: String, build: fn(&str) -> Result<R, String>) -> Self {
        Lazy {
            text: text.into(),
            build,
            regex: OnceLock::new(),
            shown: OnceLock::new(),
        }
    }

    /// The same text, to be built with `build` instead, when first asked for.
    pub(super) fn sibling<S>(&self, build: fn(&str) -> Result<S, String>) -> Lazy<S> {
        Lazy {
            text: Arc::clone(&self.text),
            build,
            regex: OnceLock::new(),
            shown: OnceLock::new(),
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

    /// That the regex builds, or why it cannot (`rules lint`): `shows`,
    /// given the text and asked once, may prove that it builds without
    /// building it (a cheaper build of what alone can fail); when it does
    /// not, the regex is built.
    pub(super) fn builds(&self, shows: impl FnOnce(&str) -> bool) -> Result<(), &str> {
        if self.regex.get().is_none() && *self.shown.get_or_init(|| shows(&self.text)) {
            return Ok(());
        }
        self.get().map(|_| ())
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

    /// Whether it was shown to build without building it, once asked.
    #[cfg(test)]
    pub(super) fn is_shown(&self) -> Option<bool> {
        self.shown.get().copied()
    }
}
