//! The recorded-case file format: what a case sends to a server and what it expects back.
//!
//! Every type here mirrors a part of a case file (see the [module docs](super) for the
//! reference). Parsing is strict: unknown fields, duplicate keys, malformed matchers and
//! unclosed `{{` placeholders are errors, so a typo in a case file fails loudly at load time
//! instead of silently testing nothing.

use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::vars;
use crate::errors::Provenance;

/// One recorded case: a named sequence of HTTP exchanges with what the server must answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    /// The case's name, unique within a suite; the file stem when the file has none.
    pub name: String,
    /// What the case shows, in a sentence (may be empty).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Where the expected behaviour comes from.
    #[serde(with = "provenance_name")]
    pub provenance: Provenance,
    /// The server's frozen time for this case, set through the harness when the runner has an
    /// admin token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<DateTime<FixedOffset>>,
    /// The seed the server's data must come from, applied through the harness.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// The case changes server state: the runner resets the server after it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fresh: bool,
    /// The exchanges, in order (at least one).
    pub steps: Vec<Step>,
    /// The file the case was loaded from, if any (not part of the file format).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

impl Case {
    /// Parses the text of a case file. `default_name` becomes the case's name when the file
    /// gives none (the loader passes the file stem).
    ///
    /// Accepts either `"steps": [...]` or the one-step sugar `"request"` + `"expect"` (+
    /// `"capture"`) at the top level, never both. The returned case has no [`Case::path`].
    pub fn from_json(text: &str, default_name: &str) -> Result<Case, serde_json::Error> {
        let file: CaseFile = serde_json::from_str(text)?;
        file.into_case(default_name).map_err(de::Error::custom)
    }
}

/// A case file as written, before the one-step sugar is resolved.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    name: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(with = "provenance_name")]
    provenance: Provenance,
    clock: Option<DateTime<FixedOffset>>,
    seed: Option<u64>,
    #[serde(default)]
    fresh: bool,
    steps: Option<Vec<Step>>,
    request: Option<Request>,
    expect: Option<Expect>,
    capture: Option<Pairs>,
}

impl CaseFile {
    fn into_case(self, default_name: &str) -> Result<Case, String> {
        let name = self.name.unwrap_or_else(|| default_name.to_owned());
        if name.trim().is_empty() {
            return Err("`name` must not be empty".to_owned());
        }
        let steps = match (self.steps, self.request, self.expect, self.capture) {
            (Some(_), Some(_), _, _) | (Some(_), _, Some(_), _) | (Some(_), _, _, Some(_)) => {
                return Err(
                    "give either `steps` or a top-level `request` + `expect`, not both".to_owned(),
                );
            }
            (Some(steps), None, None, None) => steps,
            (None, Some(request), Some(expect), capture) => vec![Step {
                request,
                expect,
                capture: capture.unwrap_or_default(),
            }],
            (None, Some(_), None, _) => return Err("`request` needs an `expect`".to_owned()),
            (None, None, Some(_), _) | (None, None, None, Some(_)) => {
                return Err("`expect` and `capture` need a `request`".to_owned());
            }
            (None, None, None, None) => {
                return Err("missing `steps` (or a top-level `request` + `expect`)".to_owned());
            }
        };
        if steps.is_empty() {
            return Err("`steps` must hold at least one step".to_owned());
        }
        for (index, step) in steps.iter().enumerate() {
            step.validate()
                .map_err(|message| format!("step {}: {message}", index + 1))?;
        }
        Ok(Case {
            name,
            description: self.description,
            provenance: self.provenance,
            clock: self.clock,
            seed: self.seed,
            fresh: self.fresh,
            steps,
            path: None,
        })
    }
}

/// One exchange: a request, what its response must look like, and values to keep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What to send.
    pub request: Request,
    /// What the response must look like.
    pub expect: Expect,
    /// Variables to fill from the response for later steps: name → JSON pointer into the body.
    #[serde(default, skip_serializing_if = "Pairs::is_empty")]
    pub capture: Pairs,
}

