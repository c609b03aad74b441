//! Voids (annullo) and returns (reso, *inferred*): documents that give back all or part of a
//! sale, issued by `voidDocument` and `returnDocument`.
//!
//! * A **void** cancels what is left of a sale: without returns it repeats the sale's lines and
//!   payments and gives back its whole amount; after partial returns it lists the quantities
//!   not yet returned and gives back exactly what is left (as the last return would). A sale
//!   can be voided once (`DcAlreadyVoided`); a void or a return cannot be voided
//!   (`DcNotASale`); a sale returned in full has nothing left to void (`DcVoidAfterReturn`).
//! * A **return** names lines of the sale by 1-based number with a quantity
//!   (`{"elementi":[{"numeroElemento":1,"quantita":1}]}`); each quantity may not exceed what
//!   was sold minus what was already returned. A returned line gives back its gross in
//!   proportion to the quantity (to the cent, half away from zero); the document discount
//!   (`totaleScontiAPagare`) is shared out the same way, and the return that gives back the
//!   last of a sale gives back exactly what is left, so returns never add up to more than was
//!   paid. Refunds go to the sale's payment types in order, each up to what it paid.
//!
//! Both need the tax agency: while it is down they are refused (`DcAgencyUnavailable`).

use super::fields::{self, required};
use super::money::{self, cents, from_cents, from_milli, to_cents};
use super::records::{self, Issued, NewDocument, StoredDocument, StoredLine};
use super::{DataCash, Refusal};
use crate::clock::Clock;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::datacash::{OperationType, PaymentType};
use rusqlite::Connection;
use std::collections::BTreeMap;

/// What to give back.
#[derive(Clone, Debug)]
pub(crate) enum Cancel {
    /// The whole sale.
    Void,
    /// Quantities (thousandths) per sale line (1-based).
    Return(BTreeMap<i64, i64>),
}

/// Issues the void or return `what` of the sale `idtrx` for `key_id`, and counts it; refused
/// while the tax agency is down.
pub(crate) async fn cancel(
    dc: &DataCash,
    key_id: i64,
    idtrx: i64,
    what: Cancel,
) -> Result<Issued, Refusal> {
    if !dc.agency_up() {
        return Err(Refusal::new(ErrorCode::DcAgencyUnavailable, &[]));
    }
    let generation = dc.generation();
    let clock = dc.clock().clone();
    let issued = dc
        .db()
        .write(move |conn| issue(conn, &clock, key_id, idtrx, &what))
        .await?;
    if let Some(counted) = &issued.counted {
        dc.counted(dc.db(), counted, generation).await;
    }
    Ok(issued)
}

/// `elementi` of a return body, merged by line: `{line: thousandths}`.
pub(crate) fn parse_return(
    body: &serde_json::Map<String, serde_json::Value>,
) -> Result<BTreeMap<i64, i64>, Refusal> {
    let items = fields::array(required(body, "", "elementi")?, "elementi")?;
    if items.is_empty() {
        return Err(fields::invalid(
            "elementi",
            "un elenco non vuoto di {numeroElemento, quantita}",
        )
        .into());
    }
    let mut merged = BTreeMap::new();
    for (i, raw) in items.iter().enumerate() {
        let field = format!("elementi[{i}]");
        let item = fields::object(raw, &field)?;
        let number_field = fields::path(&field, "numeroElemento");
        let number = required(item, &field, "numeroElemento")?
            .as_i64()
            .filter(|n| *n >= 1)
            .ok_or_else(|| fields::invalid(&number_field, "un numero intero da 1 in su"))?;
        let qty = fields::quantity(
            required(item, &field, "quantita")?,
            &fields::path(&field, "quantita"),
            usize::try_from(number).unwrap_or(0),
        )?;
        let entry = merged.entry(number).or_insert(0i64);
        *entry = entry.saturating_add(money::to_milli(qty));
    }
    Ok(merged)
}

