//! The layers of `mock-server/src` point one way (ARCHITECTURE.md): each file is read, the
//! `crate::…` paths outside its test module are collected, and a path into a layer above the
//! file's own fails the test, naming the file, the line and the rule.
//!
//! | layer | modules | may use |
//! |---|---|---|
//! | leaves | `clock`, `secrets`, `surface`, `lifecycle` | other leaves |
//! | database | `db` | leaves |
//! | services | `datacash`, `account`, `webservice`, `harness`, `seed`, `credentials`, `config` | the above, each other; no axum |
//! | HTTP | `http`, `state`, `logging` (the request log) | the above |
//! | server | `server`, `cli`, `fuzzing`, `bad_input`, `lib.rs`, `main.rs`, `case_vars` | everything |

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Leaf,
    Db,
    Service,
    Http,
    Server,
}

/// The layer of a top-level module of the crate.
fn layer_of(module: &str) -> Option<Layer> {
    Some(match module {
        "clock" | "secrets" | "surface" | "lifecycle" => Layer::Leaf,
        "db" => Layer::Db,
        "datacash" | "account" | "webservice" | "harness" | "seed" | "credentials" | "config" => {
            Layer::Service
        }
        "http" | "state" | "logging" => Layer::Http,
        "server" | "cli" | "fuzzing" | "bad_input" | "lib" | "main" | "case_vars" => Layer::Server,
        _ => return None,
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the source folder is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code before its `#[cfg(test)] mod tests` (tests may reach across layers), and
/// none of a file that is itself a test module.
fn code_of(path: &Path, text: &str) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs")
        || path.components().any(|c| c.as_os_str() == "tests")
    {
        return String::new();
    }
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_owned(),
        None => text.to_owned(),
    }
}

/// The top-level modules `code` names as `crate::module` (or in a `crate::{…}` group, which
/// may span lines), with the line of each; comments are skipped.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let code: String = code
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let ident = |text: &str| -> String {
        text.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let after = &code[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            // The names at the group's first level of braces.
            let mut depth = 1;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => start = true,
                    c if start && !c.is_whitespace() => {
                        start = false;
                        let name = ident(&group[i..]);
                        if !name.is_empty() {
                            out.push((line_of(at), name));
                        }
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(after);
            if !name.is_empty() {
                out.push((line_of(at), name));
            }
        }
    }
    out
}

#[test]
fn every_import_points_down_or_across() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut unknown = BTreeSet::new();
    let mut upward = Vec::new();
    let mut axum_in_services = Vec::new();
    for path in &files {
        let relative = path.strip_prefix(&src).expect("under src");
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|s| s.trim_end_matches(".rs").to_owned())
            .expect("a file name");
        let Some(own) = layer_of(&top) else {
            unknown.insert(top);
            continue;
        };
        let text = std::fs::read_to_string(path).expect("a readable source file");
        let code = code_of(relative, &text);
        if own <= Layer::Service && code.contains("axum") {
            axum_in_services.push(relative.display().to_string());
        }
        for (line, module) in crate_paths(&code) {
            match layer_of(&module) {
                Some(theirs) if theirs > own => upward.push(format!(
                    "{}:{line}: the {own:?} layer uses crate::{module} ({theirs:?})",
                    relative.display()
                )),
                Some(_) => {}
                // Items of lib.rs (re-exports such as `crate::MockServer`) are the server's.
                None if module.chars().next().is_some_and(char::is_uppercase) => {
                    if own < Layer::Server {
                        upward.push(format!(
                            "{}:{line}: the {own:?} layer uses crate::{module} (a re-export of lib.rs)",
                            relative.display()
                        ));
                    }
                }
                None => {
                    unknown.insert(module);
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules with no layer (add them to layer_of and to ARCHITECTURE.md): {unknown:?}"
    );
    assert!(
        axum_in_services.is_empty(),
        "axum in the services or below: {axum_in_services:#?}"
    );
    assert!(
        upward.is_empty(),
        "imports that point up:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_scanner_finds_grouped_and_inline_paths() {
    let code = "use crate::{db, http::reply};\nlet x = crate::seed::generate();\n// crate::server\nuse crate::{\n    state::AppState,\n    clock::{Clock, x},\n};\n";
    let found: Vec<String> = crate_paths(code).into_iter().map(|(_, m)| m).collect();
    assert!(found.contains(&"db".to_owned()));
    assert!(found.contains(&"http".to_owned()));
    assert!(found.contains(&"seed".to_owned()));
    assert!(found.contains(&"state".to_owned()));
    assert!(found.contains(&"clock".to_owned()));
    assert!(!found.contains(&"server".to_owned()));
    assert!(!found.contains(&"x".to_owned()));
}
