//! The `quantity` value kind: a figure with its unit (a distance, an area, a
//! weight, a volume, a temperature, a speed, a duration, a sum of money, a
//! percentage), converted to a base unit so that "15 miles" and "24 km" compare.
//!
//! # What `{quantity}` reads
//!
//! A `{number}` (with its qualifier, range or fraction: "about 15", "40 to 80")
//! followed by a unit from [`UNITS`], with a space, a hyphen or nothing between
//! ("15 miles", "a 15-mile stretch", "10km", "40%"); one-letter units (`m`, `g`,
//! `t`, `l`, `s`, `h`, `C`, `F`) only glued to the figure ("5m"). Money also reads
//! with a currency sign before the figure and an optional scale after it:
//! `$2.5 million`, `US$3bn`, `€10m`, `£5,000`, `about $2 million`.
//! A conversion in parentheses belongs to the value: "8 miles (13 kilometers)".
//!
//! # How quantities compare
//!
//! Values of different dimensions never agree (percent and percentage points are
//! different dimensions, and so is each currency: there are no exchange rates).
//! Two readings in the same unit compare as numbers do (intervals, qualifiers).
//! Readings in different units are converted to the base unit and agree when
//! they are within the rounding of a conversion: half the place value of the last
//! written digit of either figure ("24 km" is 23.5 to 24.5 km), plus 1 % of the
//! larger. A slot's `tolerance` adds to that, in base units (m, m², kg, l, °C,
//! km/h, s, the currency, percent) or as a percentage.
//! A parenthetical conversion that does not hold ("10 miles (24 kilometers)")
//! carries [`QuantityValue::internal`].

use crate::lang::{Language, PerLanguage};

use super::number::{self, NumberValue, Tolerance};

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dimension {
    /// Base unit: metre.
    Length,
    /// Base unit: square metre.
    Area,
    /// Base unit: kilogram.
    Mass,
    /// Base unit: litre.
    Volume,
    /// Base unit: degree Celsius.
    Temperature,
    /// Base unit: km/h.
    Speed,
    /// Base unit: second.
    Duration,
    /// Base unit: the currency itself (its code is the unit).
    Money,
    /// Percent.
    Percent,
    /// Percentage points.
    Points,
}

impl Dimension {
    /// The word used in `units:` and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Length => "length",
            Dimension::Area => "area",
            Dimension::Mass => "mass",
            Dimension::Volume => "volume",
            Dimension::Temperature => "temperature",
            Dimension::Speed => "speed",
            Dimension::Duration => "duration",
            Dimension::Money => "money",
            Dimension::Percent => "percent",
            Dimension::Points => "points",
        }
    }

    /// Every dimension.
    pub const ALL: [Dimension; 10] = [
        Dimension::Length,
        Dimension::Area,
        Dimension::Mass,
        Dimension::Volume,
        Dimension::Temperature,
        Dimension::Speed,
        Dimension::Duration,
        Dimension::Money,
        Dimension::Percent,
        Dimension::Points,
    ];
}

/// One unit: its symbol, the words copy writes for it, what it measures, and
/// `base = value * factor + offset`.
#[derive(Debug)]
pub struct Unit {
    /// The canonical symbol, used in `units:` and shown in values.
    pub symbol: &'static str,
    /// How copy writes it (lower case); one-letter forms only glued to the figure.
    pub words: &'static [&'static str],
    /// What it measures.
    pub dimension: Dimension,
    /// Multiplier to the base unit.
    pub factor: f64,
    /// Offset to the base unit (temperatures).
    pub offset: f64,
}

const fn unit(
    symbol: &'static str,
    words: &'static [&'static str],
    dimension: Dimension,
    factor: f64,
) -> Unit {
    Unit {
        symbol,
        words,
        dimension,
        factor,
        offset: 0.0,
    }
}

use Dimension::{Area, Duration, Length, Mass, Money, Percent, Points, Speed, Volume};

