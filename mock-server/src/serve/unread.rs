//! The rest of a request body a handler did not read, read and thrown away before the answer
//! goes out.
//!
//! A handler may answer without reading the whole body: a body over its limit is refused
//! as soon as the limit (or a `Content-Length` above it) is seen. The connection is then
//! closed with the rest of the body unread, and a client still sending it gets a broken pipe
//! or a reset instead of the answer (most HTTP clients never read an answer while they are
//! still writing). So the server reads the rest first — at most [`UNREAD_BODY_LIMIT`] bytes,
//! for at most [`UNREAD_BODY_TIME`] — and only then answers. Not when the client asked
//! `Expect: 100-continue`: it has not sent the body, and will not once it has the answer.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, header};
use hyper::body::{Body as HttpBody, Bytes, Frame, SizeHint};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

/// The most of an unread body the server reads before answering; a client sending more sees
/// the connection closed (64 MiB, as the WebService's own limit for reading a refused body).
pub const UNREAD_BODY_LIMIT: u64 = 64 * 1024 * 1024;

/// The longest the server spends reading an unread body before answering anyway.
pub const UNREAD_BODY_TIME: Duration = Duration::from_secs(5);

/// A request body that can be taken back from the handler once it has answered.
pub(super) struct Leftover(Option<Arc<Mutex<Option<Body>>>>);

impl Leftover {
    /// Gives `req` a body whose unread rest [`Leftover::discard`] can read afterwards. A
    /// request that cannot have more to read (no body, `Expect: 100-continue`, or a declared
    /// length over [`UNREAD_BODY_LIMIT`]) is left as it is.
    pub(super) fn keep(req: Request) -> (Request, Leftover) {
        let (parts, body) = req.into_parts();
        if body.is_end_stream() || !worth_reading(&parts.headers) {
            return (Request::from_parts(parts, body), Leftover(None));
        }
        let slot = Arc::new(Mutex::new(Some(body)));
        let shared = Body::new(Shared(Arc::clone(&slot)));
        (Request::from_parts(parts, shared), Leftover(Some(slot)))
    }

    /// Reads and drops what the handler left of the body, within the limits.
    pub(super) async fn discard(self) {
        let Some(slot) = self.0 else { return };
        let rest = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
        let Some(mut rest) = rest else { return };
        // The usual case — the handler read it all — needs no timer.
        if rest.is_end_stream() {
            return;
        }
        let read = async {
            let mut total: u64 = 0;
            while let Some(frame) =
                std::future::poll_fn(|cx| Pin::new(&mut rest).poll_frame(cx)).await
            {
                let Ok(frame) = frame else { return };
                if let Some(data) = frame.data_ref() {
                    total = total.saturating_add(data.len() as u64);
                    if total > UNREAD_BODY_LIMIT {
                        return;
                    }
                }
            }
        };
        let _ = tokio::time::timeout(UNREAD_BODY_TIME, read).await;
    }
}

/// Whether the rest of a body with these headers may be read.
fn worth_reading(headers: &HeaderMap) -> bool {
    let expects_continue = headers
        .get(header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    !expects_continue && declared.is_none_or(|n| n <= UNREAD_BODY_LIMIT)
}

/// The handler's view of the body: reads through the shared slot.
struct Shared(Arc<Mutex<Option<Body>>>);

impl HttpBody for Shared {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match slot.as_mut() {
            Some(body) => Pin::new(body).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .is_none_or(HttpBody::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), HttpBody::size_hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn which_bodies_are_read_to_their_end() {
        let cases = [
            (None, None, true),
            (Some("1024"), None, true),
            (Some("67108864"), None, true),
            (Some("67108865"), None, false),
            (Some("nonsense"), None, true),
            (None, Some("100-continue"), false),
            (Some("10"), Some("100-Continue"), false),
        ];
        for (length, expect, read) in cases {
            let mut headers = HeaderMap::new();
            if let Some(length) = length {
                headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static(length));
            }
            if let Some(expect) = expect {
                headers.insert(header::EXPECT, HeaderValue::from_static(expect));
            }
            assert_eq!(worth_reading(&headers), read, "{length:?} {expect:?}");
        }
    }

    #[tokio::test]
    async fn the_handler_reads_what_it_wants_and_the_rest_is_read_afterwards() {
        use futures::StreamExt;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let pulled = Arc::new(AtomicUsize::new(0));
        let chunks = futures::stream::iter((0..4u8).map(|i| Bytes::from(vec![i; 1000])))
            .inspect({
                let pulled = Arc::clone(&pulled);
                move |_| {
                    pulled.fetch_add(1, Ordering::SeqCst);
                }
            })
            .map(Ok::<_, std::io::Error>);
        let (req, leftover) = Leftover::keep(Request::new(Body::from_stream(chunks)));
        let mut handler_body = req.into_body();
        let first = std::future::poll_fn(|cx| Pin::new(&mut handler_body).poll_frame(cx))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(first.data_ref().map(Bytes::len), Some(1000));
        drop(handler_body);
        assert_eq!(
            pulled.load(Ordering::SeqCst),
            1,
            "the handler read one chunk"
        );
        leftover.discard().await;
        assert_eq!(pulled.load(Ordering::SeqCst), 4, "the rest was read");

        let (req, leftover) = Leftover::keep(Request::new(Body::empty()));
        assert!(leftover.0.is_none(), "nothing to keep");
        assert!(req.into_body().is_end_stream());
    }
}
