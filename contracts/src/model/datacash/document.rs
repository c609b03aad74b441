//! The `sendDocument` body: a sale (documento commerciale di vendita).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::codes::{PaymentType, VatCode};
use crate::model::money::{Amount, json_number};

/// `POST /api/dco/sendDocument/`: credentials and the document to fiscalise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendDocumentRequest {
    /// The seller's Fisconline credentials ([`super::Credentials`]), OpenPGP-encrypted to the
    /// service's key and ASCII-armored (`-----BEGIN PGP MESSAGE-----…`).
    pub ade_credentials_encrypted: String,
    /// The sale.
    pub document: Document,
}

/// A sale as DataCash clients send it. Prices are gross (VAT included).
///
/// Fields the real client may leave out default to their empty value; the server validates
/// the raw JSON field by field before it reads this type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Document {
    /// The lines, in order; a return names them by 1-based position.
    pub elementi_contabili: Vec<DocumentLine>,
    /// A gross discount on the whole document, taken off what is to be paid.
    pub totale_sconti_a_pagare: Amount,
    /// `true` when the whole document is a free gift.
    pub omaggio: bool,
    /// The customer's lottery code (8 characters); `""` means none. See [`Document::lottery_code`].
    pub codice_lotteria: String,
    /// The single payment type of the document, used when `pagamenti` is empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagamento: Option<PaymentType>,
    /// Mixed payments; empty means the whole total is paid with `pagamento`.
    pub pagamenti: Vec<Payment>,
    /// Meal vouchers handed over (*inferred* shape).
    pub ticket_restaurant: Vec<TicketRestaurant>,
    /// The `idtrx` of a related document, `""` when none. See [`Document::linked_document`].
    pub documento_commerciale_collegato: String,
    /// Multi-site data of the seller, passed through as sent (`{}` when unused).
    pub multisede: Map<String, Value>,
}

impl Document {
    /// The lottery code, or `None` when `codiceLotteria` is empty.
    pub fn lottery_code(&self) -> Option<&str> {
        Some(self.codice_lotteria.as_str()).filter(|c| !c.is_empty())
    }

    /// The related document's `idtrx`, or `None` when `documentoCommercialeCollegato` is empty.
    pub fn linked_document(&self) -> Option<&str> {
        Some(self.documento_commerciale_collegato.as_str()).filter(|c| !c.is_empty())
    }
}

/// One line (*elemento contabile*) of a sale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentLine {
    /// The VAT code: `"22"`, `"10"`, `"5"`, `"4"` or `"N1"`…`"N6"`.
    #[serde(rename = "aliquotaIVA")]
    pub aliquota_iva: VatCode,
    /// The VAT rate in percent as a number (`10`); 0 for N codes.
    #[serde(rename = "percentualeIVA", with = "json_number", default)]
    pub percentuale_iva: Decimal,
    /// What was sold.
    pub descrizione_prodotto: String,
    /// The gross unit price (VAT included).
    pub prezzo_lordo: Amount,
    /// The quantity sold (a JSON number, possibly with decimals).
    #[serde(with = "json_number")]
    pub quantita: Decimal,
    /// A gross discount on the line.
    #[serde(default)]
    pub sconto_lordo: Amount,
    /// `true` when the line is a free gift.
    #[serde(default)]
    pub omaggio_elemento: bool,
}

/// One part of a mixed payment (`pagamenti[]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// How this part is paid.
    pub tipo: PaymentType,
    /// How much is paid this way.
    pub importo: Amount,
}