impl Step {
    /// Checks what serde cannot: status range, pointer syntax and placeholder syntax.
    fn validate(&self) -> Result<(), String> {
        let request = &self.request;
        vars::check_syntax(&request.path).map_err(|e| format!("request.path: {e}"))?;
        for (name, value) in request.headers.iter() {
            vars::check_syntax(value).map_err(|e| format!("request.headers.{name}: {e}"))?;
        }
        match &request.body {
            RequestBody::Empty => {}
            RequestBody::Form(form) => {
                for (name, value) in form.iter() {
                    vars::check_syntax(value).map_err(|e| format!("request.form.{name}: {e}"))?;
                }
            }
            RequestBody::Json(json) => {
                vars::check_value_syntax(json).map_err(|e| format!("request.json: {e}"))?
            }
            RequestBody::Text(text) => {
                vars::check_syntax(text).map_err(|e| format!("request.body: {e}"))?
            }
        }
        let expect = &self.expect;
        if !(100..=599).contains(&expect.status) {
            return Err(format!(
                "expect.status: {} is not an HTTP status (100-599)",
                expect.status
            ));
        }
        for (name, value) in expect.headers.iter() {
            vars::check_syntax(value).map_err(|e| format!("expect.headers.{name}: {e}"))?;
        }
        if let Some(body) = &expect.body {
            vars::check_value_syntax(body).map_err(|e| format!("expect.body: {e}"))?;
        }
        for (index, matcher) in expect.matchers.iter().enumerate() {
            let place = format!("expect.match[{index}]");
            vars::check_syntax(&matcher.pointer).map_err(|e| format!("{place}.pointer: {e}"))?;
            match &matcher.check {
                Check::Equals(value) | Check::Contains(value) => {
                    vars::check_value_syntax(value).map_err(|e| format!("{place}: {e}"))?
                }
                Check::Regex(text) => {
                    vars::check_syntax(text).map_err(|e| format!("{place}.regex: {e}"))?
                }
                Check::Keys(keys) => {
                    for key in keys {
                        vars::check_syntax(key).map_err(|e| format!("{place}.keys: {e}"))?;
                    }
                }
                Check::Length(_) | Check::Exists(_) | Check::Type(_) => {}
            }
        }
        if let Some(text) = &expect.text {
            for value in [&text.starts_with, &text.contains].into_iter().flatten() {
                vars::check_syntax(value).map_err(|e| format!("expect.text: {e}"))?;
            }
        }
        for (name, pointer) in self.capture.iter() {
            check_pointer(pointer).map_err(|e| format!("capture.{name}: {e}"))?;
        }
        Ok(())
    }
}

/// The HTTP methods a case may use.
const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// What a step sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RequestFile", into = "RequestFile")]
pub struct Request {
    /// The HTTP method, upper case (`GET`, `POST`, …).
    pub method: String,
    /// The path (and query string) appended to the runner's base URL; starts with `/`; may
    /// hold `{{variables}}`, inserted as is (not percent-encoded).
    pub path: String,
    /// Request headers, in order; values may hold `{{variables}}`.
    pub headers: Pairs,
    /// The request body.
    pub body: RequestBody,
}

/// The body of a request.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestBody {
    /// No body.
    Empty,
    /// `application/x-www-form-urlencoded` fields, sent in this order (`"form"` in a file).
    Form(Pairs),
    /// A JSON document (`"json"` in a file); strings may hold `{{variables}}`.
    Json(Value),
    /// Raw text (`"body"` in a file), with the content type given in the request's headers.
    Text(String),
}

/// A request as written in a file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestFile {
    method: String,
    path: String,
    #[serde(default, skip_serializing_if = "Pairs::is_empty")]
    headers: Pairs,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    form: Option<Pairs>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    json: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    body: Option<String>,
}

impl TryFrom<RequestFile> for Request {
    type Error = String;

    fn try_from(file: RequestFile) -> Result<Self, Self::Error> {
        if !METHODS.contains(&file.method.as_str()) {
            return Err(format!(
                "request.method {:?} is not one of {}",
                file.method,
                METHODS.join(", ")
            ));
        }
        if !file.path.starts_with('/') {
            return Err(format!("request.path {:?} must start with `/`", file.path));
        }
        for (name, _) in file.headers.iter() {
            check_header_name(name).map_err(|e| format!("request.headers: {e}"))?;
        }
        let body = match (file.form, file.json, file.body) {
            (None, None, None) => RequestBody::Empty,
            (Some(form), None, None) => RequestBody::Form(form),
            (None, Some(json), None) => RequestBody::Json(json),
            (None, None, Some(text)) => RequestBody::Text(text),
            _ => return Err("request: give at most one of `form`, `json`, `body`".to_owned()),
        };
        Ok(Request {
            method: file.method,
            path: file.path,
            headers: file.headers,
            body,
        })
    }
}

