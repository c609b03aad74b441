//! Reading case files from disk.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::format::Case;

/// Why cases could not be loaded. Every variant names the file (or files) at fault.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// A file or directory could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A file is not a valid case: bad JSON, an unknown field, a malformed matcher…
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line and column when known.
        message: String,
    },
    /// Two files define cases with the same name.
    #[error("duplicate case name {name:?}: {} and {}", first.display(), second.display())]
    Duplicate {
        /// The shared name.
        name: String,
        /// The first file (in path order).
        first: PathBuf,
        /// The second file.
        second: PathBuf,
    },
}

/// Loads one case file; the case is named after the file stem unless it names itself.
pub fn load_case(path: &Path) -> Result<Case, CaseError> {
    let text = fs::read_to_string(path).map_err(|source| CaseError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_case(path, &text)
}

/// Parses the text of the case file `path`.
pub(super) fn parse_case(path: &Path, text: &str) -> Result<Case, CaseError> {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut case = Case::from_json(text, &stem).map_err(|error| CaseError::Invalid {
        path: path.to_owned(),
        message: error.to_string(),
    })?;
    case.path = Some(path.to_owned());
    Ok(case)
}

/// Loads every `*.json` file under `dir`, recursively, in path order. Names must be unique
/// across the whole directory.
pub fn load_dir(dir: &Path) -> Result<Vec<Case>, CaseError> {
    let mut files = Vec::new();
    collect_json_files(dir, &mut files)?;
    files.sort();
    let cases = files
        .iter()
        .map(|file| load_case(file))
        .collect::<Result<Vec<_>, _>>()?;
    unique(cases)
}

/// `cases` unchanged when their names are unique, or the first duplicate.
pub(super) fn unique(cases: Vec<Case>) -> Result<Vec<Case>, CaseError> {
    let mut seen: HashMap<&str, Option<&PathBuf>> = HashMap::new();
    for case in &cases {
        if let Some(first) = seen.insert(&case.name, case.path.as_ref()) {
            return Err(CaseError::Duplicate {
                name: case.name.clone(),
                first: first.cloned().unwrap_or_default(),
                second: case.path.clone().unwrap_or_default(),
            });
        }
    }
    Ok(cases)
}

/// Adds the `*.json` files under `dir` (following symbolic links) to `files`.
fn collect_json_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), CaseError> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |source| CaseError::Io { path, source }
    };
    for entry in fs::read_dir(dir).map_err(io_error(dir))? {
        let path = entry.map_err(io_error(dir))?.path();
        let metadata = fs::metadata(&path).map_err(io_error(&path))?;
        if metadata.is_dir() {
            collect_json_files(&path, files)?;
        } else if metadata.is_file() && path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::cases::{Check, RequestBody};

    /// A fresh, empty directory under the system temp dir, removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(files: &[(&str, &str)]) -> Scratch {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!(
                "dckit-cases-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = fs::remove_dir_all(&dir);
            for (name, text) in files {
                let path = dir.join(name);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, text).unwrap();
            }
            fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    const SUGAR: &str = r#"{
        "provenance": "inferred",
        "request": {"method": "GET", "path": "/x"},
        "expect": {"status": 200}
    }"#;

    fn example_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("cases/example")
    }

    #[test]
    fn examples_load_in_path_order_with_names() {
        let cases = load_dir(&example_dir()).unwrap();
        let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
        let mut sorted_paths: Vec<&PathBuf> = cases.iter().flat_map(|c| &c.path).collect();
        sorted_paths.sort();
        assert_eq!(
            cases.iter().flat_map(|c| &c.path).collect::<Vec<_>>(),
            sorted_paths
        );
        assert!(names.contains(&"ws-get-today"), "{names:?}");
        assert!(names.contains(&"dco-send-then-void"), "{names:?}");
    }

    #[test]
    fn sugar_is_one_step_and_the_name_defaults_to_the_stem() {
        let scratch = Scratch::new(&[("sub/dir/plain.json", SUGAR)]);
        let cases = load_dir(&scratch.0).unwrap();
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].name, "plain");
        assert_eq!(cases[0].steps.len(), 1);
        assert_eq!(cases[0].steps[0].request.path, "/x");
        assert_eq!(cases[0].steps[0].request.body, RequestBody::Empty);
    }

    #[test]
    fn duplicate_names_are_refused_naming_both_files() {
        let named = r#"{"name": "a", "provenance": "observed",
            "request": {"method": "GET", "path": "/"}, "expect": {"status": 200}}"#;
        let scratch = Scratch::new(&[("a.json", SUGAR), ("z/other.json", named)]);
        let error = load_dir(&scratch.0).unwrap_err();
        match &error {
            CaseError::Duplicate {
                name,
                first,
                second,
            } => {
                assert_eq!(name, "a");
                assert!(first.ends_with("a.json"), "{error}");
                assert!(second.ends_with("z/other.json"), "{error}");
            }
            other => panic!("expected a duplicate, got {other}"),
        }
    }

    #[test]
    fn only_json_files_are_read() {
        let scratch = Scratch::new(&[("a.json", SUGAR), ("README.md", "not a case")]);
        assert_eq!(load_dir(&scratch.0).unwrap().len(), 1);
    }

    #[test]
    fn invalid_files_are_refused_with_the_reason() {
        let step = r#""request": {"method": "GET", "path": "/"}, "expect": {"status": 200}"#;
        let table = [
            (
                format!(r#"{{"provenance": "observed", "colour": 1, {step}}}"#),
                "unknown field `colour`",
            ),
            (
                format!(r#"{{"provenance": "guessed", {step}}}"#),
                "observed, documented or inferred",
            ),
            (format!(r#"{{{step}}}"#), "missing field `provenance`"),
            (
                r#"{"provenance": "observed", "request": {"method": "GET", "path": "/"}}"#
                    .to_owned(),
                "`request` needs an `expect`",
            ),
            (
                format!(r#"{{"provenance": "observed", "steps": [], {step}}}"#),
                "not both",
            ),
            (
                r#"{"provenance": "observed", "steps": []}"#.to_owned(),
                "at least one step",
            ),
            (
                r#"{"provenance": "observed", "request": {"method": "GET", "path": "/",
                    "form": {}, "json": {}}, "expect": {"status": 200}}"#
                    .to_owned(),
                "at most one of `form`, `json`, `body`",
            ),
            (
                r#"{"provenance": "observed", "request": {"method": "get", "path": "/"},
                    "expect": {"status": 200}}"#
                    .to_owned(),
                "is not one of GET",
            ),
            (
                r#"{"provenance": "observed", "request": {"method": "GET", "path": "x"},
                    "expect": {"status": 200}}"#
                    .to_owned(),
                "must start with `/`",
            ),
            (
                r#"{"provenance": "observed", "request": {"method": "GET", "path": "/"},
                    "expect": {"status": 200, "bdy": {}}}"#
                    .to_owned(),
                "unknown field `bdy`",
            ),
            (
                r#"{"provenance": "observed", "request": {"method": "GET", "path": "/"},
                    "expect": {"status": 200, "match": [{"pointer": "/a", "equals": 1, "length": 1}]}}"#
                    .to_owned(),
                "give exactly one of",
            ),
            (
                r#"{"provenance": "observed", "request": {"method": "GET", "path": "/"},
                    "expect": {"status": 200, "match": [{"pointer": "a", "exists": true}]}}"#
                    .to_owned(),
                "must be empty (the whole body) or start with `/`",
            ),
            (
                r#"{"provenance": "observed", "request": {"method": "GET", "path": "/"},
                    "expect": {"status": 200, "match": [{"pointer": "/a", "regex": "("}]}}"#
                    .to_owned(),
                "bad regex",
            ),
            (
                r#"{"provenance": "observed", "request": {"method": "GET", "path": "/{{id"},
                    "expect": {"status": 200}}"#
                    .to_owned(),
                "step 1: request.path: unclosed",
            ),
            (
                r#"{"provenance": "observed", "request": {"method": "GET", "path": "/",
                    "headers": {"A": "1", "A": "2"}}, "expect": {"status": 200}}"#
                    .to_owned(),
                "duplicate key \"A\"",
            ),
            (
                r#"{"provenance": "observed", "request": {"method": "GET", "path": "/"},
                    "expect": {"status": 999}}"#
                    .to_owned(),
                "not an HTTP status",
            ),
            (
                r#"{"provenance": "observed", "clock": "2019-06-15", "request": {"method": "GET",
                    "path": "/"}, "expect": {"status": 200}}"#
                    .to_owned(),
                "premature end of input",
            ),
        ];
        for (text, reason) in table {
            let scratch = Scratch::new(&[("bad.json", &text)]);
            let error = load_dir(&scratch.0).unwrap_err();
            let message = error.to_string();
            assert!(matches!(error, CaseError::Invalid { .. }), "{message}");
            assert!(message.contains("bad.json: "), "{message}");
            assert!(message.contains(reason), "{reason:?} not in {message:?}");
        }
    }

    #[test]
    fn a_missing_directory_is_an_io_error() {
        let error = load_dir(Path::new("/nonexistent/dckit/cases")).unwrap_err();
        assert!(matches!(error, CaseError::Io { .. }), "{error}");
    }

    #[test]
    fn parsed_matchers_keep_their_kind_and_cases_round_trip() {
        let cases = load_dir(&example_dir()).unwrap();
        for case in &cases {
            let text = serde_json::to_string(case).unwrap();
            let again = Case::from_json(&text, "unused").unwrap();
            assert_eq!(
                Case {
                    path: None,
                    ..case.clone()
                },
                again,
                "{}",
                case.name
            );
        }
        let matchers: Vec<&Check> = cases
            .iter()
            .flat_map(|c| &c.steps)
            .flat_map(|s| &s.expect.matchers)
            .map(|m| &m.check)
            .collect();
        assert!(matchers.iter().any(|c| matches!(c, Check::Regex(_))));
    }
}
