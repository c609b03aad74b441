//! The Billing Extension WebService for WHMCS (`contracts/openapi/webservice.yaml`): the form request, the success
//! map of documents and the WHMCS-style error.
//!
//! Field names follow the vendor's table (`seeds/004_dc894d44d700677e.txt`) and the sample
//! response in the vendor's public repository (Katamaze/WHMCS-Electronic-Invoicing-Web-Service,
//! README), which settles the seed's two gaps: its row "ClientData | ClientData | Nome" is
//! `Firstname`, and its empty row is `Email`. Value types, as in the vendor's sample:
//! * every scalar is a string, trimmed; amounts and rates ([`Money2`]) have 2 decimals and a
//!   dot (seed: "2 cifre decimale. Punto come separatore decimale");
//! * `TaxExempt` is the string `"1"` or `"0"` (seed: “1“ esente / “0“ non esente);
//! * the item's `Taxed` is the string `"1"` or `"0"` too (the sample writes `"Taxed": "1"`,
//!   although the table says "true/false"), while `MonetaryUnion`, `VIES` and `MOSS` are JSON
//!   booleans. Reading accepts `true`/`false`, `"true"`/`"false"`, `"1"`/`"0"` and `1`/`0` for
//!   all four, which PHP code emits for the same flags;
//! * `Date`/`DueDate` are `YYYY-MM-DD`, `DatePaid` is `YYYY-MM-DD hh:mm:ss`, kept as strings
//!   because WHMCS writes `0000-00-00 00:00:00` for an unpaid invoice.
//!
//! Maps keyed by id (the documents, `CustomFields`, `Items`) keep their order. PHP encodes an
//! empty map as `[]`: reading accepts `[]` and `{}`, writing always gives `{}`.

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize};

use crate::errors::CatalogueError;
use crate::model::money::Money2;
use crate::model::wire_enum;

mod php;

use php::{flag, flag_string, map_or_empty_list};

/// The form fields of a request (`application/x-www-form-urlencoded`), all as sent, so the
/// server can answer each wrong one with its catalogue error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WsForm {
    /// The WebService token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The web service: `einvoice`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ws: Option<String>,
    /// The action: `Get`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// `YYYY-MM-DD`, a whole number of days, or a date keyword.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// `YYYY-MM-DD`, only with a date `start`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// One document by number (overrides `start`/`end`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoicenum: Option<String>,
    /// One document by id, a whole number (overrides `start`/`end`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoiceid: Option<String>,
    /// `Invoice`, `CreditNote` (or `Invoices`), empty for both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doctype: Option<String>,
}

/// The success answer: documents keyed by document ID (`DocData.ID`), in the order the server
/// put them (the mock: ascending numeric ID).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct WsDocuments(pub IndexMap<String, WsDocument>);

impl<'de> Deserialize<'de> for WsDocuments {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        map_or_empty_list(deserializer).map(WsDocuments)
    }
}

/// One document: the client's invoice snapshot and the document's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WsDocument {
    /// Who the document is for (from the invoice snapshot).
    #[serde(rename = "ClientData")]
    pub client_data: WsClientData,
    /// The document itself.
    #[serde(rename = "DocData")]
    pub doc_data: WsDocData,
}

/// `ClientData`: the client as snapshotted on the invoice. Every scalar is a trimmed string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WsClientData {
    /// `tblclients.id`.
    #[serde(rename = "UserID")]
    pub user_id: String,
    /// First name (the seed's "ClientData | ClientData | Nome" row).
    #[serde(rename = "Firstname")]
    pub first_name: String,
    /// Last name (the seed writes "Lastname").
    #[serde(rename = "Lastname")]
    pub last_name: String,
    /// `Firstname Lastname`.
    #[serde(rename = "ClientName")]
    pub client_name: String,
    /// Company name, may be empty.
    #[serde(rename = "CompanyName")]
    pub company_name: String,
    /// E-mail address (the seed's empty row).
    #[serde(rename = "Email")]
    pub email: String,
    /// Address line 1.
    #[serde(rename = "Address1")]
    pub address1: String,
    /// Address line 2.
    #[serde(rename = "Address2")]
    pub address2: String,
    /// City.
    #[serde(rename = "City")]
    pub city: String,
    /// State, region or province.
    #[serde(rename = "State")]
    pub state: String,
    /// Postcode.
    #[serde(rename = "PostCode")]
    pub post_code: String,
    /// ISO 3166 two-letter country code.
    #[serde(rename = "Country")]
    pub country: String,
    /// Phone number.
    #[serde(rename = "PhoneNumber")]
    pub phone_number: String,
    /// The client's currency id (a string, e.g. `"1"`).
    #[serde(rename = "Currency")]
    pub currency: String,
    /// `"1"` tax exempt, `"0"` not.
    #[serde(rename = "TaxExempt")]
    pub tax_exempt: String,
    /// Custom fields keyed by field id.
    #[serde(rename = "CustomFields", deserialize_with = "map_or_empty_list")]
    pub custom_fields: IndexMap<String, WsCustomField>,
    /// Where the client stands towards the EU.
    #[serde(rename = "Europe")]
    pub europe: WsEurope,
}

