//! [`ApiError`]: what the console keeps of a failed request — the words to show, and the
//! server's code and status for the few refusals it acts on (the key limit).

/// A failure, as the console shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// Plain words: the server's own message where it gave one.
    pub message: String,
    /// The server's machine-readable code (`key-limit-reached`), if any.
    pub code: Option<String>,
    /// The HTTP status, if there was an answer.
    pub status: Option<u16>,
}

impl ApiError {
    /// An error with only a message.
    pub fn message(message: impl Into<String>) -> ApiError {
        ApiError {
            message: message.into(),
            code: None,
            status: None,
        }
    }

    /// An error with the server's code.
    pub fn coded(message: impl Into<String>, code: &str, status: u16) -> ApiError {
        ApiError {
            message: message.into(),
            code: Some(code.to_owned()),
            status: Some(status),
        }
    }

    /// Whether the server refused because every key slot is taken.
    pub fn is_key_limit(&self) -> bool {
        self.code.as_deref() == Some("key-limit-reached")
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
