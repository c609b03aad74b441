//! [`ClientError`]: everything a call of the client layer can fail with, worded for a status
//! line.
//!
//! The `Display` text of every variant is a plain sentence a sysadmin can act on: it never
//! shows a Rust debug string, a token, a key, the credentials or a query string, and it keeps
//! the server's own message (a problem's `detail`, a DataCash `descrizione`, a WebService
//! `message`) exactly as the server wrote it.

use std::fmt;
use std::time::Duration;

use dckit_contracts::model::datacash::DcError;

/// Why a call failed. Cheap to clone, so the UI can keep it in its state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The configured base URL cannot be used.
    #[error("{url} is not a usable address: {reason}")]
    BadUrl {
        /// The address as configured (a password in it is replaced by `***`).
        url: String,
        /// Why not, in words.
        reason: String,
    },

    /// A token, key or credentials blob holds characters an HTTP request cannot carry.
    #[error("the {what} cannot be sent: it holds characters not allowed in an HTTP header")]
    BadSecret {
        /// Which secret (`portal token`, `DataCash key`, …); never its value.
        what: String,
    },

    /// A value the client will not put in a request (an id of `..`, which would change the
    /// route it is sent to).
    #[error("{message}")]
    Invalid {
        /// What is wrong with it.
        message: String,
    },

    /// The connection could not be made.
    #[error("cannot connect to {host}: {reason}")]
    Unreachable {
        /// `host` or `host:port` of the server.
        host: String,
        /// The innermost cause, lower-cased, without the OS error number
        /// (`connection refused`).
        reason: String,
    },

    /// The server did not answer in time.
    #[error("{host} did not answer within {}", Seconds(*after))]
    Timeout {
        /// `host` or `host:port` of the server.
        host: String,
        /// How long the client waited.
        after: Duration,
    },

    /// `401` or `403`: the token (or the client's address) was refused.
    #[error("{message}")]
    Unauthorized {
        /// The HTTP status.
        status: u16,
        /// The problem's `code` when the body was problem+json (`unauthorized`).
        code: Option<String>,
        /// The problem's `detail`, or "the server refused the token (401 Unauthorized)".
        message: String,
    },

    /// Another `4xx`: the server understood the request and refused it.
    #[error("{message}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The problem's `code` (`key-limit-reached`), when the body was problem+json.
        code: Option<String>,
        /// The problem's `detail` exactly as the server wrote it, or "the server answered 404
        /// Not Found" without one.
        message: String,
    },

    /// A `5xx`, or another status that is neither a success nor a `4xx` (a redirect to
    /// another address, which is not followed).
    #[error("{message}")]
    Server {
        /// The HTTP status.
        status: u16,
        /// The problem's `code` when the body was problem+json (`internal`).
        code: Option<String>,
        /// The server's message, or "the server answered 502 Bad Gateway" without one.
        message: String,
    },

    /// A success answer whose body could not be read as the expected type.
    #[error("the answer to {what} could not be read: {reason}")]
    Malformed {
        /// The method and path of the request (`GET /portal/v1/account`), never a query.
        what: String,
        /// What did not parse.
        reason: String,
    },

    /// A DataCash envelope with `esito: false`, whatever the HTTP status.
    #[error("{}", DcErrors(errori, *status))]
    DataCash {
        /// The HTTP status it came with.
        status: u16,
        /// The service's errors (`codice`, Italian `descrizione`).
        errori: Vec<DcError>,
    },

    /// A Billing Extension WebService error (`{"result":"error","message":…}`, HTTP 200).
    #[error("{message}")]
    WebService {
        /// The service's message, as is.
        message: String,
    },

    /// A stream or a download broke off mid-way.
    #[error("the connection broke off: {reason}")]
    Interrupted {
        /// Why (`no data for 45 s`, `connection reset by peer`).
        reason: String,
    },

    /// A download could not be written to its file.
    #[error("cannot write {path}: {reason}")]
    File {
        /// The file it was meant for.
        path: String,
        /// The cause, lower-cased (`permission denied`).
        reason: String,
    },
}