/// The unit table. "pounds" is the weight; write "pounds sterling" or "£" for money.
pub const UNITS: &[Unit] = &[
    unit(
        "km",
        &[
            "kilometers",
            "kilometres",
            "kilometer",
            "kilometre",
            "kilometern",
            "km",
            "kms",
        ],
        Length,
        1000.0,
    ),
    unit(
        "m",
        &["meters", "metres", "meter", "metre", "metern", "m"],
        Length,
        1.0,
    ),
    unit(
        "cm",
        &[
            "centimeters",
            "centimetres",
            "centimeter",
            "centimetre",
            "cm",
        ],
        Length,
        0.01,
    ),
    unit(
        "mm",
        &[
            "millimeters",
            "millimetres",
            "millimeter",
            "millimetre",
            "mm",
        ],
        Length,
        0.001,
    ),
    unit("nmi", &["nautical miles", "nautical mile"], Length, 1852.0),
    unit("mi", &["miles", "mile", "mi"], Length, 1609.344),
    unit("yd", &["yards", "yard", "yd", "yds"], Length, 0.9144),
    unit("ft", &["feet", "foot", "ft"], Length, 0.3048),
    unit("in", &["inches", "inch"], Length, 0.0254),
    unit(
        "km2",
        &[
            "square kilometers",
            "square kilometres",
            "square kilometer",
            "square kilometre",
            "sq km",
            "km2",
            "km²",
        ],
        Area,
        1e6,
    ),
    unit(
        "m2",
        &[
            "square meters",
            "square metres",
            "square meter",
            "square metre",
            "sq m",
            "m2",
            "m²",
        ],
        Area,
        1.0,
    ),
    unit("ha", &["hectares", "hectare", "hektar", "ha"], Area, 1e4),
    unit("acre", &["acres", "acre"], Area, 4_046.856_422_4),
    unit(
        "mi2",
        &["square miles", "square mile", "sq mi", "sq miles"],
        Area,
        2_589_988.110_336,
    ),
    unit(
        "ft2",
        &["square feet", "square foot", "sq ft"],
        Area,
        0.092_903_04,
    ),
    unit(
        "kg",
        &[
            "kilograms",
            "kilogrammes",
            "kilogramm",
            "kilogram",
            "kilos",
            "kilo",
            "kg",
            "kgs",
        ],
        Mass,
        1.0,
    ),
    unit("g", &["grams", "grammes", "gram", "g"], Mass, 0.001),
    unit(
        "t",
        &[
            "metric tons",
            "metric tonnes",
            "tonnes",
            "tonne",
            "tonnen",
            "t",
        ],
        Mass,
        1000.0,
    ),
    unit("ton", &["tons", "ton"], Mass, 907.184_74),
    unit("lb", &["pounds", "pound", "lbs", "lb"], Mass, 0.453_592_37),
    unit("oz", &["ounces", "ounce", "oz"], Mass, 0.028_349_523_125),
    unit(
        "l",
        &["liters", "litres", "liter", "litre", "l"],
        Volume,
        1.0,
    ),
    unit(
        "ml",
        &[
            "milliliters",
            "millilitres",
            "milliliter",
            "millilitre",
            "ml",
        ],
        Volume,
        0.001,
    ),
    unit(
        "m3",
        &[
            "cubic meters",
            "cubic metres",
            "cubic meter",
            "cubic metre",
            "m3",
            "m³",
        ],
        Volume,
        1000.0,
    ),
    unit("gal", &["gallons", "gallon", "gal"], Volume, 3.785_411_784),
    unit(
        "bbl",
        &["barrels", "barrel", "bbl"],
        Volume,
        158.987_294_928,
    ),
    Unit {
        symbol: "°C",
        words: &[
            "degrees celsius",
            "degrees centigrade",
            "degrees c",
            "°c",
            "° c",
            "celsius",
            "c",
        ],
        dimension: Dimension::Temperature,
        factor: 1.0,
        offset: 0.0,
    },
    Unit {
        symbol: "°F",
        words: &[
            "degrees fahrenheit",
            "degrees f",
            "°f",
            "° f",
            "fahrenheit",
            "f",
        ],
        dimension: Dimension::Temperature,
        factor: 5.0 / 9.0,
        offset: -32.0 * 5.0 / 9.0,
    },
    unit(
        "km/h",
        &[
            "kilometers per hour",
            "kilometres per hour",
            "kilometers an hour",
            "kilometres an hour",
            "km/h",
            "kmh",
            "kph",
        ],
        Speed,
        1.0,
    ),
    unit(
        "mph",
        &["miles per hour", "miles an hour", "mph"],
        Speed,
        1.609_344,
    ),
    unit(
        "m/s",
        &["meters per second", "metres per second", "m/s"],
        Speed,
        3.6,
    ),
    unit("kn", &["knots", "knot", "kts", "kt"], Speed, 1.852),
    unit(
        "s",
        &["seconds", "second", "secs", "sec", "sekunden", "s"],
        Duration,
        1.0,
    ),
    unit(
        "min",
        &["minutes", "minute", "mins", "minuten", "min"],
        Duration,
        60.0,
    ),
    unit(
        "h",
        &["hours", "hour", "hrs", "hr", "stunden", "stunde", "h"],
        Duration,
        3600.0,
    ),
    unit("d", &["days", "day", "tagen", "tage"], Duration, 86_400.0),
    unit("wk", &["weeks", "week", "wochen"], Duration, 604_800.0),
    unit(
        "mo",
        &["months", "month", "monaten", "monate"],
        Duration,
        2_629_746.0,
    ),
    unit(
        "yr",
        &["years", "year", "jahren", "jahre"],
        Duration,
        31_556_952.0,
    ),
    unit(
        "USD",
        &["us dollars", "u.s. dollars", "dollars", "dollar", "usd"],
        Money,
        1.0,
    ),
    unit("EUR", &["euros", "euro", "eur"], Money, 1.0),
    unit("GBP", &["pounds sterling", "sterling", "gbp"], Money, 1.0),
    unit("JPY", &["yen", "jpy"], Money, 1.0),
    unit("CNY", &["yuan", "renminbi", "cny", "rmb"], Money, 1.0),
    unit("KRW", &["won", "krw"], Money, 1.0),
    unit("INR", &["rupees", "rupee", "inr"], Money, 1.0),
    unit(
        "RUB",
        &["roubles", "rubles", "rouble", "ruble", "rub"],
        Money,
        1.0,
    ),
    unit("CHF", &["swiss francs", "franken", "chf"], Money, 1.0),
    unit(
        "%",
        &["per cent", "percent", "prozent", "pct", "%"],
        Percent,
        1.0,
    ),
    unit(
        "pp",
        &[
            "percentage points",
            "percentage point",
            "prozentpunkten",
            "prozentpunkte",
            "prozentpunkt",
            "pp",
        ],
        Points,
        1.0,
    ),
    unit(
        "bp",
        &["basis points", "basis point", "bps", "bp"],
        Points,
        0.01,
    ),
];

