//! What a run found: one outcome per case, each with every mismatch, and a readable summary.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use crate::errors::Provenance;

/// How many mismatches of one case [`Report`]'s `Display` shows before "and N more".
pub const SHOWN_PER_CASE: usize = 20;

/// How many characters of a value or body a mismatch shows.
const VALUE_CHARS: usize = 120;

/// One way a server's behaviour differed from a case. `step` is 1-based.
#[derive(Debug, Clone, PartialEq)]
pub enum Mismatch {
    /// The harness could not bring the server to the case's state; the case's steps were not
    /// run (or, after the last case, the final reset failed).
    Setup(String),
    /// A `{{variable}}` could not be filled; the step was not sent and the case stopped.
    Variable {
        /// The step.
        step: usize,
        /// Where in the step, as `request.path`, `expect.body`, `match /x`…
        place: String,
        /// What is wrong: the unknown name (and the known ones) or the malformed text.
        problem: String,
    },
    /// The request could not be sent or its response not read; the case stopped.
    Transport {
        /// The step.
        step: usize,
        /// The error with its causes, outermost first.
        error: String,
    },
    /// The HTTP status differs.
    Status {
        /// The step.
        step: usize,
        /// The status the case expects.
        expected: u16,
        /// The status the server answered.
        actual: u16,
    },
    /// An expected header is absent or none of its values starts with the expected text.
    Header {
        /// The step.
        step: usize,
        /// The header's name as written in the case.
        name: String,
        /// The expected prefix.
        expected: String,
        /// The header's values joined by `, `, or `None` when absent.
        actual: Option<String>,
    },
    /// JSON was expected but the body does not parse as JSON.
    NotJson {
        /// The step.
        step: usize,
        /// The response's content type, if any.
        content_type: Option<String>,
        /// The first 200 characters of the body.
        excerpt: String,
    },
    /// The body differs from the exact expected body at one JSON pointer.
    Body {
        /// The step.
        step: usize,
        /// Where (RFC 6901; `""` is the whole body).
        pointer: String,
        /// The expected value, or `None` when the server sent something the case does not
        /// expect.
        expected: Option<Value>,
        /// The server's value, or `None` when it is missing.
        actual: Option<Value>,
    },
    /// A `match` entry failed.
    Match {
        /// The step.
        step: usize,
        /// The matcher's pointer (variables filled in).
        pointer: String,
        /// What the matcher requires, as "to contain \"x\"".
        expected: String,
        /// What was found, as "\"y\"", "length 3" or "nothing".
        actual: String,
    },
    /// A `text` expectation failed.
    Text {
        /// The step.
        step: usize,
        /// What was required, as "to start with \"%PDF-\"".
        expected: String,
        /// The first 200 characters of the body.
        excerpt: String,
    },
    /// A `capture` found nothing at its pointer (or the body was not JSON); the case stopped.
    Capture {
        /// The step.
        step: usize,
        /// The variable to capture.
        name: String,
        /// The pointer that found nothing.
        pointer: String,
    },
}

impl Mismatch {
    /// The 1-based step the mismatch belongs to; `None` for [`Mismatch::Setup`].
    pub fn step(&self) -> Option<usize> {
        match self {
            Mismatch::Setup(_) => None,
            Mismatch::Variable { step, .. }
            | Mismatch::Transport { step, .. }
            | Mismatch::Status { step, .. }
            | Mismatch::Header { step, .. }
            | Mismatch::NotJson { step, .. }
            | Mismatch::Body { step, .. }
            | Mismatch::Match { step, .. }
            | Mismatch::Text { step, .. }
            | Mismatch::Capture { step, .. } => Some(*step),
        }
    }
}