fn issue(
    conn: &Connection,
    clock: &Clock,
    key_id: i64,
    idtrx: i64,
    what: &Cancel,
) -> Result<Issued, Refusal> {
    let id = idtrx.to_string();
    let sale = records::load(conn, Some(key_id), idtrx)?
        .ok_or_else(|| Refusal::new(ErrorCode::DcDocumentUnknown, &[("idtrx", &id)]))?;
    if sale.kind != OperationType::Sale {
        let kind = if sale.kind == OperationType::Void {
            "è un annullo"
        } else {
            "è un reso"
        };
        return Err(Refusal::new(
            ErrorCode::DcNotASale,
            &[("idtrx", &id), ("kind", kind)],
        ));
    }
    if sale.voided {
        return Err(Refusal::new(ErrorCode::DcAlreadyVoided, &[("idtrx", &id)]));
    }
    let (device_id, store_id) = records::device_of_key(conn, key_id)?;
    let now = clock.now().naive_local();
    let doc = match what {
        Cancel::Void if sale.returns.count == 0 => void_of(&sale),
        Cancel::Void => {
            let left = remaining(&sale);
            if left.is_empty() {
                return Err(Refusal::new(
                    ErrorCode::DcVoidAfterReturn,
                    &[("idtrx", &id)],
                ));
            }
            NewDocument {
                kind: OperationType::Void,
                ..return_of(&sale, &left)?
            }
        }
        Cancel::Return(items) => return_of(&sale, items)?,
    };
    let doc = NewDocument {
        key_id: Some(key_id),
        device_id,
        store_id,
        issued_at: now,
        ..doc
    };
    Ok(records::issue(conn, &doc)?)
}

/// A document of `kind` referring to `sale`, not yet placed (key, device, time).
fn referring(sale: &StoredDocument, kind: OperationType) -> NewDocument {
    NewDocument {
        kind,
        key_id: None,
        device_id: 0,
        store_id: 0,
        issued_at: sale.issued_at,
        number: None,
        lines: Vec::new(),
        payments: Vec::new(),
        discount_cents: 0,
        total_cents: 0,
        gift: sale.gift,
        lottery: None,
        linked: Some(sale.idtrx),
        temp_id: None,
        multisede: None,
    }
}

/// The void of `sale`: its lines, payments and amount.
pub(crate) fn void_of(sale: &StoredDocument) -> NewDocument {
    NewDocument {
        lines: sale
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| StoredLine {
                sale_line: i64::try_from(i + 1).ok(),
                ..l.clone()
            })
            .collect(),
        payments: sale.payments.clone(),
        discount_cents: sale.discount_cents,
        total_cents: sale.total_cents,
        ..referring(sale, OperationType::Void)
    }
}

