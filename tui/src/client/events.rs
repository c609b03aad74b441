//! The live counter stream (`GET /portal/v1/events`, `text/event-stream`): a server-sent
//! events parser of our own, which keeps the comment lines SSE libraries drop (`: connected`
//! comes first, `: keep-alive` every 15 s), and [`EventStream`], the typed stream the console
//! reads.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use dckit_contracts::model::portal::CounterEvent;
use futures::{Stream, StreamExt};
use serde::Deserialize;

use super::error::{ClientError, Seconds};
use super::http::{innermost_cause, parse_json};

/// How long the stream may stay silent (not even a keep-alive) before it is given up: three
/// keep-alive periods.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(45);

/// The most an unfinished line or event may hold before the stream is given up: a counter
/// event is about 120 bytes, so this is a server gone wrong, not a big event.
const MAX_BUFFERED: usize = 1 << 20;

/// What the live counter stream says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamEvent {
    /// `: connected`: the stream is open, and no change after this is missed.
    Connected,
    /// `event: counter`: a document was counted; the counter after it.
    Counter(CounterEvent),
    /// `event: lagged`: the client read too slowly and `missed` changes were dropped;
    /// re-read the counters.
    Lagged {
        /// How many changes were not delivered.
        missed: u64,
    },
}

/// The typed live counter stream. It yields:
/// * `Ok(StreamEvent)` for `: connected`, each `counter` and each `lagged` event (keep-alives
///   and unknown events are skipped);
/// * `Err(ClientError::Malformed)` for an event whose JSON does not parse, and goes on;
/// * `Err(ClientError::Interrupted)` once, then ends, when nothing at all arrived for the
///   idle limit (`no data for 45 s`) or the connection broke;
/// * the end (`None`) when the server closed the stream.
pub struct EventStream {
    inner: Pin<Box<dyn Stream<Item = Result<StreamEvent, ClientError>> + Send>>,
}

impl fmt::Debug for EventStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStream")
    }
}

impl Stream for EventStream {
    type Item = Result<StreamEvent, ClientError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl EventStream {
    /// The typed stream over a body's chunks. `what` names the request in errors; `idle`
    /// is the longest silence allowed.
    pub(crate) fn new<S, E>(body: S, idle: Duration, what: String) -> EventStream
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: std::error::Error + 'static,
    {
        let body = body.map(|chunk| chunk.map_err(|e| innermost_cause(&e)));
        let state = State {
            body: Box::pin(body),
            parser: SseParser::new(),
            queue: VecDeque::new(),
            idle,
            what,
            done: false,
        };
        let stream = futures::stream::unfold(state, |mut state| async move {
            let item = state.next().await?;
            Some((item, state))
        });
        EventStream {
            inner: Box::pin(stream),
        }
    }
}

type Item = Result<StreamEvent, ClientError>;

/// The stream's state between two items.
struct State {
    body: Pin<Box<dyn Stream<Item = Result<Bytes, String>> + Send>>,
    parser: SseParser,
    queue: VecDeque<Item>,
    idle: Duration,
    what: String,
    done: bool,
}

impl State {
    /// Ends the stream: nothing more is read, and the connection is let go at once.
    fn finish(&mut self) {
        self.done = true;
        self.body = Box::pin(futures::stream::empty());
    }

    async fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            match tokio::time::timeout(self.idle, self.body.next()).await {
                Err(_) => {
                    self.finish();
                    return Some(Err(ClientError::Interrupted {
                        reason: format!("no data for {}", Seconds(self.idle)),
                    }));
                }
                Ok(None) => {
                    // An event not closed by an empty line is dropped, as the SSE standard
                    // says.
                    self.finish();
                    return None;
                }
                Ok(Some(Err(reason))) => {
                    self.finish();
                    return Some(Err(ClientError::Interrupted { reason }));
                }
                Ok(Some(Ok(chunk))) => {
                    for item in self.parser.push(&chunk) {
                        if let Some(event) = typed(item, &self.what) {
                            self.queue.push_back(event);
                        }
                    }
                    if self.parser.buffered() > MAX_BUFFERED {
                        self.finish();
                        self.queue.push_back(Err(ClientError::Interrupted {
                            reason: "the server sent an event of over 1 MiB".to_owned(),
                        }));
                    }
                }
            }
        }
    }
}

