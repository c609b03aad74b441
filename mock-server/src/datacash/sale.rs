//! `sendDocument`: the `document` of the body, validated field by field into a [`Sale`] whose
//! totals are exact.

use super::fields::{self, invalid, optional, path, required};
use super::money;
use super::records::{NewDocument, StoredLine};
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use dckit_contracts::model::datacash::{OperationType, PaymentType, VatCode};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The longest product description accepted (the agency's limit).
const MAX_DESCRIPTION: usize = 1000;

/// A sale that passed every rule of `sendDocument` (`contracts/openapi/datacash.yaml`). Serialised (in the mock's own form) while it
/// waits for the tax agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Sale {
    /// The lines, in order.
    pub(crate) lines: Vec<SaleLine>,
    /// `totaleScontiAPagare`.
    pub(crate) discount: Decimal,
    /// `omaggio`: the whole document is a gift.
    pub(crate) gift: bool,
    /// `codiceLotteria`, when given.
    pub(crate) lottery: Option<String>,
    /// How the amount to pay is paid (empty when there is nothing to pay).
    pub(crate) payments: Vec<(PaymentType, Decimal)>,
    /// `documentoCommercialeCollegato`, when given.
    pub(crate) linked: Option<i64>,
    /// `multisede` as sent, when not empty.
    pub(crate) multisede: Option<String>,
}

/// One validated line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SaleLine {
    /// `aliquotaIVA`.
    pub(crate) vat: VatCode,
    /// `descrizioneProdotto`.
    pub(crate) description: String,
    /// `prezzoLordo`.
    pub(crate) unit_price: Decimal,
    /// `quantita`.
    pub(crate) quantity: Decimal,
    /// `scontoLordo`.
    pub(crate) discount: Decimal,
    /// `omaggioElemento`, or every line of a gift document.
    pub(crate) gift: bool,
}

impl SaleLine {
    /// The line's amounts.
    pub(crate) fn amounts(&self) -> money::LineAmounts {
        money::line(
            self.unit_price,
            self.quantity,
            self.discount,
            self.gift,
            self.vat,
        )
    }
}

impl Sale {
    /// The sum of the lines' paid gross.
    pub(crate) fn gross(&self) -> Decimal {
        self.lines.iter().map(|l| l.amounts().gross).sum()
    }

    /// `ammontareComplessivo`: what the customer pays.
    pub(crate) fn amount_to_pay(&self) -> Decimal {
        money::amount_to_pay(self.gross(), self.discount, self.gift)
    }
}

impl Sale {
    /// The document that records this sale, issued on `device` in `store` at `issued_at`.
    pub(crate) fn to_document(
        &self,
        key_id: Option<i64>,
        (device_id, store_id): (i64, i64),
        issued_at: chrono::NaiveDateTime,
        temp_id: Option<String>,
    ) -> NewDocument {
        let lines: Vec<StoredLine> = self
            .lines
            .iter()
            .map(|l| {
                let a = l.amounts();
                StoredLine {
                    sale_line: None,
                    description: l.description.clone(),
                    vat_code: l.vat,
                    quantity_milli: money::to_milli(l.quantity),
                    unit_price_cents: money::to_cents(l.unit_price),
                    discount_cents: money::to_cents(l.discount),
                    gift: l.gift,
                    gross_cents: money::to_cents(a.gross),
                    net_cents: money::to_cents(a.net),
                    vat_cents: money::to_cents(a.vat),
                }
            })
            .collect();
        NewDocument {
            kind: OperationType::Sale,
            key_id,
            device_id,
            store_id,
            issued_at,
            number: None,
            lines,
            payments: self
                .payments
                .iter()
                .map(|(t, a)| (*t, money::to_cents(*a)))
                .collect(),
            discount_cents: money::to_cents(self.discount),
            total_cents: money::to_cents(self.amount_to_pay()),
            gift: self.gift,
            lottery: self.lottery.clone(),
            linked: self.linked,
            temp_id,
            multisede: self.multisede.clone(),
        }
    }
}