/// One line, without the step.
impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Setup(message) => write!(f, "setup: {message}"),
            Mismatch::Variable { place, problem, .. } => write!(f, "{place}: {problem}"),
            Mismatch::Transport { error, .. } => write!(f, "transport: {error}"),
            Mismatch::Status {
                expected, actual, ..
            } => write!(f, "status: expected {expected}, got {actual}"),
            Mismatch::Header {
                name,
                expected,
                actual,
                ..
            } => {
                write!(f, "header {name}: expected {expected:?}…, got ")?;
                match actual {
                    Some(actual) => write!(f, "{actual:?}"),
                    None => f.write_str("nothing (absent)"),
                }
            }
            Mismatch::NotJson {
                content_type,
                excerpt,
                ..
            } => {
                let content_type = content_type.as_deref().unwrap_or("no content type");
                if excerpt.is_empty() {
                    write!(f, "body: expected JSON, got an empty body ({content_type})")
                } else {
                    write!(f, "body: expected JSON, got ({content_type}) {excerpt:?}")
                }
            }
            Mismatch::Body {
                pointer,
                expected,
                actual,
                ..
            } => write!(
                f,
                "body {}: expected {}, got {}",
                show_pointer(pointer),
                show_value(expected.as_ref(), "nothing"),
                show_value(actual.as_ref(), "nothing (absent)"),
            ),
            Mismatch::Match {
                pointer,
                expected,
                actual,
                ..
            } => write!(
                f,
                "match {}: expected {expected}, got {actual}",
                show_pointer(pointer)
            ),
            Mismatch::Text {
                expected, excerpt, ..
            } => write!(f, "text: expected body {expected}, got {excerpt:?}"),
            Mismatch::Capture { name, pointer, .. } => write!(
                f,
                "capture {name}: nothing at {} in the response",
                show_pointer(pointer)
            ),
        }
    }
}

/// A pointer as shown in reports: the root is `(root)`, since `""` reads as nothing.
fn show_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    }
}

/// A value as compact JSON, shortened to [`VALUE_CHARS`].
fn show_value(value: Option<&Value>, absent: &str) -> String {
    match value {
        Some(value) => shorten(&value.to_string(), VALUE_CHARS),
        None => absent.to_owned(),
    }
}

/// The first `max` characters of `text`, with `…` when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// What happened to one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOutcome {
    /// The case's name.
    pub name: String,
    /// The file the case came from, if any.
    pub path: Option<PathBuf>,
    /// The case's provenance.
    pub provenance: Provenance,
    /// How many steps the case has.
    pub steps: usize,
    /// Every mismatch found, in order; empty when the case passed.
    pub mismatches: Vec<Mismatch>,
    /// Remarks that do not fail the case, e.g. that its clock and seed were not applied.
    pub notes: Vec<String>,
    /// How long the case took, harness calls included.
    pub duration: Duration,
}

impl CaseOutcome {
    /// Whether the server behaved exactly as the case expects.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// The outcome of a run, case by case in run order.
///
/// `Display` renders a table (one line per case) then, for each failed or annotated case,
/// every mismatch (at most [`SHOWN_PER_CASE`], then "and N more") and note.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// One outcome per case, in the order the cases ran.
    pub outcomes: Vec<CaseOutcome>,
}

impl Report {
    /// How many cases passed.
    pub fn passed(&self) -> usize {
        self.outcomes.iter().filter(|o| o.passed()).count()
    }

    /// How many cases failed.
    pub fn failed(&self) -> usize {
        self.outcomes.len() - self.passed()
    }

    /// Whether every case passed (true for an empty run).
    pub fn is_success(&self) -> bool {
        self.outcomes.iter().all(CaseOutcome::passed)
    }

