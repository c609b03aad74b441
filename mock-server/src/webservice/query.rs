//! Fetching the documents a [`Query`] selects, with their clients and items, in one
//! consistent read of the store.
//!
//! Four statements share one `WHERE` clause over `whmcs_invoices i`: the documents, their
//! clients, the clients' custom fields and the documents' items, each ordered by ID so the
//! answer is the same bytes every time.

use super::{Filter, Query};
use crate::db::{Db, DbError};
use dckit_contracts::keywords::Selection;
use dckit_contracts::model::webservice::WsDocType;
use rusqlite::types::Value;
use rusqlite::{Connection, Row};
use std::collections::HashMap;

/// A document row of `whmcs_invoices`.
pub(super) struct DocRow {
    pub(super) id: i64,
    pub(super) client_id: i64,
    pub(super) doc_type: WsDocType,
    pub(super) num: String,
    pub(super) status: String,
    pub(super) date: String,
    pub(super) due_date: String,
    pub(super) date_paid: String,
    pub(super) subtotal: i64,
    pub(super) credit: i64,
    pub(super) tax: i64,
    pub(super) tax2: i64,
    pub(super) tax_rate: i64,
    pub(super) tax_rate2: i64,
    pub(super) payment_method: String,
    /// The lines, by ID.
    pub(super) items: Vec<ItemRow>,
}

/// A line of `whmcs_invoiceitems`.
pub(super) struct ItemRow {
    pub(super) id: i64,
    pub(super) item_type: String,
    pub(super) rel_id: i64,
    pub(super) description: String,
    pub(super) amount: i64,
    pub(super) taxed: bool,
}

/// A client of `whmcs_clients` with its custom fields.
pub(super) struct ClientRow {
    pub(super) id: i64,
    /// firstname, lastname, companyname, email, address1, address2, city, state, postcode,
    /// country, phonenumber, member_state, region — in that order.
    pub(super) text: [String; 13],
    pub(super) currency: i64,
    pub(super) tax_exempt: bool,
    pub(super) monetary_union: bool,
    pub(super) vies: bool,
    pub(super) moss: bool,
    /// (field id, field name, value), by field id.
    pub(super) custom_fields: Vec<(i64, String, String)>,
}

/// What a query found: documents by ID and their clients.
pub(super) struct Found {
    pub(super) docs: Vec<DocRow>,
    pub(super) clients: HashMap<i64, ClientRow>,
}

/// The documents `query` selects, by ascending ID.
pub(super) async fn fetch(store: &Db, query: Query) -> Result<Found, DbError> {
    store.read(move |conn| fetch_in(conn, &query)).await
}