/// Currency signs and codes written before the figure ("$2.5m", "USD 1.2
/// billion"), longest first.
const SIGNS: &[(&str, &str)] = &[
    ("us$", "USD"),
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("chf", "CHF"),
    ("jpy", "JPY"),
    ("cny", "CNY"),
    ("inr", "INR"),
    ("rub", "RUB"),
    ("krw", "KRW"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₩", "KRW"),
];

/// Scales written after a money figure ("$2.5m", "$3bn").
const MONEY_SCALES: &[(&str, f64)] = &[
    ("trillion", 1e12),
    ("mln", 1e6),
    ("bln", 1e9),
    ("billion", 1e9),
    ("million", 1e6),
    ("thousand", 1e3),
    ("bn", 1e9),
    ("mn", 1e6),
    ("m", 1e6),
    ("b", 1e9),
    ("k", 1e3),
];

/// Whether a unit word may only be written glued to its figure ("5m", not "5 m").
fn glued_only(word: &str) -> bool {
    word.chars().count() == 1
}

static QUANTITY_RE: PerLanguage<String> = PerLanguage::new(|language| {
    let mut spaced: Vec<&str> = Vec::new();
    let mut glued: Vec<&str> = Vec::new();
    for u in UNITS {
        for w in u.words {
            if glued_only(w) {
                glued.push(w);
            } else {
                spaced.push(w);
            }
        }
    }
    let alt = |words: &mut Vec<&str>| {
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words
            .iter()
            .map(|w| {
                let escaped = regex::escape(w).replace(' ', r"\s+");
                // A word ending in a letter or digit must end there ("mi" is not "mile").
                if w.chars().last().is_some_and(char::is_alphanumeric) {
                    format!(r"{escaped}\b")
                } else {
                    escaped
                }
            })
            .collect::<Vec<_>>()
            .join("|")
    };
    let mut every: Vec<&str> = spaced.iter().chain(glued.iter()).copied().collect();
    let spaced = alt(&mut spaced);
    let every = alt(&mut every);
    let number = number::number_regex_in(language);
    let quals = number::qualifier_regex_in(language);
    let signs = SIGNS
        .iter()
        .map(|(s, _)| {
            // A code is a word of its own ("USD 5", not "thUSD 5").
            let boundary = if s.starts_with(char::is_alphabetic) {
                r"\b"
            } else {
                ""
            };
            format!("{boundary}{}", regex::escape(s))
        })
        .collect::<Vec<_>>()
        .join("|");
    let scales = MONEY_SCALES
        .iter()
        .map(|(s, _)| *s)
        .collect::<Vec<_>>()
        .join("|");
    // A scale abbreviation before a unit word ("2.5m euros", "1.2bn
    // dollars") is tried before a glued unit, which would take "2.5m" for
    // metres.
    let single = format!(
        r"(?:(?:\b(?:{quals})\s+)?(?:(?:{signs})\s?[0-9][0-9,]*(?:\.[0-9]+)?(?:\s?(?:{scales})\b)?|\b[0-9][0-9,]*(?:\.[0-9]+)?\s?(?:{scales})\s+(?:{spaced})|\b[0-9][0-9,]*(?:\.[0-9]+)?(?:{every}))|\bhalf\s+an?\s+(?:{spaced})|{number}(?:\s*-\s*|\s*)(?:{spaced}))"
    );
    // The conversion in parentheses is written in digits ("(13 kilometers)"); a
    // smaller regex there keeps the compiled pattern small.
    let conversion = format!(
        r"(?:(?:\b(?:{quals})\s+)?(?:(?:{signs})\s?[0-9][0-9,]*(?:\.[0-9]+)?(?:\s?(?:{scales})\b)?|\b[0-9][0-9,]*(?:\.[0-9]+)?(?:{every})|\b[0-9][0-9,]*(?:\.[0-9]+)?(?:\s+(?:million|billion))?(?:\s*-\s*|\s+)(?:{spaced})))"
    );
    let regex = format!(r"(?i:{single}(?:\s*\(\s*{conversion}\s*\))?)");
    if language.decimal_comma() {
        // "2.000 Kilometer", "2,5 Prozent".
        regex.replace(r"[0-9][0-9,]*(?:\.[0-9]+)?", r"[0-9][0-9.]*(?:,[0-9]+)?")
    } else {
        regex
    }
});

/// The regex fragment behind `{quantity}` (no capture groups).
pub fn quantity_regex() -> &'static str {
    quantity_regex_in(crate::lang::english())
}

/// [`quantity_regex`] for a language (its number words).
pub fn quantity_regex_in(language: &'static crate::lang::Language) -> &'static str {
    QUANTITY_RE.get(language).as_str()
}

/// One reading: a figure in a unit, and the same in the base unit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reading {
    /// The figure as written, in `unit`.
    pub amount: NumberValue,
    /// The unit's symbol ("km", "USD", "%").
    pub unit: String,
    /// What it measures.
    pub dimension: Dimension,
    /// The figure in the base unit.
    pub base: NumberValue,
    /// Half the place value of the last written digit, in the base unit: how far a
    /// rounded conversion may be off.
    pub rounding: f64,
}

/// A quantity: one reading, or two when copy gives a conversion in parentheses.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QuantityValue {
    /// The readings, the written one first.
    pub readings: Vec<Reading>,
    /// Why the readings of a parenthetical contradict each other, if they do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal: Option<String>,
}

/// Look a unit up by symbol or word (case-insensitive).
pub fn find_unit(word: &str) -> Option<&'static Unit> {
    let lower = word.trim().to_lowercase();
    UNITS
        .iter()
        .find(|u| u.symbol.to_lowercase() == lower)
        .or_else(|| UNITS.iter().find(|u| u.words.contains(&lower.as_str())))
}

/// Whether `units:` may name this: a unit symbol or word, or a dimension.
pub fn valid_unit_filter(word: &str) -> bool {
    find_unit(word).is_some() || Dimension::ALL.iter().any(|d| d.as_str() == word.trim())
}

/// What to write instead of `word`, an unknown `units:` entry: the dimension
/// a common other word for it means, and every dimension.
pub fn unit_filter_help(word: &str) -> String {
    let meant = match word.trim().to_lowercase().as_str() {
        "time" | "period" | "days" => Some(Dimension::Duration),
        "weight" => Some(Dimension::Mass),
        "currency" | "currencies" | "cost" | "price" => Some(Dimension::Money),
        "distance" => Some(Dimension::Length),
        "percentage" | "share" => Some(Dimension::Percent),
        _ => None,
    };
    let dimensions: Vec<String> = Dimension::ALL
        .iter()
        .map(|d| format!("`{}`", d.as_str()))
        .collect();
    let all = format!(
        "write unit symbols (`km`, `mi`, `USD`, `%`) or dimensions ({}); docs/rules.md lists them",
        dimensions.join(", ")
    );
    match meant {
        Some(d) => format!("did you mean the dimension `{}`? {all}", d.as_str()),
        None => all,
    }
}

fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Half the place value of the last significant digit of the figure: "24" ->
/// 0.5, "2.5" -> 0.05, "1,500" -> 50 (copy rounds whole figures to their
/// trailing zeros: "5,000 feet (1,500 metres)"); a figure in words is taken
/// as whole.
fn half_digit(number_text: &str) -> f64 {
    let last = number_text
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .rfind(|t| t.bytes().any(|b| b.is_ascii_digit()));
    let decimals = last
        .and_then(|t| t.split_once('.'))
        .map_or(0, |(_, d)| d.len());
    let decimals = i32::try_from(decimals).unwrap_or(i32::MAX);
    let zeros = match last {
        Some(t) if decimals == 0 && t.bytes().any(|b| (b'1'..=b'9').contains(&b)) => {
            let digits = t.bytes().filter(u8::is_ascii_digit);
            let trailing = digits.rev().take_while(|&b| b == b'0').count();
            i32::try_from(trailing).unwrap_or(0)
        }
        _ => 0,
    };
    let mut exp = zeros - decimals;
    for word in number_text.split_whitespace() {
        if let Some(e) = [
            ("thousand", 3),
            ("million", 6),
            ("billion", 9),
            ("trillion", 12),
        ]
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, e)| *e)
        {
            exp += e;
        }
    }
    0.5 * 10f64.powi(exp)
}

/// The most a figure's rounding is taken to span, as a share of the figure.
const MAX_ROUNDING_SHARE: f64 = 0.05;

fn reading(amount: NumberValue, number_text: &str, scale: f64, u: &Unit) -> Reading {
    let amount = if scale == 1.0 {
        amount
    } else {
        number::map_value(&amount, |x| x * scale)
    };
    let base = number::map_value(&amount, |x| x * u.factor + u.offset);
    // A round figure is not taken for a loose one: "1 mile" stands for a
    // mile, not for anything from half a mile to a mile and a half.
    let rounding =
        (half_digit(number_text) * scale).min(MAX_ROUNDING_SHARE * amount.figure.abs()) * u.factor;
    Reading {
        amount,
        unit: u.symbol.to_owned(),
        dimension: u.dimension,
        base,
        rounding,
    }
}

fn parse_reading(text: &str, language: &'static Language) -> Result<Reading, String> {
    let norm = normalize(text);
    let bad = || format!("not a quantity: `{}`", text.trim());
    // A currency sign or code before the figure.
    for (sign, code) in SIGNS {
        let before_figure = norm.match_indices(sign).find(|(at, _)| {
            norm.get(at + sign.len()..)
                .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        });
        if let Some((at, _)) = before_figure {
            let qualifier = norm.get(..at).unwrap_or("").trim();
            let rest = norm.get(at + sign.len()..).unwrap_or("").trim();
            let (figure, scale) = split_scale(rest);
            let number_text = format!("{qualifier} {figure}");
            let amount = number::parse_english_digits(&number_text, language).map_err(|_| bad())?;
            let u = find_unit(code).ok_or_else(bad)?;
            return Ok(reading(amount, &number_text, scale, u));
        }
    }
    // A unit after the figure: the longest word that ends the text.
    let mut best: Option<(&Unit, &str)> = None;
    for u in UNITS {
        for w in u.words {
            let Some(head) = norm.strip_suffix(w) else {
                continue;
            };
            let glued = head.ends_with(|c: char| c.is_ascii_digit());
            let ok = if glued_only(w) {
                glued
            } else {
                glued || head.ends_with([' ', '-'])
            };
            if ok && best.is_none_or(|(_, b)| w.len() > b.len()) {
                best = Some((u, w));
            }
        }
    }
    let (u, w) = best.ok_or_else(|| format!("no unit in `{}`", text.trim()))?;
    let head = norm
        .get(..norm.len() - w.len())
        .unwrap_or("")
        .trim_end_matches([' ', '-']);
    // "half a mile": the article belongs to the unit.
    let head = ["half a", "half an"]
        .iter()
        .find(|h| head.ends_with(*h))
        .and_then(|h| head.strip_suffix(&h[4..]))
        .unwrap_or(head);
    let amount = number::parse_english_digits(head, language);
    // "2.5m euros", "1.2bn dollars": a scale abbreviation the number
    // reader does not take.
    let (amount, head, scale) = match (amount, split_scale(head)) {
        (Ok(amount), _) => (amount, head, 1.0),
        (Err(e), (figure, scale)) if scale != 1.0 => {
            match number::parse_english_digits(figure, language) {
                Ok(amount) => (amount, figure, scale),
                Err(_) => return Err(e.replace("not a number", "not a quantity")),
            }
        }
        (Err(e), _) => return Err(e.replace("not a number", "not a quantity")),
    };
    Ok(reading(amount, head, scale, u))
}

/// A figure's text and the multiplier of the money scale written after it
/// ("2.5m", "3 bn", "1.2 billion"); a figure without one multiplies by 1.
fn split_scale(text: &str) -> (&str, f64) {
    MONEY_SCALES
        .iter()
        .find_map(|(w, f)| {
            text.strip_suffix(w)
                .filter(|r| r.ends_with(|c: char| c.is_ascii_digit() || c == ' '))
                .map(|r| (r.trim(), *f))
        })
        .unwrap_or((text, 1.0))
}

/// Whether two readings convert into each other: the same dimension, and for money
/// the same currency.
fn convertible(a: &Reading, b: &Reading) -> bool {
    a.dimension == b.dimension && (a.dimension != Dimension::Money || a.unit == b.unit)
}

