//! The request body as the app sees it: read with a timeout, and whatever the app left of it
//! read and thrown away before the answer goes out.
//!
//! A client that stops sending a body it announced is cut off after [`BODY_READ_TIMEOUT`]
//! without a byte. The timer is made only when a read has to wait, and dropped when bytes
//! come. (hyper hands the body over through a channel, so the first read usually waits
//! once, even for a body already in the connection's buffer.)
//!
//! A handler may answer without reading the whole body: a body over its limit is refused
//! as soon as the limit (or a `Content-Length` above it) is seen. The connection is then
//! closed with the rest of the body unread, and a client still sending it gets a broken pipe
//! or a reset instead of the answer (most HTTP clients never read an answer while they are
//! still writing). So the server reads the rest first — at most [`UNREAD_BODY_LIMIT`] bytes,
//! for at most [`UNREAD_BODY_TIME`] — and only then answers. Not when the client asked
//! `Expect: 100-continue`: it has not sent the body, and will not once it has the answer.

use axum::body::Body;
use axum::http::{HeaderMap, Request, header};
use hyper::body::{Body as HttpBody, Bytes, Frame, Incoming, SizeHint};
use std::future::Future as _;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Sleep;

use super::BODY_READ_TIMEOUT;

/// The most of an unread body the server reads before answering; a client sending more sees
/// the connection closed (64 MiB, as the WebService's own limit for reading a refused body).
pub const UNREAD_BODY_LIMIT: u64 = 64 * 1024 * 1024;

/// The longest the server spends reading an unread body before answering anyway.
pub const UNREAD_BODY_TIME: Duration = Duration::from_secs(5);

/// A request body that can be taken back from the handler once it has answered.
pub(super) struct Leftover<B = Incoming>(Option<Arc<Mutex<Option<B>>>>);

impl<B> Leftover<B>
where
    B: HttpBody<Data = Bytes> + Send + Unpin + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    /// `req` with the body the app reads ([`BODY_READ_TIMEOUT`] between bytes), and what
    /// [`Leftover::discard`] reads of it afterwards. A request that cannot have more to read
    /// (no body, `Expect: 100-continue`, or a declared length over [`UNREAD_BODY_LIMIT`]) has
    /// nothing kept back.
    pub(super) fn keep(req: Request<B>) -> (Request<Body>, Leftover<B>) {
        let (parts, body) = req.into_parts();
        if body.is_end_stream() {
            return (Request::from_parts(parts, Body::empty()), Leftover(None));
        }
        if !worth_reading(&parts.headers) {
            let body = Body::new(Timed::new(Source::Own(Some(body))));
            return (Request::from_parts(parts, body), Leftover(None));
        }
        let slot = Arc::new(Mutex::new(Some(body)));
        let body = Body::new(Timed::new(Source::Shared(Arc::clone(&slot))));
        (Request::from_parts(parts, body), Leftover(Some(slot)))
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

/// One frame of `B`, or its error.
type FrameResult<B> = Result<Frame<<B as HttpBody>::Data>, <B as HttpBody>::Error>;

/// Where the handler's body reads from: its own, or the slot [`Leftover`] takes back.
enum Source<B> {
    Own(Option<B>),
    Shared(Arc<Mutex<Option<B>>>),
}

impl<B: HttpBody + Unpin> Source<B> {
    fn with<R>(&self, f: impl FnOnce(Option<&B>) -> R) -> R {
        match self {
            Source::Own(body) => f(body.as_ref()),
            Source::Shared(slot) => f(slot.lock().unwrap_or_else(PoisonError::into_inner).as_ref()),
        }
    }

    fn poll_frame(&mut self, cx: &mut Context<'_>) -> Poll<Option<FrameResult<B>>> {
        match self {
            Source::Own(Some(body)) => Pin::new(body).poll_frame(cx),
            Source::Own(None) => Poll::Ready(None),
            Source::Shared(slot) => {
                match slot.lock().unwrap_or_else(PoisonError::into_inner).as_mut() {
                    Some(body) => Pin::new(body).poll_frame(cx),
                    None => Poll::Ready(None),
                }
            }
        }
    }
}

/// The handler's view of the body: [`Source`]'s frames, or an error once the client has
/// sent nothing for [`BODY_READ_TIMEOUT`].
struct Timed<B> {
    source: Source<B>,
    /// Armed when a wait begins, dropped when a frame arrives.
    wait: Option<Pin<Box<Sleep>>>,
    timeout: Duration,
}

impl<B> Timed<B> {
    fn new(source: Source<B>) -> Timed<B> {
        Timed::with_timeout(source, BODY_READ_TIMEOUT)
    }

    fn with_timeout(source: Source<B>, timeout: Duration) -> Timed<B> {
        Timed {
            source,
            wait: None,
            timeout,
        }
    }
}

/// The error of a body whose client went quiet.
#[derive(Debug, thiserror::Error)]
#[error("the client sent no part of the request body for {0:?}")]
struct BodyTimedOut(Duration);

impl<B> HttpBody for Timed<B>
where
    B: HttpBody<Data = Bytes> + Unpin,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        match this.source.poll_frame(cx) {
            Poll::Ready(frame) => {
                this.wait = None;
                Poll::Ready(frame.map(|f| f.map_err(axum::Error::new)))
            }
            Poll::Pending => {
                let timeout = this.timeout;
                let wait = this
                    .wait
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
                match wait.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        this.wait = None;
                        Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut(timeout)))))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.source
            .with(|body| body.is_none_or(HttpBody::is_end_stream))
    }

    fn size_hint(&self) -> SizeHint {
        self.source
            .with(|body| body.map_or_else(|| SizeHint::with_exact(0), HttpBody::size_hint))
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

    /// Reads `body` to its end: the bytes, or the error's text.
    async fn read_all(mut body: Body) -> Result<usize, String> {
        let mut total = 0;
        while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await
        {
            let frame = frame.map_err(|e| {
                std::error::Error::source(&e).map_or_else(|| e.to_string(), ToString::to_string)
            })?;
            total += frame.data_ref().map_or(0, Bytes::len);
        }
        Ok(total)
    }

    #[tokio::test(start_paused = true)]
    async fn a_client_that_goes_quiet_mid_body_is_cut_off_and_a_slow_one_is_not() {
        use futures::StreamExt;
        let timeout = Duration::from_secs(30);
        // Three chunks 20 s apart: slow, but never quiet for 30 s.
        let slow = futures::stream::iter(0..3u8)
            .then(|i| async move {
                tokio::time::sleep(Duration::from_secs(20)).await;
                Ok::<_, std::io::Error>(Bytes::from(vec![i; 10]))
            })
            .boxed();
        let body = Body::new(Timed::with_timeout(
            Source::Own(Some(Body::from_stream(slow))),
            timeout,
        ));
        assert_eq!(read_all(body).await, Ok(30));

        // One chunk, then nothing.
        let quiet = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"abc"))])
            .chain(futures::stream::pending())
            .boxed();
        let started = tokio::time::Instant::now();
        let body = Body::new(Timed::with_timeout(
            Source::Own(Some(Body::from_stream(quiet))),
            timeout,
        ));
        let error = read_all(body).await.unwrap_err();
        assert!(
            error.contains("no part of the request body for 30s"),
            "{error}"
        );
        assert_eq!(
            started.elapsed(),
            timeout,
            "cut off when the timeout ran out"
        );

        // A body already there is read without waiting at all.
        let (req, _leftover) = Leftover::keep(Request::new(Body::from("ready")));
        assert_eq!(read_all(req.into_body()).await, Ok(5));
    }
}