/// One client custom field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WsCustomField {
    /// `tblcustomfields.id`, the same as its key.
    pub id: String,
    /// Its name (e.g. `VAT Number`).
    pub fieldname: String,
    /// Its value for this client.
    pub value: String,
}

/// `ClientData.Europe`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WsEurope {
    /// ISO two-letter member state code (empty outside the EU).
    #[serde(rename = "MemberState")]
    pub member_state: String,
    /// Mostly `"Europe"`; outermost regions have their own (`"South-America"`, `"Africa"`…).
    #[serde(rename = "Region")]
    pub region: String,
    /// In the euro area.
    #[serde(rename = "MonetaryUnion", deserialize_with = "flag")]
    pub monetary_union: bool,
    /// An intra-EU business registered in VIES.
    #[serde(rename = "VIES", deserialize_with = "flag")]
    pub vies: bool,
    /// Under the MOSS scheme.
    #[serde(rename = "MOSS", deserialize_with = "flag")]
    pub moss: bool,
}

wire_enum! {
    /// `DocData.Type`, and the `doctype` filter's canonical values.
    pub enum WsDocType {
        /// An invoice.
        Invoice = "Invoice",
        /// A credit note.
        CreditNote = "CreditNote",
    }
}

/// `DocData`: the document. Every scalar is a string; amounts and rates have 2 decimals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WsDocData {
    /// Invoice or credit note.
    #[serde(rename = "Type")]
    pub doc_type: WsDocType,
    /// `tblinvoices.id`, the same as the document's key.
    #[serde(rename = "ID")]
    pub id: String,
    /// The document number (e.g. `2019-150`).
    #[serde(rename = "Num")]
    pub num: String,
    /// `Paid`, `Unpaid`, `Draft`, `Cancelled`, `Refunded`…
    #[serde(rename = "Status")]
    pub status: String,
    /// `YYYY-MM-DD`.
    #[serde(rename = "Date")]
    pub date: String,
    /// `YYYY-MM-DD`.
    #[serde(rename = "DueDate")]
    pub due_date: String,
    /// `YYYY-MM-DD hh:mm:ss`; `0000-00-00 00:00:00` when unpaid.
    #[serde(rename = "DatePaid")]
    pub date_paid: String,
    /// Subtotal.
    #[serde(rename = "Subtotal")]
    pub subtotal: Money2,
    /// Credit applied.
    #[serde(rename = "Credit")]
    pub credit: Money2,
    /// Level 1 tax.
    #[serde(rename = "Tax")]
    pub tax: Money2,
    /// Level 2 tax.
    #[serde(rename = "Tax2")]
    pub tax2: Money2,
    /// Level 1 tax rate, percent.
    #[serde(rename = "TaxRate")]
    pub tax_rate: Money2,
    /// Level 2 tax rate, percent.
    #[serde(rename = "TaxRate2")]
    pub tax_rate2: Money2,
    /// Payment gateway (e.g. `paypal`).
    #[serde(rename = "PaymentMethod")]
    pub payment_method: String,
    /// The total; not in the seed's table, so optional and left out when absent.
    #[serde(rename = "Total", default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Money2>,
    /// Invoice items keyed by item id.
    #[serde(rename = "Items", deserialize_with = "map_or_empty_list")]
    pub items: IndexMap<String, WsItem>,
}