/// How two readings meet, when they measure the same thing: (agree, why).
fn compare_readings(a: &Reading, b: &Reading, tolerance: Option<Tolerance>) -> (bool, String) {
    if a.unit == b.unit {
        let (agree, why) = number::compare(&a.amount, &b.amount, tolerance);
        return (agree, format!("in {}: {why}", a.unit));
    }
    // Each figure may be a rounding of the one true value, so the
    // roundings add; 1 % covers conversion factors rounded in the copy.
    let mut allowed = a.rounding + b.rounding + 0.01 * a.base.figure.abs().max(b.base.figure.abs());
    match tolerance {
        Some(Tolerance::Absolute(t)) => allowed += t,
        Some(Tolerance::Percent(p)) => {
            allowed += p / 100.0 * a.base.figure.abs().max(b.base.figure.abs());
        }
        None => {}
    }
    let base = base_symbol(a);
    // Named and printed here, as the base figures are: number's reason would
    // print it as a bare tolerance with six decimals.
    let allowance = number::Allowance {
        amount: allowed,
        name: "conversion rounding",
        shown: format!("{} {base}", fmt(allowed)),
    };
    let (agree, why) = number::compare_allowing(&a.base, &b.base, Some(allowance));
    (
        agree,
        format!(
            "{} {} = {} {base}, {} {} = {} {base}: {why}",
            a.amount.display(),
            a.unit,
            fmt(a.base.figure),
            b.amount.display(),
            b.unit,
            fmt(b.base.figure),
        ),
    )
}

fn base_symbol(r: &Reading) -> String {
    match r.dimension {
        Dimension::Length => "m".into(),
        Dimension::Area => "m2".into(),
        Dimension::Mass => "kg".into(),
        Dimension::Volume => "l".into(),
        Dimension::Temperature => "°C".into(),
        Dimension::Speed => "km/h".into(),
        Dimension::Duration => "s".into(),
        Dimension::Points => "pp".into(),
        Dimension::Money | Dimension::Percent => r.unit.clone(),
    }
}

/// A figure with at most three decimals, as number values show them.
fn fmt(x: f64) -> String {
    let rounded = (x * 1000.0).round() / 1000.0;
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        crate::kinds::decimal::shown(rounded)
    }
}

/// Parse what `{quantity}` matched. `units` restricts the units a slot accepts
/// (symbols, words or dimension names; empty: any).
pub fn parse(raw: &str, units: &[String]) -> Result<(QuantityValue, String), String> {
    parse_in(raw, units, crate::lang::english())
}

