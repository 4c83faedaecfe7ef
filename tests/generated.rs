//! Generated multi-source, multi-story inputs: two invented stories (a
//! warehouse fire and a central bank's rate rise), each source written from
//! a handful of choices (figure, name spelling, quote wording, weekday,
//! date), so that tests can make as many sources as they like with known
//! agreements and disagreements.

/// Rules for both stories, as one rule file each.
pub const RULES: [(&str, &str); 2] = [
    (
        "warehouse-fire.yaml",
        r#"story: warehouse-fire
title: Fire at the Brennholt warehouse
date: 2024-03-12
scope:
  any: [Brennholt warehouse]
slots:
  - id: deaths
    kind: count
    patterns: ["{number} people died", "killed {number} people"]
    message: outlets give different death tolls
  - id: chief
    kind: name
    patterns: ["Fire Chief {name} said"]
  - id: started
    kind: weekday
    patterns: ["broke out on {weekday}"]
  - id: chief-quote
    kind: phrase
    patterns: ["described the blaze as {quote}"]
  - id: area
    kind: quantity
    patterns: ["spread over {quantity}"]
"#,
    ),
    (
        "norland-rates.yaml",
        r#"story: norland-rates
title: Norland's central bank raises its key rate
date: 2024-03-12
scope:
  any: [Bank of Norland]
slots:
  - id: rate
    kind: number
    patterns: ["raised its key rate to {number}"]
    message: outlets report different new key rates
  - id: governor
    kind: name
    patterns: ["Governor {name} said"]
    aliases: { Ilse Varga: [Ilse Warga] }
  - id: effective
    kind: date
    patterns: ["takes effect on {date}"]
"#,
    ),
];

/// How many choices each pick of [`source_text`] has; a pick is taken modulo it.
pub const CHOICES: usize = 4;

const DEATHS: [&str; CHOICES] = ["12", "twelve", "about 12", "14"];
const CHIEFS: [&str; CHOICES] = ["Maren Holt", "Maren Holt", "Marenne Holt", "Jonas Berg"];
const CHIEF_QUOTES: [&str; CHOICES] = [
    "the worst we have seen in a decade",
    "the worst we have seen in a decade",
    "the worst fire we have seen in ten years",
    "under control by the morning",
];
const DAYS: [&str; CHOICES] = ["Monday", "Monday", "Sunday", "Monday"];
const AREAS: [&str; CHOICES] = [
    "2 hectares",
    "20,000 square metres",
    "50 acres",
    "2 hectares",
];

const RATES: [&str; CHOICES] = ["4.5%", "4.5 percent", "4.25%", "4.5%"];
const GOVERNORS: [&str; CHOICES] = ["Ilse Varga", "Ilse Warga", "Ilse Varga", "Paul Lind"];
const EFFECTIVE: [&str; CHOICES] = ["April 1", "April 1, 2024", "1 April", "March 15"];

/// The text of source number `index` of `story` (0: the fire, 1: the rate
/// rise), written from `picks` (each taken modulo [`CHOICES`]). Every
/// source names its outlet in its front matter.
pub fn source_text(story: usize, index: usize, picks: [usize; 5]) -> String {
    // The rate story has three slots, so it ignores the last two picks.
    let [a, b, c, d, e] = picks.map(|p| p % CHOICES);
    let outlet = format!("outlet-{index:02}");
    if story % 2 == 0 {
        format!(
            "---\noutlet: {outlet}\ndate: 2024-03-12\n---\n\
             Fire guts Brennholt warehouse\n\n\
             A fire at the Brennholt warehouse broke out on {day} night and {deaths} people died, \
             officials said.\n\n\
             Fire Chief {chief} said the crews worked through the night. \
             She described the blaze as \"{quote}\".\n\n\
             The flames spread over {area} before they were contained.\n",
            day = DAYS[d],
            deaths = DEATHS[a],
            chief = CHIEFS[b],
            quote = CHIEF_QUOTES[c],
            area = AREAS[e],
        )
    } else {
        let _ = (d, e);
        format!(
            "---\noutlet: {outlet}\ndate: 2024-03-12\n---\n\
             Bank of Norland lifts rates again\n\n\
             The Bank of Norland raised its key rate to {rate} on Tuesday, its third rise this \
             year.\n\n\
             Governor {governor} said inflation was still too high. \
             The new rate takes effect on {effective}.\n",
            rate = RATES[a],
            governor = GOVERNORS[b],
            effective = EFFECTIVE[c],
        )
    }
}

/// A deterministic pseudo-random pick list for source `index`.
pub fn picks_for(index: usize) -> [usize; 5] {
    let mut x = (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let mut picks = [0; 5];
    for p in &mut picks {
        x ^= x >> 29;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 32;
        *p = (x % CHOICES as u64) as usize;
    }
    picks
}

/// A JSON report with every per-source list (a row's or a finding's sources and
/// values, the source list) sorted, so that only their contents count.
pub fn canonical(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let mut value = canonical(value);
                    if let ("sources" | "values" | "groups", Value::Array(items)) =
                        (key.as_str(), &mut value)
                    {
                        items.sort_by_key(ToString::to_string);
                    }
                    (key, value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}
