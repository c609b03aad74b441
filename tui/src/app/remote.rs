//! [`Remote`]: something the console read from a server, with whether it is being read again
//! and what went wrong the last time.

use chrono::{DateTime, Utc};

/// A value read from a server. A reload keeps the previous value on screen until the new one
/// arrives, so nothing flickers; a failed reload keeps it too, beside the error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remote<T> {
    value: Option<T>,
    loading: bool,
    error: Option<String>,
    at: Option<DateTime<Utc>>,
}

impl<T> Default for Remote<T> {
    fn default() -> Self {
        Remote {
            value: None,
            loading: false,
            error: None,
            at: None,
        }
    }
}

impl<T> Remote<T> {
    /// The last value read, if any.
    pub fn value(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The last value read, to change in place (after a change the server confirmed).
    pub fn value_mut(&mut self) -> Option<&mut T> {
        self.value.as_mut()
    }

    /// Whether a read is under way.
    pub fn is_loading(&self) -> bool {
        self.loading
    }

    /// Why the last read failed, if it did.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// When the value was read.
    pub fn read_at(&self) -> Option<DateTime<Utc>> {
        self.at
    }

    /// Whether nothing was ever asked for.
    pub fn is_untouched(&self) -> bool {
        self.value.is_none() && !self.loading && self.error.is_none()
    }

    /// A read starts.
    pub fn start(&mut self) {
        self.loading = true;
    }

    /// A read ended with a value.
    pub fn set(&mut self, value: T, at: DateTime<Utc>) {
        self.value = Some(value);
        self.loading = false;
        self.error = None;
        self.at = Some(at);
    }

    /// A read ended with an error; the previous value stays.
    pub fn fail(&mut self, message: String) {
        self.loading = false;
        self.error = Some(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_reload_keeps_the_value() {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let mut remote = Remote::default();
        assert!(remote.is_untouched());
        remote.start();
        assert!(remote.is_loading() && remote.value().is_none());
        remote.set(3, at);
        remote.start();
        assert_eq!((remote.value(), remote.is_loading()), (Some(&3), true));
        remote.fail("down".into());
        assert_eq!((remote.value(), remote.error()), (Some(&3), Some("down")));
        remote.set(4, at);
        assert_eq!(remote.error(), None);
    }
}
