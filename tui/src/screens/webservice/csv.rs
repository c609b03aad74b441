//! The result as CSV (RFC 4180): one row per item, the document's and the client's columns
//! repeated on each; a document without items is one row with the item columns empty.
//! Amounts are written as the service sent them (dot, 2 decimals), so a spreadsheet or a
//! program reads them back exactly.

use dckit_contracts::model::webservice::WsDocument;

/// The header row's names.
pub const HEADER: [&str; 31] = [
    "DocType",
    "DocID",
    "DocNum",
    "Status",
    "Date",
    "DueDate",
    "DatePaid",
    "Subtotal",
    "Credit",
    "Tax",
    "Tax2",
    "TaxRate",
    "TaxRate2",
    "Total",
    "PaymentMethod",
    "UserID",
    "CompanyName",
    "ClientName",
    "Email",
    "Address1",
    "Address2",
    "City",
    "State",
    "PostCode",
    "Country",
    "VATNumber",
    "ItemID",
    "ItemType",
    "ItemDescription",
    "ItemAmount",
    "ItemTaxed",
];

/// One field, quoted when it holds a comma, a quote, a line break or leading/trailing blanks
/// (quotes doubled inside).
pub(crate) fn field(text: &str) -> String {
    let needs = text.contains([',', '"', '\n', '\r'])
        || text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace);
    if needs {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The client's VAT number: the custom field named like one (`VAT Number`, `Partita IVA`…),
/// else empty.
pub(crate) fn vat_number(doc: &WsDocument) -> &str {
    doc.client_data
        .custom_fields
        .values()
        .find(|f| {
            let name = f.fieldname.to_lowercase();
            name.contains("vat") || name.contains("iva")
        })
        .map_or("", |f| f.value.as_str())
}

/// The documents as CSV text, lines ended by CRLF.
pub fn csv(docs: &[WsDocument]) -> String {
    let mut out = String::new();
    let mut line = |cells: &[&str]| {
        let row: Vec<String> = cells.iter().map(|c| field(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    };
    line(&HEADER);
    for doc in docs {
        let (c, d) = (&doc.client_data, &doc.doc_data);
        let money = [
            d.subtotal.to_string(),
            d.credit.to_string(),
            d.tax.to_string(),
            d.tax2.to_string(),
            d.tax_rate.to_string(),
            d.tax_rate2.to_string(),
            d.total.map(|t| t.to_string()).unwrap_or_default(),
        ];
        let head: Vec<&str> = [
            d.doc_type.as_str(),
            d.id.as_str(),
            d.num.as_str(),
            d.status.as_str(),
            d.date.as_str(),
            d.due_date.as_str(),
            d.date_paid.as_str(),
        ]
        .into_iter()
        .chain(money.iter().map(String::as_str))
        .chain([
            d.payment_method.as_str(),
            c.user_id.as_str(),
            c.company_name.as_str(),
            c.client_name.as_str(),
            c.email.as_str(),
            c.address1.as_str(),
            c.address2.as_str(),
            c.city.as_str(),
            c.state.as_str(),
            c.post_code.as_str(),
            c.country.as_str(),
            vat_number(doc),
        ])
        .collect();
        if d.items.is_empty() {
            let mut cells = head.clone();
            cells.extend(["", "", "", "", ""]);
            line(&cells);
        }
        for item in d.items.values() {
            let amount = item.amount.to_string();
            let mut cells = head.clone();
            cells.extend([
                item.id.as_str(),
                item.item_type.as_str(),
                item.description.as_str(),
                amount.as_str(),
                if item.taxed { "1" } else { "0" },
            ]);
            line(&cells);
        }
    }
    out
}