/// [`parse`] with a language's number words.
pub fn parse_in(
    raw: &str,
    units: &[String],
    language: &'static Language,
) -> Result<(QuantityValue, String), String> {
    // Figures read the English way from here on ("2,5 km" is 2.5 km).
    let english_digits = language.english_digits(raw);
    let text = english_digits.trim();
    let (outer, inner) = match text.split_once('(') {
        Some((outer, rest)) => {
            let inner = rest
                .trim_end()
                .strip_suffix(')')
                .ok_or_else(|| format!("not a quantity: `{text}`"))?;
            (outer, Some(inner))
        }
        None => (text, None),
    };
    let mut readings = vec![parse_reading(outer, language)?];
    if let Some(inner) = inner {
        readings.push(parse_reading(inner, language)?);
    }
    if !units.is_empty() {
        let allowed = |r: &Reading| {
            units.iter().any(|u| {
                find_unit(u).is_some_and(|f| f.symbol == r.unit) || u == r.dimension.as_str()
            })
        };
        if !readings.iter().any(allowed) {
            return Err(format!(
                "`{text}` is in {}, not in this slot's units ({})",
                readings
                    .iter()
                    .map(|r| r.unit.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                units.join(", ")
            ));
        }
    }
    let mut internal = None;
    if let [a, b] = readings.as_slice() {
        let exchange = a.dimension == Dimension::Money && b.dimension == Dimension::Money;
        if exchange {
            // "$1.2 billion (€1.1 billion)": an exchange at a rate crosswire
            // does not know, so nothing it can hold against the copy.
        } else if !convertible(a, b) {
            internal = Some(format!(
                "`{}` measures {} and `{}` {}",
                show(a),
                a.dimension.as_str(),
                show(b),
                b.dimension.as_str()
            ));
        } else if !compare_readings(a, b, None).0 {
            internal = Some(format!(
                "`{}` is not `{}` ({} vs {} {})",
                show(a),
                show(b),
                fmt(a.base.figure),
                fmt(b.base.figure),
                base_symbol(a)
            ));
        }
    }
    let value = QuantityValue { readings, internal };
    let why = format!(
        "`{text}` -> {}",
        value
            .readings
            .iter()
            .map(|r| format!(
                "{} = {} {}",
                show(r),
                r.base.interval.display(),
                base_symbol(r)
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    Ok((value, why))
}

fn show(r: &Reading) -> String {
    if r.unit == "%" {
        format!("{}%", r.amount.display())
    } else {
        format!("{} {}", r.amount.display(), r.unit)
    }
}

impl QuantityValue {
    /// "15 mi", "8 mi (13 km)", "about 2500000 USD".
    pub fn display(&self) -> String {
        let mut parts = self.readings.iter().map(show);
        let first = parts.next().unwrap_or_default();
        match parts.next() {
            Some(second) => format!("{first} ({second})"),
            None => first,
        }
    }
}

impl QuantityValue {
    /// Whether the two measure the same thing, so that comparing them means
    /// something: some reading of each is of the same dimension (for money,
    /// the same currency). Lengths and durations, or dollars and pounds, are
    /// never the same fact.
    pub fn comparable(&self, other: &QuantityValue) -> bool {
        self.readings
            .iter()
            .any(|a| other.readings.iter().any(|b| convertible(a, b)))
    }

    /// What the quantity measures, in a word: the currency's code for money
    /// (`USD`), else the dimension (`duration`, `length`, `percent`).
    pub fn measure(&self) -> Option<&str> {
        self.readings.first().map(|r| match r.dimension {
            Dimension::Money => r.unit.as_str(),
            d => d.as_str(),
        })
    }
}

/// The readings of two quantities that decide how they meet, with that
/// verdict (agree, why): the first pair that agrees, pairs in one unit
/// before pairs that convert; when none does, the first pair tried.
fn compared_readings<'a>(
    a: &'a QuantityValue,
    b: &'a QuantityValue,
    tolerance: Option<Tolerance>,
) -> Option<(&'a Reading, &'a Reading, bool, String)> {
    let pairs = || {
        a.readings
            .iter()
            .flat_map(|ra| b.readings.iter().map(move |rb| (ra, rb)))
    };
    let same_unit = pairs().filter(|(ra, rb)| ra.unit == rb.unit);
    let converted = pairs().filter(|(ra, rb)| ra.unit != rb.unit && convertible(ra, rb));
    let mut first = None;
    for (ra, rb) in same_unit.chain(converted) {
        let (agree, why) = compare_readings(ra, rb, tolerance);
        if agree {
            return Some((ra, rb, true, why));
        }
        first.get_or_insert((ra, rb, false, why));
    }
    first
}

/// Two quantities compared as a slot compares them: figures in one unit
/// that agree only through a hedge ("more than 8%" and "12%") are a
/// `figure` variant, as numbers are, unless the slot says `hedges: lenient`.
fn compare_values(
    a: &QuantityValue,
    b: &QuantityValue,
    options: &super::ValueOptions,
) -> super::Comparison {
    use super::{Comparison, Hedges, Nuance, Verdict};
    let Some((ra, rb, true, why)) = compared_readings(a, b, options.tolerance) else {
        return Comparison::new(Verdict::Different, compare(a, b, options.tolerance).1);
    };
    let figures = (ra.unit == rb.unit)
        .then(|| number::hedged_difference(&ra.amount, &rb.amount, options.tolerance))
        .flatten();
    match figures {
        Some(figures) if options.hedges == Hedges::Strict => Comparison {
            nuance: Some(Nuance::Figure),
            ..Comparison::new(Verdict::Variant, figures)
        },
        _ => Comparison::new(Verdict::Same, why),
    }
}

/// Do two quantities agree? Readings in the same unit compare first, then any
/// readings of the same dimension through the base unit. Returns (agree, why).
pub fn compare(
    a: &QuantityValue,
    b: &QuantityValue,
    tolerance: Option<Tolerance>,
) -> (bool, String) {
    let Some((_, _, agree, why)) = compared_readings(a, b, tolerance) else {
        let (x, y) = (
            a.readings.first().map(|r| r.dimension),
            b.readings.first().map(|r| r.dimension),
        );
        let why = match (x, y) {
            (Some(Dimension::Money), Some(Dimension::Money)) => format!(
                "{} and {} are different currencies (no exchange rates)",
                a.display(),
                b.display()
            ),
            (Some(x), Some(y)) => format!(
                "{} is {} and {} is {}: they cannot be the same",
                a.display(),
                x.as_str(),
                b.display(),
                y.as_str()
            ),
            _ => "no readings".to_owned(),
        };
        return (false, why);
    };
    (agree, why)
}

/// `{quantity}`: a figure with its unit: "15 miles", "$2.5 million", "40%".
pub static QUANTITY_PLACEHOLDER: super::PlaceholderDef = super::PlaceholderDef {
    word: "quantity",
    regex: quantity_regex_in,
    trailer: "",
    glued: false,
    may_be_cut: false,
};

/// The `quantity` kind.
pub static QUANTITY: super::KindDef = super::KindDef {
    name: "quantity",
    doc: "A figure with its unit (distance, money, percent, ...), compared in a base unit.",
    placeholders: &[&QUANTITY_PLACEHOLDER],
    keys: &[
        super::SlotKey::Tolerance,
        super::SlotKey::Hedges,
        super::SlotKey::Grows,
        super::SlotKey::Units,
    ],
    example: "stretch of {quantity} along",
    parse: |raw, _, language, options| {
        parse_in(raw, &options.units, language).map(|(v, why)| (super::Value::Quantity(v), why))
    },
    parse_expected: None,
    compare: |a, b, options| match (a, b) {
        (super::Value::Quantity(a), super::Value::Quantity(b)) => compare_values(a, b, options),
        _ => super::mismatched(),
    },
    check_tolerance: None,
    fullest_first: false,
};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use regex::Regex;

    fn q(text: &str) -> QuantityValue {
        parse(text, &[]).unwrap_or_else(|e| panic!("{text}: {e}")).0
    }

    fn agree(a: &str, b: &str) -> bool {
        compare(&q(a), &q(b), None).0
    }

    fn find(hay: &str) -> Option<&str> {
        Regex::new(quantity_regex())
            .unwrap()
            .find(hay)
            .map(|m| m.as_str())
    }

    #[test]
    fn a_conversion_is_held_to_the_rounding_of_both_figures() {
        // Whole figures are rounded to their trailing zeros.
        assert!(agree("5,000 feet", "1,500 metres"));
        assert!(agree("10,000 feet", "3,000 metres"));
        assert!(agree("300 yards", "270 metres"));
        assert_eq!(q("5,000 feet (1,500 metres)").internal, None);
        assert_eq!(q("300 yards (270 metres)").internal, None);
        // A round small figure is not a loose one.
        assert!(!agree("1 mile", "2,400 metres"));
        assert!(!agree("1 mile", "2.4 km"));
        assert!(!agree("1 mile", "1.1 km"));
        assert!(agree("1 mile", "1.6 km"));
        assert!(agree("6 feet", "2 metres"));
        assert!(agree("15 miles", "24 km"));
        assert!(!agree("15 miles", "26 km"));
        assert!(!agree("5,000 feet", "1,800 metres"));
    }

    #[test]
    fn money_as_copy_writes_it() {
        let usd = |t: &str| {
            let r = &q(t).readings[0];
            (r.unit.clone(), r.base.figure)
        };
        assert_eq!(usd("USD 1.2 billion"), ("USD".into(), 1.2e9));
        assert_eq!(usd("EUR 500 million"), ("EUR".into(), 5e8));
        assert_eq!(usd("1.2bn dollars"), ("USD".into(), 1.2e9));
        assert_eq!(usd("2.5m euros"), ("EUR".into(), 2.5e6));
        assert_eq!(usd("2.5 mln euros"), ("EUR".into(), 2.5e6));
        assert_eq!(usd("$3bn"), ("USD".into(), 3e9));
        assert!(agree("1.2bn dollars", "$1.2 billion"));
        assert!(!agree("2.5m euros", "€3.5m"));
        assert_eq!(find("It raised 2.5m euros in bonds"), Some("2.5m euros"));
        assert_eq!(
            find("It raised USD 1.2 billion in bonds"),
            Some("USD 1.2 billion")
        );
        assert_eq!(find("a 5m wall"), Some("5m"));
        // A code inside a word is no sign.
        assert_eq!(find("thusd 5 apples"), None);
    }

    #[test]
    fn basis_points_are_hundredths_of_a_point() {
        assert!(agree("50 basis points", "0.5 percentage points"));
        assert!(agree("50bp", "half a percentage point"));
        assert_eq!(q("half a mile").readings[0].base.figure, 804.672);
        assert_eq!(
            find("cut rates by half a percentage point to 3%"),
            Some("half a percentage point")
        );
        assert!(!agree("25 basis points", "0.5 percentage points"));
    }

    #[test]
    fn german_units() {
        let de = crate::lang::get("de").unwrap();
        let read = |t: &str| parse_in(t, &[], de).unwrap().0;
        assert_eq!(read("30 Prozent").readings[0].unit, "%");
        assert_eq!(read("970 Kilometern").readings[0].base.figure, 970_000.0);
        assert_eq!(read("2,5 Millionen Euro").readings[0].base.figure, 2.5e6);
        assert_eq!(read("drei Tage").readings[0].unit, "d");
        let re = Regex::new(quantity_regex_in(de)).unwrap();
        let hit = |h: &str| re.find(h).map(|m| m.as_str().to_string());
        assert_eq!(
            hit("den Abzug von 30 Prozent der Truppen").as_deref(),
            Some("30 Prozent")
        );
    }

    #[test]
    fn an_exchange_in_parentheses_is_no_contradiction() {
        assert_eq!(q("$1.2 billion (€1.1 billion)").internal, None);
        assert!(q("10 miles (24 kg)").internal.is_some());
    }

    #[test]
    fn figures_in_one_unit_that_meet_only_through_a_hedge_are_a_figure_variant() {
        let value = |t: &str| super::super::Value::Quantity(q(t));
        let strict = super::super::ValueOptions::default();
        let c = compare_values(&q("more than 8%"), &q("12%"), &strict);
        assert_eq!(c.verdict, super::super::Verdict::Variant);
        assert_eq!(c.nuance, Some(super::super::Nuance::Figure));
        let lenient = super::super::ValueOptions {
            hedges: super::super::Hedges::Lenient,
            ..Default::default()
        };
        let c = (QUANTITY.compare)(&value("more than 8%"), &value("12%"), &lenient);
        assert_eq!(c.verdict, super::super::Verdict::Same);
        let c = compare_values(&q("8%"), &q("8 percent"), &strict);
        assert_eq!(c.verdict, super::super::Verdict::Same);
        // Across units the conversion's rounding blurs the figure: agreement.
        let c = compare_values(&q("more than 15 miles"), &q("24 km"), &strict);
        assert_eq!(c.verdict, super::super::Verdict::Same);
    }

    #[test]
    fn units_and_conversions() {
        assert_eq!(q("15 miles").display(), "15 mi");
        assert_eq!(q("24 km").readings[0].base.figure, 24_000.0);
        assert!(agree("15 miles", "24 km"));
        assert!(agree("24 kilometers", "15 mi"));
        assert!(!agree("15 miles", "30 km"));
        assert!(agree("8 miles (13 kilometers)", "13 km"));
        assert!(agree(
            "8 miles (13 kilometers)",
            "less than 20 km (12 miles)"
        ));
        assert!(agree("15-mile", "24 km"));
        assert!(agree("10km", "10 kilometres"));
        assert!(agree("100 degrees Fahrenheit", "38°C"));
        assert!(!agree("100°F", "100°C"));
        assert!(agree("60 mph", "97 km/h"));
        assert!(agree("2 hours", "120 minutes"));
        assert!(agree("5 hectares", "12 acres"));
        assert!(agree("10 tonnes", "22,000 pounds"));
        assert!(agree("3 gallons", "11 liters"));
        assert!(agree("about 30 km", "18 miles"));
    }

    #[test]
    fn money_and_percent() {
        assert!(agree("$2.5 million", "2,500,000 dollars"));
        assert!(agree("US$3bn", "3 billion dollars"));
        assert!(agree("€10m", "10 million euros"));
        assert!(!agree("$2.5 million", "$3 million"));
        assert!(!agree("$10", "10 euros"));
        let (_, why) = compare(&q("$10"), &q("10 euros"), None);
        assert!(why.contains("different currencies"), "{why}");
        assert_eq!(
            q("about $2 million").readings[0].amount.display(),
            "about 2000000"
        );
        assert!(agree("40 percent", "40%"));
        assert!(agree("40 per cent", "40%"));
        assert!(!agree("40 percent", "40 percentage points"));
        let (_, why) = compare(&q("4%"), &q("4 percentage points"), None);
        assert!(why.contains("percent and"), "{why}");
        assert!(agree("5 billion won", "₩5 billion"));
    }

    #[test]
    fn parenthetical_consistency() {
        assert_eq!(q("8 miles (13 kilometers)").internal, None);
        assert_eq!(q("15 miles (24 km)").internal, None);
        let bad = q("10 miles (24 kilometers)");
        assert!(
            bad.internal.as_deref().unwrap().contains("is not"),
            "{bad:?}"
        );
        let odd = q("10 miles (24 kg)");
        assert!(odd.internal.as_deref().unwrap().contains("measures"));
    }

    #[test]
    fn an_unknown_unit_filter_is_told_the_dimensions() {
        let help = unit_filter_help("time");
        assert!(
            help.starts_with("did you mean the dimension `duration`?"),
            "{help}"
        );
        let help = unit_filter_help("parsecs");
        assert!(!help.contains("did you mean"), "{help}");
        for d in Dimension::ALL {
            assert!(help.contains(&format!("`{}`", d.as_str())), "{help}");
            assert!(valid_unit_filter(d.as_str()));
        }
    }

    #[test]
    fn units_filter() {
        let km = vec!["km".to_owned(), "mi".to_owned()];
        assert!(parse("15 miles", &km).is_ok());
        let err = parse("5 hours", &km).unwrap_err();
        assert_eq!(err, "`5 hours` is in h, not in this slot's units (km, mi)");
        assert!(parse("5 hours", &["duration".to_owned()]).is_ok());
        assert!(
            valid_unit_filter("km") && valid_unit_filter("length") && valid_unit_filter("miles")
        );
        assert!(!valid_unit_filter("parsecs"));
    }

    #[test]
    fn conversion_reasons_print_whole_numbers() {
        // The allowance prints as the base figures do (three decimals) and
        // whole, its unit after it: it was "997.793 m28" for 997.79328 m.
        let (ok, why) = compare(&q("12 miles"), &q("19 km"), None);
        assert!(ok);
        assert_eq!(
            why,
            "12 mi = 19312.128 m, 19 km = 19000 m: [19312.128, 19312.128] and [19000, 19000] do not meet (gap 312.128) but are within conversion rounding 1497.793 m"
        );
        let (ok, why) = compare(&q("12 miles"), &q("25 km"), None);
        assert!(!ok);
        assert!(
            why.ends_with("do not meet (gap 5687.872), beyond conversion rounding 1554.672 m"),
            "{why}"
        );
        let (ok, why) = compare(&q("1.2 miles"), &q("2 km"), Some(Tolerance::Absolute(0.5)));
        assert!(ok);
        assert!(
            why.ends_with("but are within conversion rounding 200.967 m"),
            "{why}"
        );
    }

    #[test]
    fn tolerance_adds_to_rounding() {
        let (ok, _) = compare(&q("15 miles"), &q("26 km"), None);
        assert!(!ok);
        let (ok, why) = compare(&q("15 miles"), &q("26 km"), Some(Tolerance::Percent(10.0)));
        assert!(ok, "{why}");
        let (ok, _) = compare(&q("20 km"), &q("21 km"), Some(Tolerance::Absolute(1.0)));
        assert!(ok);
    }

    #[test]
    fn junk_never_panics() {
        let alphabet = [
            "1",
            "2",
            ",",
            ".",
            " ",
            "$",
            "€",
            "million",
            "m",
            "km",
            "miles",
            "(",
            ")",
            "%",
            "about",
            "-",
            "°C",
            "F",
            "İ",
            "to",
            "or",
            "percentage points",
            "½",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..5000 {
            let mut s = String::new();
            for _ in 0..(seed % 8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            if let Ok((v, _)) = parse(&s, &[]) {
                let _ = compare(&v, &v, Some(Tolerance::Percent(5.0)));
                let _ = v.display();
            }
        }
    }

    #[test]
    fn only_quantities_of_one_dimension_and_currency_are_comparable() {
        let q = |raw: &str| parse(raw, &[]).unwrap().0;
        assert!(q("48-hour").comparable(&q("two-day")));
        assert!(q("$3.5bn").comparable(&q("3.5 billion dollars")));
        assert!(!q("two-day").comparable(&q("12 kilometers")));
        assert!(!q("£2.5m").comparable(&q("3.5 billion dollars")));
        assert_eq!(q("$3.5bn").measure(), Some("USD"));
        assert_eq!(q("two-day").measure(), Some("duration"));
        assert_eq!(q("8%").measure(), Some("percent"));
    }

    #[test]
    fn regex_finds_quantities() {
        assert_eq!(find("a stretch of 15 miles along"), Some("15 miles"));
        assert_eq!(
            find("about 8 miles (13 kilometers) from"),
            Some("about 8 miles (13 kilometers)")
        );
        assert_eq!(find("a 15-mile stretch"), Some("15-mile"));
        assert_eq!(find("raised $2.5 million for"), Some("$2.5 million"));
        assert_eq!(find("raised $2.5m for"), Some("$2.5m"));
        assert_eq!(find("rose 40% in"), Some("40%"));
        assert_eq!(
            find("rose 4 percentage points in"),
            Some("4 percentage points")
        );
        assert_eq!(find("5 million people"), None);
        assert_eq!(find("at 5 in the morning"), None);
        assert_eq!(find("temperatures of 38C today"), Some("38C"));
        assert_eq!(find("winds of 60 mph hit"), Some("60 mph"));
        assert_eq!(find("2 hours later"), Some("2 hours"));
        assert_eq!(find("mileage"), None);
        assert_eq!(find("the 5 m wall"), None);
        for text in [
            "15 miles",
            "$2.5 million",
            "40%",
            "8 miles (13 kilometers)",
            "between 40 and 80 km",
        ] {
            let re = Regex::new(&format!("^(?:{})$", quantity_regex())).unwrap();
            assert!(re.is_match(text), "{text}");
            assert!(parse(text, &[]).is_ok(), "{text}");
        }
    }

    #[test]
    fn german_quantities_read_a_decimal_comma_and_german_number_words() {
        let de = crate::lang::get("de").unwrap();
        let km = |raw: &str| {
            parse_in(raw, &[], de)
                .map(|(v, _)| (v.readings[0].amount.figure, v.readings[0].unit.clone()))
        };
        assert_eq!(km("2,5 km"), Ok((2.5, "km".to_string())));
        assert_eq!(km("1.200 km"), Ok((1200.0, "km".to_string())));
        let re = Regex::new(&format!("(?i){}", quantity_regex_in(de))).unwrap();
        assert_eq!(
            re.find("eine Strecke von 2,5 km entlang")
                .map(|m| m.as_str()),
            Some("2,5 km")
        );
        // English keeps its own reading of the same text.
        assert!(parse("2,5 km", &[]).is_err());
    }
}
