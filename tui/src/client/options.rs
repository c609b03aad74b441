//! [`ClientOptions`]: the time limits of every client, and the `reqwest::Client` built from
//! them.

use std::time::Duration;

use super::error::ClientError;

/// How long the clients wait.
///
/// `timeout` bounds a whole JSON call (connect, send, answer read). Downloads and the live
/// event stream are not bounded as a whole, which would cut a large file or an open stream:
/// `timeout` bounds their wait for the answer's head and then each pause between two chunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientOptions {
    /// The limit of one call (15 s by default).
    pub timeout: Duration,
    /// The limit of opening a connection (5 s by default).
    pub connect_timeout: Duration,
}

impl ClientOptions {
    /// The default limit of one call.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);
    /// The default limit of opening a connection.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

    /// The same options with another call limit.
    pub fn with_timeout(mut self, timeout: Duration) -> ClientOptions {
        self.timeout = timeout;
        self
    }

    /// The same options with another connection limit.
    pub fn with_connect_timeout(mut self, connect_timeout: Duration) -> ClientOptions {
        self.connect_timeout = connect_timeout;
        self
    }
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: ClientOptions::DEFAULT_TIMEOUT,
            connect_timeout: ClientOptions::DEFAULT_CONNECT_TIMEOUT,
        }
    }
}

/// The `User-Agent` of every request: `dckit/<version>`.
pub const USER_AGENT: &str = concat!("dckit/", env!("CARGO_PKG_VERSION"));

/// How many redirects in a row are followed.
const MAX_REDIRECTS: usize = 5;

/// A `reqwest::Client` for these options: rustls, [`USER_AGENT`], the connect timeout, and
/// no overall timeout (each JSON call sets `options.timeout` itself, so that streams and
/// downloads are not cut; see [`ClientOptions`]).
///
/// Redirects are followed only within the same origin (scheme, host and port), at most 5 in a
/// row: a custom secret header such as `Datacash-Key` is never carried to another server.
/// A redirect elsewhere comes back as the `3xx` answer itself.
pub fn build_http_client(options: &ClientOptions) -> Result<reqwest::Client, ClientError> {
    let same_origin = reqwest::redirect::Policy::custom(|attempt| {
        let from_same_origin = attempt
            .previous()
            .last()
            .is_some_and(|from| from.origin() == attempt.url().origin());
        if from_same_origin && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    });
    reqwest::Client::builder()
        .use_rustls_tls()
        .user_agent(USER_AGENT)
        .connect_timeout(options.connect_timeout)
        .redirect(same_origin)
        .build()
        .map_err(|e| ClientError::Unreachable {
            host: "any server".to_owned(),
            reason: format!(
                "the HTTP client cannot start: {}",
                super::http::innermost_cause(&e)
            ),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_15_and_5_seconds() {
        let options = ClientOptions::default();
        assert_eq!(options.timeout, Duration::from_secs(15));
        assert_eq!(options.connect_timeout, Duration::from_secs(5));
        let short = options.with_timeout(Duration::from_millis(300));
        assert_eq!(short.timeout, Duration::from_millis(300));
        assert_eq!(short.connect_timeout, Duration::from_secs(5));
        assert!(USER_AGENT.starts_with("dckit/"));
        assert!(build_http_client(&options).is_ok());
    }
}
