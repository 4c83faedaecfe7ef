//! The attribution search: for each quote, the cue attached to it, else the
//! sentence subject, else a looser cue in the sentence (the levels and their
//! precedence are documented in the `quotation` module). The patterns, word
//! lists and name helpers it uses live in the parent module, `speaker`.

use std::collections::HashSet;
use std::ops::Range;

use super::*;

/// Outcome of one attribution level: `Found` stops the search, `Blocked` means a
/// cue was found but cannot be resolved safely (speaker stays `None`).
enum Found {
    Speaker(Speaker),
    Blocked,
}

/// Attributes quotes of one source. Built once per source.
pub(crate) struct Attributor<'a> {
    /// The language the source is read in (its speech verbs).
    language: &'static Language,
    masked: String,
    units: &'a [Range<usize>],
    /// The words of the person names of the source (two words or more), by
    /// which a one-word name is known as a person's: read on first need,
    /// which many sources never have (reading them was most of the cost of
    /// attributing a source's quotes).
    known: std::cell::OnceCell<HashSet<String>>,
}

/// `text` with every character of the quotes at `quotes` (in document
/// order) written over, byte for byte: `"` for a quote's first and last
/// characters, `x` for the rest. The text between quotes is copied a stretch
/// at a time.
fn mask(text: &str, quotes: &[Range<usize>]) -> String {
    let mut masked = String::with_capacity(text.len());
    let mut qi = 0;
    let mut i = 0;
    while i < text.len() {
        while quotes.get(qi).is_some_and(|q| q.end <= i) {
            qi += 1;
        }
        let Some(q) = quotes.get(qi) else {
            masked.push_str(text.get(i..).unwrap_or_default());
            break;
        };
        if q.start <= i {
            let Some(ch) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let edge = i == q.start || i + ch.len_utf8() == q.end;
            let fill = if edge { '"' } else { 'x' };
            (0..ch.len_utf8()).for_each(|_| masked.push(fill));
            i += ch.len_utf8();
        } else {
            // Both ends of the quote lie past `i`: the characters that start
            // before the nearer one are copied as they are.
            let mut next = q.start.min(q.end).min(text.len());
            while !text.is_char_boundary(next) {
                next += 1;
            }
            masked.push_str(text.get(i..next).unwrap_or_default());
            i = next;
        }
    }
    masked
}

fn mk(name: String, cue: Cue, span: Range<usize>) -> Option<Found> {
    Some(Found::Speaker(Speaker { name, cue, span }))
}

impl<'a> Attributor<'a> {
    /// `units` are the source's sentences (sorted, valid); `quotes` the outer
    /// ranges of every quote found (they are masked).
    pub(crate) fn new(
        text: &str,
        units: &'a [Range<usize>],
        quotes: &[Range<usize>],
        language: &'static Language,
    ) -> Self {
        Self {
            language,
            masked: mask(text, quotes),
            units,
            known: std::cell::OnceCell::new(),
        }
    }

    /// See `known`.
    fn known(&self) -> &HashSet<String> {
        self.known.get_or_init(|| {
            let mut known = HashSet::new();
            if let Some(run) = RUN.as_ref() {
                for u in self.units {
                    let Some(s) = self.masked.get(u.clone()) else {
                        continue;
                    };
                    for m in run.find_iter(s) {
                        if let Some((name, _)) = clean_name(m.as_str(), u.start + m.start()) {
                            if is_person_name(&name) {
                                known.extend(name.split_whitespace().map(lower_token));
                            }
                        }
                    }
                }
            }
            known
        })
    }

    /// [`is_person`], reading the source's known names only for a name of
    /// one word (the only one they decide).
    fn is_person(&self, name: &str) -> bool {
        if name.split_whitespace().nth(1).is_some() {
            is_person(name, &HashSet::new())
        } else {
            is_person(name, self.known())
        }
    }