/// One invoice item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WsItem {
    /// `tblinvoiceitems.id`, the same as its key.
    #[serde(rename = "ID")]
    pub id: String,
    /// `Setup`, `Hosting`, `Domain`, `Upgrade`, `Item`, `Addon`, `PromoHosting`,
    /// `DomainGraceFee`, `LateFee`…
    #[serde(rename = "Type")]
    pub item_type: String,
    /// The related product, domain, add-on… id (may be `"0"`).
    #[serde(rename = "RelID")]
    pub rel_id: String,
    /// Description.
    #[serde(rename = "Description")]
    pub description: String,
    /// Amount.
    #[serde(rename = "Amount")]
    pub amount: Money2,
    /// Whether the item is taxed; written `"1"` or `"0"`.
    #[serde(
        rename = "Taxed",
        deserialize_with = "flag",
        serialize_with = "flag_string"
    )]
    pub taxed: bool,
}

wire_enum! {
    /// The `result` of a WebService error: always `"error"`.
    pub enum WsResult {
        /// An error.
        Error = "error",
    }
}

/// `{"result":"error","message":…}`, answered with HTTP 200 (WHMCS style).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WsError {
    /// Always `"error"`.
    pub result: WsResult,
    /// The catalogue message.
    pub message: String,
}

impl WsError {
    /// The error body for a catalogue error.
    pub fn from_catalogue(error: &CatalogueError) -> Self {
        WsError {
            result: WsResult::Error,
            message: error.message.clone(),
        }
    }
}

impl From<&CatalogueError> for WsError {
    fn from(error: &CatalogueError) -> Self {
        WsError::from_catalogue(error)
    }
}

