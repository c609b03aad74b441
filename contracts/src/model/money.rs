//! Money on the wire: exact decimals, never `f64`.
//!
//! The two APIs write amounts differently, so there are two types over the same
//! [`Decimal`]:
//!
//! | type | written as | read from | used by |
//! |---|---|---|---|
//! | [`Amount`] | JSON number (`12.5`, `120.0`, `0`) | number or decimal string, exactly | DataCash |
//! | [`Money2`] | string, 2 decimals, dot (`"12.50"`) | decimal string or number, exactly | portal, WebService |
//!
//! Non-money decimals that DataCash also sends as JSON numbers (`quantita`,
//! `percentualeIVA`) use [`json_number`] on a plain [`Decimal`] field; those the portal writes
//! as strings (item quantities) use [`decimal_string`].
//!
//! **Reading is exact.** `serde_json` (without `arbitrary_precision`) hands a JSON number with
//! a fraction over as an `f64`; it is converted through its shortest round-trip text (what
//! `format!("{}", f)` prints), so `12.345` stays `12.345` and `0.30000000000000004` stays
//! exactly that: rounding or rejecting extra decimals is the server's validation, not the
//! parser's. A number that came with a fraction keeps at least one decimal (`120.0` is read as
//! `120.0`, scale 1), so writing it back gives `120.0` again, not `120`. Strings must look like
//! `-?digits(.digits)?` (no exponent, sign `+`, spaces or grouping). Values beyond
//! [`Decimal`]'s 28 digits are refused, never rounded.
//!
//! The float path is exact for every number written with at most 15 significant digits (any
//! real amount): `serde_json` parses those without rounding error and the shortest text of the
//! float is the text the client wrote. With 16 or 17 digits the float itself may already differ
//! from the text by one unit in the last place (`serde_json` is correctly rounded there only
//! with its `float_roundtrip` feature); strings are always exact.
//!
//! **Writing** an [`Amount`] gives an integer when its scale is 0 and otherwise the `f64`
//! nearest to it (exact for any value with up to 15 significant digits). A [`Money2`] is
//! rounded half away from zero to 2 decimals and written with exactly 2 (`"-3.00"`, `"0.00"`,
//! never `"-0.00"`).
//!
//! Rationale: money is computed in [`Decimal`]; each API keeps the form its clients parse.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Neg, Sub};

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a text or a float is not an exact decimal.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// The text is not `-?digits(.digits)?`.
    #[error("\"{0}\" is not a decimal number (expected digits, an optional dot and decimals)")]
    Syntax(String),
    /// The value has more than 28 significant digits or decimals.
    #[error("{0} is outside the range of an exact decimal (28 digits)")]
    OutOfRange(String),
    /// The float is NaN or infinite.
    #[error("{0} is not a finite number")]
    NotFinite(String),
}

/// Parses a decimal written as `-?digits(.digits)?`, keeping every digit and the scale
/// (`"12.50"` has scale 2).
pub fn parse_decimal(text: &str) -> Result<Decimal, AmountError> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match unsigned.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !frac.is_none_or(digits) {
        return Err(AmountError::Syntax(text.to_owned()));
    }
    Decimal::from_str_exact(text).map_err(|_| AmountError::OutOfRange(text.to_owned()))
}

/// The exact decimal an `f64` stands for in its shortest round-trip text, with at least one
/// decimal (`120.0_f64` gives `120.0`, `12.345_f64` gives `12.345`).
pub fn decimal_from_f64(value: f64) -> Result<Decimal, AmountError> {
    if !value.is_finite() {
        return Err(AmountError::NotFinite(value.to_string()));
    }
    // Rust prints floats without an exponent, in the shortest text that reads back the same.
    let mut text = format!("{value}");
    if !text.contains('.') {
        text.push_str(".0");
    }
    parse_decimal(&text)
}

/// `value` rounded half away from zero to 2 decimals and written with exactly 2, with a dot:
/// `12.5` gives `"12.50"`, `-3` gives `"-3.00"`, `-0.001` gives `"0.00"`.
pub fn format_2dp(value: Decimal) -> String {
    let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    if rounded.is_zero() {
        rounded.set_sign_positive(true);
    }
    format!("{rounded:.2}")
}