/// `{"missed": N}` of a `lagged` event.
#[derive(Deserialize)]
struct Lagged {
    missed: u64,
}

/// The typed form of what the stream said, `None` for what the console ignores.
fn typed(item: SseItem, what: &str) -> Option<Item> {
    match item {
        SseItem::Comment(text) => {
            (text.trim() == "connected").then_some(Ok(StreamEvent::Connected))
        }
        SseItem::Event { event, data, .. } => match event.as_str() {
            CounterEvent::SSE_EVENT => {
                Some(parse_json::<CounterEvent>(what, data.as_bytes()).map(StreamEvent::Counter))
            }
            "lagged" => Some(parse_json::<Lagged>(what, data.as_bytes()).map(|lagged| {
                StreamEvent::Lagged {
                    missed: lagged.missed,
                }
            })),
            _ => None,
        },
    }
}

/// One thing an event stream said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SseItem {
    /// A comment line (`: keep-alive`), without the colon and one leading space; reported as
    /// soon as its line ends.
    Comment(String),
    /// An event, reported at the empty line that ends it.
    Event {
        /// Its `event:` name, `message` when it had none.
        event: String,
        /// Its `data:` lines joined with `\n`.
        data: String,
        /// The last `id:` seen so far in the stream, if any.
        id: Option<String>,
    },
}

/// A server-sent events parser (the WHATWG event stream format): lines end with `\n`,
/// `\r\n` or `\r`, anywhere in the chunks; `field: value` or `field:value` (one space after
/// the colon is dropped); several `data:` lines are joined with `\n`; an event ends at an
/// empty line and is dropped if it had no data; a leading byte order mark is skipped.
/// Comment lines are kept, as [`SseItem::Comment`].
#[derive(Clone, Debug, Default)]
pub struct SseParser {
    /// The bytes of the line not yet ended.
    line: Vec<u8>,
    /// The last byte seen was `\r`: a `\n` right after it ends nothing more.
    after_cr: bool,
    /// At least one line was read (the byte order mark is only looked for in the first).
    started: bool,
    /// The event's name so far.
    event: String,
    /// The event's data so far, each line followed by `\n`.
    data: String,
    /// The last event id.
    id: Option<String>,
}

impl SseParser {
    /// A parser at the start of a stream.
    pub fn new() -> SseParser {
        SseParser::default()
    }

    /// Reads the next chunk of the stream; returns what it completed, in order.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<SseItem> {
        let mut out = Vec::new();
        let mut rest = chunk;
        if self.after_cr {
            match rest.first() {
                // The `\n` of a `\r\n` split between two chunks.
                Some(b'\n') => rest = &rest[1..],
                Some(_) => {}
                None => return out,
            }
            self.after_cr = false;
        }
        while let Some(end) = rest.iter().position(|b| *b == b'\n' || *b == b'\r') {
            self.line.extend_from_slice(&rest[..end]);
            let line = std::mem::take(&mut self.line);
            self.line_ended(&line, &mut out);
            let is_cr = rest[end] == b'\r';
            rest = &rest[end + 1..];
            if is_cr {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
        }
        self.line.extend_from_slice(rest);
        out
    }

    /// The bytes held for what is not finished yet: the current line and the event's data.
    pub fn buffered(&self) -> usize {
        self.line.len() + self.data.len() + self.event.len()
    }