/// The return of `items` (thousandths per 1-based line) of `sale`.
pub(crate) fn return_of(
    sale: &StoredDocument,
    items: &BTreeMap<i64, i64>,
) -> Result<NewDocument, Refusal> {
    let id = sale.idtrx.to_string();
    let returns = &sale.returns;
    let mut lines = Vec::new();
    let mut closes_every_line = true;
    let mut asked: BTreeMap<i64, i64> = BTreeMap::new();
    for (&number, &qty) in items {
        let line = usize::try_from(number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| sale.lines.get(i))
            .ok_or_else(|| {
                Refusal::new(
                    ErrorCode::DcReturnLineUnknown,
                    &[
                        ("line", &number.to_string()),
                        ("idtrx", &id),
                        ("lines", &sale.lines.len().to_string()),
                    ],
                )
            })?;
        let before = returns.quantity_milli.get(&number).copied().unwrap_or(0);
        let available = line.quantity_milli - before;
        if qty > available {
            return Err(Refusal::new(
                ErrorCode::DcReturnQuantityExceeded,
                &[
                    ("returned", &from_milli(qty).to_string()),
                    ("available", &from_milli(available.max(0)).to_string()),
                    ("line", &number.to_string()),
                    ("idtrx", &id),
                ],
            ));
        }
        asked.insert(number, qty);
        let gross = if qty == available {
            line.gross_cents - returns.gross_cents.get(&number).copied().unwrap_or(0)
        } else {
            to_cents(
                from_cents(line.gross_cents) * from_milli(qty) / from_milli(line.quantity_milli),
            )
        };
        let (net, vat) = money::scorporo(from_cents(gross), line.vat_code);
        lines.push(StoredLine {
            sale_line: Some(number),
            quantity_milli: qty,
            discount_cents: to_cents(
                from_cents(line.discount_cents) * from_milli(qty) / from_milli(line.quantity_milli),
            ),
            gross_cents: gross,
            net_cents: to_cents(net),
            vat_cents: to_cents(vat),
            ..line.clone()
        });
    }
    for (i, line) in sale.lines.iter().enumerate() {
        let number = i64::try_from(i + 1).unwrap_or(i64::MAX);
        let done = returns.quantity_milli.get(&number).copied().unwrap_or(0)
            + asked.get(&number).copied().unwrap_or(0);
        if done < line.quantity_milli {
            closes_every_line = false;
        }
    }
    let left = sale.total_cents - returns.total_cents;
    let returned_gross: i64 = lines.iter().map(|l| l.gross_cents).sum();
    let sale_gross: i64 = sale.lines.iter().map(|l| l.gross_cents).sum();
    let total = if closes_every_line {
        left
    } else if sale_gross == 0 {
        0
    } else {
        let share = cents(
            from_cents(sale.discount_cents) * from_cents(returned_gross) / from_cents(sale_gross),
        );
        to_cents(from_cents(returned_gross) - share).clamp(0, left.max(0))
    };
    Ok(NewDocument {
        lines,
        payments: refunds(sale, total),
        total_cents: total,
        ..referring(sale, OperationType::Return)
    })
}

/// The quantities of `sale` not returned yet (thousandths per 1-based line).
pub(crate) fn remaining(sale: &StoredDocument) -> BTreeMap<i64, i64> {
    sale.lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let number = i64::try_from(i + 1).ok()?;
            let done = sale
                .returns
                .quantity_milli
                .get(&number)
                .copied()
                .unwrap_or(0);
            (line.quantity_milli > done).then_some((number, line.quantity_milli - done))
        })
        .collect()
}

