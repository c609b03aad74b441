//! The closed code sets of DataCash bodies: VAT codes, payment types, operation types.

use rust_decimal::Decimal;

use crate::model::wire_enum;

wire_enum! {
    /// A line's `aliquotaIVA`: a VAT rate in percent, or an AdE *natura* code for lines without
    /// VAT (whose `percentualeIVA` is 0).
    pub enum VatCode {
        /// 22 % (aliquota ordinaria).
        Vat22 = "22",
        /// 10 %.
        Vat10 = "10",
        /// 5 %.
        Vat5 = "5",
        /// 4 %.
        Vat4 = "4",
        /// N1: escluse ex art. 15 DPR 633/72.
        N1 = "N1",
        /// N2: non soggette.
        N2 = "N2",
        /// N3: non imponibili.
        N3 = "N3",
        /// N4: esenti.
        N4 = "N4",
        /// N5: regime del margine / IVA non esposta.
        N5 = "N5",
        /// N6: inversione contabile (reverse charge).
        N6 = "N6",
    }
}

impl VatCode {
    /// The VAT rate in percent: 22, 10, 5, 4, or 0 for the N codes.
    pub fn rate(self) -> Decimal {
        match self {
            VatCode::Vat22 => Decimal::from(22),
            VatCode::Vat10 => Decimal::from(10),
            VatCode::Vat5 => Decimal::from(5),
            VatCode::Vat4 => Decimal::from(4),
            VatCode::N1 | VatCode::N2 | VatCode::N3 | VatCode::N4 | VatCode::N5 | VatCode::N6 => {
                Decimal::ZERO
            }
        }
    }

    /// Whether this is an N (*natura*) code, a line without VAT.
    pub fn is_nature(self) -> bool {
        self.rate().is_zero()
    }
}

wire_enum! {
    /// A payment type: `pagamento` (the single type of the whole document) and
    /// `pagamenti[].tipo` (mixed payments).
    pub enum PaymentType {
        /// PC: pagamento contante (cash).
        Cash = "PC",
        /// PE: pagamento elettronico (card, bank transfer, app).
        Electronic = "PE",
        /// TR: ticket restaurant (meal vouchers).
        TicketRestaurant = "TR",
        /// NR_EF: non riscosso, segue fattura (an invoice will follow).
        NotCollectedInvoice = "NR_EF",
        /// NR_PS: non riscosso, prestazione di servizi.
        NotCollectedServices = "NR_PS",
        /// NR_CS: non riscosso, credito sanitario (SSN).
        NotCollectedHealth = "NR_CS",
    }
}

impl PaymentType {
    /// Whether the money is taken at the till (PC, PE, TR), as opposed to the NR types.
    pub fn is_collected(self) -> bool {
        matches!(
            self,
            PaymentType::Cash | PaymentType::Electronic | PaymentType::TicketRestaurant
        )
    }
}

wire_enum! {
    /// `tipoOperazione` of a document listed by `findDocuments`.
    pub enum OperationType {
        /// V: vendita (a sale).
        Sale = "V",
        /// A: annullo (a void of a whole sale).
        Void = "A",
        /// R: reso (a return of some lines).
        Return = "R",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn vat_codes_parse_and_rate() {
        let cases: &[(&str, Option<(VatCode, Decimal)>)] = &[
            ("22", Some((VatCode::Vat22, dec!(22)))),
            ("10", Some((VatCode::Vat10, dec!(10)))),
            ("5", Some((VatCode::Vat5, dec!(5)))),
            ("4", Some((VatCode::Vat4, dec!(4)))),
            ("N1", Some((VatCode::N1, dec!(0)))),
            ("N6", Some((VatCode::N6, dec!(0)))),
            ("n1", None),
            ("N7", None),
            ("22.00", None),
            ("0", None),
            (" 22", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let got = VatCode::parse(text).map(|c| (c, c.rate()));
            assert_eq!(got, *expected, "{text:?}");
        }
        assert_eq!(VatCode::ALL.len(), 10);
        for code in VatCode::ALL {
            assert_eq!(VatCode::parse(code.as_str()), Some(*code));
            assert_eq!(code.is_nature(), code.as_str().starts_with('N'));
        }
    }

    #[test]
    fn payment_types_parse() {
        let cases: &[(&str, Option<(PaymentType, bool)>)] = &[
            ("PC", Some((PaymentType::Cash, true))),
            ("PE", Some((PaymentType::Electronic, true))),
            ("TR", Some((PaymentType::TicketRestaurant, true))),
            ("NR_EF", Some((PaymentType::NotCollectedInvoice, false))),
            ("NR_PS", Some((PaymentType::NotCollectedServices, false))),
            ("NR_CS", Some((PaymentType::NotCollectedHealth, false))),
            ("pc", None),
            ("NR", None),
            ("CC", None),
        ];
        for (text, expected) in cases {
            let got = PaymentType::parse(text).map(|p| (p, p.is_collected()));
            assert_eq!(got, *expected, "{text:?}");
        }
    }

    #[test]
    fn codes_travel_as_their_strings() {
        assert_eq!(serde_json::to_value(VatCode::N3).unwrap(), "N3");
        assert_eq!(
            serde_json::to_value(PaymentType::NotCollectedHealth).unwrap(),
            "NR_CS"
        );
        assert_eq!(
            serde_json::from_str::<OperationType>("\"A\"").unwrap(),
            OperationType::Void
        );
        let err = serde_json::from_str::<VatCode>("\"21\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown variant `21`"), "{err}");
        assert!(
            serde_json::from_str::<VatCode>("22").is_err(),
            "a number is not a VAT code"
        );
    }
}
