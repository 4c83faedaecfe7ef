//! A regex with a bounded repeat (`[^,]{1,100}`) searched first with the
//! repeat unbounded (`[^,]+`), and with the bounded regex itself only when
//! the match found overruns the bound. A bounded repeat compiles to one copy
//! of its class per count: the quotation's attribution regexes spent a fifth
//! of their build on five such repeats, which the unbounded form does without.
//!
//! Why the two agree: a match of the bounded regex is a match of the
//! unbounded one whose repeat keeps within the bound, and both prefer their
//! matches in the same order (a greedy repeat the most repetitions first, a
//! lazy one the fewest; leaving out the counts past the bound leaves the
//! order of the rest). So when the unbounded regex's match at the leftmost
//! place it matches keeps within the bound, the bounded regex has a match
//! there and prefers that same one, and none further left; when it does not,
//! the bounded regex searches instead. Either way the match and every group
//! are the bounded regex's.

use std::sync::OnceLock;

use regex::{Captures, Match};

use crate::text::plain::PlainFirst;

/// The repeat a [`Bounded`] checks: the group that holds exactly the
/// repeat, and how many characters (each one repetition) it may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Repeat {
    /// The named group around the repeat and nothing else.
    pub group: &'static str,
    /// The repeat's upper bound.
    pub max: usize,
    /// Whether the repeat is lazy (`{1,N}?`).
    pub lazy: bool,
}

impl Repeat {
    /// The repeat's counts as written in the bounded regex.
    fn bounded(self) -> String {
        format!("{{1,{}}}{}", self.max, if self.lazy { "?" } else { "" })
    }

    /// The same without the bound.
    fn unbounded(self) -> &'static str {
        if self.lazy {
            "+?"
        } else {
            "+"
        }
    }
}

/// A regex searched through its unbounded form first (see the module's
/// docs); without a [`Repeat`], just the regex. Its methods are
/// `regex::Regex`'s, with the bounded regex's matches and groups.
#[derive(Debug)]
pub(crate) struct Bounded {
    /// The regex, its repeat unbounded.
    first: PlainFirst,
    /// The repeat and the bounded regex, built on first need.
    check: Option<Check>,
}

#[derive(Debug)]
struct Check {
    repeat: Repeat,
    pattern: String,
    exact: OnceLock<Option<PlainFirst>>,
}

impl Bounded {
    /// A regex without a bounded repeat to check; `None` if it does not compile.
    pub(crate) fn new(pattern: &str) -> Option<Self> {
        Some(Self {
            first: PlainFirst::new(pattern)?,
            check: None,
        })
    }

    /// The regex that `pattern` writes with its repeat's counts: given
    /// `{1,N}` (or `{1,N}?`) it is the bounded regex, given `+` (or `+?`)
    /// the one searched first. `None` if either does not compile.
    pub(crate) fn with_repeat(pattern: impl Fn(&str) -> String, repeat: Repeat) -> Option<Self> {
        // The bounded regex differs only in its counts, so it parses too;
        // only its size could keep it from building, which the unit tests
        // of its users' regexes check.
        let check = Check {
            repeat,
            pattern: pattern(&repeat.bounded()),
            exact: OnceLock::new(),
        };
        Some(Self {
            first: PlainFirst::new(&pattern(repeat.unbounded()))?,
            check: Some(check),
        })
    }

    /// The regex searched first, in its two forms (the unit tests compare them).
    #[cfg(test)]
    pub(crate) fn first(&self) -> &PlainFirst {
        &self.first
    }

    /// The bounded regex, if this one checks a repeat.
    #[cfg(test)]
    pub(crate) fn exact(&self) -> Option<&PlainFirst> {
        self.check.as_ref().and_then(Check::exact)
    }

    /// The first match at or after `start` (`^` and `\b` still see the
    /// text before it, as in [`regex::Regex::captures_at`]).
    fn captures_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Captures<'h>> {
        let found = self.first.captures_at(haystack, start)?;
        let Some(check) = &self.check else {
            return Some(found);
        };
        let within = found
            .name(check.repeat.group)
            .is_none_or(|m| m.as_str().chars().count() <= check.repeat.max);
        if within {
            Some(found)
        } else {
            check.exact()?.captures_at(haystack, start)
        }
    }

    /// [`regex::Regex::captures`].
    pub(crate) fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.captures_at(haystack, 0)
    }

    /// [`regex::Regex::captures_iter`].
    pub(crate) fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + 'r
    where
        'h: 'r,
    {
        let mut next = Some(0);
        std::iter::from_fn(move || {
            let start = next?;
            let found = self.captures_at(haystack, start);
            next = found.as_ref().and_then(|c| {
                let whole = c.get(0)?;
                // An empty match moves on a character, as `regex` does.
                if whole.end() > whole.start() {
                    Some(whole.end())
                } else {
                    haystack
                        .get(whole.end()..)?
                        .chars()
                        .next()
                        .map(|ch| whole.end() + ch.len_utf8())
                }
            });
            found
        })
    }

    /// [`regex::Regex::find`].
    pub(crate) fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        match self.check {
            None => self.first.find(haystack),
            Some(_) => self.captures(haystack)?.get(0),
        }
    }

    /// [`regex::Regex::find_iter`].
    pub(crate) fn find_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Match<'h>> + 'r
    where
        'h: 'r,
    {
        // A checked regex goes through the check match by match; any other
        // is the regex's own iterator.
        let (plain, checked) = match self.check {
            None => (Some(self.first.find_iter(haystack)), None),
            Some(_) => (
                None,
                Some(self.captures_iter(haystack).filter_map(|c| c.get(0))),
            ),
        };
        plain
            .into_iter()
            .flatten()
            .chain(checked.into_iter().flatten())
    }
}

