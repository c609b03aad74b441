//! The live counter stream against a real mock: `Connected` first, then the `Counter` event
//! of a sale sent through the DataCash client, and the stream's refusals.

use std::time::Duration;

use dckit_contracts::model::datacash::{Document, DocumentLine, PaymentType, VatCode};
use dckit_contracts::model::money::Amount;
use dckit_contracts::model::portal::{CounterEvent, DocumentKind, Instance};
use dckit_mock::{Config, MockServer};
use dckit_tui::client::{ClientError, ClientOptions, DataCashClient, PortalClient, StreamEvent};
use dckit_tui::secret::Secret;
use futures::StreamExt;
use rust_decimal::Decimal;

fn clock() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-02-15T10:31:07+01:00").unwrap()
}

/// One night at 10 %, paid electronically: the body of `send-document-observed`.
fn sale() -> Document {
    Document {
        elementi_contabili: vec![DocumentLine {
            aliquota_iva: VatCode::Vat10,
            percentuale_iva: Decimal::from(10),
            descrizione_prodotto: "Pernottamento".into(),
            prezzo_lordo: Amount(Decimal::new(1200, 1)),
            quantita: Decimal::ONE,
            sconto_lordo: Amount::ZERO,
            omaggio_elemento: false,
        }],
        pagamento: Some(PaymentType::Electronic),
        ..Document::default()
    }
}

async fn next_within(
    stream: &mut dckit_tui::client::EventStream,
    limit: Duration,
) -> Option<Result<StreamEvent, ClientError>> {
    tokio::time::timeout(limit, stream.next())
        .await
        .expect("an item within the limit")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_shows_up_as_a_counter_event() {
    let server = MockServer::start(Config::ephemeral().with_clock(clock()))
        .await
        .unwrap();
    let options = ClientOptions::default();
    let portal = PortalClient::new(
        server.base_url(),
        Secret::new(server.portal_token()),
        &options,
    )
    .unwrap();
    let datacash = DataCashClient::new(
        server.base_url(),
        Secret::new(server.datacash_key()),
        Secret::new(server.credentials_for_demo().unwrap()),
        &options,
    )
    .unwrap();

    let mut stream = portal.events().await.unwrap();
    assert_eq!(
        next_within(&mut stream, Duration::from_secs(5)).await,
        Some(Ok(StreamEvent::Connected))
    );

    let before = datacash.info_user().await.unwrap().documenti_emessi;
    let envelope = datacash.send_document(&sale()).await.unwrap();
    assert!(envelope.esito);
    let idtrx = envelope.idtrx.clone().expect("an idtrx");

    let event = next_within(&mut stream, Duration::from_secs(5))
        .await
        .expect("the stream goes on")
        .expect("a counter event");
    assert_eq!(
        event,
        StreamEvent::Counter(CounterEvent {
            key_id: "key-1".into(),
            instance: Instance::Dco,
            total: before + 1,
            today: 1,
            idtrx: idtrx.clone(),
            kind: DocumentKind::Sale,
            id_temporaneo: None,
        })
    );

    // A void is counted too, on the same stream.
    datacash.void_document(&idtrx).await.unwrap();
    match next_within(&mut stream, Duration::from_secs(5)).await {
        Some(Ok(StreamEvent::Counter(void))) => {
            assert_eq!(
                (void.kind, void.total, void.today),
                (DocumentKind::Void, before + 2, 2)
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_ends_when_the_server_shuts_down() {
    let server = MockServer::start(Config::ephemeral().with_clock(clock()))
        .await
        .unwrap();
    let portal = PortalClient::new(
        server.base_url(),
        Secret::new(server.portal_token()),
        &ClientOptions::default(),
    )
    .unwrap();
    let mut stream = portal.events().await.unwrap();
    assert_eq!(
        next_within(&mut stream, Duration::from_secs(5)).await,
        Some(Ok(StreamEvent::Connected))
    );
    server.shutdown().await;
    // Closed by the server: the end, or a broken connection reported once, then the end.
    match next_within(&mut stream, Duration::from_secs(5)).await {
        None => {}
        Some(Err(ClientError::Interrupted { .. })) => {
            assert_eq!(next_within(&mut stream, Duration::from_secs(5)).await, None);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_fails_the_opening_call() {
    let server = MockServer::start(Config::ephemeral().with_clock(clock()))
        .await
        .unwrap();
    let portal = PortalClient::new(
        server.base_url(),
        Secret::new("pt_wrong"),
        &ClientOptions::default(),
    )
    .unwrap();
    let error = portal.events().await.unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.code(), Some("unauthorized"));
    assert!(
        matches!(error, ClientError::Unauthorized { .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("Missing or invalid bearer token"),
        "{error}"
    );
}