/// Validates `document` of a `sendDocument` body.
pub(crate) fn parse(body: &Map<String, Value>) -> Result<Sale, CatalogueError> {
    let doc = fields::object(required(body, "", "document")?, "document")?;
    let parent = "document";
    let gift = fields::flag(doc, parent, "omaggio")?;
    let lines_field = path(parent, "elementiContabili");
    let raw_lines = fields::array(required(doc, parent, "elementiContabili")?, &lines_field)?;
    if raw_lines.is_empty() {
        return Err(ErrorCode::DcLinesEmpty.with(&[]));
    }
    let lines = raw_lines
        .iter()
        .enumerate()
        .map(|(i, raw)| parse_line(raw, &format!("{lines_field}[{i}]"), i + 1, gift))
        .collect::<Result<Vec<_>, _>>()?;
    let discount = fields::optional_amount(doc, parent, "totaleScontiAPagare")?;
    let gross: Decimal = lines.iter().map(|l| l.amounts().gross).sum();
    if discount > gross {
        return Err(invalid(
            &path(parent, "totaleScontiAPagare"),
            &format!("uno sconto non superiore al totale degli elementi ({gross})"),
        ));
    }
    let lottery = lottery_code(doc, parent)?;
    let to_pay = money::amount_to_pay(gross, discount, gift);
    let payments = payments(doc, parent, to_pay)?;
    let linked = match optional(doc, "documentoCommercialeCollegato") {
        None => None,
        Some(v) => {
            let text = fields::string(v, &path(parent, "documentoCommercialeCollegato"))?.trim();
            if text.is_empty() {
                None
            } else {
                Some(super::parse_idtrx(text)?)
            }
        }
    };
    let multisede = match optional(doc, "multisede") {
        None => None,
        Some(v) => {
            let map = fields::object(v, &path(parent, "multisede"))?;
            (!map.is_empty()).then(|| v.to_string())
        }
    };
    if let Some(v) = optional(doc, "ticketRestaurant") {
        ticket_restaurant(v, &path(parent, "ticketRestaurant"))?;
    }
    Ok(Sale {
        lines,
        discount,
        gift,
        lottery,
        payments,
        linked,
        multisede,
    })
}

fn parse_line(
    raw: &Value,
    field: &str,
    number: usize,
    whole_gift: bool,
) -> Result<SaleLine, CatalogueError> {
    let line = fields::object(raw, field)?;
    let vat_field = path(field, "aliquotaIVA");
    let vat_text = fields::string(required(line, field, "aliquotaIVA")?, &vat_field)?;
    let vat = VatCode::parse(vat_text.trim()).ok_or_else(|| {
        ErrorCode::DcVatInvalid.with(&[("value", vat_text), ("line", &number.to_string())])
    })?;
    if let Some(v) = optional(line, "percentualeIVA") {
        let pct_field = path(field, "percentualeIVA");
        let pct = match v {
            Value::Number(_) | Value::String(_) => fields::amount(v, &pct_field).ok(),
            _ => None,
        };
        if pct != Some(vat.rate()) {
            return Err(invalid(
                &pct_field,
                &format!(
                    "il numero {} che corrisponde ad aliquotaIVA \"{}\"",
                    vat.rate(),
                    vat.as_str()
                ),
            ));
        }
    }
    let desc_field = path(field, "descrizioneProdotto");
    let description = fields::string(required(line, field, "descrizioneProdotto")?, &desc_field)?
        .trim()
        .to_owned();
    if description.is_empty() || description.chars().count() > MAX_DESCRIPTION {
        return Err(invalid(
            &desc_field,
            "una descrizione non vuota di al massimo 1000 caratteri",
        ));
    }
    let unit_price = fields::amount(
        required(line, field, "prezzoLordo")?,
        &path(field, "prezzoLordo"),
    )?;
    let quantity = fields::quantity(
        required(line, field, "quantita")?,
        &path(field, "quantita"),
        number,
    )?;
    let discount = fields::optional_amount(line, field, "scontoLordo")?;
    let gift = fields::flag(line, field, "omaggioElemento")? || whole_gift;
    let value = money::cents(unit_price * quantity);
    if discount > value {
        return Err(invalid(
            &path(field, "scontoLordo"),
            &format!("uno sconto non superiore al valore dell'elemento ({value})"),
        ));
    }
    Ok(SaleLine {
        vat,
        description,
        unit_price,
        quantity,
        discount,
        gift,
    })
}

fn lottery_code(doc: &Map<String, Value>, parent: &str) -> Result<Option<String>, CatalogueError> {
    let Some(v) = optional(doc, "codiceLotteria") else {
        return Ok(None);
    };
    let code = fields::string(v, &path(parent, "codiceLotteria"))?.trim();
    if code.is_empty() {
        return Ok(None);
    }
    if code.chars().count() != 8 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ErrorCode::DcLotteryCodeInvalid.with(&[("value", code)]));
    }
    Ok(Some(code.to_ascii_uppercase()))
}

fn payment_type(v: &Value, field: &str) -> Result<PaymentType, CatalogueError> {
    let text = fields::string(v, field)?;
    PaymentType::parse(text.trim())
        .ok_or_else(|| ErrorCode::DcPaymentTypeInvalid.with(&[("value", text)]))
}

