//! Exact decimals for figures written in digits.
//!
//! A figure's `f64` rounds above 2^53 (9007199254740993 becomes
//! 9007199254740992) and after about 17 significant digits, so two different
//! written figures could agree by rounding. [`Decimal`] keeps what was written,
//! up to 38 significant digits, and the number kinds compare it wherever both
//! sides have one; the `f64` stays for hedges, tolerances and figures in words.

use std::cmp::Ordering;
use std::fmt;

/// Most significant digits kept: every mantissa below 10^38 fits a `u128`, and
/// so does a shorter one scaled up to the length of a longer.
const MAX_DIGITS: u32 = 38;

/// Bound on the exponent: beyond it the `f64` is infinite or zero anyway.
const MAX_EXP: i64 = 400;

/// The powers of ten an `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `x` as Rust prints it (`format!("{x}")`): the shortest decimal that reads
/// back as `x`, never in exponent form. A whole number below 2^53 is printed
/// as the integer it is, several times faster than the float formatter.
pub fn shown(x: f64) -> String {
    // 2^53: every whole `f64` below it converts to `i64` exactly.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if x != 0.0 && x.fract() == 0.0 && x.abs() < EXACT {
        // Exact: whole and within range (zero keeps its sign the slow way).
        #[allow(clippy::cast_possible_truncation)]
        return (x as i64).to_string();
    }
    format!("{x}")
}

/// A non-negative decimal `mantissa × 10^exp`, normalized: the mantissa has no
/// trailing zeros (zero is `0 × 10^0`), so equal values are equal structs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: u128,
    exp: i32,
}