    /// The outcomes of the cases that failed.
    pub fn failures(&self) -> impl Iterator<Item = &CaseOutcome> {
        self.outcomes.iter().filter(|o| !o.passed())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .outcomes
            .iter()
            .map(|o| o.name.chars().count())
            .max()
            .unwrap_or(0);
        for outcome in &self.outcomes {
            let verdict = if outcome.passed() { "PASS" } else { "FAIL" };
            write!(
                f,
                "{verdict}  {:<width$}  {:>6} ms  {:<10}",
                outcome.name,
                outcome.duration.as_millis(),
                outcome.provenance.name(),
            )?;
            match outcome.mismatches.len() {
                0 => {}
                1 => f.write_str("  1 mismatch")?,
                n => write!(f, "  {n} mismatches")?,
            }
            if !outcome.notes.is_empty() {
                f.write_str("  (see notes)")?;
            }
            writeln!(f)?;
        }
        let cases = if self.outcomes.len() == 1 {
            "case"
        } else {
            "cases"
        };
        writeln!(
            f,
            "{} {cases}: {} passed, {} failed",
            self.outcomes.len(),
            self.passed(),
            self.failed()
        )?;
        for outcome in &self.outcomes {
            if outcome.passed() && outcome.notes.is_empty() {
                continue;
            }
            writeln!(f)?;
            let verdict = if outcome.passed() { "PASS" } else { "FAIL" };
            write!(f, "{verdict} {}", outcome.name)?;
            if let Some(path) = &outcome.path {
                write!(f, " ({})", path.display())?;
            }
            writeln!(f)?;
            for mismatch in outcome.mismatches.iter().take(SHOWN_PER_CASE) {
                match mismatch.step() {
                    Some(step) if outcome.steps > 1 => writeln!(f, "  step {step}: {mismatch}")?,
                    _ => writeln!(f, "  {mismatch}")?,
                }
            }
            if outcome.mismatches.len() > SHOWN_PER_CASE {
                writeln!(
                    f,
                    "  … and {} more",
                    outcome.mismatches.len() - SHOWN_PER_CASE
                )?;
            }
            for note in &outcome.notes {
                writeln!(f, "  note: {note}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn mismatch_lines() {
        let cases = [
            (
                Mismatch::Status {
                    step: 1,
                    expected: 200,
                    actual: 500,
                },
                "status: expected 200, got 500",
            ),
            (
                Mismatch::Body {
                    step: 1,
                    pointer: "/esito".into(),
                    expected: Some(json!(true)),
                    actual: Some(json!(false)),
                },
                "body /esito: expected true, got false",
            ),
            (
                Mismatch::Body {
                    step: 1,
                    pointer: "/extra".into(),
                    expected: None,
                    actual: Some(json!("x")),
                },
                "body /extra: expected nothing, got \"x\"",
            ),
            (
                Mismatch::Body {
                    step: 1,
                    pointer: "".into(),
                    expected: Some(json!({})),
                    actual: Some(json!([])),
                },
                "body (root): expected {}, got []",
            ),
            (
                Mismatch::Header {
                    step: 1,
                    name: "content-type".into(),
                    expected: "application/json".into(),
                    actual: None,
                },
                "header content-type: expected \"application/json\"…, got nothing (absent)",
            ),
            (
                Mismatch::NotJson {
                    step: 1,
                    content_type: Some("text/html".into()),
                    excerpt: "<html>".into(),
                },
                "body: expected JSON, got (text/html) \"<html>\"",
            ),
        ];
        for (mismatch, line) in cases {
            assert_eq!(mismatch.to_string(), line);
        }
    }

    #[test]
    fn shorten_cuts_on_characters() {
        assert_eq!(shorten("àèìòù", 3), "àèì…");
        assert_eq!(shorten("abc", 3), "abc");
    }

    #[test]
    fn long_lists_are_cut() {
        let mismatches = (0..25)
            .map(|i| Mismatch::Body {
                step: 1,
                pointer: format!("/{i}"),
                expected: Some(json!(i)),
                actual: None,
            })
            .collect();
        let report = Report {
            outcomes: vec![CaseOutcome {
                name: "many".into(),
                path: None,
                provenance: Provenance::Inferred,
                steps: 1,
                mismatches,
                notes: vec![],
                duration: Duration::ZERO,
            }],
        };
        let text = report.to_string();
        assert!(text.contains("  body /19: expected 19"), "{text}");
        assert!(!text.contains("body /20:"), "{text}");
        assert!(text.contains("… and 5 more"), "{text}");
        assert!(text.contains("1 case: 0 passed, 1 failed"), "{text}");
    }
}
