//! Comparing a response body with what a case expects: structural JSON differences, pointer
//! matchers and text checks. Pure functions; variables are already filled in.

use serde_json::Value;

use super::format::{Check, JsonType};
use super::report::shorten;

/// How many characters of an actual value a matcher failure shows.
const VALUE_CHARS: usize = 120;

/// A difference between two JSON documents at one pointer.
#[derive(Debug, PartialEq)]
pub(crate) struct Difference {
    /// Where (RFC 6901).
    pub(crate) pointer: String,
    /// The expected value; `None` when only the actual document has something there.
    pub(crate) expected: Option<Value>,
    /// The actual value; `None` when it is missing.
    pub(crate) actual: Option<Value>,
}

/// Every place where `actual` differs from `expected`, in document order: object members are
/// compared by key (order ignored), arrays by index; any other difference is reported at the
/// deepest pointer where both sides still have a value.
pub(crate) fn diff(expected: &Value, actual: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(expected, actual, &mut String::new(), &mut out);
    out
}

fn walk(expected: &Value, actual: &Value, pointer: &mut String, out: &mut Vec<Difference>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            for (key, want_item) in want {
                let len = push_token(pointer, key);
                match got.get(key) {
                    Some(got_item) => walk(want_item, got_item, pointer, out),
                    None => out.push(difference(pointer, Some(want_item), None)),
                }
                pointer.truncate(len);
            }
            for (key, got_item) in got {
                if !want.contains_key(key) {
                    let len = push_token(pointer, key);
                    out.push(difference(pointer, None, Some(got_item)));
                    pointer.truncate(len);
                }
            }
        }
        (Value::Array(want), Value::Array(got)) => {
            for index in 0..want.len().max(got.len()) {
                let len = push_token(pointer, &index.to_string());
                match (want.get(index), got.get(index)) {
                    (Some(want_item), Some(got_item)) => walk(want_item, got_item, pointer, out),
                    (want_item, got_item) => out.push(difference(pointer, want_item, got_item)),
                }
                pointer.truncate(len);
            }
        }
        _ if expected != actual => out.push(difference(pointer, Some(expected), Some(actual))),
        _ => {}
    }
}

fn difference(pointer: &str, expected: Option<&Value>, actual: Option<&Value>) -> Difference {
    Difference {
        pointer: pointer.to_owned(),
        expected: expected.cloned(),
        actual: actual.cloned(),
    }
}

/// Appends `/token` (escaped per RFC 6901) and returns the previous length, to truncate back.
fn push_token(pointer: &mut String, token: &str) -> usize {
    let len = pointer.len();
    pointer.push('/');
    pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    len
}

/// A failed check: what was required and what was found, both in words.
#[derive(Debug, PartialEq)]
pub(crate) struct Failure {
    /// What the check requires, e.g. `to contain "x"`.
    pub(crate) expected: String,
    /// What was found, e.g. `"y"` or `nothing (absent)`.
    pub(crate) actual: String,
}

