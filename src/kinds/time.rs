//! The `time` value kind: times of day as copy writes them, with their time zones.
//!
//! # What `{time}` reads
//!
//! | written | value |
//! | --- | --- |
//! | `3:20 p.m.`, `3:20pm`, `3.20 pm`, `9pm`, `9 a.m.` | 15:20, 21:00, 09:00 |
//! | `15:20`, `09:15` (24-hour: an hour from 13, or a leading zero) | 15:20, 09:15 |
//! | `3:20` (no a.m./p.m., hour 1 to 12) | 03:20 or 15:20 (either agrees) |
//! | `1353`, `0915`, `1353 hours`, `1353 hrs` (four digits: 24-hour clock) | 13:53, 09:15 |
//! | `noon`, `midday`, `midnight` | 12:00, 00:00 |
//! | `… GMT`, `… UTC`, `… GMT+3`, `… UTC-05:30` | the clock, and its time in UTC |
//! | `… local time`, `… local` | the clock, in the story's `local` zone if it declares one |
//! | `… KST`, `… EST`, … (a zone abbreviation) | the clock, in UTC through the zone table |
//! | `0915 (0545 GMT)`, `9:15 a.m. (0545 GMT)` | one value with both readings |
//!
//! A time with no zone is local time: with a `local` entry in the story's
//! `time_zones:` it also has a UTC reading. The built-in zones are fixed offsets
//! ([`ZONES`]); a story adds or overrides them (`time_zones: {local: "+03:30",
//! IRST: "+03:30"}`). Offsets are fixed: daylight saving is the story's to declare.
//!
//! # How times compare
//!
//! At minute precision, on the 24-hour circle (23:50 and 00:05 are 15 minutes
//! apart). Two values agree when some reading of one and some reading of the
//! other are within the slot's `tolerance` (minutes, default 0): both in UTC when
//! both have a UTC reading, otherwise by the clock when both are local (or in the
//! same named zone). A local time and a UTC time with no declared local offset
//! cannot be compared, and the verdict says so (they are `Different`, with the
//! reason). A parenthetical whose two readings contradict each other carries
//! [`TimeValue::internal`].

/// Built-in zones and their offsets from UTC in minutes. Only abbreviations that
/// mean one offset in news copy; a story declares any other.
pub const ZONES: &[(&str, i32)] = &[
    ("GMT", 0),
    ("UTC", 0),
    ("Z", 0),
    ("BST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("MSK", 180),
    ("GST", 240),
    ("PKT", 300),
    ("HKT", 480),
    ("SGT", 480),
    ("KST", 540),
    ("JST", 540),
    ("AEST", 600),
    ("AEDT", 660),
    ("EST", -300),
    ("EDT", -240),
    ("CDT", -300),
    ("MST", -420),
    ("MDT", -360),
    ("PST", -480),
    ("PDT", -420),
];

/// The regex fragment behind `{time}` (no capture groups): a clock time with an
/// optional zone, optionally followed by a parenthetical second reading.
pub const TIME_REGEX: &str = concat!(
    r"(?:",
    r"(?:\b(?:(?:1[0-2]|0?[1-9])(?:[:.][0-5][0-9])?\s*(?:a\.m\.|p\.m\.|a\.m\b|p\.m\b|am\b|pm\b)|(?:[01]?[0-9]|2[0-3]):[0-5][0-9]\b|(?:[01][0-9]|2[0-3])[0-5][0-9](?:h\b|\b(?:\s+(?:hours|hrs)\b)?)|noon\b|midday\b|midnight\b))",
    r"(?:\s+(?:local\s+time\b|local\b|(?:GMT|UTC)\s*[+-]\s*[0-9]{1,2}(?::?[0-5][0-9])?\b|(?-i:[A-Z]{2,5})\b))?",
    r"(?:\s*\(\s*",
    r"(?:\b(?:(?:1[0-2]|0?[1-9])(?:[:.][0-5][0-9])?\s*(?:a\.m\.|p\.m\.|a\.m\b|p\.m\b|am\b|pm\b)|(?:[01]?[0-9]|2[0-3]):[0-5][0-9]\b|(?:[01][0-9]|2[0-3])[0-5][0-9](?:h\b|\b(?:\s+(?:hours|hrs)\b)?)|noon\b|midday\b|midnight\b))",
    r"(?:\s+(?:local\s+time\b|local\b|(?:GMT|UTC)\s*[+-]\s*[0-9]{1,2}(?::?[0-5][0-9])?\b|(?-i:[A-Z]{2,5})\b))?",
    r"\s*\))?",
    r")"
);

const DAY: i32 = 24 * 60;

/// One reading of a time: a clock and, when the zone is known, the time in UTC.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reading {
    /// Minutes after midnight, as written (0..1440).
    pub clock: i32,
    /// Whether the clock was written without a.m./p.m. on a 12-hour face
    /// ("3:20"), so that 12 hours later is as good a reading.
    pub either_half: bool,
    /// The zone as written, canonical: `GMT`, `KST`, `local`; `None` when no zone was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Minutes after midnight UTC, when the zone's offset is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc: Option<i32>,
}