/// Writes a decimal as a JSON number: an integer when the scale is 0, else the nearest `f64`.
fn serialize_number<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    if value.scale() == 0 {
        if let Ok(i) = i64::try_from(*value) {
            return serializer.serialize_i64(i);
        }
        if let Ok(u) = u64::try_from(*value) {
            return serializer.serialize_u64(u);
        }
    }
    // The shortest decimal text parses to the nearest f64 (correctly rounded).
    let float: f64 = value
        .to_string()
        .parse()
        .map_err(|_| serde::ser::Error::custom(format!("{value} has no f64 form")))?;
    serializer.serialize_f64(float)
}

/// Reads a JSON number or a decimal string exactly.
struct ExactDecimal;

impl Visitor<'_> for ExactDecimal {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a decimal string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0)
            .map_err(|_| E::custom(AmountError::OutOfRange(v.to_string())))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        i128::try_from(v)
            .map_err(|_| E::custom(AmountError::OutOfRange(v.to_string())))
            .and_then(|i| self.visit_i128(i))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        decimal_from_f64(v).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_decimal(v).map_err(E::custom)
    }
}

/// `#[serde(with = "json_number")]` for a plain [`Decimal`] written as a JSON number and read
/// exactly from a number or a decimal string (see the module documentation).
pub mod json_number {
    use super::{Decimal, ExactDecimal};
    use serde::{Deserializer, Serializer};

    /// Writes `value` as a JSON number.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        super::serialize_number(value, serializer)
    }

    /// Reads a JSON number or a decimal string exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(ExactDecimal)
    }
}

/// `#[serde(with = "decimal_string")]` for a plain non-money [`Decimal`] the portal writes as a
/// string without trailing zeros (`"3"`, `"1.5"`), read exactly from a decimal string or a
/// number.
pub mod decimal_string {
    use super::{Decimal, ExactDecimal};
    use serde::{Deserializer, Serializer};

    /// Writes `value` as a string, normalised (`1.500` gives `"1.5"`, `-0` gives `"0"`).
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        let mut normal = value.normalize();
        if normal.is_zero() {
            normal.set_sign_positive(true);
        }
        serializer.collect_str(&normal)
    }

    /// Reads a decimal string or a JSON number exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(ExactDecimal)
    }
}

macro_rules! decimal_newtype {
    ($name:ident) => {
        impl $name {
            /// Zero.
            pub const ZERO: $name = $name(Decimal::ZERO);

            /// The exact value.
            pub fn value(self) -> Decimal {
                self.0
            }

            /// Parses `-?digits(.digits)?` exactly.
            pub fn parse(text: &str) -> Result<Self, AmountError> {
                parse_decimal(text).map($name)
            }
        }

        impl From<Decimal> for $name {
            fn from(value: Decimal) -> Self {
                $name(value)
            }
        }

        impl From<$name> for Decimal {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl Add for $name {
            type Output = $name;
            fn add(self, rhs: $name) -> $name {
                $name(self.0 + rhs.0)
            }
        }

        impl Sub for $name {
            type Output = $name;
            fn sub(self, rhs: $name) -> $name {
                $name(self.0 - rhs.0)
            }
        }

        impl Neg for $name {
            type Output = $name;
            fn neg(self) -> $name {
                $name(-self.0)
            }
        }

        impl Sum for $name {
            fn sum<I: Iterator<Item = $name>>(iter: I) -> $name {
                $name(iter.map(|a| a.0).sum())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(ExactDecimal).map($name)
            }
        }
    };
}

/// A DataCash amount in euros: written as a JSON number (`ammontareComplessivo: 12.5`), read
/// exactly from a number or a decimal string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub Decimal);

decimal_newtype!(Amount);

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_number(&self.0, serializer)
    }
}

/// Shows the exact value with its scale (`120.0`, `12.345`).
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<Money2> for Amount {
    fn from(value: Money2) -> Self {
        Amount(value.0)
    }
}

/// A portal or WebService amount in euros: written as a string with exactly 2 decimals and a
/// dot (`"12.50"`, `"-3.00"`, `"0.00"`), read exactly from a decimal string or a number.
///
/// The value is kept exact; only writing rounds (half away from zero) to 2 decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money2(pub Decimal);

decimal_newtype!(Money2);

impl Money2 {
    /// An amount of `cents` hundredths of a euro, exact and with scale 2:
    /// `Money2::from_cents(1250)` is `12.50`, `Money2::from_cents(-5)` is `-0.05`.
    pub fn from_cents(cents: i64) -> Money2 {
        Money2(Decimal::new(cents, 2))
    }
}

impl Serialize for Money2 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_2dp(self.0))
    }
}