    /// Finds the speaker of the quote at `outer`, whose sentence context
    /// (opening sentence start to closing sentence end) is `ctx` and whose
    /// opening sentence is `units[unit]`.
    pub(crate) fn attribute(
        &self,
        outer: &Range<usize>,
        ctx: &Range<usize>,
        unit: Option<usize>,
    ) -> Option<Speaker> {
        // Bounded context: a hostile one-sentence source with many quotes
        // stays linear.
        let pre_start = self.boundary_up(ctx.start.max(outer.start.saturating_sub(MAX_CONTEXT)));
        let post_end = self.boundary_down(ctx.end.min(outer.end.saturating_add(MAX_CONTEXT)));
        let ctx = pre_start..post_end.max(outer.end);
        let pre = self.masked.get(ctx.start..outer.start)?;
        let post = self.masked.get(outer.end..ctx.end)?;
        // Levels in precedence order, evaluated lazily; the first cue decides.
        let found = self
            .attached_after(post, outer.end, unit, outer.start)
            .or_else(|| self.attached_before(pre, ctx.start, unit))
            .or_else(|| self.subject(pre, ctx.start, unit))
            .or_else(|| self.loose(post, outer.end, pre, ctx.start, unit))?;
        match found {
            Found::Speaker(s) => Some(self.with_initials(s)),
            Found::Blocked => None,
        }
    }