impl ClientError {
    /// The HTTP status the server answered with, for errors that come from an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Unauthorized { status, .. }
            | ClientError::Refused { status, .. }
            | ClientError::Server { status, .. }
            | ClientError::DataCash { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The problem `code` of a problem+json refusal (`key-limit-reached`,
    /// `contract-unsigned`), so the UI can offer the matching shortcut. For a DataCash
    /// refusal, the `codice` of its first error (`05`).
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Unauthorized { code, .. }
            | ClientError::Refused { code, .. }
            | ClientError::Server { code, .. } => code.as_deref(),
            ClientError::DataCash { errori, .. } => errori.first().map(|e| e.codice.as_str()),
            _ => None,
        }
    }
}

/// A duration the way a status line says it: `15 s`, `1.5 s`, `300 ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seconds(pub(crate) Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0.as_millis();
        if millis < 1000 {
            write!(f, "{millis} ms")
        } else if millis.is_multiple_of(1000) {
            write!(f, "{} s", millis / 1000)
        } else {
            let text = format!("{:.3}", self.0.as_secs_f64());
            write!(f, "{} s", text.trim_end_matches('0'))
        }
    }
}

/// The `errori` of a refused DataCash call: `[05] La chiave API non è valida.`, several
/// joined with `; `.
struct DcErrors<'a>(&'a [DcError], u16);

impl fmt::Display for DcErrors<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return write!(
                f,
                "the DataCash service refused the request (HTTP {}) without saying why",
                self.1
            );
        }
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "[{}] {}", error.codice, error.descrizione)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(Seconds(Duration::from_secs(15)).to_string(), "15 s");
        assert_eq!(Seconds(Duration::from_millis(300)).to_string(), "300 ms");
        assert_eq!(Seconds(Duration::from_millis(1500)).to_string(), "1.5 s");
        assert_eq!(
            Seconds(Duration::from_millis(45_250)).to_string(),
            "45.25 s"
        );
    }

    #[test]
    fn messages_are_plain_sentences() {
        let timeout = ClientError::Timeout {
            host: "127.0.0.1:8080".into(),
            after: Duration::from_secs(15),
        };
        assert_eq!(
            timeout.to_string(),
            "127.0.0.1:8080 did not answer within 15 s"
        );
        let dc = ClientError::DataCash {
            status: 401,
            errori: vec![
                DcError {
                    codice: "05".into(),
                    descrizione: "La chiave API non è valida.".into(),
                },
                DcError {
                    codice: "01".into(),
                    descrizione: "Credenziali rifiutate.".into(),
                },
            ],
        };
        assert_eq!(
            dc.to_string(),
            "[05] La chiave API non è valida.; [01] Credenziali rifiutate."
        );
        assert_eq!(dc.status(), Some(401));
        assert_eq!(dc.code(), Some("05"));
        let empty = ClientError::DataCash {
            status: 500,
            errori: vec![],
        };
        assert_eq!(
            empty.to_string(),
            "the DataCash service refused the request (HTTP 500) without saying why"
        );
        let refused = ClientError::Refused {
            status: 409,
            code: Some("key-limit-reached".into()),
            message: "All API key slots are in use.".into(),
        };
        assert_eq!(refused.to_string(), "All API key slots are in use.");
        assert_eq!(refused.code(), Some("key-limit-reached"));
        assert_eq!(refused.status(), Some(409));
        let file = ClientError::File {
            path: "/tmp/x.csv".into(),
            reason: "permission denied".into(),
        };
        assert_eq!(
            file.to_string(),
            "cannot write /tmp/x.csv: permission denied"
        );
        assert_eq!(file.status(), None);
        assert_eq!(file.code(), None);
    }
}
