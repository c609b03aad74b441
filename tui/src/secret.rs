//! [`Secret`]: a token, key or credentials blob that never reaches a log, a panic message or
//! the screen by accident.

use std::fmt;

/// A secret value. It has no `Display`, its `Debug` prints `<redacted>`, and the only way to
/// the text is [`Secret::expose`], which callers use to put it on the wire (or, once, on the
/// screen: a new API key).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The clear value, for a request header or body.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty (an unset variable, an empty file).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("pt_supersecret");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(<redacted>)");
        assert_eq!(secret.expose(), "pt_supersecret");
    }
}