/// Either answer of the WebService (both HTTP 200): what a client parses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WsResponse {
    /// `{"result":"error", …}`.
    Error(WsError),
    /// The documents found.
    Documents(WsDocuments),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::ErrorCode;
    use crate::model::testing::{assert_refused, assert_round_trip};
    use serde_json::{Value, json};

    fn client() -> Value {
        json!({"UserID": "7", "Firstname": "Jack", "Lastname": "Black", "ClientName": "Jack Black",
            "CompanyName": "Black Hosting S.r.l.", "Email": "jack@example.com", "Address1": "Via Roma 1",
            "Address2": "", "City": "Roma", "State": "RM", "PostCode": "00184", "Country": "IT",
            "PhoneNumber": "+39.061234567", "Currency": "1", "TaxExempt": "0",
            "CustomFields": {"3": {"id": "3", "fieldname": "VAT Number", "value": "IT01234567897"}},
            "Europe": {"MemberState": "IT", "Region": "Europe", "MonetaryUnion": true, "VIES": true, "MOSS": false}})
    }

    fn doc(id: &str, doc_type: &str) -> Value {
        json!({"Type": doc_type, "ID": id, "Num": format!("2019-{id}"), "Status": "Paid", "Date": "2019-06-14",
            "DueDate": "2019-06-28", "DatePaid": "2019-06-14 10:22:05", "Subtotal": "100.00", "Credit": "0.00",
            "Tax": "22.00", "Tax2": "0.00", "TaxRate": "22.00", "TaxRate2": "0.00", "PaymentMethod": "paypal",
            "Items": {"301": {"ID": "301", "Type": "Hosting", "RelID": "12", "Description": "Hosting Pro (15/06/2019 - 14/07/2019)",
                              "Amount": "90.00", "Taxed": "1"},
                      "302": {"ID": "302", "Type": "DomainGraceFee", "RelID": "0", "Description": "Grace fee",
                              "Amount": "10.00", "Taxed": "0"}}})
    }

    #[test]
    fn documents_round_trip_in_order() {
        let mut with_total = doc("150", "CreditNote");
        let items = with_total
            .as_object_mut()
            .unwrap()
            .shift_remove("Items")
            .unwrap();
        with_total["Total"] = json!("-122.00");
        with_total["Items"] = items;
        let text = serde_json::to_string(&json!({
            "149": {"ClientData": client(), "DocData": doc("149", "Invoice")},
            "150": {"ClientData": client(), "DocData": with_total},
            "2": {"ClientData": client(), "DocData": doc("2", "Invoice")}}))
        .unwrap();
        let docs: WsDocuments = serde_json::from_str(&text).unwrap();
        assert_eq!(
            docs.0.keys().collect::<Vec<_>>(),
            ["149", "150", "2"],
            "insertion order is kept"
        );
        assert_eq!(
            serde_json::to_string(&docs).unwrap(),
            text,
            "written back byte for byte"
        );
        assert_eq!(
            docs.0["150"]
                .doc_data
                .total
                .map(|t| t.to_string())
                .as_deref(),
            Some("-122.00")
        );
        assert_eq!(docs.0["149"].doc_data.total, None);
        assert_round_trip::<WsResponse>(
            "documents as a response",
            &serde_json::from_str(&text).unwrap(),
        );
    }

    #[test]
    fn php_encodings_are_read() {
        let mut c = client();
        c["CustomFields"] = json!([]);
        c["Europe"] = json!({"MemberState": "", "Region": "", "MonetaryUnion": "false", "VIES": "0", "MOSS": 1});
        let mut d = doc("5", "Invoice");
        d["Items"] = json!([]);
        d["Items"] = json!({"9": {"ID": "9", "Type": "Item", "RelID": "0", "Description": "x", "Amount": "1.00", "Taxed": "1"}});
        let docs: WsDocuments =
            serde_json::from_value(json!({"5": {"ClientData": c, "DocData": d}})).unwrap();
        let read = &docs.0["5"];
        assert!(read.client_data.custom_fields.is_empty());
        let e = &read.client_data.europe;
        assert_eq!((e.monetary_union, e.vies, e.moss), (false, false, true));
        assert!(read.doc_data.items["9"].taxed);
        let back = serde_json::to_value(&docs).unwrap();
        assert_eq!(back["5"]["ClientData"]["CustomFields"], json!({}));
        assert_eq!(back["5"]["ClientData"]["Europe"]["MOSS"], json!(true));
        let empty: WsDocuments = serde_json::from_value(json!([])).unwrap();
        assert_eq!(serde_json::to_value(&empty).unwrap(), json!({}));
    }

    #[test]
    fn wrong_shapes_are_refused() {
        let with = |path: &[&str], value: Value| {
            let mut d = json!({"1": {"ClientData": client(), "DocData": doc("1", "Invoice")}});
            let mut at = &mut d["1"];
            for p in &path[..path.len() - 1] {
                at = &mut at[*p];
            }
            at[path[path.len() - 1]] = value;
            d
        };
        let cases = [
            (
                "non-empty list of items",
                with(&["DocData", "Items"], json!([{"ID": "1"}])),
            ),
            (
                "flag yes",
                with(&["ClientData", "Europe", "VIES"], json!("yes")),
            ),
            ("flag 2", with(&["ClientData", "Europe", "MOSS"], json!(2))),
            ("doc type", with(&["DocData", "Type"], json!("Invoices"))),
            (
                "amount with comma",
                with(&["DocData", "Subtotal"], json!("100,00")),
            ),
            ("missing email", {
                let mut d = with(&["DocData", "Num"], json!("x"));
                d["1"]["ClientData"]
                    .as_object_mut()
                    .unwrap()
                    .shift_remove("Email");
                d
            }),
        ];
        for (name, json) in &cases {
            assert_refused::<WsDocuments>(name, json);
        }
    }

    #[test]
    fn errors_and_forms() {
        let err = WsError::from_catalogue(&ErrorCode::WsInvoiceidInvalid.with(&[("value", "abc")]));
        let json = json!({"result": "error", "message": "Invalid invoiceid \"abc\": it must be a whole number."});
        assert_eq!(serde_json::to_value(&err).unwrap(), json);
        let response = assert_round_trip::<WsResponse>("error response", &json);
        assert!(matches!(response, WsResponse::Error(_)));
        assert_refused::<WsError>("result", &json!({"result": "success", "message": "x"}));
        assert_round_trip::<WsForm>(
            "form",
            &json!({"token": "t0k3n", "ws": "einvoice", "action": "Get",
            "start": "Last 7 days", "doctype": "Invoice"}),
        );
        assert_round_trip::<WsForm>("empty form", &json!({}));
    }
}
