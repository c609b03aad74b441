//! How numbers, amounts, sizes and times are written on screen: Italian grouping and decimals
//! for counts and money (`1.234`, `1.234,56 €`), ISO days, Rome times.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use chrono_tz::Europe::Rome;
use rust_decimal::{Decimal, RoundingStrategy};

/// A count with Italian thousands separators: `1.234.567`.
pub fn count(n: u64) -> String {
    group(&n.to_string())
}

/// An amount in euro, Italian style, 2 decimals: `1.234,56 €`, `-12,00 €`.
pub fn euro(amount: Decimal) -> String {
    let rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.2}", rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    format!(
        "{}{},{} €",
        if negative { "-" } else { "" },
        group(int),
        frac
    )
}

/// Digits grouped by three with dots.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A size in bytes for people: `512 B`, `3,4 KB`, `12,0 MB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
}

/// An instant as Rome's wall time to the minute: `2026-02-15 10:31`.
pub fn minute(at: &DateTime<FixedOffset>) -> String {
    at.with_timezone(&Rome).format("%Y-%m-%d %H:%M").to_string()
}

/// A UTC instant as Rome's time of day: `10:31:07`.
pub fn clock<Tz: TimeZone>(at: &DateTime<Tz>) -> String {
    at.with_timezone(&Rome).format("%H:%M:%S").to_string()
}

/// A UTC instant as Rome's time of day, for status lines.
pub fn clock_utc(at: DateTime<Utc>) -> String {
    clock(&at)
}

/// Truncates `text` to `width` columns, ending with `…` when it was cut.
pub fn truncate(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn counts_and_amounts_in_italian() {
        let counts = [
            (0, "0"),
            (999, "999"),
            (1000, "1.000"),
            (1234567, "1.234.567"),
        ];
        for (n, text) in counts {
            assert_eq!(count(n), text);
        }
        let amounts = [
            ("0", "0,00 €"),
            ("5", "5,00 €"),
            ("1234.56", "1.234,56 €"),
            ("-12", "-12,00 €"),
            ("1000000.005", "1.000.000,01 €"),
            ("-0.001", "0,00 €"),
        ];
        for (amount, text) in amounts {
            assert_eq!(euro(Decimal::from_str(amount).unwrap()), text, "{amount}");
        }
    }

    #[test]
    fn sizes() {
        let cases = [
            (0, "0 B"),
            (999, "999 B"),
            (1000, "1,0 KB"),
            (3_400_000, "3,4 MB"),
            (5_000_000_000, "5,0 GB"),
        ];
        for (n, text) in cases {
            assert_eq!(bytes(n), text);
        }
    }

    #[test]
    fn truncation_marks_the_cut() {
        let cases = [
            ("Cassa 1", 10, "Cassa 1"),
            ("Gestionale cassa Centro", 10, "Gestional…"),
            ("abc", 3, "abc"),
            ("abcd", 3, "ab…"),
            ("caffè", 0, ""),
        ];
        for (text, width, expected) in cases {
            assert_eq!(truncate(text, width), expected);
        }
    }
}