/// A time of day: one reading, or two when copy gives a conversion in parentheses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TimeValue {
    /// The readings, the written one first.
    pub readings: Vec<Reading>,
    /// Why the readings of a parenthetical contradict each other, if they do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal: Option<String>,
}

/// The zones a story knows: the built-ins, then the story's own (which win).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Zones {
    /// Declared zones, upper case except `local`, with offsets in minutes.
    pub declared: Vec<(String, i32)>,
}

impl Zones {
    /// The offset of a zone name (case-insensitive), if known.
    pub fn offset(&self, name: &str) -> Option<i32> {
        let key = canonical_zone(name);
        self.declared
            .iter()
            .find(|(n, _)| *n == key)
            .map(|(_, o)| *o)
            .or_else(|| ZONES.iter().find(|(n, _)| *n == key).map(|(_, o)| *o))
            .or_else(|| fixed_offset(&key))
    }
}

/// US zones written without saying whether summer time applies ("3 p.m. ET"):
/// (name, standard offset). Summer time adds an hour from the second Sunday of
/// March to the first Sunday of November, decided by the publication date.
const US_ZONES: &[(&str, i32)] = &[("ET", -300), ("CT", -360), ("MT", -420), ("PT", -480)];

/// The offset of a US zone on a day, if `name` is one and the day is known.
fn us_offset(name: &str, day: Option<jiff::civil::Date>) -> Option<Option<i32>> {
    let (_, standard) = US_ZONES.iter().find(|(n, _)| *n == name)?;
    let Some(day) = day else {
        return Some(None);
    };
    let nth_sunday = |month: i8, n: i8| {
        jiff::civil::Date::new(day.year(), month, 1)
            .ok()
            .and_then(|first| {
                let to_sunday = (7 - first.weekday().to_sunday_zero_offset()) % 7;
                jiff::civil::Date::new(day.year(), month, 1 + to_sunday + 7 * (n - 1)).ok()
            })
    };
    let summer = match (nth_sunday(3, 2), nth_sunday(11, 1)) {
        (Some(start), Some(end)) => start <= day && day < end,
        _ => false,
    };
    Some(Some(standard + if summer { 60 } else { 0 }))
}

fn canonical_zone(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    if lower == "local" || lower == "local time" {
        "local".to_owned()
    } else {
        name.trim().to_uppercase().split_whitespace().collect()
    }
}

/// "GMT+3", "UTC-05:30", "+09:00", "-0330": a fixed offset in minutes.
fn fixed_offset(text: &str) -> Option<i32> {
    let rest = text
        .strip_prefix("GMT")
        .or_else(|| text.strip_prefix("UTC"))
        .unwrap_or(text);
    let (sign, digits) = match rest.chars().next()? {
        '+' => (1, rest.get(1..)?),
        '-' => (-1, rest.get(1..)?),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = if digits.len() <= 2 {
        (digits.parse::<i32>().ok()?, 0)
    } else {
        let split = digits.len() - 2;
        (
            digits.get(..split)?.parse::<i32>().ok()?,
            digits.get(split..)?.parse::<i32>().ok()?,
        )
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 60 + minutes))
}

