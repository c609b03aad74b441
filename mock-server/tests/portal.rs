//! The account area through HTTP: the recorded contract cases, the live event stream, the
//! counter exports read back with the csv crate and calamine, statistics checked against an
//! independent computation, and the key limit under concurrent requests.

mod support;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use dckit_contracts::model::portal::{
    ApiKey, Counter, CounterDocumentRow, CounterEvent, CreatedKey, DocumentKind, Instance, Stats,
};
use dckit_mock::MockServer;
use dckit_mock::db::DbError;
use futures::StreamExt;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::Duration;
use support::{BearerClient, DcoClient, PORTAL_CLOCK};

async fn server() -> MockServer {
    support::start_at(PORTAL_CLOCK).await
}

fn sale(price: f64) -> Value {
    json!({"document": {"elementiContabili": [{"aliquotaIVA": "22", "percentualeIVA": 22,
        "descrizioneProdotto": "Ombrello", "prezzoLordo": price, "quantita": 1, "scontoLordo": 0,
        "omaggioElemento": false}], "totaleScontiAPagare": 0, "omaggio": false,
        "codiceLotteria": "", "pagamento": "PC", "pagamenti": [], "ticketRestaurant": [],
        "documentoCommercialeCollegato": "", "multisede": {}}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contract_cases_pass() {
    let server = server().await;
    support::the_cases_pass(&server, "portal", 40).await;
}

/// Reads server-sent events from a response until `want` says stop, within `limit`.
async fn read_events(
    resp: reqwest::Response,
    limit: Duration,
    mut want: impl FnMut(&str, &str) -> bool,
) -> Result<(), String> {
    let mut stream = resp.bytes_stream();
    let mut buffer = String::new();
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let next = tokio::time::timeout_at(deadline, stream.next())
            .await
            .map_err(|_| format!("no event in {limit:?}; read {buffer:?}"))?;
        match next {
            Some(Ok(bytes)) => buffer.push_str(&String::from_utf8_lossy(&bytes)),
            Some(Err(e)) => return Err(format!("stream broke: {e}")),
            None => return Err("stream ended".into()),
        }
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let mut name = "";
            let mut data = String::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    name = v.trim();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push_str(v.trim_start());
                } else if let Some(v) = line.strip_prefix(':') {
                    name = if v.trim() == "connected" {
                        ":connected"
                    } else {
                        ":comment"
                    };
                }
            }
            if want(name, &data) {
                return Ok(());
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_shows_each_counted_document() {
    let server = server().await;
    let client = BearerClient::portal(&server);
    let dco = DcoClient::demo(&server);
    let resp = client.get("/portal/v1/events").await;
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    // Open: send once the stream says it is connected, then wait for the counter event.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<CounterEvent>(4);
    let reader = tokio::spawn(async move {
        read_events(resp, Duration::from_secs(10), |name, data| {
            if name == CounterEvent::SSE_EVENT {
                let _ = tx.try_send(serde_json::from_str(data).unwrap());
            }
            false
        })
        .await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let sent = dco.ok("sendDocument/", sale(9.5)).await;
    let info = dco.ok("infoUser/", json!({})).await;
    let event = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("an event within 5 s")
        .unwrap();
    assert_eq!(
        event,
        CounterEvent {
            key_id: "key-1".into(),
            instance: Instance::Dco,
            total: info["documentiEmessi"].as_u64().unwrap(),
            today: 1,
            idtrx: sent["idtrx"].as_str().unwrap().to_owned(),
            kind: DocumentKind::Sale,
            id_temporaneo: None,
        }
    );
    // A void is an event too.
    dco.ok(&format!("voidDocument/{}/", event.idtrx), json!({}))
        .await;
    let void = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("an event within 5 s")
        .unwrap();
    assert_eq!(
        (void.kind, void.total, void.today),
        (DocumentKind::Void, event.total + 1, 2)
    );
    reader.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_ends_when_the_server_shuts_down() {
    let server = server().await;
    let client = BearerClient::portal(&server);
    let resp = client.get("/portal/v1/events").await;
    assert_eq!(resp.status(), 200);
    let reader = tokio::spawn(read_events(resp, Duration::from_secs(30), |_, _| false));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let began = std::time::Instant::now();
    server.shutdown().await;
    let ended = tokio::time::timeout(Duration::from_secs(5), reader)
        .await
        .expect("the stream ends with the server")
        .unwrap();
    assert!(ended.is_err());
    assert!(
        began.elapsed() < Duration::from_secs(3),
        "shutdown took {:?}",
        began.elapsed()
    );
}

/// Every document of key-1 in `start..=end` (at most 31 days) as findDocuments lists them:
/// `(idtrx, progressivo, tipoOperazione, ammontareComplessivo in cents, data)`.
async fn found(
    dco: &DcoClient,
    start: &str,
    end: &str,
) -> Vec<(String, String, String, i64, String)> {
    let body = dco
        .ok("findDocuments/", json!({"start": start, "end": end}))
        .await;
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let amount: Decimal = d["ammontareComplessivo"].to_string().parse().unwrap();
            (
                d["idtrx"].as_str().unwrap().to_owned(),
                d["numeroProgressivo"].as_str().unwrap().to_owned(),
                d["tipoOperazione"].as_str().unwrap().to_owned(),
                (amount * Decimal::ONE_HUNDRED).try_into().unwrap(),
                d["data"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_exports_list_every_document_of_the_counter() {
    let server = server().await;
    let client = BearerClient::portal(&server);
    let dco = DcoClient::demo(&server);
    dco.ok("sendDocument/", sale(12.34)).await;
    let counters: Vec<Counter> = client.get_json("/portal/v1/counters").await;
    let counter = counters
        .iter()
        .find(|c| c.key_id == "key-1" && c.instance == Instance::Dco)
        .unwrap();
    assert!(counter.total > 1000, "{counter:?}");

    // The CSV, read back with the csv crate.
    let resp = client
        .get("/portal/v1/counters/key-1/dco/documents.csv")
        .await;
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        CounterDocumentRow::COLUMNS
    );
    let rows: Vec<CounterDocumentRow> = reader.deserialize().map(Result::unwrap).collect();
    assert_eq!(rows.len() as u64, counter.total);
    assert!(
        rows.windows(2)
            .all(|w| w[0].idtrx.parse::<u64>().unwrap() < w[1].idtrx.parse::<u64>().unwrap())
    );
    let last = rows.last().unwrap();
    assert_eq!(
        (last.kind, last.amount.to_string(), last.date.to_rfc3339()),
        (DocumentKind::Sale, "12.34".into(), PORTAL_CLOCK.into())
    );

    // The rows of the last 31 days are exactly what findDocuments lists.
    let listed = found(&dco, "2026-01-16", "2026-02-15").await;
    let by_id: BTreeMap<&str, &CounterDocumentRow> =
        rows.iter().map(|r| (r.idtrx.as_str(), r)).collect();
    let in_window: Vec<&CounterDocumentRow> = rows
        .iter()
        .filter(|r| r.date.date_naive() >= "2026-01-16".parse().unwrap())
        .collect();
    assert_eq!(in_window.len(), listed.len());
    for (idtrx, progressivo, kind, cents, data) in &listed {
        let row = by_id[idtrx.as_str()];
        let letter = dckit_contracts::model::datacash::OperationType::from(row.kind).as_str();
        assert_eq!(
            (
                &row.progressivo,
                letter,
                row.amount.0 * Decimal::ONE_HUNDRED
            ),
            (progressivo, kind.as_str(), Decimal::from(*cents)),
            "{idtrx}"
        );
        assert_eq!(&row.date.format("%d/%m/%Y %H:%M:%S").to_string(), data);
    }

    // The workbook, read back with calamine: the same rows.
    let resp = client
        .get("/portal/v1/counters/key-1/dco/documents.xlsx")
        .await;
    assert_eq!(resp.status(), 200);
    let bytes = resp.bytes().await.unwrap();
    // The same seed and clock give the same bytes, a second later too (the workbook's
    // creation date is the mock's, not the wall clock's).
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let again = client
        .get("/portal/v1/counters/key-1/dco/documents.xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(bytes == again, "two downloads of the same workbook differ");
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range("Documenti").unwrap();
    assert_eq!(sheet.height() as u64, counter.total + 1);
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, CounterDocumentRow::COLUMNS);
    for (cells, row) in sheet.rows().skip(1).zip(&rows).step_by(97) {
        // Excel's serial: days since 1899-12-30, the time as a fraction of a day.
        let local = row.date.naive_local();
        let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .unwrap()
            .and_time(chrono::NaiveTime::MIN);
        let serial = (local - epoch).num_seconds() as f64 / 86_400.0;
        let cell = cells[0].get_datetime().unwrap().as_f64();
        assert!(
            (cell - serial).abs() < 0.5 / 86_400.0,
            "{cell} vs {serial} ({local})"
        );
        assert_eq!(cells[1], Data::String(row.kind.as_str().to_owned()));
        assert_eq!(cells[2], Data::String(row.idtrx.clone()));
        assert_eq!(cells[3], Data::String(row.progressivo.clone()));
        let amount = cells[4].get_float().unwrap();
        assert_eq!(format!("{amount:.2}"), row.amount.to_string());
    }
}

/// The statistics of documents loaded row by row from the store (not through the running
/// totals the server reads): `(daily (sales, voids, returns), by payment, by VAT (gross, net,
/// vat), by item (quantity milli, gross))`, in cents.
type Independent = (
    BTreeMap<String, (i64, i64, i64)>,
    BTreeMap<String, i64>,
    BTreeMap<String, (i64, i64, i64)>,
    BTreeMap<String, (i64, i64)>,
);

async fn independent(
    server: &MockServer,
    column: &'static str,
    id: i64,
    from: &str,
    to: &str,
) -> Independent {
    let (from, to) = (from.to_owned(), to.to_owned());
    server
        .state()
        .db
        .read(move |conn| {
            let mut out: Independent = Default::default();
            let mut docs = conn.prepare(&format!(
                "SELECT id, kind, day, total_cents FROM dc_documents
                 WHERE {column} = ?1 AND day >= ?2 AND day <= ?3"
            ))?;
            let docs: Vec<(i64, String, String, i64)> = docs
                .query_map(rusqlite::params![id, from, to], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<Result<_, _>>()?;
            let mut lines = conn.prepare(
                "SELECT description, vat_code, quantity_milli, gross_cents, net_cents, vat_cents
                 FROM dc_document_lines WHERE document_id = ?1",
            )?;
            let mut payments = conn.prepare(
                "SELECT type, amount_cents FROM dc_document_payments WHERE document_id = ?1",
            )?;
            for (doc, kind, day, total) in docs {
                let day_sums = out.0.entry(day).or_default();
                let sign = match kind.as_str() {
                    "V" => {
                        day_sums.0 += total;
                        1
                    }
                    "A" => {
                        day_sums.1 += total;
                        -1
                    }
                    _ => {
                        day_sums.2 += total;
                        -1
                    }
                };
                for row in lines.query_map([doc], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, i64>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                })? {
                    let (description, vat_code, qty, gross, net, vat) = row?;
                    let v = out.2.entry(vat_code).or_default();
                    *v = (v.0 + sign * gross, v.1 + sign * net, v.2 + sign * vat);
                    let i = out.3.entry(description).or_default();
                    *i = (i.0 + sign * qty, i.1 + sign * gross);
                }
                for row in payments
                    .query_map([doc], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
                {
                    let (kind, cents) = row?;
                    *out.1.entry(kind).or_default() += sign * cents;
                }
            }
            Ok::<_, DbError>(out)
        })
        .await
        .unwrap()
}

fn cents(m: &dckit_contracts::model::money::Money2) -> i64 {
    (m.0 * Decimal::ONE_HUNDRED).try_into().unwrap()
}

/// Checks `stats` against the independent sums and its own invariants.
fn check_stats(stats: &Stats, expected: &Independent, days: usize) {
    assert_eq!(stats.daily.len(), days);
    for day in &stats.daily {
        let (sales, voids, returns) = expected
            .0
            .get(&day.date.to_string())
            .copied()
            .unwrap_or_default();
        assert_eq!(
            (
                cents(&day.sales),
                cents(&day.voids),
                cents(&day.returns),
                cents(&day.total)
            ),
            (sales, voids, returns, sales - voids - returns),
            "{}",
            day.date
        );
    }
    let payments: BTreeMap<String, i64> = stats
        .by_payment
        .iter()
        .map(|p| (p.method.as_str().to_owned(), cents(&p.total)))
        .collect();
    assert_eq!(payments, expected.1);
    let vat: BTreeMap<String, (i64, i64, i64)> = stats
        .by_vat
        .iter()
        .map(|v| {
            (
                v.vat_code.as_str().to_owned(),
                (
                    cents(&v.total),
                    cents(v.taxable.as_ref().unwrap()),
                    cents(v.vat.as_ref().unwrap()),
                ),
            )
        })
        .collect();
    assert_eq!(vat, expected.2);
    let items: BTreeMap<String, (i64, i64)> = stats
        .by_item
        .iter()
        .map(|i| {
            (
                i.description.clone(),
                (
                    (i.quantity * Decimal::from(1000)).try_into().unwrap(),
                    cents(&i.total),
                ),
            )
        })
        .collect();
    assert_eq!(items, expected.3);
    assert!(
        stats
            .by_item
            .windows(2)
            .all(|w| w[0].quantity >= w[1].quantity)
    );
    // Money taken in = money by payment type; lines add up by VAT code and by item.
    let taken: i64 = stats.daily.iter().map(|d| cents(&d.total)).sum();
    assert_eq!(
        taken,
        stats
            .by_payment
            .iter()
            .map(|p| cents(&p.total))
            .sum::<i64>()
    );
    let by_vat: i64 = stats.by_vat.iter().map(|v| cents(&v.total)).sum();
    assert_eq!(
        by_vat,
        stats.by_item.iter().map(|i| cents(&i.total)).sum::<i64>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statistics_agree_with_the_documents() {
    let server = server().await;
    let client = BearerClient::portal(&server);
    let dco = DcoClient::demo(&server);
    dco.ok("sendDocument/", sale(7.0)).await;

    // By device, over a range findDocuments can list in one call: daily totals from there.
    let (from, to) = ("2026-01-16", "2026-02-15");
    let path = format!("/portal/v1/stats?device=dev-1&from={from}&to={to}");
    let stats: Stats = client.get_json(&path).await;
    let expected = independent(&server, "device_id", 1, from, to).await;
    check_stats(&stats, &expected, 31);
    let mut per_day: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for (_, _, kind, cents, data) in found(&dco, from, to).await {
        let day = format!("{}-{}-{}", &data[6..10], &data[3..5], &data[0..2]);
        let sums = per_day.entry(day).or_default();
        match kind.as_str() {
            "V" => sums.0 += cents,
            "A" => sums.1 += cents,
            _ => sums.2 += cents,
        }
    }
    assert_eq!(per_day, expected.0);
    assert!(
        !stats.by_item.is_empty() && stats.by_vat.len() >= 5,
        "{stats:?}"
    );

    // By store, over the longest range: the register's documents count too.
    let (from, to) = ("2025-11-15", "2026-02-15");
    let path = format!("/portal/v1/stats?store=store-1&from={from}&to={to}");
    let stats: Stats = client.get_json(&path).await;
    check_stats(
        &stats,
        &independent(&server, "store_id", 1, from, to).await,
        93,
    );

    // The exports hold the same numbers.
    let query = format!("store=store-1&from={from}&to={to}");
    let daily = client
        .get(&format!("/portal/v1/stats/daily.csv?{query}"))
        .await
        .text()
        .await
        .unwrap();
    let rows: Vec<dckit_contracts::model::portal::DailyTotal> =
        csv::Reader::from_reader(daily.as_bytes())
            .deserialize()
            .map(Result::unwrap)
            .collect();
    assert_eq!(rows, stats.daily);
    let export = client
        .get(&format!("/portal/v1/stats/export.csv?{query}"))
        .await
        .text()
        .await
        .unwrap();
    let sections: Vec<&str> = export.split("\n\n").collect();
    assert_eq!(sections.len(), 4, "{export}");
    let section = |i: usize| csv::Reader::from_reader(sections[i].as_bytes());
    let days: Vec<dckit_contracts::model::portal::DailyTotal> =
        section(0).deserialize().map(Result::unwrap).collect();
    let payments: Vec<dckit_contracts::model::portal::PaymentTotal> =
        section(1).deserialize().map(Result::unwrap).collect();
    let vat: Vec<dckit_contracts::model::portal::VatTotal> =
        section(2).deserialize().map(Result::unwrap).collect();
    let items: Vec<dckit_contracts::model::portal::ItemTotal> =
        section(3).deserialize().map(Result::unwrap).collect();
    assert_eq!(
        Stats {
            daily: days,
            by_payment: payments,
            by_vat: vat,
            by_item: items
        },
        stats
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moved_device_takes_only_its_new_takings_to_its_new_store() {
    let server = server().await;
    let client = BearerClient::portal(&server);
    let dco = DcoClient::demo(&server);
    let today = "from=2026-02-15&to=2026-02-15";
    let (status, _) = client
        .post(
            "/portal/v1/devices/dev-1/store",
            json!({"storeId": "store-2"}),
        )
        .await;
    assert_eq!(status, 200);
    dco.ok("sendDocument/", sale(20.0)).await;
    let centro: Stats = client
        .get_json(&format!("/portal/v1/stats?store=store-1&{today}"))
        .await;
    let lingotto: Stats = client
        .get_json(&format!("/portal/v1/stats?store=store-2&{today}"))
        .await;
    assert_eq!(centro.daily[0].sales.to_string(), "0.00");
    assert_eq!(lingotto.daily[0].sales.to_string(), "20.00");
    // Yesterday's takings of the device stayed in its old store.
    let yesterday = "from=2026-02-14&to=2026-02-14";
    let before: Stats = client
        .get_json(&format!("/portal/v1/stats?device=dev-1&{yesterday}"))
        .await;
    let centro: Stats = client
        .get_json(&format!("/portal/v1/stats?store=store-1&{yesterday}"))
        .await;
    assert!(cents(&before.daily[0].sales) > 0);
    assert!(cents(&centro.daily[0].sales) >= cents(&before.daily[0].sales));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creations_never_pass_the_limit() {
    let server = server().await;
    let client = std::sync::Arc::new(BearerClient::portal(&server));
    let piva = server.seller_partita_iva();
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let client = client.clone();
            let piva = piva.clone();
            tokio::spawn(async move {
                client
                    .post(
                        "/portal/v1/keys",
                        json!({"partitaIva": piva, "label": format!("K{i}")}),
                    )
                    .await
            })
        })
        .collect();
    let mut created = Vec::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        match status {
            201 => created.push(serde_json::from_value::<CreatedKey>(body).unwrap()),
            409 => assert_eq!(body["code"], "key-limit-reached"),
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(created.len(), 1, "one free slot");
    let keys: Vec<ApiKey> = client.get_json("/portal/v1/keys").await;
    let active = keys.iter().filter(|k| k.deactivated_at.is_none()).count();
    assert_eq!(active, 3);
    // The clear key is never listed nor stored: only its mask.
    let listed = serde_json::to_string(&keys).unwrap();
    assert!(!listed.contains(&created[0].key));
    assert!(listed.contains(&created[0].api_key.masked_key));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_for_another_partita_iva_works_with_that_seller_s_credentials() {
    let server = server().await;
    let client = BearerClient::portal(&server);
    let other = dckit_contracts::fiscal::PartitaIva::with_check_digit("0123456001").unwrap();
    let other = other.as_str();
    let (status, body) = client
        .post(
            "/portal/v1/keys",
            json!({"partitaIva": other, "label": "Altro"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let key = body["key"].as_str().unwrap();
    let mut credentials = server.demo_credentials();
    credentials.partita_iva = other.into();
    let other_client = DcoClient {
        credentials: server.credentials_for(&credentials).unwrap(),
        ..DcoClient::demo(&server).with_key(key)
    };
    let info = other_client.ok("infoUser/", json!({})).await;
    assert_eq!(
        (
            info["partitaIva"].as_str(),
            info["documentiEmessi"].as_u64()
        ),
        (Some(other), Some(0))
    );
    other_client.ok("sendDocument/", sale(1.0)).await;
    let counters: Vec<Counter> = client.get_json("/portal/v1/counters").await;
    let id = body["id"].as_str().unwrap();
    assert!(counters.contains(&Counter {
        key_id: id.into(),
        instance: Instance::Dco,
        total: 1,
        today: 1
    }));
}