/// Checks the value `pointer` selects in `document`; `None` when the check holds.
pub(crate) fn check(document: &Value, pointer: &str, check: &Check) -> Option<Failure> {
    let found = document.pointer(pointer);
    let fail = |expected: String, actual: String| Some(Failure { expected, actual });
    match check {
        Check::Equals(want) => match found {
            Some(got) if got == want => None,
            _ => fail(show(Some(want)), show(found)),
        },
        Check::Contains(want) => {
            let holds = match (found, want) {
                (Some(Value::String(got)), Value::String(want)) => got.contains(want.as_str()),
                (Some(Value::Array(items)), want) => items.contains(want),
                _ => false,
            };
            if holds {
                None
            } else {
                fail(format!("to contain {}", show(Some(want))), show(found))
            }
        }
        Check::Regex(pattern) => {
            let expected = format!("to match /{pattern}/");
            let regex = match regex::Regex::new(pattern) {
                Ok(regex) => regex,
                Err(error) => return fail(format!("{expected} (invalid: {error})"), show(found)),
            };
            match found {
                Some(Value::String(got)) if regex.is_match(got) => None,
                _ => fail(expected, show(found)),
            }
        }
        Check::Length(want) => {
            let got = found.and_then(length);
            if got == Some(*want) {
                None
            } else {
                let actual = match (got, found) {
                    (Some(got), _) => format!("length {got}: {}", show(found)),
                    (None, Some(_)) => format!("{} (no length)", show(found)),
                    (None, None) => show(None),
                };
                fail(format!("length {want}"), actual)
            }
        }
        Check::Exists(true) => match found {
            Some(_) => None,
            None => fail("something".to_owned(), show(None)),
        },
        Check::Exists(false) => match found {
            None => None,
            Some(_) => fail("nothing (absent)".to_owned(), show(found)),
        },
        Check::Keys(want) => {
            let got = found
                .and_then(Value::as_object)
                .map(|object| object.keys().map(String::as_str).collect::<Vec<&str>>());
            match got {
                Some(got) if got == *want => None,
                Some(got) => fail(format!("keys {want:?}"), format!("keys {got:?}")),
                None => fail(format!("keys {want:?}"), show(found)),
            }
        }
        Check::Type(want) => match found {
            Some(got) if JsonType::of(got) == *want => None,
            _ => fail(format!("a value of type {want}"), describe(found)),
        },
    }
}