/// Parse a zone offset as written in `time_zones:` ("+09:00", "-5", "UTC+3:30",
/// or the name of a built-in zone).
pub fn parse_offset(text: &str) -> Result<i32, String> {
    let key = canonical_zone(text);
    fixed_offset(&key)
        .or_else(|| ZONES.iter().find(|(n, _)| *n == key).map(|(_, o)| *o))
        .ok_or_else(|| {
            format!(
                "invalid time zone offset `{}` (expected e.g. \"+09:00\" or \"-05:00\")",
                text.trim()
            )
        })
}

fn hhmm(minutes: i32) -> String {
    let m = minutes.rem_euclid(DAY);
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Split "3:20 p.m." into the clock part and the half of the day.
fn split_meridiem(text: &str) -> (&str, Option<bool>) {
    for (suffix, pm) in [
        ("a.m.", false),
        ("p.m.", true),
        ("a.m", false),
        ("p.m", true),
        ("am", false),
        ("pm", true),
    ] {
        if let Some(rest) = text.strip_suffix(suffix) {
            return (rest.trim_end(), Some(pm));
        }
    }
    (text, None)
}

/// The clock of one reading without its zone: (minutes, either half of the day).
fn parse_clock(text: &str) -> Result<(i32, bool), String> {
    let lower = text.trim().to_lowercase();
    match lower.as_str() {
        "noon" | "midday" => return Ok((12 * 60, false)),
        "midnight" => return Ok((0, false)),
        _ => {}
    }
    let bad = || format!("not a time: `{}`", text.trim());
    let (clock, meridiem) = split_meridiem(&lower);
    let clock = clock
        .strip_suffix("hours")
        .or_else(|| clock.strip_suffix("hrs"))
        .or_else(|| clock.strip_suffix('h'))
        .unwrap_or(clock)
        .trim_end();
    let number = |s: &str| -> Result<i32, String> {
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse::<i32>().map_err(|_| bad())
    };
    let (hours_text, hours, minutes) = match clock.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, number(h)?, number(m)?),
        Some(_) => return Err(bad()),
        None if clock.len() == 4 && meridiem.is_none() => {
            let (h, m) = (
                clock.get(..2).ok_or_else(bad)?,
                clock.get(2..).ok_or_else(bad)?,
            );
            (h, number(h)?, number(m)?)
        }
        None if meridiem.is_some() => (clock, number(clock)?, 0),
        None => return Err(format!("a bare hour is not a time: `{}`", text.trim())),
    };
    if minutes > 59 {
        return Err(bad());
    }
    match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&hours) {
                return Err(bad());
            }
            Ok(((hours % 12 + if pm { 12 } else { 0 }) * 60 + minutes, false))
        }
        None => {
            if hours > 23 {
                return Err(bad());
            }
            // "3:20" on a 12-hour face may be either half of the day; "09:15",
            // "0915" and "15:20" are 24-hour.
            let either = (1..=12).contains(&hours) && !hours_text.starts_with('0');
            Ok((hours * 60 + minutes, either))
        }
    }
}

/// The zone written after a clock, if any: (clock text, zone text).
fn split_zone(text: &str) -> (&str, Option<&str>) {
    let trimmed = text.trim();
    let lower = trimmed.to_lowercase();
    for local in [" local time", " local"] {
        if lower.ends_with(local) {
            let at = trimmed.len().saturating_sub(local.len());
            return (trimmed.get(..at).unwrap_or(trimmed), Some("local"));
        }
    }
    // "GMT+3", "UTC - 05:30": the zone starts at GMT/UTC.
    for name in ["gmt", "utc"] {
        if let Some(at) = lower.rfind(&format!(" {name}")) {
            if let (Some(clock), Some(zone)) = (trimmed.get(..at), trimmed.get(at + 1..)) {
                return (clock, Some(zone));
            }
        }
    }
    if let Some((clock, last)) = trimmed.rsplit_once(' ') {
        let is_zone = (2..=5).contains(&last.len())
            && last.chars().all(|c| c.is_ascii_uppercase())
            && !matches!(last, "AM" | "PM");
        if is_zone {
            return (clock, Some(last));
        }
    }
    (trimmed, None)
}

