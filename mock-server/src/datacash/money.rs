//! The arithmetic of a commercial document, exact to the cent.
//!
//! * A line's **gross** (VAT included) is `prezzoLordo × quantita`, rounded to the cent half
//!   away from zero, minus `scontoLordo`; a gift line (`omaggioElemento`) is shown at that value
//!   but asks for nothing: its paid gross is 0.
//! * VAT is taken out of each line's paid gross (*scorporo*): `net = gross / (1 + rate/100)`
//!   rounded to the cent half away from zero, `vat = gross − net`; N codes have no VAT.
//! * The document's **amount to pay** (`ammontareComplessivo`) is the sum of the paid gross of
//!   its lines minus `totaleScontiAPagare`; it is 0 when the whole document is a gift
//!   (`omaggio`). A discount at payment (*sconto a pagare*) does not change the VAT summary.
//!
//! Rationale: VAT per line, rounded per line, is what Italian tills print, and sums of cents
//! never drift.

use dckit_contracts::model::datacash::VatCode;
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds to the cent, half away from zero.
pub(crate) fn cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// An amount of at most 2 decimals as integer cents.
pub(crate) fn to_cents(value: Decimal) -> i64 {
    let scaled = cents(value) * Decimal::ONE_HUNDRED;
    i64::try_from(scaled.trunc()).unwrap_or(i64::MAX)
}

/// Integer cents as an amount with 2 decimals.
pub(crate) fn from_cents(value: i64) -> Decimal {
    Decimal::new(value, 2)
}

/// A quantity of at most 3 decimals as integer thousandths.
pub(crate) fn to_milli(value: Decimal) -> i64 {
    let scaled = value.round_dp(3) * Decimal::ONE_THOUSAND;
    i64::try_from(scaled.trunc()).unwrap_or(i64::MAX)
}

/// Integer thousandths as a quantity (trailing zeros removed).
pub(crate) fn from_milli(value: i64) -> Decimal {
    Decimal::new(value, 3).normalize()
}

/// The net and the VAT of a gross amount at `vat`'s rate, each to the cent; they add up to
/// `gross` exactly.
pub(crate) fn scorporo(gross: Decimal, vat: VatCode) -> (Decimal, Decimal) {
    let rate = vat.rate();
    if rate.is_zero() {
        return (gross, Decimal::ZERO);
    }
    let net = cents(gross * Decimal::ONE_HUNDRED / (Decimal::ONE_HUNDRED + rate));
    (net, gross - net)
}

/// What a line of a sale contributes, in euros.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LineAmounts {
    /// `prezzoLordo × quantita − scontoLordo`: the line's value, gift or not.
    pub(crate) value: Decimal,
    /// What the customer pays for the line: `value`, or 0 for a gift line.
    pub(crate) gross: Decimal,
    /// `gross` without VAT.
    pub(crate) net: Decimal,
    /// The VAT in `gross`.
    pub(crate) vat: Decimal,
}

/// The amounts of a line.
pub(crate) fn line(
    unit_price: Decimal,
    quantity: Decimal,
    discount: Decimal,
    gift: bool,
    vat: VatCode,
) -> LineAmounts {
    let value = cents(unit_price * quantity) - discount;
    let gross = if gift { Decimal::ZERO } else { value };
    let (net, vat) = scorporo(gross, vat);
    LineAmounts {
        value,
        gross,
        net,
        vat,
    }
}

/// The amount to pay for a document whose lines' paid gross adds up to `gross`.
pub(crate) fn amount_to_pay(gross: Decimal, discount: Decimal, gift: bool) -> Decimal {
    if gift {
        Decimal::ZERO
    } else {
        gross - discount
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn lines_take_vat_out_per_line() {
        use VatCode::*;
        // (price, qty, discount, gift, vat) -> (value, gross, net, vat)
        let cases = [
            (
                (dec!(120.00), dec!(1), dec!(0), false, Vat10),
                (dec!(120.00), dec!(120.00), dec!(109.09), dec!(10.91)),
            ),
            (
                (dec!(1.20), dec!(3), dec!(0.10), false, Vat22),
                (dec!(3.50), dec!(3.50), dec!(2.87), dec!(0.63)),
            ),
            (
                (dec!(3.80), dec!(0.755), dec!(0), false, Vat4),
                (dec!(2.87), dec!(2.87), dec!(2.76), dec!(0.11)),
            ),
            // 3.333 * 1.5 is not a case: prices have 2 decimals; 0.005 rounds away from zero.
            (
                (dec!(0.01), dec!(0.5), dec!(0), false, Vat22),
                (dec!(0.01), dec!(0.01), dec!(0.01), dec!(0.00)),
            ),
            (
                (dec!(16.00), dec!(1), dec!(0), false, N1),
                (dec!(16.00), dec!(16.00), dec!(16.00), dec!(0)),
            ),
            (
                (dec!(1.50), dec!(1), dec!(0), true, Vat10),
                (dec!(1.50), dec!(0), dec!(0), dec!(0)),
            ),
            (
                (dec!(5.00), dec!(2), dec!(10.00), false, Vat5),
                (dec!(0.00), dec!(0.00), dec!(0.00), dec!(0.00)),
            ),
        ];
        for ((price, qty, discount, gift, code), (value, gross, net, vat)) in cases {
            let got = line(price, qty, discount, gift, code);
            assert_eq!(
                (got.value, got.gross, got.net, got.vat),
                (value, gross, net, vat),
                "{price} x {qty} - {discount} at {code}"
            );
            assert_eq!(got.net + got.vat, got.gross);
        }
    }

    #[test]
    fn the_amount_to_pay_takes_the_discount_and_the_gift() {
        assert_eq!(amount_to_pay(dec!(25.00), dec!(1.50), false), dec!(23.50));
        assert_eq!(amount_to_pay(dec!(25.00), dec!(0), true), dec!(0));
    }

    #[test]
    fn cents_and_thousandths_round_trip() {
        for (value, c) in [
            (dec!(12.5), 1250),
            (dec!(0), 0),
            (dec!(999999.99), 99999999),
        ] {
            assert_eq!(to_cents(value), c);
            assert_eq!(from_cents(c), value);
        }
        assert_eq!(to_milli(dec!(0.755)), 755);
        assert_eq!(from_milli(1500).to_string(), "1.5");
        assert_eq!(from_milli(2000).to_string(), "2");
    }
}