/// `pagamento` and `pagamenti`: mixed payments must add up to the amount to pay exactly; a
/// single `pagamento` pays all of it.
fn payments(
    doc: &Map<String, Value>,
    parent: &str,
    to_pay: Decimal,
) -> Result<Vec<(PaymentType, Decimal)>, CatalogueError> {
    // Clients that pay with `pagamenti` send `pagamento: ""`: empty means absent.
    let single = optional(doc, "pagamento")
        .filter(|v| v.as_str().is_none_or(|s| !s.trim().is_empty()))
        .map(|v| payment_type(v, &path(parent, "pagamento")))
        .transpose()?;
    let list_field = path(parent, "pagamenti");
    let mut parts = Vec::new();
    if let Some(v) = optional(doc, "pagamenti") {
        for (i, raw) in fields::array(v, &list_field)?.iter().enumerate() {
            let field = format!("{list_field}[{i}]");
            let part = fields::object(raw, &field)?;
            let tipo = payment_type(required(part, &field, "tipo")?, &path(&field, "tipo"))?;
            let importo =
                fields::amount(required(part, &field, "importo")?, &path(&field, "importo"))?;
            parts.push((tipo, importo));
        }
    }
    if parts.is_empty() {
        if to_pay.is_zero() {
            return Ok(Vec::new());
        }
        let tipo = single.ok_or_else(|| fields::missing(&path(parent, "pagamento")))?;
        return Ok(vec![(tipo, to_pay)]);
    }
    let paid: Decimal = parts.iter().map(|(_, a)| *a).sum();
    if paid != to_pay {
        return Err(ErrorCode::DcPaymentsMismatch.with(&[
            ("paid", &format!("{:.2}", paid)),
            ("total", &format!("{:.2}", to_pay)),
        ]));
    }
    parts.retain(|(_, a)| !a.is_zero());
    Ok(parts)
}