fn parse_reading(
    text: &str,
    zones: &Zones,
    published: Option<jiff::civil::Date>,
) -> Result<Reading, String> {
    let (clock_text, zone) = split_zone(text);
    let (clock, either_half) = parse_clock(clock_text)?;
    let zone = zone.map(|z| canonical_zone(&z.split_whitespace().collect::<String>()));
    let declared = |name: &str| zones.declared.iter().any(|(n, _)| n == name);
    let offset = match zone.as_deref() {
        None | Some("local") => zones.offset("local"),
        Some(name) if !declared(name) && us_offset(name, published).is_some() => {
            us_offset(name, published).flatten()
        }
        Some(name) => Some(zones.offset(name).ok_or_else(|| {
            format!("unknown time zone `{name}`: declare its offset in the story's `time_zones:`")
        })?),
    };
    Ok(Reading {
        clock,
        either_half,
        zone,
        utc: offset.map(|o| (clock - o).rem_euclid(DAY)),
    })
}

/// Parse what `{time}` matched. `zones` are the story's time zones; the
/// publication date decides whether US zones written without it (`ET`, `PT`)
/// are on summer time.
pub fn parse(
    raw: &str,
    zones: &Zones,
    published: Option<jiff::civil::Date>,
) -> Result<(TimeValue, String), String> {
    let text = raw.trim();
    let (outer, inner) = match text.split_once('(') {
        Some((outer, rest)) => {
            let inner = rest
                .trim_end()
                .strip_suffix(')')
                .ok_or_else(|| format!("not a time: `{text}`"))?;
            (outer, Some(inner))
        }
        None => (text, None),
    };
    let mut readings = vec![parse_reading(outer, zones, published)?];
    if let Some(inner) = inner {
        readings.push(parse_reading(inner, zones, published)?);
    }
    let mut internal = None;
    if let [a, b] = readings.as_slice() {
        if let Some(gap) = distance(a, b) {
            if gap > 0 {
                internal = Some(format!(
                    "`{}` and `{}` are {gap} min apart",
                    show(a),
                    show(b)
                ));
            }
        }
    }
    let value = TimeValue { readings, internal };
    let why = format!("`{text}` -> {}", value.display());
    Ok((value, why))
}

/// The clocks a reading may stand for, in UTC when `utc` is set.
fn candidates(r: &Reading, utc: bool) -> Vec<i32> {
    let base = if utc { r.utc } else { Some(r.clock) };
    let Some(base) = base else { return Vec::new() };
    if r.either_half {
        vec![base, (base + DAY / 2).rem_euclid(DAY)]
    } else {
        vec![base]
    }
}

/// Minutes between two readings, when they can be compared.
fn distance(a: &Reading, b: &Reading) -> Option<i32> {
    let utc = a.utc.is_some() && b.utc.is_some();
    if !utc {
        let local = |r: &Reading| r.zone.is_none() || r.zone.as_deref() == Some("local");
        let same_zone = (local(a) && local(b)) || (a.zone.is_some() && a.zone == b.zone);
        if !same_zone {
            return None;
        }
    }
    let mut best: Option<i32> = None;
    for x in candidates(a, utc) {
        for y in candidates(b, utc) {
            let d = (x - y).rem_euclid(DAY);
            let d = d.min(DAY - d);
            best = Some(best.map_or(d, |b| b.min(d)));
        }
    }
    best
}

fn show(r: &Reading) -> String {
    let mut s = hhmm(r.clock);
    if r.either_half {
        s = format!("{s} or {}", hhmm(r.clock + DAY / 2));
    }
    if let Some(zone) = &r.zone {
        s.push(' ');
        s.push_str(zone);
    }
    s
}

impl TimeValue {
    /// "15:20", "09:15 local (05:45 GMT)", "03:20 or 15:20".
    pub fn display(&self) -> String {
        let mut parts = self.readings.iter().map(show);
        let first = parts.next().unwrap_or_default();
        match parts.next() {
            Some(second) => format!("{first} ({second})"),
            None => first,
        }
    }
}

