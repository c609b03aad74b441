//! The rendering of the demo data, checked against the shared model and the vendor's rules.

use super::{Filter, Query};
use super::{query, render};
use crate::db::{Db, Location};
use crate::seed;
use dckit_contracts::keywords::Selection;
use dckit_contracts::model::webservice::{WsDocType, WsDocuments};
use serde_json::Value;

async fn demo_store() -> Db {
    let store = Db::open(&Location::Memory).unwrap();
    store
        .write(|conn| seed::generate(conn, 42, "2019-06-15".parse().unwrap()))
        .await
        .unwrap();
    store
}

fn all(doctype: Option<WsDocType>) -> Query {
    Query {
        filter: Filter::Dates(Selection::All),
        doctype,
    }
}

/// Every string in `value`, with its JSON pointer.
fn strings(value: &Value, pointer: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) => out.push((pointer, s.clone())),
        Value::Object(map) => {
            for (k, v) in map {
                strings(v, format!("{pointer}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                strings(v, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_answer_is_the_shared_model_byte_for_byte() {
    let store = demo_store().await;
    for doctype in [None, Some(WsDocType::Invoice), Some(WsDocType::CreditNote)] {
        let found = query::fetch(&store, all(doctype)).await.unwrap();
        let bytes = render::documents(&found).unwrap();
        let model = serde_json::to_vec(&render::model(&found)).unwrap();
        assert!(
            bytes == model,
            "{doctype:?}: spliced answer differs from the model's"
        );
        let parsed: WsDocuments = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(parsed.0.len(), found.docs.len());
        assert!(
            parsed
                .0
                .values()
                .all(|d| doctype.is_none_or(|t| d.doc_data.doc_type == t))
        );
    }
}

#[tokio::test]
async fn strings_are_trimmed_amounts_have_two_decimals_and_ids_ascend() {
    let store = demo_store().await;
    let found = query::fetch(&store, all(None)).await.unwrap();
    let bytes = render::documents(&found).unwrap();
    let value: Value = serde_json::from_slice(&bytes).unwrap();
    let mut all = Vec::new();
    strings(&value, String::new(), &mut all);
    for (pointer, text) in &all {
        assert_eq!(text.trim(), text, "{pointer} is not trimmed");
        let field = pointer.rsplit('/').next().unwrap_or_default();
        if [
            "Subtotal", "Credit", "Tax", "Tax2", "TaxRate", "TaxRate2", "Amount",
        ]
        .contains(&field)
        {
            assert!(is_amount(text), "{pointer} = {text:?}");
        }
    }
    let ids: Vec<i64> = value
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.parse().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "IDs out of order");
    // Stray spaces stored in the demo data (they exist) are gone from the answer.
    let stored_untrimmed = found
        .clients
        .values()
        .any(|c| c.text.iter().any(|s| s.trim() != s))
        || found.docs.iter().any(|d| {
            d.items
                .iter()
                .any(|i| i.description.trim() != i.description)
        });
    assert!(stored_untrimmed, "the demo data should exercise trimming");
}

#[tokio::test]
async fn nothing_found_is_an_empty_array_as_php_writes_it() {
    let store = Db::open(&Location::Memory).unwrap();
    let found = query::fetch(&store, all(None)).await.unwrap();
    assert_eq!(render::documents(&found).unwrap(), b"[]");
}

/// Whether `text` is `-?digits.dd`.
fn is_amount(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    match digits.split_once('.') {
        Some((whole, cents)) => {
            !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && cents.len() == 2
                && cents.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}
