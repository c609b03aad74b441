//! The answers' bytes: the documents in the shared model's shape
//! ([`dckit_contracts::model::webservice`]), or a WHMCS-style error.
//!
//! Every string is trimmed; amounts and rates are written with 2 decimals from integer cents
//! (never through a float); documents, custom fields and items come in ascending ID order.
//! The `ClientData` of a client is built and serialized once per answer and reused for each
//! of its documents, which keeps large answers fast; the bytes are exactly those of
//! serializing the whole [`WsDocuments`] map (a test checks it).

use super::query::{ClientRow, DocRow, Found};
use dckit_contracts::model::money::Money2;
use dckit_contracts::model::webservice::{
    WsClientData, WsCustomField, WsDocData, WsEurope, WsItem,
};
#[cfg(test)]
use dckit_contracts::model::webservice::{WsDocument, WsDocuments};
use indexmap::IndexMap;
use std::collections::HashMap;

/// The JSON body of a success: `[]` when nothing was found, as PHP's `json_encode` writes
/// the empty array Billing Extension builds its result in.
pub(super) fn documents(found: &Found) -> Result<Vec<u8>, serde_json::Error> {
    if found.docs.is_empty() {
        return Ok(b"[]".to_vec());
    }
    let mut clients: HashMap<i64, Vec<u8>> = HashMap::with_capacity(found.clients.len());
    let mut out = Vec::with_capacity(found.docs.len() * 2048 + 2);
    out.push(b'{');
    for (n, doc) in found.docs.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, &doc.id.to_string())?;
        out.extend_from_slice(br#":{"ClientData":"#);
        let client = match clients.get(&doc.client_id) {
            Some(bytes) => bytes,
            None => {
                let data = client_data(doc.client_id, found.clients.get(&doc.client_id));
                let bytes = serde_json::to_vec(&data)?;
                clients.entry(doc.client_id).or_insert(bytes)
            }
        };
        out.extend_from_slice(client);
        out.extend_from_slice(br#","DocData":"#);
        serde_json::to_writer(&mut out, &doc_data(doc))?;
        out.push(b'}');
    }
    out.push(b'}');
    Ok(out)
}

/// The whole answer as the shared model, for tests that compare the bytes.
#[cfg(test)]
pub(super) fn model(found: &Found) -> WsDocuments {
    WsDocuments(
        found
            .docs
            .iter()
            .map(|doc| {
                let document = WsDocument {
                    client_data: client_data(doc.client_id, found.clients.get(&doc.client_id)),
                    doc_data: doc_data(doc),
                };
                (doc.id.to_string(), document)
            })
            .collect(),
    )
}

/// A trimmed copy.
fn t(text: &str) -> String {
    text.trim().to_owned()
}

/// Cents (or hundredths of a percent) as a 2-decimal amount.
fn money(hundredths: i64) -> Money2 {
    Money2::from_cents(hundredths)
}

/// `ClientData` of a client; a client missing from the store (which its foreign key
/// prevents) is rendered with its ID and empty fields rather than failing the answer.
fn client_data(id: i64, client: Option<&ClientRow>) -> WsClientData {
    let empty: [String; 13] = Default::default();
    let text = client.map_or(&empty, |c| &c.text);
    let [
        first,
        last,
        company,
        email,
        address1,
        address2,
        city,
        state,
        postcode,
        country,
        phone,
        member_state,
        region,
    ] = text;
    let (first, last) = (t(first), t(last));
    let client_name = format!("{first} {last}").trim().to_owned();
    let custom_fields: IndexMap<String, WsCustomField> = client
        .map(|c| c.custom_fields.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|(id, name, value)| {
            let field = WsCustomField {
                id: id.to_string(),
                fieldname: t(name),
                value: t(value),
            };
            (id.to_string(), field)
        })
        .collect();
    WsClientData {
        user_id: id.to_string(),
        first_name: first,
        last_name: last,
        client_name,
        company_name: t(company),
        email: t(email),
        address1: t(address1),
        address2: t(address2),
        city: t(city),
        state: t(state),
        post_code: t(postcode),
        country: t(country),
        phone_number: t(phone),
        currency: client.map_or(1, |c| c.currency).to_string(),
        tax_exempt: if client.is_some_and(|c| c.tax_exempt) {
            "1"
        } else {
            "0"
        }
        .to_owned(),
        custom_fields,
        europe: WsEurope {
            member_state: t(member_state),
            region: t(region),
            monetary_union: client.is_some_and(|c| c.monetary_union),
            vies: client.is_some_and(|c| c.vies),
            moss: client.is_some_and(|c| c.moss),
        },
    }
}

/// `DocData` of a document.
fn doc_data(doc: &DocRow) -> WsDocData {
    WsDocData {
        doc_type: doc.doc_type,
        id: doc.id.to_string(),
        num: t(&doc.num),
        status: t(&doc.status),
        date: t(&doc.date),
        due_date: t(&doc.due_date),
        date_paid: t(&doc.date_paid),
        subtotal: money(doc.subtotal),
        credit: money(doc.credit),
        tax: money(doc.tax),
        tax2: money(doc.tax2),
        tax_rate: money(doc.tax_rate),
        tax_rate2: money(doc.tax_rate2),
        payment_method: t(&doc.payment_method),
        total: None,
        items: doc
            .items
            .iter()
            .map(|item| {
                let line = WsItem {
                    id: item.id.to_string(),
                    item_type: t(&item.item_type),
                    rel_id: item.rel_id.to_string(),
                    description: t(&item.description),
                    amount: money(item.amount),
                    taxed: item.taxed,
                };
                (item.id.to_string(), line)
            })
            .collect(),
    }
}