/// Shows the wire form, 2 decimals (`12.50`).
impl fmt::Display for Money2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_2dp(self.0))
    }
}

impl From<Amount> for Money2 {
    fn from(value: Amount) -> Self {
        Money2(value.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use serde_json::{Value, json};

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    struct Qty(#[serde(with = "json_number")] Decimal);

    /// JSON in -> exact value and its scale; a string with the exact value's text.
    #[test]
    fn amount_reads_exactly() {
        let cases: &[(&str, &str)] = &[
            ("0", "0"),
            ("0.0", "0.0"),
            // A negative zero is zero.
            ("-0.0", "0.0"),
            ("12.5", "12.5"),
            ("120.0", "120.0"),
            ("12.345", "12.345"),
            ("0.1", "0.1"),
            // What a client computing 0.1 + 0.2 in floating point sends: kept, not rounded.
            ("0.30000000000000004", "0.30000000000000004"),
            ("-3", "-3"),
            ("-3.5", "-3.5"),
            ("18446744073709551615", "18446744073709551615"),
            ("-9223372036854775808", "-9223372036854775808"),
            // 15 significant digits: the most serde_json reads without rounding error.
            ("9999999999999.99", "9999999999999.99"),
            ("-9999999999999.99", "-9999999999999.99"),
            ("0.000000000000001", "0.000000000000001"),
            ("1e2", "100.0"),
            ("1.5e-5", "0.000015"),
            ("1e20", "100000000000000000000.0"),
            (r#""12.345""#, "12.345"),
            (r#""12.50""#, "12.50"),
            (r#""-0.01""#, "-0.01"),
            (r#""0""#, "0"),
            (
                r#""12345678901234567890.12345678""#,
                "12345678901234567890.12345678",
            ),
        ];
        for (input, expected) in cases {
            let got: Amount =
                serde_json::from_str(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(got.0.to_string(), *expected, "{input}");
            let qty: Qty = serde_json::from_str(input).unwrap();
            assert_eq!(qty.0.to_string(), *expected, "{input} as json_number");
            let money: Money2 = serde_json::from_str(input).unwrap();
            assert_eq!(money.0.to_string(), *expected, "{input} as Money2");
        }
    }

    #[test]
    fn amounts_refuse_what_is_not_an_exact_decimal() {
        let cases = [
            r#""""#,
            r#""12,5""#,
            r#"" 12.5""#,
            r#""+12.5""#,
            r#""1e3""#,
            r#""1_000""#,
            r#""12.""#,
            r#""-.5""#,
            r#""abc""#,
            r#""NaN""#,
            // 29 significant digits / 29 decimals.
            r#""123456789012345678901234567890""#,
            r#""0.00000000000000000000000000001""#,
            "1e30",
            "1e-30",
            "true",
            "null",
            "[1]",
        ];
        for input in cases {
            assert!(
                serde_json::from_str::<Amount>(input).is_err(),
                "Amount {input}"
            );
            assert!(
                serde_json::from_str::<Money2>(input).is_err(),
                "Money2 {input}"
            );
            assert!(
                serde_json::from_str::<Qty>(input).is_err(),
                "json_number {input}"
            );
        }
    }

    /// JSON in -> JSON written back by Amount (DataCash numbers).
    #[test]
    fn amount_writes_json_numbers() {
        let cases: &[(&str, Value)] = &[
            ("0", json!(0)),
            ("120.0", json!(120.0)),
            ("12.5", json!(12.5)),
            ("12.345", json!(12.345)),
            ("0.30000000000000004", json!(0.30000000000000004)),
            ("-3", json!(-3)),
            ("-3.25", json!(-3.25)),
            ("18446744073709551615", json!(18446744073709551615u64)),
            (r#""12.50""#, json!(12.5)),
            (r#""7""#, json!(7)),
        ];
        for (input, expected) in cases {
            let amount: Amount = serde_json::from_str(input).unwrap();
            assert_eq!(serde_json::to_value(amount).unwrap(), *expected, "{input}");
            let qty: Qty = serde_json::from_str(input).unwrap();
            assert_eq!(
                serde_json::to_value(&qty).unwrap(),
                *expected,
                "{input} json_number"
            );
        }
    }

    /// A JSON number read and written back is the same JSON value (integer stays integer,
    /// float stays float).
    #[test]
    fn numbers_round_trip_as_values() {
        for text in [
            "0",
            "1",
            "-1",
            "0.0",
            "120.0",
            "12.5",
            "0.1",
            "0.30000000000000004",
            "1e20",
            "-7.125",
        ] {
            let value: Value = serde_json::from_str(text).unwrap();
            let amount: Amount = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(serde_json::to_value(amount).unwrap(), value, "{text}");
        }
    }

    /// Decimal -> the 2-decimal string of the portal and WebService.
    #[test]
    fn money2_writes_two_decimals() {
        let cases: &[(Decimal, &str)] = &[
            (dec!(0), "0.00"),
            (dec!(0.1) + dec!(0.2), "0.30"),
            (dec!(12.5), "12.50"),
            (dec!(12.345), "12.35"),
            (dec!(12.344), "12.34"),
            (dec!(-12.345), "-12.35"),
            (dec!(2.675), "2.68"),
            (dec!(-3), "-3.00"),
            (dec!(-0.001), "0.00"),
            (dec!(-0.00), "0.00"),
            (dec!(0.005), "0.01"),
            (dec!(1234567.8), "1234567.80"),
            (dec!(99999999999999999999.999), "100000000000000000000.00"),
        ];
        for (value, expected) in cases {
            let m = Money2(*value);
            assert_eq!(serde_json::to_value(m).unwrap(), json!(expected), "{value}");
            assert_eq!(m.to_string(), *expected, "{value}");
            assert_eq!(format_2dp(*value), *expected, "{value}");
        }
    }

    #[test]
    fn money2_reads_strings_and_numbers() {
        let cases: &[(&str, Decimal, &str)] = &[
            (r#""12.50""#, dec!(12.50), "12.50"),
            (r#""12.5""#, dec!(12.5), "12.50"),
            (r#""-3.00""#, dec!(-3), "-3.00"),
            ("12.345", dec!(12.345), "12.35"),
            ("7", dec!(7), "7.00"),
        ];
        for (input, value, written) in cases {
            let m: Money2 = serde_json::from_str(input).unwrap();
            assert_eq!(m.value(), *value, "{input}");
            assert_eq!(serde_json::to_value(m).unwrap(), json!(written), "{input}");
        }
    }

    #[test]
    fn decimal_string_writes_normalised_strings() {
        #[derive(Debug, Deserialize, Serialize)]
        struct Q(#[serde(with = "decimal_string")] Decimal);
        let cases: &[(&str, &str)] = &[
            ("3", "3"),
            (r#""1.500""#, "1.5"),
            ("0.25", "0.25"),
            (r#""-0.0""#, "0"),
            ("120.0", "120"),
        ];
        for (input, expected) in cases {
            let q: Q = serde_json::from_str(input).unwrap();
            assert_eq!(
                serde_json::to_value(&q).unwrap(),
                json!(expected),
                "{input}"
            );
        }
        assert!(serde_json::from_str::<Q>(r#""1,5""#).is_err());
    }

    #[test]
    fn arithmetic_stays_exact() {
        let a: Amount = serde_json::from_str("0.1").unwrap();
        let b: Amount = serde_json::from_str("0.2").unwrap();
        assert_eq!((a + b).value(), dec!(0.3));
        assert_eq!([a, b, -a].into_iter().sum::<Amount>().value(), dec!(0.2));
        assert_eq!((Money2(dec!(1)) - Money2(dec!(1.5))).to_string(), "-0.50");
        assert_eq!(Money2::from(a + b).to_string(), "0.30");
        assert_eq!(Amount::parse("12.50").unwrap().to_string(), "12.50");
        assert_eq!(Money2::ZERO.to_string(), "0.00");
    }

    #[test]
    fn money2_from_cents_is_exact_with_two_decimals() {
        let cases: &[(i64, &str)] = &[
            (0, "0.00"),
            (1250, "12.50"),
            (-5, "-0.05"),
            (100, "1.00"),
            (i64::MAX, "92233720368547758.07"),
            (i64::MIN, "-92233720368547758.08"),
        ];
        for &(cents, expected) in cases {
            let money = Money2::from_cents(cents);
            assert_eq!(money.to_string(), expected, "{cents}");
            assert_eq!(
                (money.0.mantissa(), money.0.scale()),
                (i128::from(cents), 2)
            );
        }
        assert_eq!(Money2::from_cents(1250), Money2(dec!(12.5)));
    }

    #[test]
    fn non_finite_floats_are_refused() {
        for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(matches!(
                decimal_from_f64(f),
                Err(AmountError::NotFinite(_))
            ));
        }
    }
}