    /// "Andre T." | "Mason said": a sentence split after a middle initial
    /// cuts the name; put its first words back.
    fn with_initials(&self, mut sp: Speaker) -> Speaker {
        static TAIL: LazyLock<Option<Regex>> =
            LazyLock::new(|| compile(r"(?:\p{Lu}[\p{L}\-]*[ \t]+)+\p{Lu}\.\s+$"));
        if matches!(sp.cue, Cue::Pronoun | Cue::StateMedia | Cue::Agency) {
            return sp;
        }
        let from = self.boundary_up(sp.span.start.saturating_sub(60));
        let Some(head) = self.masked.get(from..sp.span.start) else {
            return sp;
        };
        if let Some(m) = TAIL.as_ref().and_then(|re| re.find(head)) {
            if let Some((name, span)) =
                clean_name(&format!("{}{}", m.as_str(), sp.name), from + m.start())
            {
                if span.end <= sp.span.end + (m.end() - m.start()) && name.contains(' ') {
                    sp.name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                    sp.span = from + m.start()..sp.span.end;
                }
            }
        }
        // "said Budi S." | "Harahap.": the name goes on after its initial.
        let ends_with_initial = sp.name.rsplit(' ').next().is_some_and(|w| {
            w.len() == 2 && w.ends_with('.') && w.starts_with(|c: char| c.is_uppercase())
        });
        if ends_with_initial {
            let to = self.boundary_down(sp.span.end.saturating_add(60));
            if let (Some(rest), Some(run)) = (self.masked.get(sp.span.end..to), RUN.as_ref()) {
                if let Some(m) = run.find(rest) {
                    let gap = rest.get(..m.start()).unwrap_or("x");
                    if !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\t') {
                        sp.name = format!("{} {}", sp.name, m.as_str());
                        sp.span = sp.span.start..sp.span.end + m.end();
                    }
                }
            }
        }
        sp
    }

    /// The first char boundary at or after `i` (clamped to the text).
    fn boundary_up(&self, i: usize) -> usize {
        let mut i = i.min(self.masked.len());
        while !self.masked.is_char_boundary(i) {
            i += 1;
        }
        i
    }

    /// The last char boundary at or before `i` (clamped to the text).
    fn boundary_down(&self, i: usize) -> usize {
        let mut i = i.min(self.masked.len());
        while !self.masked.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    fn pronoun(
        &self,
        pro: regex::Match,
        base: usize,
        unit: Option<usize>,
        limit: usize,
    ) -> Option<Found> {
        let p = pro.as_str().to_lowercase();
        if p != "he" && p != "she" {
            return Some(Found::Blocked);
        }
        let span = base + pro.start()..base + pro.end();
        match self.resolve_pronoun(unit, limit.min(span.start)) {
            Some(name) => mk(name, Cue::Pronoun, span),
            None => Some(Found::Blocked),
        }
    }

    /// The one person named in the three sentences before `unit` (and in the
    /// current sentence before `limit`), or `None` when zero or several are.
    fn resolve_pronoun(&self, unit: Option<usize>, limit: usize) -> Option<String> {
        let run = RUN.as_ref()?;
        let u = unit?;
        let mut names: Vec<String> = Vec::new();
        for i in u.saturating_sub(3)..=u {
            let r = self.units.get(i)?;
            let end = if i == u {
                limit.min(r.end).max(r.start)
            } else {
                r.end
            };
            let from = self.boundary_up(r.start.max(end.saturating_sub(MAX_CONTEXT)));
            let Some(s) = self.masked.get(from..end) else {
                continue;
            };
            for m in run.find_iter(s) {
                // A capitalized run after a preposition is a place ("in
                // Kalwa Heights"), never the person a pronoun means.
                if after_preposition(s, m.start()) {
                    continue;
                }
                if let Some((name, span)) = clean_name(m.as_str(), from + m.start()) {
                    // A surname after its title ("Foreign Minister
                    // Dzhumabekov") is a person even when no fuller name
                    // is known.
                    let titled = || is_titled_surname(&name, s, span.start - from);
                    if self.is_person(&name) || titled() {
                        names.push(name);
                    }
                }
            }
        }
        let mut distinct: Vec<String> = Vec::new();
        for n in names {
            match distinct.iter_mut().find(|d| same_speaker(d, &n)) {
                // Keep the fullest form ("Kim Jong Un" over "Kim").
                Some(d) if n.split_whitespace().count() > d.split_whitespace().count() => *d = n,
                Some(_) => {}
                None => distinct.push(n),
            }
        }
        match distinct.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    fn named(&self, m: Option<regex::Match>, base: usize, cue: Cue) -> Option<Found> {
        let m = m?;
        let (name, span) = clean_name(m.as_str(), base + m.start())?;
        mk(name, cue, span)
    }

    /// `according to X`: a media phrase, or a capitalized name.
    fn according(&self, x: regex::Match, base: usize) -> Option<Found> {
        let raw = x.as_str();
        let start = base + x.start();
        let lower = raw.to_lowercase();
        // A media phrase keeps everything up to the media word ("North Korea's
        // state media"), plus a name right after it ("state media KCNA").
        for w in ["media", "agency", "news agency"] {
            if let Some(i) = lower.find(w) {
                let mut end = i + w.len();
                if let Some(run) = RUN.as_ref() {
                    if let Some(rest) = raw.get(end..) {
                        if let Some(m) = run.find(rest) {
                            if rest.get(..m.start()).is_some_and(|g| g.trim().is_empty()) {
                                end += m.end();
                            }
                        }
                    }
                }
                let name = raw.get(..end)?.trim().to_string();
                return mk(name, Cue::AccordingTo, start..start + end);
            }
        }
        let run = RUN.as_ref()?;
        let m = run.find(raw)?;
        if m.start() != 0 {
            // "according to officials in Seoul": not a named source.
            return None;
        }
        let (name, span) = clean_name(m.as_str(), start)?;
        mk(name, Cue::AccordingTo, span)
    }

    fn agency(&self, c: &regex::Captures, base: usize) -> Option<Found> {
        let owner = c.name("owner")?;
        let mid = c.name("mid");
        let whole = c.get(0)?;
        // Prefer the agency's own name ("Korean Central News Agency", "Yonhap").
        let agency_end = whole
            .as_str()
            .to_lowercase()
            .find("agency")
            .map(|i| i + "agency".len());
        if let (Some(mid), Some(run)) = (mid, RUN.as_ref()) {
            let tail = whole
                .as_str()
                .get(mid.start() - whole.start()..agency_end?)?;
            if let Some(m) = run.find(tail) {
                let s = base + mid.start() + m.start();
                let (name, span) = clean_name(m.as_str(), s)?;
                return mk(name, Cue::Agency, span);
            }
        }
        let end = base + whole.start() + agency_end?;
        let start = base + owner.start();
        let name = self.masked.get(start..end)?.to_string();
        mk(name, Cue::Agency, start..end)
    }

    fn verb_cue(verb: Option<regex::Match>, default: Cue) -> Cue {
        match verb.map(|v| v.as_str()) {
            Some("told") | Some("tells") => Cue::Told,
            Some("reported") | Some("reports") => Cue::Reported,
            _ => default,
        }
    }

    /// Level 1a: a cue right after the closing mark.
    fn attached_after(
        &self,
        post: &str,
        base: usize,
        unit: Option<usize>,
        limit: usize,
    ) -> Option<Found> {
        let r = AFTER.get(self.language);
        if let Some(c) = r.according.as_ref().and_then(|re| re.captures(post)) {
            if let Some(f) = c.name("x").and_then(|x| self.according(x, base)) {
                return Some(f);
            }
        }
        if let Some(c) = r.pronoun.as_ref().and_then(|re| re.captures(post)) {
            return self.pronoun(c.name("pro")?, base, unit, limit);
        }
        if let Some(c) = r.state_media.as_ref().and_then(|re| re.captures(post)) {
            return self.state_media(&c, base);
        }
        if let Some(c) = r.agency.as_ref().and_then(|re| re.captures(post)) {
            return self.agency(&c, base);
        }
        if let Some(c) = r.inverted.as_ref().and_then(|re| re.captures(post)) {
            if let Some(f) = self.named(c.name("name"), base, Cue::SaidInverted) {
                return Some(f);
            }
        }
        if let Some(c) = r.appositive.as_ref().and_then(|re| re.captures(post)) {
            if let Some(f) = self.named(c.name("name"), base, Cue::Appositive) {
                return Some(f);
            }
        }
        if let Some(c) = r.appositive2.as_ref().and_then(|re| re.captures(post)) {
            if let Some(f) = self.named(c.name("name"), base, Cue::Appositive) {
                return Some(f);
            }
        }
        if let Some(c) = r.np.as_ref().and_then(|re| re.captures(post)) {
            let cue = Self::verb_cue(c.name("verb"), Cue::SaidAfter);
            return Self::unnamed(c.name("np"), base, cue);
        }
        if let Some(c) = r.name_verb.as_ref().and_then(|re| re.captures(post)) {
            let cue = Self::verb_cue(c.name("verb"), Cue::SaidAfter);
            return self.named(c.name("name"), base, cue);
        }
        None
    }

    /// An unnamed speaker ("one woman"), as written.
    fn unnamed(np: Option<regex::Match>, base: usize, cue: Cue) -> Option<Found> {
        let np = np?;
        mk(
            np.as_str().split_whitespace().collect::<Vec<_>>().join(" "),
            cue,
            base + np.start()..base + np.end(),
        )
    }

    fn state_media(&self, c: &regex::Captures, base: usize) -> Option<Found> {
        if let Some(f) = self.named(c.name("name"), base, Cue::StateMedia) {
            return Some(f);
        }
        let sm = c.name("sm")?;
        mk(
            "state media".to_string(),
            Cue::StateMedia,
            base + sm.start()..base + sm.end(),
        )
    }

    /// Level 1b: a cue ending right at the opening mark.
    fn attached_before(&self, pre: &str, base: usize, unit: Option<usize>) -> Option<Found> {
        let r = BEFORE.get(self.language);
        if let Some(c) = r.pronoun.as_ref().and_then(|re| re.captures(pre)) {
            return self.pronoun(c.name("pro")?, base, unit, usize::MAX);
        }
        if let Some(c) = r.according.as_ref().and_then(|re| re.captures(pre)) {
            if let Some(f) = c.name("x").and_then(|x| self.according(x, base)) {
                return Some(f);
            }
        }
        if let Some(c) = r.state_media.as_ref().and_then(|re| re.captures(pre)) {
            return self.state_media(&c, base);
        }
        if let Some(c) = r.agency.as_ref().and_then(|re| re.captures(pre)) {
            return self.agency(&c, base);
        }
        if let Some(c) = r.appositive.as_ref().and_then(|re| re.captures(pre)) {
            if let Some(f) = self.named(c.name("name"), base, Cue::Appositive) {
                return Some(f);
            }
        }
        if let Some(c) = r.appositive2.as_ref().and_then(|re| re.captures(pre)) {
            if let Some(f) = self.named(c.name("name"), base, Cue::Appositive) {
                return Some(f);
            }
        }
        if let Some(c) = r.np.as_ref().and_then(|re| re.captures(pre)) {
            let cue = Self::verb_cue(c.name("verb"), Cue::SaidBefore);
            return Self::unnamed(c.name("np"), base, cue);
        }
        if let Some(c) = r.name_verb.as_ref().and_then(|re| re.captures(pre)) {
            let cue = Self::verb_cue(c.name("verb"), Cue::SaidBefore);
            // "in Dunmore told": a place, not a speaker.
            let place = c
                .name("name")
                .is_some_and(|m| after_preposition(pre, m.start()));
            if !place {
                if let Some(f) = self.named(c.name("name"), base, cue) {
                    return Some(f);
                }
            }
        }
        if let Some(c) = r.inverted.as_ref().and_then(|re| re.captures(pre)) {
            return self.named(c.name("name"), base, Cue::SaidInverted);
        }
        None
    }

    /// Level 2: the subject of the first speech verb before the quote — the
    /// nearest name before that verb. A name right before the verb may be any
    /// name ("South Korea warned"); a farther one must look like a person.
    fn subject(&self, pre: &str, base: usize, unit: Option<usize>) -> Option<Found> {
        let verb = VERB_RE.get(self.language).as_ref()?.find(pre)?;
        let head = pre.get(..verb.start())?;
        let cue = Self::verb_cue(Some(verb), Cue::SaidBefore);
        // A pronoun subject: "He vowed ...".
        let trimmed = strip_aux(head.trim_end());
        let last_word = trimmed
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        if matches!(last_word, "he" | "He" | "she" | "She") {
            let start = trimmed.len() - last_word.len();
            let m_start = base + start;
            let name = self.resolve_pronoun(unit, m_start);
            return match name {
                Some(n) => mk(n, Cue::Pronoun, m_start..m_start + last_word.len()),
                None => Some(Found::Blocked),
            };
        }
        let run = RUN.as_ref()?;
        let runs: Vec<regex::Match> = run.find_iter(head).collect();
        for m in runs.iter().rev() {
            let after = head.get(m.end()..).unwrap_or("");
            if after.starts_with("'s") || after.starts_with('\'') {
                continue; // possessive: "North Korea's leader"
            }
            let Some((name, span)) = clean_name(m.as_str(), base + m.start()) else {
                continue;
            };
            let adjacent = only_aux(after);
            let set_off = after.trim_start().starts_with(',');
            if adjacent || self.is_person(&name) || is_media_name(&name) {
                let cue = if !adjacent && set_off {
                    Cue::Appositive
                } else {
                    cue
                };
                return mk(name, cue, span);
            }
        }
        None
    }

    /// Level 3: a cue anywhere in the sentence outside the quote — the one
    /// nearest to the quote after it, else the nearest before it.
    fn loose(
        &self,
        post: &str,
        post_base: usize,
        pre: &str,
        pre_base: usize,
        unit: Option<usize>,
    ) -> Option<Found> {
        let r = &*LOOSE;
        let res: [(&Option<Regex>, u8); 7] = [
            (&r.state_media, 0),
            (&r.according, 1),
            (&r.agency, 2),
            (&r.reported, 3),
            (&r.said, 4),
            (&r.inverted, 5),
            (&r.pronoun, 6),
        ];
        for (hay, base, after) in [(post, post_base, true), (pre, pre_base, false)] {
            let mut best: Option<(usize, regex::Captures, u8)> = None;
            for (re, kind) in &res {
                let Some(re) = re.as_ref() else { continue };
                let found = if after {
                    re.captures(hay)
                } else {
                    re.captures_iter(hay).last()
                };
                let Some(c) = found else { continue };
                let pos = c.get(0).map_or(0, |m| m.start());
                let better = match &best {
                    None => true,
                    Some((p, _, _)) => (after && pos < *p) || (!after && pos > *p),
                };
                if better {
                    best = Some((pos, c, *kind));
                }
            }
            let Some((_, c, kind)) = best else { continue };
            // "in Dunmore said", "from Kalwa reported": a place, not a speaker.
            if matches!(kind, 3 | 4)
                && c.name("name")
                    .is_some_and(|m| after_preposition(hay, m.start()))
            {
                continue;
            }
            let f = match kind {
                0 => self.state_media(&c, base),
                1 => c.name("x").and_then(|x| self.according(x, base)),
                2 => self.agency(&c, base),
                3 => self.named(c.name("name"), base, Cue::Reported),
                4 => self.named(
                    c.name("name"),
                    base,
                    Self::verb_cue(c.name("verb"), Cue::SaidAfter),
                ),
                5 => self.named(c.name("name"), base, Cue::SaidInverted),
                _ => match c.name("pro") {
                    Some(p) => self.pronoun(p, base, unit, usize::MAX),
                    None => None,
                },
            };
            if f.is_some() {
                return f;
            }
        }
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`mask`] one character at a time, as it was written first.
    fn mask_slowly(text: &str, quotes: &[Range<usize>]) -> String {
        let mut masked = String::with_capacity(text.len());
        let mut qi = 0;
        for (i, ch) in text.char_indices() {
            while quotes.get(qi).is_some_and(|q| q.end <= i) {
                qi += 1;
            }
            match quotes.get(qi) {
                Some(q) if q.start <= i => {
                    let edge = i == q.start || i + ch.len_utf8() == q.end;
                    let fill = if edge { '"' } else { 'x' };
                    (0..ch.len_utf8()).for_each(|_| masked.push(fill));
                }
                _ => masked.push(ch),
            }
        }
        masked
    }

    #[test]
    fn quotes_are_masked_edge_to_edge() {
        let text = "He said “no way” and left.";
        let open = text.find('“').unwrap();
        let close = text.find('”').unwrap() + '”'.len_utf8();
        let quotes = [Range {
            start: open,
            end: close,
        }];
        let masked = mask(text, &quotes);
        assert_eq!(masked.len(), text.len());
        assert_eq!(&masked[..open], "He said ");
        assert_eq!(&masked[open..open + 3], "\"\"\"");
        assert_eq!(&masked[open + 3..close - 3], "xxxxxx");
        assert_eq!(&masked[close..], " and left.");
    }

    proptest! {
        #[test]
        fn masking_in_stretches_is_masking_one_character_at_a_time(
            text in "[a-c “”é\"]{0,40}",
            quotes in prop::collection::vec((0usize..50, 0usize..50), 0..5),
        ) {
            // Any ranges, even out of order, inside characters or past the end.
            let quotes: Vec<Range<usize>> = quotes.into_iter().map(|(a, b)| a..b).collect();
            prop_assert_eq!(mask(&text, &quotes), mask_slowly(&text, &quotes));
        }
    }
}