/// Whether two times can be compared at all: some readings of theirs are in
/// the same zone, or both in known zones. "15:30 GMT" and "4:30 p.m." cannot
/// be, without the local offset.
pub fn comparable(a: &TimeValue, b: &TimeValue) -> bool {
    a.readings
        .iter()
        .any(|ra| b.readings.iter().any(|rb| distance(ra, rb).is_some()))
}

/// Do two times agree, within `tolerance` minutes? Returns (agree, why).
pub fn compare(a: &TimeValue, b: &TimeValue, tolerance: f64) -> (bool, String) {
    let mut best: Option<(i32, &Reading, &Reading)> = None;
    for ra in &a.readings {
        for rb in &b.readings {
            if let Some(d) = distance(ra, rb) {
                if best.is_none_or(|(bd, _, _)| d < bd) {
                    best = Some((d, ra, rb));
                }
            }
        }
    }
    let Some((gap, ra, rb)) = best else {
        return (
            false,
            format!(
                "{} and {} cannot be compared: declare the local offset in the story's `time_zones:`",
                a.display(),
                b.display()
            ),
        );
    };
    let (x, y) = (show(ra), show(rb));
    if gap == 0 {
        return (true, format!("{x} and {y} are the same time"));
    }
    let tol = if tolerance.is_finite() && tolerance > 0.0 {
        tolerance
    } else {
        0.0
    };
    if f64::from(gap) <= tol {
        (
            true,
            format!("{x} and {y} are {gap} min apart, within tolerance {tol} min"),
        )
    } else if tol > 0.0 {
        (
            false,
            format!("{x} and {y} are {gap} min apart, beyond tolerance {tol} min"),
        )
    } else {
        (false, format!("{x} and {y} are {gap} min apart"))
    }
}

/// Parse a time written in `expect:`.
pub fn parse_expected(raw: &str, zones: &Zones) -> Result<TimeValue, String> {
    parse(raw, zones, None).map(|(v, _)| v)
}

/// `{time}`: a time of day with its zone: "3:20 p.m.", "1353 GMT", "noon".
pub static TIME_PLACEHOLDER: super::PlaceholderDef = super::PlaceholderDef {
    word: "time",
    regex: |_| TIME_REGEX,
    trailer: "",
    glued: false,
    may_be_cut: false,
};

/// The `time` kind.
pub static TIME: super::KindDef = super::KindDef {
    name: "time",
    doc: "A time of day, with its time zone, compared at minute precision.",
    placeholders: &[&TIME_PLACEHOLDER],
    keys: &[
        super::SlotKey::Tolerance,
        super::SlotKey::Hedges,
        super::SlotKey::Grows,
    ],
    example: "at {time} on",
    parse: |raw, published, _, options| {
        parse(raw, &options.zones, published).map(|(v, why)| (super::Value::Time(v), why))
    },
    parse_expected: None,
    compare: compare_values,
    check_tolerance: Some(|tolerance| match tolerance {
        super::number::Tolerance::Percent(_) => Some((
            "a time tolerance is in minutes",
            "write the minutes two times may differ by, e.g. `15`",
        )),
        super::number::Tolerance::Absolute(_) => None,
    }),
    fullest_first: false,
};