impl From<Request> for RequestFile {
    fn from(request: Request) -> Self {
        let (form, json, body) = match request.body {
            RequestBody::Empty => (None, None, None),
            RequestBody::Form(form) => (Some(form), None, None),
            RequestBody::Json(json) => (None, Some(json), None),
            RequestBody::Text(text) => (None, None, Some(text)),
        };
        RequestFile {
            method: request.method,
            path: request.path,
            headers: request.headers,
            form,
            json,
            body,
        }
    }
}

/// What a step's response must look like. Every part is checked and every failure reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The exact HTTP status.
    pub status: u16,
    /// Headers that must be present; a header matches when one of its values starts with the
    /// expected text (names are case-insensitive, values are not).
    #[serde(default, skip_serializing_if = "Pairs::is_empty")]
    pub headers: Pairs,
    /// The exact JSON body, compared structurally (object key order is ignored; use a `keys`
    /// matcher to check it).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub body: Option<Value>,
    /// Checks on parts of the JSON body (`"match"` in a file).
    #[serde(default, rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub matchers: Vec<Matcher>,
    /// Checks on the raw body, for non-JSON answers (PDF, CSV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<TextExpect>,
}

impl Expect {
    /// Whether checking this expectation needs the response body to be JSON.
    pub fn wants_json(&self) -> bool {
        self.body.is_some() || !self.matchers.is_empty()
    }
}

/// Checks on a body read as text (lossy UTF-8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TextExpect {
    /// The body must start with this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_with: Option<String>,
    /// The body must contain this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
}

/// A check on the value a JSON pointer selects in the response body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "MatcherFile", into = "MatcherFile")]
pub struct Matcher {
    /// An RFC 6901 JSON pointer (`""` is the whole body); may hold `{{variables}}`.
    pub pointer: String,
    /// What must hold of the selected value.
    pub check: Check,
}

/// What a [`Matcher`] requires of the value its pointer selects.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// The value equals this JSON (after variable substitution).
    Equals(Value),
    /// A string value contains this string, or an array value has an element equal to this.
    Contains(Value),
    /// A string value matches this regular expression (`regex` crate syntax, unanchored).
    Regex(String),
    /// A string has this many characters, an array this many elements, an object this many keys.
    Length(usize),
    /// The pointer selects something (`true`) or nothing (`false`); `null` counts as something.
    Exists(bool),
    /// The value is an object with exactly these keys, in this order.
    Keys(Vec<String>),
    /// The value has this JSON type.
    Type(JsonType),
}

/// The six JSON types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonType {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean,
    /// Any number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    /// The type of a JSON value.
    pub fn of(value: &Value) -> JsonType {
        match value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }

    /// The lowercase name used in case files.
    pub fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A matcher as written in a file: a pointer and exactly one check.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatcherFile {
    pointer: String,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    equals: Option<Value>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    contains: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    regex: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    length: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exists: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    keys: Option<Vec<String>>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    type_: Option<JsonType>,
}

impl TryFrom<MatcherFile> for Matcher {
    type Error = String;

    fn try_from(file: MatcherFile) -> Result<Self, Self::Error> {
        check_pointer(&file.pointer).map_err(|e| format!("match: {e}"))?;
        let mut checks = Vec::new();
        checks.extend(file.equals.map(Check::Equals));
        checks.extend(file.contains.map(Check::Contains));
        checks.extend(file.regex.map(Check::Regex));
        checks.extend(file.length.map(Check::Length));
        checks.extend(file.exists.map(Check::Exists));
        checks.extend(file.keys.map(Check::Keys));
        checks.extend(file.type_.map(Check::Type));
        let check = match checks.len() {
            1 => checks.remove(0),
            n => {
                return Err(format!(
                    "match {:?}: give exactly one of equals, contains, regex, length, exists, \
                     keys, type (found {n})",
                    file.pointer
                ));
            }
        };
        if let Check::Regex(pattern) = &check {
            // Patterns with variables are compiled once filled in, at run time.
            if !pattern.contains("{{") {
                regex::Regex::new(pattern)
                    .map_err(|e| format!("match {:?}: bad regex: {e}", file.pointer))?;
            }
        }
        Ok(Matcher {
            pointer: file.pointer,
            check,
        })
    }
}

