//! Which journal entries to show: [`JournalFilter`] and its status condition, from the
//! helpers' builder or from the query string of `GET /__admin/requests`.

use dckit_contracts::errors::{CatalogueError, ErrorCode};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Which entries to show; every field optional. As a query string:
/// `method=POST&path=/api/dco/**&status=5xx&since=120&limit=10`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalFilter {
    /// Only this method (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Only paths matching this pattern (`*` within a segment, `**` across segments, `?` one
    /// character; no wildcard: the exact path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Only this status, class of statuses, or no answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusFilter>,
    /// Only entries with a greater id (to follow the journal: pass the last id seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<u64>,
    /// At most this many entries: the most recent of those that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

impl JournalFilter {
    /// The same filter for `method` only.
    pub fn method(mut self, method: impl Into<String>) -> JournalFilter {
        self.method = Some(method.into());
        self
    }

    /// The same filter for paths matching `pattern`.
    pub fn path(mut self, pattern: impl Into<String>) -> JournalFilter {
        self.path = Some(pattern.into());
        self
    }

    /// The same filter for `status` only.
    pub fn status(mut self, status: StatusFilter) -> JournalFilter {
        self.status = Some(status);
        self
    }

    /// The same filter for entries after `id`.
    pub fn since(mut self, id: u64) -> JournalFilter {
        self.since = Some(id);
        self
    }

    /// The same filter keeping the `limit` most recent entries.
    pub fn limit(mut self, limit: usize) -> JournalFilter {
        self.limit = Some(limit);
        self
    }

    /// The filter a query string describes (`method`, `path`, `status`, `since`, `limit`).
    pub(crate) fn from_query(query: &str) -> Result<JournalFilter, CatalogueError> {
        let mut filter = JournalFilter::default();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let invalid = |reason: &str| {
                ErrorCode::AdminQueryInvalid.with(&[
                    ("name", &name),
                    ("value", &value),
                    ("reason", reason),
                ])
            };
            match &*name {
                "method" => filter.method = Some(value.trim().to_owned()),
                "path" => filter.path = Some(value.into_owned()),
                "status" => {
                    filter.status = Some(value.parse().map_err(|_| {
                        invalid("use a status (503), a class (5xx) or none (no answer)")
                    })?);
                }
                "since" => {
                    filter.since = Some(
                        value
                            .parse()
                            .map_err(|_| invalid("use the id of an entry, a whole number"))?,
                    );
                }
                "limit" => {
                    filter.limit = Some(
                        value
                            .parse()
                            .map_err(|_| invalid("use a whole number of entries"))?,
                    );
                }
                _ => {
                    return Err(invalid(
                        "unknown parameter; use method, path, status, since or limit",
                    ));
                }
            }
        }
        Ok(filter)
    }
}

/// A status condition of [`JournalFilter`]; written `503`, `5xx` or `none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// Exactly this status.
    Is(u16),
    /// Any status of this class: `5` for `5xx`.
    Class(u8),
    /// No answer: the connection was dropped.
    NoAnswer,
}

impl StatusFilter {
    pub(super) fn accepts(self, status: Option<u16>) -> bool {
        match (self, status) {
            (StatusFilter::Is(wanted), Some(s)) => s == wanted,
            (StatusFilter::Class(class), Some(s)) => s / 100 == u16::from(class),
            (StatusFilter::NoAnswer, None) => true,
            _ => false,
        }
    }
}

/// Why a text is not a [`StatusFilter`].
#[derive(Debug, thiserror::Error)]
#[error("not a status filter: use a status (503), a class (5xx) or none")]
pub struct StatusFilterError;

impl FromStr for StatusFilter {
    type Err = StatusFilterError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim().to_ascii_lowercase();
        if text == "none" {
            return Ok(StatusFilter::NoAnswer);
        }
        if let Some(class) = text.strip_suffix("xx")
            && let Ok(class @ 1..=5) = class.parse::<u8>()
        {
            return Ok(StatusFilter::Class(class));
        }
        match text.parse::<u16>() {
            Ok(status @ 100..=599) if text.len() == 3 => Ok(StatusFilter::Is(status)),
            _ => Err(StatusFilterError),
        }
    }
}

impl fmt::Display for StatusFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusFilter::Is(status) => write!(f, "{status}"),
            StatusFilter::Class(class) => write!(f, "{class}xx"),
            StatusFilter::NoAnswer => f.write_str("none"),
        }
    }
}

impl Serialize for StatusFilter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StatusFilter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_parse_or_name_the_bad_parameter() {
        let ok = [
            ("", JournalFilter::default()),
            (
                "method=POST&path=%2Fapi%2Fdco%2F**&status=5xx&since=7&limit=3",
                JournalFilter::default()
                    .method("POST")
                    .path("/api/dco/**")
                    .status(StatusFilter::Class(5))
                    .since(7)
                    .limit(3),
            ),
            (
                "status=none",
                JournalFilter::default().status(StatusFilter::NoAnswer),
            ),
            (
                "status=404",
                JournalFilter::default().status(StatusFilter::Is(404)),
            ),
        ];
        for (query, expected) in ok {
            assert_eq!(
                JournalFilter::from_query(query).unwrap(),
                expected,
                "{query}"
            );
        }
        let bad = [
            ("status=6xx", "status=\"6xx\""),
            ("status=42", "status=\"42\""),
            ("since=-1", "since=\"-1\""),
            ("limit=many", "limit=\"many\""),
            ("colour=red", "unknown parameter"),
        ];
        for (query, needle) in bad {
            let error = JournalFilter::from_query(query).unwrap_err();
            assert_eq!(error.code, ErrorCode::AdminQueryInvalid);
            assert!(error.message.contains(needle), "{query}: {}", error.message);
        }
    }

    #[test]
    fn status_filters_round_trip_as_text() {
        for text in ["503", "5xx", "none", "200", "1xx"] {
            let parsed: StatusFilter = text.parse().unwrap();
            assert_eq!(parsed.to_string(), text);
            let json = serde_json::to_string(&parsed).unwrap();
            assert_eq!(serde_json::from_str::<StatusFilter>(&json).unwrap(), parsed);
        }
    }
}