/// Times agree when they are the same instant, within `tolerance:` minutes.
fn compare_values(
    a: &super::Value,
    b: &super::Value,
    options: &super::ValueOptions,
) -> super::Comparison {
    let (super::Value::Time(a), super::Value::Time(b)) = (a, b) else {
        return super::mismatched();
    };
    let minutes = match options.tolerance {
        Some(super::number::Tolerance::Absolute(m)) => m,
        _ => 0.0,
    };
    let (agree, why) = compare(a, b, minutes);
    super::Comparison::agreement(agree, why)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn times_in_one_zone_or_known_zones_are_comparable() {
        let t = |raw: &str| parse(raw, &Zones::default(), None).unwrap().0;
        assert!(comparable(&t("15:30"), &t("3:30 p.m.")));
        assert!(comparable(&t("1530 GMT"), &t("4:30 p.m. BST")));
        assert!(!comparable(&t("1530 GMT"), &t("4:30 p.m.")));
    }

    fn zones(declared: &[(&str, i32)]) -> Zones {
        Zones {
            declared: declared.iter().map(|(n, o)| (n.to_string(), *o)).collect(),
        }
    }

    fn t(text: &str) -> TimeValue {
        parse(text, &Zones::default(), None)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .0
    }

    fn tz(text: &str, z: &Zones) -> TimeValue {
        parse(text, z, None)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .0
    }

    fn find(hay: &str) -> Option<&str> {
        Regex::new(&format!("(?i){TIME_REGEX}"))
            .unwrap()
            .find(hay)
            .map(|m| m.as_str())
    }

    #[test]
    fn clock_forms() {
        assert_eq!(t("3:20 p.m.").display(), "15:20");
        assert_eq!(t("3:20pm").display(), "15:20");
        assert_eq!(t("3.20 pm").display(), "15:20");
        assert_eq!(t("9pm").display(), "21:00");
        assert_eq!(t("9 a.m.").display(), "09:00");
        assert_eq!(t("12 a.m.").display(), "00:00");
        assert_eq!(t("12:30 p.m.").display(), "12:30");
        assert_eq!(t("15:20").display(), "15:20");
        assert_eq!(t("09:15").display(), "09:15");
        assert_eq!(t("3:20").display(), "03:20 or 15:20");
        assert_eq!(t("1353").display(), "13:53");
        assert_eq!(t("1353 hours").display(), "13:53");
        assert_eq!(t("0915").display(), "09:15");
        assert_eq!(t("noon").display(), "12:00");
        assert_eq!(t("Midnight").display(), "00:00");
        for bad in ["9", "25:00", "13 p.m.", "3:7", "9:60", "", "2460"] {
            assert!(parse(bad, &Zones::default(), None).is_err(), "{bad}");
        }
    }

    #[test]
    fn zones_resolve_to_utc() {
        let v = t("1353 GMT");
        assert_eq!(v.readings[0].utc, Some(13 * 60 + 53));
        assert_eq!(v.display(), "13:53 GMT");
        assert_eq!(t("9 p.m. KST").readings[0].utc, Some(12 * 60));
        assert_eq!(t("10pm GMT+3").readings[0].utc, Some(19 * 60));
        assert_eq!(
            t("9:15 a.m. local time").readings[0].zone.as_deref(),
            Some("local")
        );
        assert!(parse("9pm IRST", &Zones::default(), None)
            .unwrap_err()
            .contains("time_zones"));
        let z = zones(&[("IRST", 210), ("local", 210)]);
        assert_eq!(tz("9pm IRST", &z).readings[0].utc, Some(17 * 60 + 30));
        assert_eq!(tz("0915", &z).readings[0].utc, Some(5 * 60 + 45));
        assert_eq!(parse_offset("+09:00"), Ok(540));
        assert_eq!(parse_offset("-5"), Ok(-300));
        assert_eq!(parse_offset("UTC+3:30"), Ok(210));
        assert_eq!(parse_offset("KST"), Ok(540));
        assert!(parse_offset("+25:00").is_err());
        assert!(parse_offset("soon").is_err());
    }

    #[test]
    fn us_zones_follow_summer_time_on_the_publication_date() {
        let on = |text: &str, y, m, d| {
            parse(text, &Zones::default(), Some(jiff::civil::date(y, m, d)))
                .unwrap()
                .0
                .readings[0]
                .utc
        };
        assert_eq!(on("3 p.m. ET", 2023, 7, 4), Some(19 * 60));
        assert_eq!(on("3 p.m. ET", 2023, 1, 4), Some(20 * 60));
        assert_eq!(on("3 p.m. ET", 2023, 3, 12), Some(19 * 60));
        assert_eq!(on("3 p.m. ET", 2023, 3, 11), Some(20 * 60));
        assert_eq!(on("9 a.m. PT", 2023, 11, 5), Some(17 * 60));
        // Without a date the zone is kept, with no UTC reading.
        assert_eq!(t("3 p.m. ET").readings[0].utc, None);
        assert!(compare(&t("3 p.m. ET"), &t("15:00 ET"), 0.0).0);
    }

    #[test]
    fn parenthetical_conversions() {
        let v = t("0915 (0545 GMT)");
        assert_eq!(v.readings.len(), 2);
        assert_eq!(v.display(), "09:15 (05:45 GMT)");
        assert_eq!(v.internal, None);
        let bad = t("9:15 a.m. KST (0545 GMT)");
        assert_eq!(
            bad.internal.as_deref(),
            Some("`09:15 KST` and `05:45 GMT` are 330 min apart")
        );
    }

    #[test]
    fn comparison() {
        let agree = |a: &str, b: &str, tol: f64| compare(&t(a), &t(b), tol).0;
        assert!(agree("0915 (0545 GMT)", "9:15 a.m. local time", 0.0));
        assert!(agree("0915 (0545 GMT)", "5:45 a.m. GMT", 0.0));
        assert!(!agree("4:40 p.m.", "4 p.m.", 0.0));
        assert!(agree("4:40 p.m.", "4:30 p.m.", 10.0));
        assert!(!agree("10pm", "8:30pm", 0.0));
        assert!(agree("3:20", "3:20 p.m.", 0.0));
        assert!(agree("23:50", "00:05", 15.0));
        assert!(agree("1353 GMT", "10:53 p.m. KST", 0.0));
        assert!(!agree("1353 GMT", "1353 KST", 0.0));
        let (ok, why) = compare(&t("9:15 a.m."), &t("0545 GMT"), 0.0);
        assert!(!ok);
        assert!(why.contains("cannot be compared"), "{why}");
        let (_, why) = compare(&t("4:40 p.m."), &t("4 p.m."), 15.0);
        assert_eq!(
            why,
            "16:40 and 16:00 are 40 min apart, beyond tolerance 15 min"
        );
        // Symmetric.
        assert_eq!(
            compare(&t("1353 GMT"), &t("0915"), 0.0).0,
            compare(&t("0915"), &t("1353 GMT"), 0.0).0
        );
    }

    #[test]
    fn junk_never_panics() {
        let alphabet = [
            "1", "2", "9", ":", ".", " ", "a.m.", "pm", "GMT", "+", "-", "(", ")", "local", "time",
            "İ", "K", "noon", "0", "5", "h", "hours", "UTC", "ET", "é",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5000 {
            let mut s = String::new();
            for _ in 0..(seed % 9) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            if let Ok((v, _)) = parse(&s, &Zones::default(), Some(jiff::civil::date(2023, 4, 11))) {
                assert!(
                    v.readings.iter().all(|r| (0..DAY).contains(&r.clock)),
                    "{s:?}"
                );
                let _ = compare(&v, &v, 5.0);
            }
        }
    }

    #[test]
    fn regex_finds_times() {
        assert_eq!(find("at 3:20 p.m. on Monday"), Some("3:20 p.m."));
        assert_eq!(find("at 1353 GMT on"), Some("1353 GMT"));
        assert_eq!(find("at 0915 (0545 GMT) on"), Some("0915 (0545 GMT)"));
        assert_eq!(
            find("at 9:15 a.m. local time"),
            Some("9:15 a.m. local time")
        );
        assert_eq!(find("after 9pm, police"), Some("9pm"));
        assert_eq!(find("at noon"), Some("noon"));
        assert_eq!(find("at 10pm KST"), Some("10pm KST"));
        assert_eq!(find("in 9 cases"), None);
        for text in [
            "3:20 p.m.",
            "1353 GMT",
            "0915 (0545 GMT)",
            "noon",
            "9pm",
            "4 p.m.",
        ] {
            let re = Regex::new(&format!("(?i)^{TIME_REGEX}$")).unwrap();
            assert!(re.is_match(text), "{text}");
            assert!(parse(text, &Zones::default(), None).is_ok(), "{text}");
        }
    }
}