impl Check {
    fn exact(&self) -> Option<&PlainFirst> {
        self.exact
            .get_or_init(|| PlainFirst::new(&self.pattern))
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn according() -> Bounded {
        Bounded::with_repeat(
            |counts| format!(r"according to (?P<x>[^,.]{counts})"),
            Repeat {
                group: "x",
                max: 10,
                lazy: false,
            },
        )
        .unwrap()
    }

    fn groups(c: Captures) -> Vec<Option<std::ops::Range<usize>>> {
        c.iter().map(|g| g.map(|m| m.range())).collect()
    }

    #[test]
    fn a_match_within_the_bound_is_the_bounded_regexs() {
        let re = according();
        let c = re.captures("as according to Kim Lee, twice").unwrap();
        assert_eq!(c.name("x").unwrap().as_str(), "Kim Lee");
        // The bounded regex was not needed.
        assert!(re.check.as_ref().unwrap().exact.get().is_none());
    }

    #[test]
    fn a_match_past_the_bound_is_searched_with_the_bounded_regex() {
        let re = according();
        let text = "according to a very long run according to Kim, and according to Lee";
        let found: Vec<&str> = re
            .captures_iter(text)
            .map(|c| c.name("x").unwrap().as_str())
            .collect();
        // The bounded regex stops at ten characters, so the next search
        // starts inside the long run and finds the "according to" there.
        assert_eq!(found, ["a very lon", "Kim", "Lee"]);
        let exact = re.exact().unwrap().unicode().unwrap();
        let expected: Vec<_> = exact.captures_iter(text).map(groups).collect();
        assert_eq!(
            re.captures_iter(text).map(groups).collect::<Vec<_>>(),
            expected
        );
        let found: Vec<&str> = re.find_iter(text).map(|m| m.as_str()).collect();
        let expected: Vec<&str> = exact.find_iter(text).map(|m| m.as_str()).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_lazy_repeat_past_the_bound_misses_as_the_bounded_regex_does() {
        let re = Bounded::with_repeat(
            |counts| format!(r"(?P<name>[A-Z]\w+), (?P<gap>[^,]{counts}), said"),
            Repeat {
                group: "gap",
                max: 12,
                lazy: true,
            },
        )
        .unwrap();
        assert_eq!(
            re.find("Kim, the minister, said").map(|m| m.as_str()),
            Some("Kim, the minister, said")
        );
        assert_eq!(re.find("Kim, the foreign minister, said"), None);
        // A later start may fit where the first did not.
        assert_eq!(
            re.find("Kim, the foreign minister Lee, an aide, said")
                .map(|m| m.as_str()),
            Some("Lee, an aide, said")
        );
    }

    proptest::proptest! {
        /// The checked regex finds what the bounded regex finds, group for
        /// group, on texts with runs shorter and longer than the bound.
        #[test]
        fn it_finds_what_the_bounded_regex_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "according to ", "Kim", "Lee Park", ", ", ". ", " said", "the aide",
                    "a long run of words ", "\u{2013} ", "Zo\u{EB} ", "x",
                ][..]),
                0..16,
            ),
        ) {
            let text = pieces.concat();
            for lazy in [false, true] {
                let re = Bounded::with_repeat(
                    |counts| format!(r"(?i:according\s+to)\s+(?P<x>[^,.]{counts})(?:, (?P<n>\p{{Lu}}\w*))?"),
                    Repeat { group: "x", max: 12, lazy },
                )
                .unwrap();
                let exact = re.exact().unwrap().unicode().unwrap();
                let found: Vec<_> = re.captures_iter(&text).map(groups).collect();
                let expected: Vec<_> = exact.captures_iter(&text).map(groups).collect();
                proptest::prop_assert_eq!(found, expected, "{:?}", text);
            }
        }
    }
}