/// Meal vouchers of one face value (`ticketRestaurant[]`, *inferred*): `quantita` vouchers of
/// `importo` each.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRestaurant {
    /// How many vouchers of this value.
    #[serde(with = "json_number")]
    pub quantita: Decimal,
    /// The face value of one voucher.
    pub importo: Amount,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{assert_refused, assert_round_trip};
    use rust_decimal_macros::dec;
    use serde_json::json;

    const PGP: &str =
        "-----BEGIN PGP MESSAGE-----\n\nwcBMA0xYz\n=abcd\n-----END PGP MESSAGE-----\n";

    #[test]
    fn send_document_round_trips() {
        let cases = [
            (
                "observed client body",
                json!({"ade_credentials_encrypted": PGP,
                  "document": {"elementiContabili": [{"aliquotaIVA": "10", "percentualeIVA": 10,
                      "descrizioneProdotto": "Pernottamento", "prezzoLordo": 120.0, "quantita": 1,
                      "scontoLordo": 0, "omaggioElemento": false}],
                    "totaleScontiAPagare": 0, "omaggio": false, "codiceLotteria": "", "pagamento": "PE",
                    "pagamenti": [], "ticketRestaurant": [], "documentoCommercialeCollegato": "",
                    "multisede": {}}}),
            ),
            (
                "mixed payments, gift line, N code, lottery, vouchers",
                json!({"ade_credentials_encrypted": PGP,
                  "document": {"elementiContabili": [
                      {"aliquotaIVA": "22", "percentualeIVA": 22, "descrizioneProdotto": "Caffè",
                       "prezzoLordo": 1.2, "quantita": 3, "scontoLordo": 0.1, "omaggioElemento": false},
                      {"aliquotaIVA": "N4", "percentualeIVA": 0, "descrizioneProdotto": "Visita",
                       "prezzoLordo": 12.345, "quantita": 1.5, "scontoLordo": 0, "omaggioElemento": false},
                      {"aliquotaIVA": "4", "percentualeIVA": 4, "descrizioneProdotto": "Giornale",
                       "prezzoLordo": 1.5, "quantita": 1, "scontoLordo": 0, "omaggioElemento": true}],
                    "totaleScontiAPagare": 0.5, "omaggio": false, "codiceLotteria": "ABCD1234",
                    "pagamento": "PC",
                    "pagamenti": [{"tipo": "PC", "importo": 10}, {"tipo": "TR", "importo": 8.0},
                                  {"tipo": "NR_CS", "importo": 3.52}],
                    "ticketRestaurant": [{"quantita": 2, "importo": 4.0}],
                    "documentoCommercialeCollegato": "1001234567",
                    "multisede": {"codiceSede": "02", "descrizione": "Via Roma"}}}),
            ),
        ];
        for (name, json) in &cases {
            assert_round_trip::<SendDocumentRequest>(name, json);
        }
    }

    #[test]
    fn values_are_kept_exactly() {
        let json = json!({"elementiContabili": [{"aliquotaIVA": "N2", "percentualeIVA": 0,
            "descrizioneProdotto": "x", "prezzoLordo": 12.345, "quantita": 0.333, "scontoLordo": "0.30000000000000004"}],
            "codiceLotteria": "ABCD1234", "documentoCommercialeCollegato": "77"});
        let doc: Document = serde_json::from_value(json).unwrap();
        let line = &doc.elementi_contabili[0];
        assert_eq!(line.prezzo_lordo.value(), dec!(12.345));
        assert_eq!(line.quantita, dec!(0.333));
        assert_eq!(line.sconto_lordo.value(), dec!(0.30000000000000004));
        assert_eq!(line.aliquota_iva.rate(), dec!(0));
        assert_eq!(doc.lottery_code(), Some("ABCD1234"));
        assert_eq!(doc.linked_document(), Some("77"));
    }

    #[test]
    fn omitted_fields_take_their_empty_value() {
        let doc: Document = serde_json::from_value(json!({"elementiContabili": [
            {"aliquotaIVA": "22", "descrizioneProdotto": "x", "prezzoLordo": 1, "quantita": 1}]}))
        .unwrap();
        assert_eq!(doc.pagamento, None);
        assert!(
            doc.pagamenti.is_empty()
                && doc.ticket_restaurant.is_empty()
                && doc.multisede.is_empty()
        );
        assert_eq!((doc.lottery_code(), doc.linked_document()), (None, None));
        let line = &doc.elementi_contabili[0];
        assert_eq!(
            (
                line.percentuale_iva,
                line.sconto_lordo.value(),
                line.omaggio_elemento
            ),
            (dec!(0), dec!(0), false)
        );
        // An empty body is a document without lines: the server reports DcLinesEmpty.
        let empty: Document = serde_json::from_value(json!({})).unwrap();
        assert!(empty.elementi_contabili.is_empty());
    }

    #[test]
    fn wrong_codes_and_types_are_refused() {
        let line = |patch: Value| {
            let mut l = json!({"aliquotaIVA": "22", "percentualeIVA": 22, "descrizioneProdotto": "x",
                "prezzoLordo": 1, "quantita": 1});
            for (k, v) in patch.as_object().unwrap() {
                l[k] = v.clone();
            }
            json!({"elementiContabili": [l]})
        };
        let cases = [
            ("VAT code 21", line(json!({"aliquotaIVA": "21"}))),
            ("VAT code as number", line(json!({"aliquotaIVA": 22}))),
            ("price with comma", line(json!({"prezzoLordo": "1,50"}))),
            ("quantity as bool", line(json!({"quantita": true}))),
            ("payment type", json!({"pagamento": "CC"})),
            (
                "payment amount",
                json!({"pagamenti": [{"tipo": "PC", "importo": "dieci"}]}),
            ),
            ("multisede not an object", json!({"multisede": []})),
        ];
        for (name, json) in &cases {
            assert_refused::<Document>(name, json);
        }
    }
}
