//! `{{name}}` placeholders: their syntax and their substitution from a set of variables.
//!
//! In text (paths, header and form values, regexes) every placeholder becomes the variable's
//! text: a string as is, any other JSON value as compact JSON. In JSON documents (request
//! `json`, expected `body`, `equals`, `contains`), a string that is exactly one placeholder
//! becomes the variable's JSON value itself, so captured numbers stay numbers; object keys and
//! other strings are filled as text.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One piece of a template.
#[derive(Debug, PartialEq)]
enum Segment<'a> {
    Literal(&'a str),
    Var(&'a str),
}

/// Splits `text` into literal text and placeholders, or says why it is malformed.
fn parse(text: &str) -> Result<Vec<Segment<'_>>, String> {
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            segments.push(Segment::Literal(&rest[..open]));
        }
        let after = &rest[open + 2..];
        let close = after
            .find("}}")
            .ok_or_else(|| format!("unclosed `{{{{` in {text:?}"))?;
        let name = after[..close].trim();
        let well_formed = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
        if !well_formed {
            return Err(format!(
                "bad variable name {:?} in {text:?} (letters, digits, `_`, `-`, `.`)",
                &after[..close]
            ));
        }
        segments.push(Segment::Var(name));
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        segments.push(Segment::Literal(rest));
    }
    Ok(segments)
}

/// Checks the placeholder syntax of a text.
pub(crate) fn check_syntax(text: &str) -> Result<(), String> {
    parse(text).map(drop)
}

/// Checks the placeholder syntax of every string and key in a JSON document.
pub(crate) fn check_value_syntax(value: &Value) -> Result<(), String> {
    match value {
        Value::String(text) => check_syntax(text),
        Value::Array(items) => items.iter().try_for_each(check_value_syntax),
        Value::Object(map) => map.iter().try_for_each(|(key, item)| {
            check_syntax(key)?;
            check_value_syntax(item)
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => Ok(()),
    }
}

/// The text form of a variable's value.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The variables a case's steps see: the runner's, then the case's captures.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vars {
    values: BTreeMap<String, Value>,
}

impl Vars {
    /// Variables holding these values.
    pub(crate) fn new(values: BTreeMap<String, Value>) -> Self {
        Vars { values }
    }

    /// Sets (or replaces) a variable.
    pub(crate) fn set(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_owned(), value);
    }

    /// Fills the placeholders of `text`; problems go to `problems` and the placeholder is kept.
    pub(crate) fn text(&self, text: &str, problems: &mut Vec<String>) -> String {
        let segments = match parse(text) {
            Ok(segments) => segments,
            Err(problem) => {
                problems.push(problem);
                return text.to_owned();
            }
        };
        let mut out = String::with_capacity(text.len());
        for segment in segments {
            match segment {
                Segment::Literal(literal) => out.push_str(literal),
                Segment::Var(name) => match self.values.get(name) {
                    Some(value) => out.push_str(&text_of(value)),
                    None => {
                        problems.push(self.unknown(name));
                        out.push_str("{{");
                        out.push_str(name);
                        out.push_str("}}");
                    }
                },
            }
        }
        out
    }

    /// Fills the placeholders of a JSON document (see the module docs); problems go to
    /// `problems`.
    pub(crate) fn value(&self, value: &Value, problems: &mut Vec<String>) -> Value {
        match value {
            Value::String(text) => match parse(text).as_deref() {
                Ok([Segment::Var(name)]) => match self.values.get(*name) {
                    Some(value) => value.clone(),
                    None => {
                        problems.push(self.unknown(name));
                        value.clone()
                    }
                },
                _ => Value::String(self.text(text, problems)),
            },
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.value(item, problems))
                    .collect(),
            ),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(key, item)| (self.text(key, problems), self.value(item, problems)))
                    .collect::<Map<String, Value>>(),
            ),
            Value::Null | Value::Bool(_) | Value::Number(_) => value.clone(),
        }
    }

    /// The problem of an unknown variable, naming (never showing) the known ones.
    fn unknown(&self, name: &str) -> String {
        let known: Vec<&str> = self.values.keys().map(String::as_str).collect();
        if known.is_empty() {
            format!("unknown variable {{{{{name}}}}} (no variables are set)")
        } else {
            format!(
                "unknown variable {{{{{name}}}}} (known: {})",
                known.join(", ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn vars() -> Vars {
        let mut vars = Vars::default();
        vars.set("token", json!("abc"));
        vars.set("idtrx", json!(42));
        vars
    }

    #[test]
    fn text_substitution() {
        let cases = [
            ("/a/{{idtrx}}/", "/a/42/"),
            ("{{token}}", "abc"),
            ("{{ token }}-{{idtrx}}", "abc-42"),
            ("no placeholders", "no placeholders"),
            ("single { brace }", "single { brace }"),
        ];
        for (input, expected) in cases {
            let mut problems = Vec::new();
            assert_eq!(vars().text(input, &mut problems), expected, "{input}");
            assert!(problems.is_empty(), "{input}: {problems:?}");
        }
    }

    #[test]
    fn json_substitution_keeps_types_of_whole_placeholders() {
        let mut problems = Vec::new();
        let filled = vars().value(
            &json!({"id": "{{idtrx}}", "path": "/x/{{idtrx}}", "{{token}}": ["{{token}}", 1]}),
            &mut problems,
        );
        assert_eq!(
            filled,
            json!({"id": 42, "path": "/x/42", "abc": ["abc", 1]})
        );
        assert!(problems.is_empty());
    }

    #[test]
    fn problems_are_collected_not_panicked() {
        let cases = [
            (
                "{{missing}}",
                "unknown variable {{missing}} (known: idtrx, token)",
            ),
            ("a {{oops", "unclosed `{{` in \"a {{oops\""),
            (
                "{{}}",
                "bad variable name \"\" in \"{{}}\" (letters, digits, `_`, `-`, `.`)",
            ),
        ];
        for (input, expected) in cases {
            let mut problems = Vec::new();
            vars().text(input, &mut problems);
            assert_eq!(problems, [expected], "{input}");
        }
        let mut problems = Vec::new();
        vars().value(&json!(["{{a}}", {"k": "x{{b}}"}]), &mut problems);
        assert_eq!(problems.len(), 2);
    }
}