/// The `WHERE` clause over `whmcs_invoices i` and its named parameters.
fn clause(query: &Query) -> (&'static str, Vec<(&'static str, Value)>) {
    let doctype = match query.doctype {
        Some(t) => Value::Text(t.as_str().to_owned()),
        None => Value::Null,
    };
    let (clause, mut params) = match &query.filter {
        Filter::Dates(Selection::All) => (
            "(:type IS NULL OR i.type = :type)",
            Vec::<(&'static str, Value)>::new(),
        ),
        Filter::Dates(Selection::Range(range)) => (
            "i.date BETWEEN :start AND :end AND (:type IS NULL OR i.type = :type)",
            vec![
                (
                    ":start",
                    Value::Text(range.start.format("%Y-%m-%d").to_string()),
                ),
                (
                    ":end",
                    Value::Text(range.end.format("%Y-%m-%d").to_string()),
                ),
            ],
        ),
        Filter::Id(id, _) => (
            "i.id = :id AND (:type IS NULL OR i.type = :type)",
            // An ID too large for any document: -1 matches nothing.
            vec![(":id", Value::Integer(id.unwrap_or(-1)))],
        ),
        Filter::Num(num) => (
            "i.num = :num AND i.num <> '' AND (:type IS NULL OR i.type = :type)",
            vec![(":num", Value::Text(num.clone()))],
        ),
    };
    params.push((":type", doctype));
    (clause, params)
}

fn fetch_in(conn: &Connection, query: &Query) -> Result<Found, DbError> {
    let (clause, params) = clause(query);
    let bind: Vec<(&str, &dyn rusqlite::ToSql)> = params
        .iter()
        .map(|(name, value)| (*name, value as &dyn rusqlite::ToSql))
        .collect();

    let mut docs = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT i.id, i.client_id, i.type, i.num, i.status, i.date, i.duedate, i.datepaid,
                i.subtotal_cents, i.credit_cents, i.tax_cents, i.tax2_cents, i.taxrate_bp,
                i.taxrate2_bp, i.paymentmethod
         FROM whmcs_invoices i WHERE {clause} ORDER BY i.id"
    ))?;
    let mut rows = stmt.query(bind.as_slice())?;
    while let Some(row) = rows.next()? {
        docs.push(doc_row(row)?);
    }
    if docs.is_empty() {
        return Ok(Found {
            docs,
            clients: HashMap::new(),
        });
    }

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT it.invoice_id, it.id, it.type, it.relid, it.description, it.amount_cents,
                it.taxed
         FROM whmcs_invoices i JOIN whmcs_invoiceitems it ON it.invoice_id = i.id
         WHERE {clause} ORDER BY it.invoice_id, it.id"
    ))?;
    let mut rows = stmt.query(bind.as_slice())?;
    // Both lists are ordered by document ID: walk them together.
    let mut at = 0;
    while let Some(row) = rows.next()? {
        let invoice: i64 = row.get(0)?;
        while at < docs.len() && docs[at].id < invoice {
            at += 1;
        }
        if let Some(doc) = docs.get_mut(at).filter(|d| d.id == invoice) {
            doc.items.push(ItemRow {
                id: row.get(1)?,
                item_type: row.get(2)?,
                rel_id: row.get(3)?,
                description: row.get(4)?,
                amount: row.get(5)?,
                taxed: row.get(6)?,
            });
        }
    }

    let chosen = format!("SELECT i.client_id FROM whmcs_invoices i WHERE {clause}");
    let mut clients = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, firstname, lastname, companyname, email, address1, address2, city, state,
                postcode, country, phonenumber, member_state, region, currency, taxexempt,
                monetary_union, vies, moss
         FROM whmcs_clients WHERE id IN ({chosen})"
    ))?;
    let mut rows = stmt.query(bind.as_slice())?;
    while let Some(row) = rows.next()? {
        let client = client_row(row)?;
        clients.insert(client.id, client);
    }

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT v.client_id, f.id, f.fieldname, v.value
         FROM whmcs_customfieldsvalues v JOIN whmcs_customfields f ON f.id = v.field_id
         WHERE v.client_id IN ({chosen}) ORDER BY v.client_id, f.id"
    ))?;
    let mut rows = stmt.query(bind.as_slice())?;
    while let Some(row) = rows.next()? {
        let client: i64 = row.get(0)?;
        if let Some(c) = clients.get_mut(&client) {
            c.custom_fields
                .push((row.get(1)?, row.get(2)?, row.get(3)?));
        }
    }
    Ok(Found { docs, clients })
}

fn doc_row(row: &Row<'_>) -> Result<DocRow, DbError> {
    let kind: String = row.get(2)?;
    let doc_type = WsDocType::parse(&kind)
        .ok_or_else(|| DbError::Corrupt(format!("document type {kind:?}")))?;
    Ok(DocRow {
        id: row.get(0)?,
        client_id: row.get(1)?,
        doc_type,
        num: row.get(3)?,
        status: row.get(4)?,
        date: row.get(5)?,
        due_date: row.get(6)?,
        date_paid: row.get(7)?,
        subtotal: row.get(8)?,
        credit: row.get(9)?,
        tax: row.get(10)?,
        tax2: row.get(11)?,
        tax_rate: row.get(12)?,
        tax_rate2: row.get(13)?,
        payment_method: row.get(14)?,
        items: Vec::new(),
    })
}

fn client_row(row: &Row<'_>) -> Result<ClientRow, DbError> {
    let mut text: [String; 13] = Default::default();
    for (i, slot) in text.iter_mut().enumerate() {
        *slot = row.get(i + 1)?;
    }
    Ok(ClientRow {
        id: row.get(0)?,
        text,
        currency: row.get(14)?,
        tax_exempt: row.get(15)?,
        monetary_union: row.get(16)?,
        vies: row.get(17)?,
        moss: row.get(18)?,
        custom_fields: Vec::new(),
    })
}