/// `total` cents shared out over the sale's payment types in order, each up to what it paid
/// minus what earlier returns refunded with it.
fn refunds(sale: &StoredDocument, total: i64) -> Vec<(PaymentType, i64)> {
    let mut paid: Vec<(PaymentType, i64)> = Vec::new();
    for (tipo, cents) in &sale.payments {
        match paid.iter_mut().find(|(t, _)| t == tipo) {
            Some((_, sum)) => *sum += cents,
            None => paid.push((*tipo, *cents)),
        }
    }
    let mut left = total;
    let mut out = Vec::new();
    for (tipo, sum) in paid {
        if left <= 0 {
            break;
        }
        let refundable = sum - sale.returns.refunded.get(&tipo).copied().unwrap_or(0);
        let part = left.min(refundable.max(0));
        if part > 0 {
            out.push((tipo, part));
            left -= part;
        }
    }
    if left > 0 {
        // Only reachable with inconsistent history; keep the refund whole on the first type.
        match out.first_mut() {
            Some((_, first)) => *first += left,
            None => out.extend(sale.payments.first().map(|(t, _)| (*t, left))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datacash::records::Returns;
    use dckit_contracts::model::datacash::VatCode;

    fn line(qty_milli: i64, price: i64, gross: i64) -> StoredLine {
        let (net, vat) = money::scorporo(from_cents(gross), VatCode::Vat22);
        StoredLine {
            sale_line: None,
            description: "x".into(),
            vat_code: VatCode::Vat22,
            quantity_milli: qty_milli,
            unit_price_cents: price,
            discount_cents: 0,
            gift: false,
            gross_cents: gross,
            net_cents: to_cents(net),
            vat_cents: to_cents(vat),
        }
    }

    fn sale(discount: i64) -> StoredDocument {
        // 3 × 1.00 and 1 × 10.00, discount at payment, paid 5.00 cash + rest card.
        let total = 1300 - discount;
        StoredDocument {
            idtrx: 7,
            kind: OperationType::Sale,
            progressivo: "DCW2026/0001-0001".into(),
            issued_at: chrono::NaiveDate::from_ymd_opt(2026, 2, 15)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
            lines: vec![line(3000, 100, 300), line(1000, 1000, 1000)],
            payments: vec![
                (PaymentType::Cash, 500),
                (PaymentType::Electronic, total - 500),
            ],
            discount_cents: discount,
            total_cents: total,
            gift: false,
            lottery: None,
            linked: None,
            voided: false,
            returns: Returns::default(),
            device: "Cassa".into(),
        }
    }

    /// Applies a return to the sale's history, as the store would.
    fn record(sale: &mut StoredDocument, doc: &NewDocument) {
        let r = &mut sale.returns;
        r.count += 1;
        r.total_cents += doc.total_cents;
        for l in &doc.lines {
            let n = l.sale_line.unwrap();
            *r.quantity_milli.entry(n).or_default() += l.quantity_milli;
            *r.gross_cents.entry(n).or_default() += l.gross_cents;
        }
        for (t, c) in &doc.payments {
            *r.refunded.entry(*t).or_default() += c;
        }
    }

    #[test]
    fn returns_in_parts_give_back_exactly_what_was_paid() {
        let mut s = sale(100);
        let steps: &[(&[(i64, i64)], i64)] = &[
            (&[(1, 1000)], 92),              // 1.00 minus 1/13 of the 1.00 discount
            (&[(1, 1000), (2, 1000)], 1015), // 11.00 minus 11/13 of 1.00
            (&[(1, 1000)], 93),              // the last: exactly what is left
        ];
        for (items, total) in steps {
            let items: BTreeMap<i64, i64> = items.iter().copied().collect();
            let doc = return_of(&s, &items).unwrap();
            assert_eq!(doc.total_cents, *total, "{items:?}");
            assert_eq!(doc.payments.iter().map(|p| p.1).sum::<i64>(), *total);
            record(&mut s, &doc);
        }
        assert_eq!(s.returns.total_cents, s.total_cents);
        let err = return_of(&s, &[(1, 1)].into_iter().collect()).unwrap_err();
        assert_eq!(err.error.code, ErrorCode::DcReturnQuantityExceeded);
        assert!(
            err.error.message.contains("ancora rendibile (0)"),
            "{}",
            err.error.message
        );
    }

    #[test]
    fn refunds_follow_the_payments_in_order() {
        let s = sale(0);
        assert_eq!(refunds(&s, 300), vec![(PaymentType::Cash, 300)]);
        assert_eq!(
            refunds(&s, 1300),
            vec![(PaymentType::Cash, 500), (PaymentType::Electronic, 800)]
        );
    }

    #[test]
    fn unknown_lines_are_refused() {
        let err = return_of(&sale(0), &[(3, 1000)].into_iter().collect()).unwrap_err();
        assert_eq!(err.error.code, ErrorCode::DcReturnLineUnknown);
        assert!(
            err.error.message.contains("ha 2 elementi"),
            "{}",
            err.error.message
        );
    }

    #[test]
    fn after_returns_a_void_gives_back_what_is_left() {
        let mut s = sale(100);
        let first = return_of(&s, &[(1, 1000)].into_iter().collect()).unwrap();
        record(&mut s, &first);
        let left = remaining(&s);
        assert_eq!(left, [(1, 2000), (2, 1000)].into_iter().collect());
        let rest = return_of(&s, &left).unwrap();
        assert_eq!(first.total_cents + rest.total_cents, s.total_cents);
        record(&mut s, &rest);
        assert!(remaining(&s).is_empty());
    }

    #[test]
    fn a_void_repeats_the_sale() {
        let s = sale(100);
        let v = void_of(&s);
        assert_eq!(
            (v.kind, v.total_cents, v.linked),
            (OperationType::Void, 1200, Some(7))
        );
        assert_eq!(v.lines.len(), 2);
        assert_eq!(v.lines[1].sale_line, Some(2));
        assert_eq!(v.payments, s.payments);
    }
}
