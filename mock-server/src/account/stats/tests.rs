//! The statistics query: its checks in order, and the three-month boundary.

use super::*;

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The refusal's message, or `ok from..to`.
fn outcome(query: &str) -> String {
    match parse_query(query) {
        Ok(q) => format!("ok {}..{}", q.from, q.to),
        Err(Error::Refused(e)) => e.message,
        Err(Error::Db(e)) => panic!("{e}"),
    }
}

#[test]
fn three_months_are_calendar_months_to_the_same_day() {
    let cases = [
        ("2026-01-01", "2026-04-01"),
        ("2025-11-15", "2026-02-15"),
        ("2025-11-30", "2026-02-28"),
        ("2023-11-30", "2024-02-29"),
        ("2026-01-31", "2026-04-30"),
        ("2026-12-31", "2027-03-31"),
    ];
    for (from, limit) in cases {
        assert_eq!(latest_to(d(from)), Some(d(limit)), "{from}");
    }
}

#[test]
fn queries_are_checked_in_order() {
    let cases = [
        (
            "device=dev-1&from=2026-01-01&to=2026-04-01",
            "ok 2026-01-01..2026-04-01",
        ),
        (
            "store=store-2&from=2026-02-15&to=2026-02-15",
            "ok 2026-02-15..2026-02-15",
        ),
        // An empty target counts as absent; unknown parameters are ignored.
        (
            "device=&store=store-1&from=2026-02-01&to=2026-02-02&x=1",
            "ok 2026-02-01..2026-02-02",
        ),
        // Exactly one target.
        (
            "from=2026-01-01&to=2026-01-02",
            "Statistics need exactly one of device=ID or store=ID.",
        ),
        (
            "device=dev-1&store=store-1&from=2026-01-01&to=2026-01-02",
            "Statistics need exactly one of device=ID or store=ID.",
        ),
        (
            "device=dev-1&device=dev-2&from=2026-01-01&to=2026-01-02",
            "Statistics need exactly one of device=ID or store=ID.",
        ),
        // Days strictly as YYYY-MM-DD.
        (
            "device=dev-1&to=2026-01-02",
            r#"Invalid from "": use a date as YYYY-MM-DD."#,
        ),
        (
            "device=dev-1&from=2026-02-30&to=2026-03-01",
            r#"Invalid from "2026-02-30": use a date as YYYY-MM-DD."#,
        ),
        (
            "device=dev-1&from=2026-2-1&to=2026-03-01",
            r#"Invalid from "2026-2-1": use a date as YYYY-MM-DD."#,
        ),
        (
            "device=dev-1&from=2026-02-01&to=01/03/2026",
            r#"Invalid to "01/03/2026": use a date as YYYY-MM-DD."#,
        ),
        (
            "device=dev-1&from=2026-02-01&to=%202026-03-01",
            r#"Invalid to " 2026-03-01": use a date as YYYY-MM-DD."#,
        ),
        // Not inverted.
        (
            "store=store-1&from=2026-02-01&to=2026-01-31",
            "Invalid range: to 2026-01-31 is before from 2026-02-01.",
        ),
        // At most three months: the day after the limit is refused, with the limit named.
        (
            "store=store-1&from=2026-01-01&to=2026-04-02",
            "The range 2026-01-01 to 2026-04-02 is longer than three months: statistics starting on 2026-01-01 can end on 2026-04-01 at the latest.",
        ),
        (
            "store=store-1&from=2025-11-30&to=2026-03-01",
            "The range 2025-11-30 to 2026-03-01 is longer than three months: statistics starting on 2025-11-30 can end on 2026-02-28 at the latest.",
        ),
        (
            "store=store-1&from=2025-11-30&to=2026-02-28",
            "ok 2025-11-30..2026-02-28",
        ),
        // The target's existence is checked later, against the store.
        (
            "device=printer-1&from=2026-01-01&to=2026-01-02",
            "ok 2026-01-01..2026-01-02",
        ),
    ];
    for (query, expected) in cases {
        assert_eq!(outcome(query), expected, "{query}");
    }
}

#[test]
fn export_sections_are_separated_by_an_empty_line() {
    let stats = Stats {
        daily: vec![DailyTotal {
            date: d("2026-02-15"),
            total: money(10750),
            sales: money(13250),
            voids: money(1250),
            returns: money(1250),
        }],
        by_payment: vec![PaymentTotal {
            method: PaymentType::Cash,
            total: money(10750),
        }],
        by_vat: vec![VatTotal {
            vat_code: VatCode::Vat10,
            total: money(11000),
            taxable: Some(money(10000)),
            vat: Some(money(1000)),
        }],
        by_item: vec![ItemTotal {
            description: "Caffè, \"ristretto\"".into(),
            quantity: Decimal::new(25, 1),
            total: money(11000),
        }],
    };
    let text = String::from_utf8(export_csv_bytes(&stats).unwrap()).unwrap();
    assert_eq!(
        text,
        "date,total,sales,voids,returns\n2026-02-15,107.50,132.50,12.50,12.50\n\n\
         method,total\nPC,107.50\n\n\
         vatCode,total,taxable,vat\n10,110.00,100.00,10.00\n\n\
         description,quantity,total\n\"Caffè, \"\"ristretto\"\"\",2.5,110.00\n"
    );
    let daily = String::from_utf8(daily_csv_bytes(&stats).unwrap()).unwrap();
    assert_eq!(
        daily,
        "date,total,sales,voids,returns\n2026-02-15,107.50,132.50,12.50,12.50\n"
    );
}
