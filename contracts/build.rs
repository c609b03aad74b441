//! Lists the contract cases (`cases/**/*.json`, except `cases/example/`) for
//! `dckit_contracts::cases::embedded`, so that an installed binary carries them.
//!
//! Reads local files only; writes `$OUT_DIR/embedded_cases.rs`, a slice of
//! `(path relative to cases/, include_str!(absolute path))` in path order.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// The folder of `cases/` that holds examples of the format, not contracts.
const EXAMPLES: &str = "example";

fn main() {
    println!("cargo::rerun-if-changed=cases");
    let manifest = env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let out = env::var_os("OUT_DIR").map(PathBuf::from);
    let (Some(manifest), Some(out)) = (manifest, out) else {
        panic!("cargo sets CARGO_MANIFEST_DIR and OUT_DIR for build scripts");
    };
    let root = manifest.join("cases");
    let mut files = Vec::new();
    if root.is_dir() {
        collect(&root, &root, &mut files);
    }
    files.sort();
    let mut code = String::from("&[\n");
    for relative in &files {
        let absolute = root.join(relative);
        let shown = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let _ = writeln!(
            code,
            "    ({shown:?}, include_str!({:?})),",
            absolute.to_string_lossy()
        );
    }
    code.push(']');
    if let Err(e) = fs::write(out.join("embedded_cases.rs"), code) {
        panic!("cannot write the list of embedded cases: {e}");
    }
}

/// Adds the `*.json` files under `dir` to `files`, relative to `root`, skipping the examples.
fn collect(root: &Path, dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => panic!("cannot read {}: {e}", dir.display()),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        if path.is_dir() {
            if relative != Path::new(EXAMPLES) {
                collect(root, &path, files);
            }
        } else if path.extension().is_some_and(|ext| ext == "json") {
            files.push(relative.to_path_buf());
        }
    }
}