/// The length of a string (characters), array or object.
fn length(value: &Value) -> Option<usize> {
    match value {
        Value::String(text) => Some(text.chars().count()),
        Value::Array(items) => Some(items.len()),
        Value::Object(map) => Some(map.len()),
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

/// A found value as compact JSON, or `nothing (absent)`.
fn show(value: Option<&Value>) -> String {
    match value {
        Some(value) => shorten(&value.to_string(), VALUE_CHARS),
        None => "nothing (absent)".to_owned(),
    }
}

/// A found value with its type, e.g. `a string "x"`.
fn describe(value: Option<&Value>) -> String {
    match value {
        Some(got) => format!("a {} {}", JsonType::of(got), show(value)),
        None => show(None),
    }
}

/// Checks a body read as text: each failed requirement in words, e.g. `to start with "%PDF-"`.
pub(crate) fn check_text(
    body: &str,
    starts_with: Option<&str>,
    contains: Option<&str>,
) -> Vec<String> {
    let mut failures = Vec::new();
    if let Some(prefix) = starts_with
        && !body.starts_with(prefix)
    {
        failures.push(format!("to start with {prefix:?}"));
    }
    if let Some(needle) = contains
        && !body.contains(needle)
    {
        failures.push(format!("to contain {needle:?}"));
    }
    failures
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn diff_lists_each_differing_pointer() {
        let expected =
            json!({"esito": true, "idtrx": "1", "errori": [], "a/b": {"c": 1}, "gone": 0});
        let actual = json!({"errori": [{"codice": "01"}], "idtrx": "1", "esito": false, "a/b": {"c": 2}, "new": null});
        let pointers: Vec<(String, Option<Value>, Option<Value>)> = diff(&expected, &actual)
            .into_iter()
            .map(|d| (d.pointer, d.expected, d.actual))
            .collect();
        assert_eq!(
            pointers,
            [
                ("/esito".into(), Some(json!(true)), Some(json!(false))),
                ("/errori/0".into(), None, Some(json!({"codice": "01"}))),
                ("/a~1b/c".into(), Some(json!(1)), Some(json!(2))),
                ("/gone".into(), Some(json!(0)), None),
                ("/new".into(), None, Some(json!(null))),
            ]
        );
    }

    #[test]
    fn diff_of_equal_documents_is_empty_whatever_the_key_order() {
        let a = json!({"x": 1, "y": [1, {"z": "s"}]});
        let b = json!({"y": [1, {"z": "s"}], "x": 1});
        assert_eq!(diff(&a, &b), []);
        assert_eq!(
            diff(&json!({"x": 1}), &json!([1])),
            [Difference {
                pointer: String::new(),
                expected: Some(json!({"x": 1})),
                actual: Some(json!([1])),
            }]
        );
    }

    #[test]
    fn checks_hold_and_fail() {
        let doc = json!({
            "result": "error",
            "message": "Invalid start: 2019-13-01",
            "idtrx": "12345",
            "n": 7,
            "errori": [{"codice": "01"}],
            "tags": ["a", "b"],
            "obj": {"12": {}, "15": {}},
            "esito": false,
            "nothing": null,
        });
        type Row = (&'static str, Check, Option<(&'static str, &'static str)>);
        let table: Vec<Row> = vec![
            ("/result", Check::Equals(json!("error")), None),
            (
                "/result",
                Check::Equals(json!("success")),
                Some(("\"success\"", "\"error\"")),
            ),
            (
                "/missing",
                Check::Equals(json!(1)),
                Some(("1", "nothing (absent)")),
            ),
            ("/message", Check::Contains(json!("Invalid start")), None),
            (
                "/message",
                Check::Contains(json!("end")),
                Some(("to contain \"end\"", "\"Invalid start: 2019-13-01\"")),
            ),
            ("/tags", Check::Contains(json!("b")), None),
            (
                "/tags",
                Check::Contains(json!("c")),
                Some(("to contain \"c\"", "[\"a\",\"b\"]")),
            ),
            (
                "/n",
                Check::Contains(json!("7")),
                Some(("to contain \"7\"", "7")),
            ),
            ("/idtrx", Check::Regex("^[0-9]+$".into()), None),
            (
                "/result",
                Check::Regex("^[0-9]+$".into()),
                Some(("to match /^[0-9]+$/", "\"error\"")),
            ),
            ("/n", Check::Regex("7".into()), Some(("to match /7/", "7"))),
            ("/errori", Check::Length(1), None),
            ("/idtrx", Check::Length(5), None),
            (
                "/errori",
                Check::Length(2),
                Some(("length 2", "length 1: [{\"codice\":\"01\"}]")),
            ),
            ("/n", Check::Length(1), Some(("length 1", "7 (no length)"))),
            (
                "/missing",
                Check::Length(1),
                Some(("length 1", "nothing (absent)")),
            ),
            ("/12", Check::Exists(false), None),
            ("/nothing", Check::Exists(true), None),
            (
                "/result",
                Check::Exists(false),
                Some(("nothing (absent)", "\"error\"")),
            ),
            (
                "/12",
                Check::Exists(true),
                Some(("something", "nothing (absent)")),
            ),
            ("/obj", Check::Keys(vec!["12".into(), "15".into()]), None),
            (
                "/obj",
                Check::Keys(vec!["15".into(), "12".into()]),
                Some(("keys [\"15\", \"12\"]", "keys [\"12\", \"15\"]")),
            ),
            (
                "/tags",
                Check::Keys(vec![]),
                Some(("keys []", "[\"a\",\"b\"]")),
            ),
            ("/esito", Check::Type(JsonType::Boolean), None),
            ("/nothing", Check::Type(JsonType::Null), None),
            ("", Check::Type(JsonType::Object), None),
            (
                "/idtrx",
                Check::Type(JsonType::Number),
                Some(("a value of type number", "a string \"12345\"")),
            ),
        ];
        for (pointer, check_, expected) in table {
            let got = check(&doc, pointer, &check_);
            let got = got
                .as_ref()
                .map(|f| (f.expected.as_str(), f.actual.as_str()));
            assert_eq!(got, expected, "{pointer} {check_:?}");
        }
    }

    #[test]
    fn text_checks() {
        assert_eq!(
            check_text("%PDF-1.7 ...", Some("%PDF-"), Some("1.7")),
            Vec::<String>::new()
        );
        assert_eq!(
            check_text("<html>", Some("%PDF-"), Some("x")),
            ["to start with \"%PDF-\"", "to contain \"x\""]
        );
    }
}
