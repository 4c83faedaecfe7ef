//! Symmetry of the kinds that src/compare/properties.rs does not cover
//! (count, weekday, time, quantity): comparing `a` with `b` gives the same
//! verdict and nuance as comparing `b` with `a`, through the public API.

use crosswire::kinds::{Kind, ValueOptions};
use proptest::prelude::*;

fn texts(items: &[&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(items.to_vec())
}

const COUNTS: &[&str] = &[
    "30",
    "about 30",
    "nearly 30",
    "at least 28",
    "more than 25",
    "31",
    "thirty",
    "a dozen",
    "between 25 and 35",
    "up to 40",
    "5th",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "on Monday",
    "last Monday",
    "next Monday",
    "Tuesday",
    "yesterday",
    "today",
    "this Sunday",
    "Friday",
];
const TIMES: &[&str] = &[
    "10:30 a.m.",
    "10:30",
    "10.30am",
    "10:30 a.m. KST",
    "01:30 GMT",
    "10:31",
    "noon",
    "midnight",
    "3 p.m.",
    "15:00 CET",
    "around 10:30",
];
const QUANTITIES: &[&str] = &[
    "5 km",
    "5 kilometres",
    "3.1 miles",
    "5,000 metres",
    "about 5 km",
    "2 hectares",
    "20,000 square metres",
    "40%",
    "40 percent",
    "$3bn",
    "3 billion dollars",
    "-5 °C",
    "23 degrees Fahrenheit",
];

fn assert_symmetric(kind: Kind, a: &str, b: &str) -> Result<(), TestCaseError> {
    let published = jiff::civil::Date::new(2023, 4, 11).ok();
    let options = ValueOptions::default();
    // A text the kind does not read is not this property's business.
    let (Ok((va, _)), Ok((vb, _))) = (
        kind.parse(a, published, crosswire::lang::english(), &options),
        kind.parse(b, published, crosswire::lang::english(), &options),
    ) else {
        return Ok(());
    };
    let ab = kind.compare(&va, &vb, &options);
    let ba = kind.compare(&vb, &va, &options);
    prop_assert_eq!(ab.verdict, ba.verdict, "{} `{}` vs `{}`", kind, a, b);
    prop_assert_eq!(ab.nuance, ba.nuance, "{} `{}` vs `{}`", kind, a, b);
    Ok(())
}

proptest! {
    #[test]
    fn count_comparison_is_symmetric(a in texts(COUNTS), b in texts(COUNTS)) {
        assert_symmetric(Kind::Count, a, b)?;
    }

    #[test]
    fn weekday_comparison_is_symmetric(a in texts(WEEKDAYS), b in texts(WEEKDAYS)) {
        assert_symmetric(Kind::Weekday, a, b)?;
    }

    #[test]
    fn time_comparison_is_symmetric(a in texts(TIMES), b in texts(TIMES)) {
        assert_symmetric(Kind::Time, a, b)?;
    }

    #[test]
    fn quantity_comparison_is_symmetric(a in texts(QUANTITIES), b in texts(QUANTITIES)) {
        assert_symmetric(Kind::Quantity, a, b)?;
    }
}

/// The lists above are read by their kinds (most of them), so the
/// properties compare real values.
#[test]
fn the_symmetry_inputs_parse() {
    let published = jiff::civil::Date::new(2023, 4, 11).ok();
    let options = ValueOptions::default();
    for (kind, items) in [
        (Kind::Count, COUNTS),
        (Kind::Weekday, WEEKDAYS),
        (Kind::Time, TIMES),
        (Kind::Quantity, QUANTITIES),
    ] {
        let parsed = items
            .iter()
            .filter(|t| {
                kind.parse(t, published, crosswire::lang::english(), &options)
                    .is_ok()
            })
            .count();
        assert!(
            parsed * 4 >= items.len() * 3,
            "{kind}: only {parsed} of {} parse",
            items.len()
        );
    }
}