impl Decimal {
    /// The decimal `digits × 10^(exp − decimals)`, from a string of ASCII digits
    /// ("1200" with 1 decimal and exp 6 is 120 000 000). `None` for anything
    /// else, for more than 38 significant digits or an absurd exponent.
    pub fn from_digits(digits: &str, decimals: usize, exp: i64) -> Option<Decimal> {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let significant = digits.trim_start_matches('0');
        let kept = significant.trim_end_matches('0');
        if kept.is_empty() {
            return Some(Decimal::ZERO);
        }
        if kept.len() > MAX_DIGITS as usize {
            return None;
        }
        let trailing = i64::try_from(significant.len() - kept.len()).ok()?;
        let exp = exp
            .checked_sub(i64::try_from(decimals).ok()?)?
            .checked_add(trailing)?;
        if exp.abs() > MAX_EXP {
            return None;
        }
        Some(Decimal {
            mantissa: kept.parse().ok()?,
            exp: i32::try_from(exp).ok()?,
        })
    }

    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        exp: 0,
    };

    fn normalized(mut mantissa: u128, mut exp: i32) -> Decimal {
        if mantissa == 0 {
            return Decimal::ZERO;
        }
        while mantissa % 10 == 0 {
            mantissa /= 10;
            exp += 1;
        }
        Decimal { mantissa, exp }
    }

    fn digit_count(self) -> u32 {
        self.mantissa.checked_ilog10().map_or(0, |l| l + 1)
    }

    /// The value times 10^shift, when shifting up stays within the mantissa's
    /// 38 digits (used to align exponents).
    fn shifted(self, shift: u32) -> Option<u128> {
        10u128
            .checked_pow(shift)
            .and_then(|p| self.mantissa.checked_mul(p))
    }

    /// The distance between two decimals, exact when their digits fit 38
    /// places once aligned, `None` otherwise.
    pub fn abs_diff(self, other: Decimal) -> Option<Decimal> {
        let exp = self.exp.min(other.exp);
        let a = self.shifted(self.exp.abs_diff(exp))?;
        let b = other.shifted(other.exp.abs_diff(exp))?;
        Some(Decimal::normalized(a.abs_diff(b), exp))
    }

    /// The value times 10^`exp` ("1.5" and 6 is 1 500 000), within the exponent bound.
    pub fn times_ten_to(self, exp: i32) -> Option<Decimal> {
        if self.mantissa == 0 {
            return Some(self);
        }
        let exp = self.exp.checked_add(exp)?;
        (i64::from(exp).abs() <= MAX_EXP).then_some(Decimal { exp, ..self })
    }

    /// The nearest `f64`.
    pub fn to_f64(self) -> f64 {
        // A mantissa below 2^53 and a power of ten up to 10^22 are both
        // exact in an `f64`, and one multiplication or division of exact
        // operands rounds once, to the nearest: what parsing the text gives,
        // without the text (most figures in copy are such).
        if self.mantissa < 1 << 53 {
            if let Some(power) = usize::try_from(self.exp.unsigned_abs())
                .ok()
                .and_then(|k| EXACT_POWERS_OF_TEN.get(k))
            {
                // Exact: below 2^53.
                #[allow(clippy::cast_precision_loss)]
                let mantissa = self.mantissa as f64;
                return if self.exp >= 0 {
                    mantissa * power
                } else {
                    mantissa / power
                };
            }
        }
        format!("{}e{}", self.mantissa, self.exp)
            .parse()
            .unwrap_or(f64::NAN)
    }

    /// Whether the `f64` `x` stands for exactly this value, so that printing
    /// `x` shows what was written.
    pub fn is_exactly(self, x: f64) -> bool {
        self.is_shown_as(&shown(x))
    }

    /// [`Decimal::is_exactly`] for `x` as Rust prints it (`format!("{x}")`):
    /// the shortest decimal that reads back as `x`. It is this value exactly
    /// when the two texts are the same number.
    pub fn is_shown_as(self, shown: &str) -> bool {
        let (int, frac) = shown.split_once('.').unwrap_or((shown, ""));
        let digits = format!("{int}{frac}");
        Decimal::from_digits(&digits, frac.len(), 0) == Some(self)
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.mantissa, other.mantissa) {
            (0, 0) => return Ordering::Equal,
            (0, _) => return Ordering::Less,
            (_, 0) => return Ordering::Greater,
            _ => {}
        }
        // The place of the leading digit decides, then the digits themselves.
        let magnitude = |d: &Decimal| i64::from(d.digit_count()) + i64::from(d.exp);
        magnitude(self).cmp(&magnitude(other)).then_with(|| {
            let (da, db) = (self.digit_count(), other.digit_count());
            let width = da.max(db);
            // Both fit 38 digits once padded to the longer one's length.
            match (self.shifted(width - da), other.shifted(width - db)) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => Ordering::Equal,
            }
        })
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Decimal {
    /// Plain positional notation: "9007199254740993", "0.10000000000000000001".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        match usize::try_from(self.exp) {
            Ok(zeros) => write!(f, "{digits}{}", "0".repeat(zeros)),
            Err(_) => {
                let decimals = self.exp.unsigned_abs() as usize;
                if digits.len() > decimals {
                    let (int, frac) = digits.split_at(digits.len() - decimals);
                    write!(f, "{int}.{frac}")
                } else {
                    write!(f, "0.{}{digits}", "0".repeat(decimals - digits.len()))
                }
            }
        }
    }
}

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// [`shown`] prints what the float formatter prints.
        #[test]
        fn shown_is_the_float_formatter(whole in -1i64 << 54..1i64 << 54, any in proptest::num::f64::ANY) {
            #[allow(clippy::cast_precision_loss)]
            let whole = whole as f64;
            for x in [whole, any, whole / 10.0, 0.0, -0.0] {
                proptest::prop_assert_eq!(shown(x), format!("{x}"));
            }
        }

        /// [`Decimal::to_f64`] gives what parsing its text gives.
        #[test]
        fn to_f64_is_the_parsed_text(
            mantissa in proptest::prop_oneof![0u128..1 << 54, 0u128..1000, proptest::num::u128::ANY],
            exp in -30i32..30,
        ) {
            let mantissa = mantissa % 10u128.pow(38);
            let d = Decimal::normalized(mantissa, exp);
            let parsed: f64 = format!("{}e{}", d.mantissa, d.exp).parse().unwrap();
            proptest::prop_assert_eq!(d.to_f64().to_bits(), parsed.to_bits(), "{:?}", d);
        }
    }

    fn dec(digits: &str, decimals: usize, exp: i64) -> Decimal {
        Decimal::from_digits(digits, decimals, exp).unwrap()
    }

    #[test]
    fn normalizes_and_displays() {
        assert_eq!(dec("0120", 1, 0), dec("12", 0, 0));
        assert_eq!(dec("000", 0, 5), Decimal::ZERO);
        assert_eq!(dec("11", 1, 6).to_string(), "1100000");
        assert_eq!(
            dec("9007199254740993", 0, 0).to_string(),
            "9007199254740993"
        );
        assert_eq!(
            dec("010000000000000000001", 20, 0).to_string(),
            "0.10000000000000000001"
        );
        assert_eq!(dec("5", 3, 0).to_string(), "0.005");
        assert_eq!(dec("15", 1, 0).times_ten_to(6), Some(dec("15", 0, 5)));
        assert_eq!(dec("1", 0, 0).times_ten_to(401), None);
        assert_eq!(Decimal::ZERO.to_string(), "0");
        assert_eq!(dec("9007199254740993", 0, 0).to_f64(), 9007199254740992.0);
    }

    #[test]
    fn rejects_what_it_cannot_keep() {
        assert_eq!(Decimal::from_digits("", 0, 0), None);
        assert_eq!(Decimal::from_digits("1a", 0, 0), None);
        assert_eq!(Decimal::from_digits(&"9".repeat(39), 0, 0), None);
        assert!(Decimal::from_digits(&"9".repeat(38), 0, 0).is_some());
        // Trailing zeros cost nothing: 10^100 is one digit.
        assert!(Decimal::from_digits(&format!("1{}", "0".repeat(100)), 0, 0).is_some());
        assert_eq!(Decimal::from_digits("1", 0, 401), None);
        assert_eq!(Decimal::from_digits("1", 0, i64::MAX), None);
        assert_eq!(Decimal::from_digits("1", usize::MAX, 0), None);
    }

    #[test]
    fn orders_by_value() {
        let a = dec("9007199254740993", 0, 0);
        let b = dec("9007199254740992", 0, 0);
        assert!(a > b);
        assert!(b < a);
        assert!(dec("1", 0, 2) > dec("99", 0, 0));
        assert!(dec("15", 1, 0) < dec("2", 0, 0));
        assert!(dec("1", 0, 0) > Decimal::ZERO);
        assert_eq!(dec("100", 0, 0).cmp(&dec("1", 0, 2)), Ordering::Equal);
        let big = dec(&"9".repeat(38), 0, 0);
        assert!(big < dec("1", 0, 38) && dec("1", 0, 38) > big);
    }

    #[test]
    fn differences() {
        let a = dec("9007199254740993", 0, 0);
        let b = dec("9007199254740992", 0, 0);
        assert_eq!(a.abs_diff(b), Some(dec("1", 0, 0)));
        assert_eq!(b.abs_diff(a), Some(dec("1", 0, 0)));
        assert_eq!(
            dec("1", 1, 0).abs_diff(dec("2", 0, 0)),
            Some(dec("19", 1, 0))
        );
        // Digits too far apart to align in 38 places.
        assert_eq!(dec("1", 0, 30).abs_diff(dec("1", 0, -30)), None);
    }

    #[test]
    fn knows_when_an_f64_is_exact() {
        assert!(dec("1", 1, 0).is_exactly(0.1));
        assert!(dec("9007199254740992", 0, 0).is_exactly(9007199254740992.0));
        assert!(!dec("9007199254740993", 0, 0).is_exactly(9007199254740992.0));
        assert!(dec("1", 0, 21).is_exactly(1e21));
    }
}