    fn line_ended(&mut self, line: &[u8], out: &mut Vec<SseItem>) {
        let mut line = line;
        if !self.started {
            self.started = true;
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        let text = String::from_utf8_lossy(line);
        let (field, value) = match text.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (text.as_ref(), ""),
        };
        match field {
            "" => out.push(SseItem::Comment(value.to_owned())),
            "event" => value.clone_into(&mut self.event),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut Vec<SseItem>) {
        let event = std::mem::take(&mut self.event);
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        out.push(SseItem::Event {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data,
            id: self.id.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dckit_contracts::model::portal::{DocumentKind, Instance};

    const STREAM: &str = ": connected\n\n\
        event: counter\n\
        data: {\"keyId\":\"key-5\",\"instance\":\"dco\",\"total\":1,\"today\":1,\"idtrx\":\"1000009876\",\"kind\":\"vendita\"}\n\n\
        event: lagged\n\
        data: {\"missed\":3}\n\n\
        : keep-alive\n\n\
        event: surprise\ndata: ignored\n\n\
        event:counter\r\n\
        data:{\"keyId\":\"key-1\",\"instance\":\"fe\",\r\n\
        data: \"total\":7,\"today\":2,\"idtrx\":\"42\",\"kind\":\"reso\"}\r\n\r\n";

    fn counter(
        key: &str,
        instance: Instance,
        total: u64,
        today: u64,
        idtrx: &str,
        kind: DocumentKind,
    ) -> CounterEvent {
        CounterEvent {
            key_id: key.into(),
            instance,
            total,
            today,
            idtrx: idtrx.into(),
            kind,
            id_temporaneo: None,
        }
    }

    fn expected_items() -> Vec<SseItem> {
        vec![
            SseItem::Comment("connected".into()),
            SseItem::Event {
                event: "counter".into(),
                data: "{\"keyId\":\"key-5\",\"instance\":\"dco\",\"total\":1,\"today\":1,\"idtrx\":\"1000009876\",\"kind\":\"vendita\"}".into(),
                id: None,
            },
            SseItem::Event {
                event: "lagged".into(),
                data: "{\"missed\":3}".into(),
                id: None,
            },
            SseItem::Comment("keep-alive".into()),
            SseItem::Event {
                event: "surprise".into(),
                data: "ignored".into(),
                id: None,
            },
            SseItem::Event {
                event: "counter".into(),
                data: "{\"keyId\":\"key-1\",\"instance\":\"fe\",\n\"total\":7,\"today\":2,\"idtrx\":\"42\",\"kind\":\"reso\"}".into(),
                id: None,
            },
        ]
    }

    fn parse_all(chunks: &[&[u8]]) -> Vec<SseItem> {
        let mut parser = SseParser::new();
        chunks.iter().flat_map(|c| parser.push(c)).collect()
    }

    #[test]
    fn a_whole_stream_parses() {
        assert_eq!(parse_all(&[STREAM.as_bytes()]), expected_items());
    }

    #[test]
    fn chunk_boundaries_anywhere_change_nothing() {
        let bytes = STREAM.as_bytes();
        let expected = expected_items();
        for cut in 0..=bytes.len() {
            let (a, b) = bytes.split_at(cut);
            assert_eq!(parse_all(&[a, b]), expected, "cut at {cut}");
        }
        for cut in 0..bytes.len() {
            for second in cut..bytes.len() {
                let (a, rest) = bytes.split_at(cut);
                let (b, c) = rest.split_at(second - cut);
                assert_eq!(parse_all(&[a, b, c]), expected, "cuts at {cut}, {second}");
            }
        }
        let singles: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(parse_all(&singles), expected, "byte by byte");
    }

    #[test]
    fn every_line_ending_works_even_split() {
        for ending in ["\n", "\r\n", "\r"] {
            let text = format!(
                ": hi{e}event: counter{e}data: a{e}data: b{e}{e}data:c{e}{e}",
                e = ending
            );
            let bytes = text.as_bytes();
            let want = vec![
                SseItem::Comment("hi".into()),
                SseItem::Event {
                    event: "counter".into(),
                    data: "a\nb".into(),
                    id: None,
                },
                SseItem::Event {
                    event: "message".into(),
                    data: "c".into(),
                    id: None,
                },
            ];
            for cut in 0..=bytes.len() {
                let (a, b) = bytes.split_at(cut);
                assert_eq!(parse_all(&[a, b]), want, "{ending:?} cut at {cut}");
            }
        }
        // `\r` then `\n` in the next chunk is one line end, not two.
        assert_eq!(
            parse_all(&[b"data: x\r", b"\n\r", b"\n"]),
            vec![SseItem::Event {
                event: "message".into(),
                data: "x".into(),
                id: None
            }]
        );
    }

    #[test]
    fn fields_follow_the_standard() {
        let items = parse_all(&[b"\xEF\xBB\xBF: bom skipped\n\
              id: 7\n\
              data\n\
              \n\
              event: no-data\n\
              \n\
              retry: 100\n\
              unknown: field\n\
              data:  two spaces\n\
              \n\
              data: last without blank line\n"]);
        assert_eq!(
            items,
            vec![
                SseItem::Comment("bom skipped".into()),
                // `data` without a colon: an empty data line, so an event with empty data.
                SseItem::Event {
                    event: "message".into(),
                    data: String::new(),
                    id: Some("7".into())
                },
                SseItem::Event {
                    event: "message".into(),
                    data: " two spaces".into(),
                    id: Some("7".into())
                },
            ]
        );
        // A comment with no space and an empty comment.
        assert_eq!(
            parse_all(&[b":x\n:\n"]),
            vec![
                SseItem::Comment("x".into()),
                SseItem::Comment(String::new())
            ]
        );
        // UTF-8 split across chunks.
        let text = "data: caffè\n\n".as_bytes();
        let at = text.iter().position(|b| *b >= 0x80).unwrap() + 1;
        assert_eq!(
            parse_all(&[&text[..at], &text[at..]]),
            vec![SseItem::Event {
                event: "message".into(),
                data: "caffè".into(),
                id: None
            }]
        );
    }

    fn chunks(
        parts: &[&'static [u8]],
    ) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
        futures::stream::iter(
            parts
                .iter()
                .map(|p| Ok(Bytes::from_static(p)))
                .collect::<Vec<_>>(),
        )
    }

    #[tokio::test]
    async fn the_typed_stream_reads_every_kind_then_ends() {
        let stream = EventStream::new(
            chunks(&[
                &STREAM.as_bytes()[..40],
                &STREAM.as_bytes()[40..],
                b"event: counter\ndata: {\"keyId\": 3}\n\nevent: lagged\ndata: {\"missed\":1}\n\n",
            ]),
            Duration::from_secs(5),
            "GET /portal/v1/events".into(),
        );
        let items: Vec<_> = stream.collect().await;
        assert_eq!(items.len(), 6, "{items:?}");
        assert_eq!(items[0], Ok(StreamEvent::Connected));
        assert_eq!(
            items[1],
            Ok(StreamEvent::Counter(counter(
                "key-5",
                Instance::Dco,
                1,
                1,
                "1000009876",
                DocumentKind::Sale
            )))
        );
        assert_eq!(items[2], Ok(StreamEvent::Lagged { missed: 3 }));
        assert_eq!(
            items[3],
            Ok(StreamEvent::Counter(counter(
                "key-1",
                Instance::Fe,
                7,
                2,
                "42",
                DocumentKind::Return
            )))
        );
        match &items[4] {
            Err(ClientError::Malformed { what, reason }) => {
                assert_eq!(what, "GET /portal/v1/events");
                assert!(reason.starts_with("keyId: invalid type"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        // The stream goes on after a malformed event.
        assert_eq!(items[5], Ok(StreamEvent::Lagged { missed: 1 }));
    }

    #[tokio::test]
    async fn an_endless_line_is_given_up() {
        let big: &'static [u8] = Box::leak(vec![b'x'; 600 * 1024].into_boxed_slice());
        let body = chunks(&[b": connected\n\ndata: ", big, big, b"\n\n"]);
        let items: Vec<_> = EventStream::new(body, Duration::from_secs(5), "GET /e".into())
            .collect()
            .await;
        assert_eq!(
            items,
            vec![
                Ok(StreamEvent::Connected),
                Err(ClientError::Interrupted {
                    reason: "the server sent an event of over 1 MiB".into()
                })
            ]
        );
        let mut parser = SseParser::new();
        parser.push(b"event: counter\ndata: 12\ndata: 3");
        assert_eq!(
            parser.buffered(),
            "counter".len() + "12\n".len() + "data: 3".len()
        );
        parser.push(b"\n\n");
        assert_eq!(parser.buffered(), 0);
    }

    #[tokio::test]
    async fn a_broken_body_is_interrupted_and_ends() {
        let body = futures::stream::iter(vec![
            Ok(Bytes::from_static(b": connected\n\n")),
            Err(std::io::Error::from(std::io::ErrorKind::ConnectionReset)),
            Ok(Bytes::from_static(b": connected\n\n")),
        ]);
        let items: Vec<_> = EventStream::new(body, Duration::from_secs(5), "GET /e".into())
            .collect()
            .await;
        assert_eq!(
            items,
            vec![
                Ok(StreamEvent::Connected),
                Err(ClientError::Interrupted {
                    reason: "connection reset".into()
                })
            ]
        );
    }

    #[tokio::test]
    async fn silence_past_the_idle_limit_ends_the_stream() {
        let body = chunks(&[b": connected\n\n"]).chain(futures::stream::pending());
        let mut stream = EventStream::new(body, Duration::from_millis(200), "GET /e".into());
        assert_eq!(stream.next().await, Some(Ok(StreamEvent::Connected)));
        let began = tokio::time::Instant::now();
        assert_eq!(
            stream.next().await,
            Some(Err(ClientError::Interrupted {
                reason: "no data for 200 ms".into()
            }))
        );
        let waited = began.elapsed();
        assert!(waited >= Duration::from_millis(200), "{waited:?}");
        assert!(waited < Duration::from_secs(2), "{waited:?}");
        assert_eq!(stream.next().await, None);
    }

    #[tokio::test]
    async fn keep_alives_reset_the_idle_limit() {
        // A keep-alive every 100 ms for 0.5 s keeps a 200 ms limit from firing.
        let body = futures::stream::unfold(0u32, |n| async move {
            if n == 5 {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            Some((
                Ok::<_, std::io::Error>(Bytes::from_static(b": keep-alive\n\n")),
                n + 1,
            ))
        });
        let items: Vec<_> = EventStream::new(body, Duration::from_millis(200), "GET /e".into())
            .collect()
            .await;
        assert_eq!(items, vec![]);
    }

    /// An HTTP server that answers the head of an event stream, then sends nothing and keeps
    /// the connection open.
    async fn silent_server() -> (String, tokio::task::JoinHandle<()>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let mut seen = Vec::new();
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buf).await.unwrap();
                if n == 0 {
                    return;
                }
                seen.extend_from_slice(&buf[..n]);
            }
            socket
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\
                      transfer-encoding: chunked\r\n\r\n\
                      d\r\n: connected\n\n\r\n",
                )
                .await
                .unwrap();
            // Hold the connection open, silent.
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop(socket);
        });
        (format!("http://{addr}"), task)
    }

    #[tokio::test]
    async fn a_silent_server_is_given_up_after_the_idle_limit() {
        let (url, server) = silent_server().await;
        let client = super::super::PortalClient::new(
            &url,
            crate::secret::Secret::new("pt_test"),
            &super::super::ClientOptions::default(),
        )
        .unwrap();
        let mut stream = client
            .events_with_idle_timeout(Duration::from_millis(200))
            .await
            .unwrap();
        assert_eq!(stream.next().await, Some(Ok(StreamEvent::Connected)));
        let began = tokio::time::Instant::now();
        assert_eq!(
            stream.next().await,
            Some(Err(ClientError::Interrupted {
                reason: "no data for 200 ms".into()
            }))
        );
        assert!(began.elapsed() < Duration::from_secs(2));
        assert_eq!(stream.next().await, None);
        server.abort();
    }
}
