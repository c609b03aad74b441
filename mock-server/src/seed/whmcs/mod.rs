//! Demo data of the WebService: WHMCS clients, invoices and credit notes.
//!
//! [`generate`] makes 60 clients — Italian individuals (with valid codici fiscali) and
//! companies (valid partite IVA, Codice Destinatario, PEC), EU companies in VIES (reverse
//! charge), EU consumers and businesses outside VIES charged their country's VAT, Denmark
//! outside the euro, the outermost regions Canarias, Réunion and French Guiana (outside the
//! EU VAT area), and clients in the USA and Canada (two tax levels: GST and PST) — and about
//! 600 invoices and 40 credit notes over the 18 months before today. The conventions for
//! numbers, statuses and credit notes are in [`documents`].

mod clients;
mod data;
mod documents;
mod identity;

use crate::db::DbError;
use chrono::NaiveDate;
use clients::Client;
use documents::{Doc, Plan};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, params};

/// How many clients the demo data has.
const DEMO_CLIENTS: usize = 60;

/// WHMCS's `datepaid` of an invoice that is not paid.
const NOT_PAID: &str = "0000-00-00 00:00:00";

/// Generates the WHMCS demo data as of `today`.
pub(crate) fn generate(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
) -> Result<(), DbError> {
    let clients = clients::clients(rng, DEMO_CLIENTS);
    let plan = Plan::demo(rng, today);
    let docs = documents::documents(rng, &clients, &plan);
    insert(conn, &clients, &docs)
}

/// Generates a large data set for benchmarks: `invoices` invoices spread evenly over the
/// `days` days ending `today`, one credit note per 15 invoices, and one client per 50
/// invoices (at least 60).
pub(crate) fn generate_bulk(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
    invoices: usize,
    days: u32,
) -> Result<(), DbError> {
    let clients = clients::clients(rng, (invoices / 50).max(DEMO_CLIENTS));
    let plan = Plan::bulk(today, invoices, days);
    let docs = documents::documents(rng, &clients, &plan);
    insert(conn, &clients, &docs)
}

/// Deletes the WHMCS data.
pub(crate) fn wipe(conn: &Connection) -> Result<(), DbError> {
    conn.execute_batch(
        "DELETE FROM whmcs_invoiceitems;
         DELETE FROM whmcs_invoices;
         DELETE FROM whmcs_customfieldsvalues;
         DELETE FROM whmcs_customfields;
         DELETE FROM whmcs_clients;",
    )?;
    Ok(())
}

/// Stores the clients and the documents; document `i` gets ID `i + 1`.
fn insert(conn: &Connection, clients: &[Client], docs: &[Doc]) -> Result<(), DbError> {
    let mut field =
        conn.prepare_cached("INSERT INTO whmcs_customfields (id, fieldname) VALUES (?1, ?2)")?;
    for (id, name) in data::CUSTOM_FIELDS {
        field.execute(params![id, name])?;
    }
    let mut client = conn.prepare_cached(
        "INSERT INTO whmcs_clients (id, firstname, lastname, companyname, email, address1,
            address2, city, state, postcode, country, phonenumber, currency, taxexempt,
            member_state, region, monetary_union, vies, moss)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19)",
    )?;
    let mut value = conn.prepare_cached(
        "INSERT INTO whmcs_customfieldsvalues (client_id, field_id, value) VALUES (?1, ?2, ?3)",
    )?;
    for c in clients {
        client.execute(params![
            c.id,
            c.firstname,
            c.lastname,
            c.companyname,
            c.email,
            c.address1,
            c.address2,
            c.city,
            c.state,
            c.postcode,
            c.country,
            c.phonenumber,
            c.currency,
            c.tax_exempt(),
            c.member_state,
            c.region,
            c.monetary_union,
            c.vies,
            c.moss,
        ])?;
        for ((field_id, _), v) in data::CUSTOM_FIELDS.iter().zip(&c.fields) {
            value.execute(params![c.id, field_id, v])?;
        }
    }
    let mut invoice = conn.prepare_cached(
        "INSERT INTO whmcs_invoices (id, client_id, type, num, status, date, duedate, datepaid,
            subtotal_cents, credit_cents, tax_cents, tax2_cents, taxrate_bp, taxrate2_bp,
            paymentmethod, ref_invoice_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    let mut item = conn.prepare_cached(
        "INSERT INTO whmcs_invoiceitems (id, invoice_id, type, relid, description,
            amount_cents, taxed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut item_id = 0i64;
    for (id, doc) in (1i64..).zip(docs) {
        let (tax, tax2) = doc.tax();
        let paid = doc
            .paid
            .map_or_else(|| NOT_PAID.to_owned(), crate::db::time::format);
        invoice.execute(params![
            id,
            clients[doc.client].id,
            if doc.credit_note {
                "CreditNote"
            } else {
                "Invoice"
            },
            doc.num,
            doc.status,
            doc.date.format("%Y-%m-%d").to_string(),
            doc.due.format("%Y-%m-%d").to_string(),
            paid,
            doc.subtotal(),
            doc.credit,
            tax,
            tax2,
            doc.taxes.0,
            doc.taxes.1,
            doc.gateway,
            doc.credits,
        ])?;
        for line in &doc.items {
            item_id += 1;
            item.execute(params![
                item_id,
                id,
                line.kind,
                line.relid,
                line.description,
                line.amount,
                line.taxed,
            ])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