impl From<Matcher> for MatcherFile {
    fn from(matcher: Matcher) -> Self {
        let mut file = MatcherFile {
            pointer: matcher.pointer,
            equals: None,
            contains: None,
            regex: None,
            length: None,
            exists: None,
            keys: None,
            type_: None,
        };
        match matcher.check {
            Check::Equals(value) => file.equals = Some(value),
            Check::Contains(value) => file.contains = Some(value),
            Check::Regex(pattern) => file.regex = Some(pattern),
            Check::Length(length) => file.length = Some(length),
            Check::Exists(exists) => file.exists = Some(exists),
            Check::Keys(keys) => file.keys = Some(keys),
            Check::Type(type_) => file.type_ = Some(type_),
        }
        file
    }
}

/// An ordered list of name → text pairs, written in a case file as a JSON object whose values
/// are all strings (headers, form fields, captures). Duplicate names are an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    /// The pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Pairs {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        Pairs(
            iter.into_iter()
                .map(|(name, value)| (name.into(), value.into()))
                .collect(),
        )
    }
}

impl Serialize for Pairs {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor;

        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = Pairs;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object whose values are strings")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut pairs: Vec<(String, String)> = Vec::new();
                while let Some((name, value)) = map.next_entry::<String, String>()? {
                    if pairs.iter().any(|(seen, _)| *seen == name) {
                        return Err(de::Error::custom(format!("duplicate key {name:?}")));
                    }
                    pairs.push((name, value));
                }
                Ok(Pairs(pairs))
            }
        }

        deserializer.deserialize_map(PairsVisitor)
    }
}

/// Checks that `pointer` is an RFC 6901 JSON pointer: empty or starting with `/`.
fn check_pointer(pointer: &str) -> Result<(), String> {
    if pointer.is_empty() || pointer.starts_with('/') {
        Ok(())
    } else {
        Err(format!(
            "pointer {pointer:?} must be empty (the whole body) or start with `/`"
        ))
    }
}

/// The longest header name HTTP clients accept (the `http` crate's limit).
const MAX_HEADER_NAME_LEN: usize = (1 << 16) - 1;

/// Checks that `name` is a valid HTTP header name: an RFC 9110 token (letters, digits and
/// ``!#$%&'*+-.^_`|~``), as the runner's HTTP client accepts it.
fn check_header_name(name: &str) -> Result<(), String> {
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if !name.is_empty() && name.len() <= MAX_HEADER_NAME_LEN && name.bytes().all(tchar) {
        Ok(())
    } else {
        Err(format!("{name:?} is not a valid header name"))
    }
}

/// Deserializes a field that is present, `null` included, as `Some` (plain `Option<Value>`
/// would read `null` as absent).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

/// Serde for [`Provenance`] as its lowercase name.
mod provenance_name {
    use serde::{Deserialize, Deserializer, Serializer, de};

    use crate::errors::Provenance;

    const ALL: [Provenance; 3] = [
        Provenance::Observed,
        Provenance::Documented,
        Provenance::Inferred,
    ];

    pub(super) fn serialize<S: Serializer>(
        provenance: &Provenance,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(provenance.name())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Provenance, D::Error> {
        let name = String::deserialize(deserializer)?;
        ALL.into_iter()
            .find(|provenance| provenance.name() == name)
            .ok_or_else(|| {
                de::Error::invalid_value(
                    de::Unexpected::Str(&name),
                    &"observed, documented or inferred",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_tokens() {
        for good in [
            "Content-Type",
            "x-api-key",
            "Datacash-Key",
            "a!#$%&'*+-.^_`|~9",
        ] {
            assert!(check_header_name(good).is_ok(), "{good:?}");
        }
        for bad in [
            "",
            "a b",
            "a:b",
            "(x)",
            "é",
            "a\n",
            &"a".repeat(MAX_HEADER_NAME_LEN + 1),
        ] {
            assert!(check_header_name(bad).is_err(), "{bad:?}");
        }
    }

    /// The check accepts exactly the names the runner's HTTP client accepts.
    #[cfg(feature = "runner")]
    #[test]
    fn header_names_are_what_the_http_client_accepts() {
        let mut names: Vec<String> = (0..=u8::MAX).map(|b| char::from(b).to_string()).collect();
        names.extend(["", "Content-Type", "é", "a b"].map(str::to_owned));
        for len in [64, 65, MAX_HEADER_NAME_LEN, MAX_HEADER_NAME_LEN + 1] {
            names.push("A".repeat(len));
            names.push(format!("{} ", "a".repeat(len)));
        }
        for name in names {
            let client = reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_ok();
            assert_eq!(check_header_name(&name).is_ok(), client, "{name:?}");
        }
    }
}
