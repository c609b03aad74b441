//! `GET /portal/v1/events`: the live counters, as server-sent events (`text/event-stream`).
//!
//! What a client reads, in order:
//!
//! * `: connected` — a comment as soon as the stream is open: from then on no change is
//!   missed;
//! * `event: counter` ([`CounterEvent::SSE_EVENT`]) with a [`CounterEvent`] as JSON `data` —
//!   one per counted document (sale, void or return), published once its transaction is
//!   committed, with the counter's `total` and `today` after it;
//! * `event: lagged` ([`LAGGED_EVENT`]) with `{"missed": N}` — the client read too slowly and
//!   the last `N` changes were dropped for it; the stream goes on, and the current counts are
//!   at `GET /portal/v1/counters`;
//! * `: keep-alive` — a comment every [`KEEP_ALIVE`] without events, so proxies keep the
//!   connection open.
//!
//! The stream ends when the server shuts down (as soon as it is asked to stop),
//! so an open stream never holds up a shutdown.

use super::auth::Authorized;
use crate::state::AppState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use dckit_contracts::model::portal::CounterEvent;
use futures::{Stream, StreamExt, stream};
use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

/// The SSE `event:` name telling a client it missed changes.
pub(crate) const LAGGED_EVENT: &str = "lagged";

/// How long a quiet stream waits before a keep-alive comment.
pub(crate) const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The event for one item of the broadcast.
fn event(item: Result<CounterEvent, BroadcastStreamRecvError>) -> Event {
    match item {
        Ok(change) => Event::default()
            .event(CounterEvent::SSE_EVENT)
            .json_data(&change)
            .unwrap_or_else(|e| Event::default().comment(format!("unwritable event: {e}"))),
        Err(BroadcastStreamRecvError::Lagged(missed)) => Event::default()
            .event(LAGGED_EVENT)
            .data(serde_json::json!({ "missed": missed }).to_string()),
    }
}

/// Resolves once the server stops.
async fn ended(state: AppState) {
    state.lifecycle.stopped().await;
}

/// The events of the stream: `: connected`, then one per change received on `changes`, until
/// `end` resolves.
pub(crate) fn events(
    changes: broadcast::Receiver<CounterEvent>,
    end: impl Future<Output = ()>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::once(async { Event::default().comment("connected") })
        .chain(BroadcastStream::new(changes).map(event))
        .map(Ok)
        .take_until(end)
}

/// `GET /portal/v1/events`.
pub(super) async fn stream(
    _: Authorized,
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribed before the answer leaves: every change after `: connected` is sent.
    let changes = state.datacash.subscribe();
    Sse::new(events(changes, ended(state)))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE).text("keep-alive"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dckit_contracts::model::portal::{DocumentKind, Instance};

    fn change(total: u64) -> CounterEvent {
        CounterEvent {
            key_id: "key-1".into(),
            instance: Instance::Dco,
            total,
            today: 2,
            idtrx: "1000000042".into(),
            kind: DocumentKind::Sale,
            id_temporaneo: None,
        }
    }

    /// The text of an event as sent.
    fn text(event: Event) -> String {
        format!("{event:?}")
    }

    #[tokio::test]
    async fn a_slow_reader_is_told_how_many_changes_it_missed_and_goes_on() {
        let (tx, rx) = broadcast::channel(2);
        for total in 1..=5 {
            tx.send(change(total)).unwrap();
        }
        drop(tx);
        let sent: Vec<String> = events(rx, std::future::pending())
            .map(|e| text(e.unwrap()))
            .collect()
            .await;
        assert_eq!(sent.len(), 4, "{sent:#?}");
        assert!(sent[0].contains(": connected"), "{}", sent[0]);
        assert!(sent[1].contains("event: lagged"), "{}", sent[1]);
        assert!(sent[1].contains(r#"{\"missed\":3}"#), "{}", sent[1]);
        for (line, total) in sent[2..].iter().zip([4, 5]) {
            assert!(line.contains("event: counter"), "{line}");
            assert!(line.contains(&format!(r#"\"total\":{total}"#)), "{line}");
        }
    }

    #[tokio::test]
    async fn the_stream_ends_when_told() {
        let (_tx, rx) = broadcast::channel::<CounterEvent>(2);
        let sent: Vec<_> = events(rx, async {}).collect().await;
        assert!(sent.is_empty());
    }
}
