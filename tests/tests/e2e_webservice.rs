//! The WebService screen end to end against a live `MockServer` (frozen on
//! 2026-02-15T10:31:07+01:00): query month to date, export the result as CSV, and compare the
//! file cell by cell with what the server's JSON says; then a query the service refuses shows
//! its own message, and a query for an empty range shows no document.

mod support;

use serde_json::Value;
use support::{Console, TIMEOUT};

const PATH: &str =
    "/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php";

/// The server's JSON for a `Get` with these fields.
async fn served(c: &Console, fields: &[(&str, &str)]) -> Value {
    let token = c.server().webservice_token();
    let mut form = vec![
        ("ws", "einvoice"),
        ("action", "Get"),
        ("token", token.as_str()),
    ];
    form.extend_from_slice(fields);
    reqwest::Client::new()
        .post(format!("{}{PATH}", c.server().base_url()))
        .form(&form)
        .timeout(TIMEOUT)
        .send()
        .await
        .expect("the WebService answers")
        .json()
        .await
        .expect("JSON")
}

/// RFC 4180 records: fields split on commas, quoted fields with doubled quotes and line
/// breaks inside, records ended by CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = vec![];
    let mut record = vec![];
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR only before LF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

/// A scalar of the server's JSON as text.
fn s(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => (if *b { "1" } else { "0" }).to_owned(),
        other => other.to_string(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_export_and_compare_cell_by_cell_then_errors_and_empty() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut c = Console::start(120, 40).await;
    c.press("7").await;
    c.wait_for_text(" documents ").await;
    let json = served(&c, &[("start", "Month to date")]).await;
    let docs = json.as_object().expect("documents keyed by id");
    assert!(
        docs.len() >= 2,
        "the seed has documents this month: {}",
        docs.len()
    );
    assert!(
        c.screen().contains(&format!("· {} documents", docs.len())),
        "{}",
        c.screen()
    );

    let path = dir.path().join("ws.csv");
    c.press("x").await;
    c.press("ctrl-u").await;
    c.type_text(&path.display().to_string()).await;
    c.press("enter").await;
    c.wait_for_text("Saved: ").await;
    c.press("enter").await;
    let text = std::fs::read_to_string(&path).expect("the export");
    let records = parse_csv(&text);
    let header = &records[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let mut expected: Vec<Vec<(&str, String)>> = vec![];
    for (id, doc) in docs {
        let (client, data) = (&doc["ClientData"], &doc["DocData"]);
        let vat = client["CustomFields"]
            .as_object()
            .and_then(|fields| {
                fields.values().find(|f| {
                    let name = s(&f["fieldname"]).to_lowercase();
                    name.contains("vat") || name.contains("iva")
                })
            })
            .map_or_else(String::new, |f| s(&f["value"]));
        let head = vec![
            ("DocType", s(&data["Type"])),
            ("DocID", id.clone()),
            ("DocNum", s(&data["Num"])),
            ("Status", s(&data["Status"])),
            ("Date", s(&data["Date"])),
            ("DueDate", s(&data["DueDate"])),
            ("DatePaid", s(&data["DatePaid"])),
            ("Subtotal", s(&data["Subtotal"])),
            ("Credit", s(&data["Credit"])),
            ("Tax", s(&data["Tax"])),
            ("Tax2", s(&data["Tax2"])),
            ("TaxRate", s(&data["TaxRate"])),
            ("TaxRate2", s(&data["TaxRate2"])),
            ("Total", s(&data["Total"])),
            ("PaymentMethod", s(&data["PaymentMethod"])),
            ("UserID", s(&client["UserID"])),
            ("CompanyName", s(&client["CompanyName"])),
            ("ClientName", s(&client["ClientName"])),
            ("Email", s(&client["Email"])),
            ("Address1", s(&client["Address1"])),
            ("Address2", s(&client["Address2"])),
            ("City", s(&client["City"])),
            ("State", s(&client["State"])),
            ("PostCode", s(&client["PostCode"])),
            ("Country", s(&client["Country"])),
            ("VATNumber", vat),
        ];
        let items = data["Items"].as_object().cloned().unwrap_or_default();
        if items.is_empty() {
            let mut row = head.clone();
            for name in [
                "ItemID",
                "ItemType",
                "ItemDescription",
                "ItemAmount",
                "ItemTaxed",
            ] {
                row.push((name, String::new()));
            }
            expected.push(row);
        }
        for (item_id, item) in &items {
            let mut row = head.clone();
            row.extend([
                ("ItemID", item_id.clone()),
                ("ItemType", s(&item["Type"])),
                ("ItemDescription", s(&item["Description"])),
                ("ItemAmount", s(&item["Amount"])),
                ("ItemTaxed", s(&item["Taxed"])),
            ]);
            expected.push(row);
        }
    }
    assert_eq!(
        records.len() - 1,
        expected.len(),
        "one row per item (or per document without items)"
    );
    let items: usize = docs
        .values()
        .map(|d| d["DocData"]["Items"].as_object().map_or(0, |i| i.len()))
        .sum();
    assert!(items > docs.len(), "some documents have several items");
    for (n, (got, want)) in records[1..].iter().zip(&expected).enumerate() {
        assert_eq!(
            got.len(),
            header.len(),
            "row {n}: as many cells as the header"
        );
        for (name, value) in want {
            assert_eq!(&got[col(name)], value, "row {n}, column {name}");
        }
    }

    // A start the service refuses: its message as is, in the screen.
    c.press("f").await;
    c.press("right").await;
    c.press("tab").await;
    c.type_text("domani").await;
    c.press("enter").await;
    c.wait_for_text("Invalid start \"domani\"").await;
    let refused = served(&c, &[("start", "domani")]).await;
    let message = refused["message"].as_str().expect("an error message");
    assert!(message.starts_with("Invalid start \"domani\""), "{message}");

    // A range without documents: the mock answers [] and the screen says so.
    c.press("f").await;
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text("2030-01-01").await;
    c.press("enter").await;
    c.wait_for_text("No document matches the query").await;
    assert_eq!(
        served(&c, &[("start", "2030-01-01")]).await,
        Value::Array(vec![])
    );
}