/// `ticketRestaurant`: `[{quantita, importo}]`, checked for shape only.
fn ticket_restaurant(v: &Value, field: &str) -> Result<(), CatalogueError> {
    for (i, raw) in fields::array(v, field)?.iter().enumerate() {
        let item_field = format!("{field}[{i}]");
        let item = fields::object(raw, &item_field)?;
        let qty_field = path(&item_field, "quantita");
        let qty = required(item, &item_field, "quantita")?;
        if !qty.as_u64().is_some_and(|n| (1..=1000).contains(&n)) {
            return Err(invalid(&qty_field, "un numero intero di buoni da 1 a 1000"));
        }
        fields::amount(
            required(item, &item_field, "importo")?,
            &path(&item_field, "importo"),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use serde_json::json;

    fn body(patch: Value) -> Map<String, Value> {
        let mut doc = json!({"elementiContabili": [{"aliquotaIVA": "10", "percentualeIVA": 10,
            "descrizioneProdotto": "Pernottamento", "prezzoLordo": 120.0, "quantita": 1,
            "scontoLordo": 0, "omaggioElemento": false}],
            "totaleScontiAPagare": 0, "omaggio": false, "codiceLotteria": "", "pagamento": "PE",
            "pagamenti": [], "ticketRestaurant": [], "documentoCommercialeCollegato": "",
            "multisede": {}});
        for (k, v) in patch.as_object().unwrap() {
            doc[k] = v.clone();
        }
        json!({"document": doc}).as_object().unwrap().clone()
    }

    fn line(patch: Value) -> Value {
        let mut l = json!({"aliquotaIVA": "22", "percentualeIVA": 22, "descrizioneProdotto": "x",
            "prezzoLordo": 10, "quantita": 1});
        for (k, v) in patch.as_object().unwrap() {
            l[k] = v.clone();
        }
        json!({"elementiContabili": [l]})
    }

    #[test]
    fn the_observed_body_is_a_sale_of_120() {
        let sale = parse(&body(json!({}))).unwrap();
        assert_eq!(sale.amount_to_pay(), dec!(120.00));
        assert_eq!(sale.payments, vec![(PaymentType::Electronic, dec!(120.00))]);
        assert_eq!(
            (
                sale.lottery.as_deref(),
                sale.linked,
                sale.multisede.as_deref()
            ),
            (None, None, None)
        );
    }

    #[test]
    fn totals_discounts_gifts_and_mixed_payments() {
        let two_lines = json!([
            {"aliquotaIVA": "22", "descrizioneProdotto": "a", "prezzoLordo": 1.2, "quantita": 3, "scontoLordo": 0.1},
            {"aliquotaIVA": "4", "descrizioneProdotto": "b", "prezzoLordo": 1.5, "quantita": 1, "omaggioElemento": true}]);
        let cases = [
            (
                json!({"elementiContabili": two_lines, "totaleScontiAPagare": 0.5,
                "pagamenti": [{"tipo": "PC", "importo": 2}, {"tipo": "PE", "importo": 1.0}]}),
                dec!(3.00),
            ),
            (
                json!({"elementiContabili": two_lines, "pagamento": "PC"}),
                dec!(3.50),
            ),
            (
                json!({"elementiContabili": two_lines, "omaggio": true, "pagamento": null}),
                dec!(0),
            ),
        ];
        for (patch, to_pay) in cases {
            let sale = parse(&body(patch.clone())).unwrap_or_else(|e| panic!("{patch}: {e}"));
            assert_eq!(sale.amount_to_pay(), to_pay, "{patch}");
            let paid: Decimal = sale.payments.iter().map(|p| p.1).sum();
            assert_eq!(paid, to_pay, "{patch}");
        }
    }

    #[test]
    fn every_rule_has_its_error() {
        let cases: &[(Value, &str, &str)] = &[
            (json!({"elementiContabili": []}), "30", ""),
            (
                json!({"elementiContabili": null}),
                "22",
                "document.elementiContabili",
            ),
            (
                json!({"elementiContabili": {}}),
                "23",
                "document.elementiContabili",
            ),
            (line(json!({"aliquotaIVA": "21"})), "31", "\"21\""),
            (
                line(json!({"aliquotaIVA": 22})),
                "23",
                "document.elementiContabili[0].aliquotaIVA",
            ),
            (line(json!({"percentualeIVA": 10})), "23", "percentualeIVA"),
            (line(json!({"quantita": 0})), "32", "elemento 1"),
            (line(json!({"quantita": true})), "23", "quantita"),
            (line(json!({"prezzoLordo": -1})), "33", "prezzoLordo"),
            (
                line(json!({"prezzoLordo": null})),
                "22",
                "document.elementiContabili[0].prezzoLordo",
            ),
            (
                line(json!({"descrizioneProdotto": " "})),
                "23",
                "descrizioneProdotto",
            ),
            (line(json!({"scontoLordo": 11})), "23", "scontoLordo"),
            (
                line(json!({"omaggioElemento": "no"})),
                "23",
                "omaggioElemento",
            ),
            (json!({"pagamento": "CC"}), "34", "\"CC\""),
            (json!({"pagamento": null}), "22", "document.pagamento"),
            (json!({"pagamento": ""}), "22", "document.pagamento"),
            (
                json!({"pagamenti": [{"tipo": "PC", "importo": 100}]}),
                "35",
                "(100.00)",
            ),
            (
                json!({"pagamenti": [{"tipo": "XX", "importo": 120}]}),
                "34",
                "XX",
            ),
            (
                json!({"pagamenti": [{"tipo": "PC"}]}),
                "22",
                "document.pagamenti[0].importo",
            ),
            (json!({"codiceLotteria": "ABC123"}), "36", "ABC123"),
            (json!({"codiceLotteria": "ABCD-123"}), "36", ""),
            (
                json!({"totaleScontiAPagare": 121}),
                "23",
                "totaleScontiAPagare",
            ),
            (json!({"documentoCommercialeCollegato": "12a"}), "40", "12a"),
            (json!({"multisede": []}), "23", "multisede"),
            (
                json!({"ticketRestaurant": [{"quantita": 0, "importo": 8}]}),
                "23",
                "ticketRestaurant[0].quantita",
            ),
        ];
        for (patch, code, needle) in cases {
            let err = parse(&body(patch.clone())).unwrap_err();
            assert_eq!(err.code.code(), *code, "{patch}: {}", err.message);
            assert!(err.message.contains(needle), "{patch}: {}", err.message);
        }
        let missing = parse(&Map::new()).unwrap_err();
        assert_eq!(missing.message, "Campo obbligatorio mancante: document.");
    }

    #[test]
    fn a_lottery_code_is_kept_upper_case_and_a_sale_serialises() {
        let sale = parse(&body(
            json!({"codiceLotteria": "abcd1234", "multisede": {"sede": "2"}}),
        ))
        .unwrap();
        assert_eq!(sale.lottery.as_deref(), Some("ABCD1234"));
        let back: Sale = serde_json::from_str(&serde_json::to_string(&sale).unwrap()).unwrap();
        assert_eq!(back, sale);
    }
}
