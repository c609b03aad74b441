//! Reading a message back: which catalogue entry it is, and what was filled into it.
//!
//! A client that sees only a message (the WebService answers without a code) can tell which
//! error it got, and a test can check that a server answered with a catalogue message and
//! filled every placeholder of it.

use std::sync::OnceLock;

use regex::Regex;

use super::{Api, CATALOGUE, ErrorCode};

/// A message recognised as a catalogue entry, with the values filled into its placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recognised {
    /// The entry.
    pub code: ErrorCode,
    /// Each placeholder's name and the text in its place, in the template's order.
    pub values: Vec<(&'static str, String)>,
}

/// The first entry of `api`, in catalogue order, of which `message` is the template with
/// every placeholder filled; `None` when there is none.
///
/// A placeholder counts as unfilled when the text in its place is the placeholder itself
/// (`{value}` left in a message), so a message with an unfilled placeholder is recognised
/// only by an entry without it.
pub fn recognise(api: Api, message: &str) -> Option<Recognised> {
    CATALOGUE
        .iter()
        .filter(|spec| spec.api == api)
        .find_map(|spec| {
            spec.id.values_in(message).map(|values| Recognised {
                code: spec.id,
                values,
            })
        })
}

impl ErrorCode {
    /// The values filled into this entry's placeholders to make `message`, each placeholder
    /// once in the order it first appears, or `None` when `message` is not this entry's template with every placeholder
    /// filled (see [`recognise`] for what counts as unfilled).
    pub fn values_in(self, message: &str) -> Option<Vec<(&'static str, String)>> {
        let captures = pattern(self)?.captures(message)?;
        let mut values: Vec<(&'static str, String)> = Vec::new();
        for (name, found) in self
            .spec()
            .placeholders()
            .into_iter()
            .zip(captures.iter().skip(1))
        {
            let value = found.map_or("", |m| m.as_str());
            if value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) == Some(name) {
                return None;
            }
            match values.iter().find(|(seen, _)| *seen == name) {
                // A placeholder used twice holds the same value both times.
                Some((_, before)) if before != value => return None,
                Some(_) => {}
                None => values.push((name, value.to_owned())),
            }
        }
        Some(values)
    }
}

/// The anchored pattern of `code`'s template, one capture group per placeholder (escaped
/// text and fixed groups: always valid, as a test shows for every entry).
fn pattern(code: ErrorCode) -> Option<&'static Regex> {
    static PATTERNS: OnceLock<Vec<Option<Regex>>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        CATALOGUE
            .iter()
            .map(|spec| {
                let mut source = String::from("(?s)^");
                let mut rest = spec.template;
                for name in spec.placeholders() {
                    let marker = format!("{{{name}}}");
                    // placeholders() found each marker in this order, so it is in `rest`.
                    let at = rest.find(&marker).unwrap_or(rest.len());
                    source.push_str(&regex::escape(&rest[..at]));
                    source.push_str("(.*)");
                    rest = rest.get(at + marker.len()..).unwrap_or("");
                }
                source.push_str(&regex::escape(rest));
                source.push('$');
                Regex::new(&source).ok()
            })
            .collect()
    });
    patterns.get(code as usize)?.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_recognises_its_own_messages() {
        for spec in CATALOGUE {
            let mut names = spec.placeholders();
            let mut seen = std::collections::HashSet::new();
            names.retain(|n| seen.insert(*n));
            let values: Vec<String> = (0..names.len()).map(|i| format!("v{i} {{x}}")).collect();
            let args: Vec<(&str, &str)> = names
                .iter()
                .zip(&values)
                .map(|(n, v)| (*n, v.as_str()))
                .collect();
            let message = spec.id.message(&args);
            let expected: Vec<(&str, String)> =
                names.iter().copied().zip(values.iter().cloned()).collect();
            assert_eq!(spec.id.values_in(&message), Some(expected), "{:?}", spec.id);
            let found = recognise(spec.api, &message).map(|r| r.code);
            // Entries sharing a template with an earlier one are found as that one.
            let first = CATALOGUE
                .iter()
                .find(|s| s.api == spec.api && s.id.values_in(&message).is_some())
                .map(|s| s.id);
            assert_eq!(found, first, "{:?}", spec.id);
        }
    }

    #[test]
    fn unfilled_placeholders_and_strangers_are_not_recognised() {
        let cases: &[(Api, &str, Option<ErrorCode>)] = &[
            (
                Api::DataCash,
                "Campo obbligatorio mancante: document.",
                Some(ErrorCode::DcFieldMissing),
            ),
            (Api::DataCash, "Campo obbligatorio mancante: {field}.", None),
            (
                Api::WebService,
                "Campo obbligatorio mancante: document.",
                None,
            ),
            (
                Api::WebService,
                "Unknown action \"x\": the only supported action is Get.",
                Some(ErrorCode::WsActionUnknown),
            ),
            (
                Api::WebService,
                "Unknown action \"x\": the only supported action is Get. ",
                None,
            ),
            (
                Api::Portal,
                "Invalid request body: missing field `months`.",
                Some(ErrorCode::PortalBodyInvalid),
            ),
            (Api::Portal, "Invalid request body: {detail}.", None),
            (Api::Admin, "", None),
        ];
        for (api, message, expected) in cases {
            assert_eq!(
                recognise(*api, message).map(|r| r.code),
                *expected,
                "{message:?}"
            );
        }
    }
}
