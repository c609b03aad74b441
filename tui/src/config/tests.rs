//! Unit tests of the module's inner parts: `load_optional` with an injected environment, and
//! how format errors are worded.

use super::file::ConfigFile;
use super::load_optional_with;
use std::collections::HashMap;

fn env_of(pairs: &[(&str, String)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    move |name| map.get(name).cloned()
}

#[test]
fn no_default_file_is_no_config() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().to_str().unwrap().to_owned();
    let env = env_of(&[("XDG_CONFIG_HOME", xdg), ("HOME", "/nonexistent".into())]);
    assert!(load_optional_with(None, &env).unwrap().is_none());
}

#[test]
fn the_default_file_is_loaded_when_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("dckit")).unwrap();
    std::fs::write(
        dir.path().join("dckit").join("config.toml"),
        "[profiles.a.portal]\nurl = \"http://a.example\"\ntoken_env = \"A\"\n",
    )
    .unwrap();
    let xdg = dir.path().to_str().unwrap().to_owned();
    let env = env_of(&[("XDG_CONFIG_HOME", xdg)]);
    let config = load_optional_with(None, &env).unwrap().unwrap();
    assert_eq!(config.profile_names(), ["a"]);
    assert_eq!(
        config.path,
        dir.path().join("dckit").join("config.toml"),
        "the path is kept as found"
    );
}

#[test]
fn a_named_file_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.toml");
    let error = load_optional_with(Some(&path), &|_| None).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "config file {} does not exist; check the path given to --config",
            path.display()
        )
    );
}

#[test]
fn format_errors_name_the_key_and_hide_string_values() {
    let cases = [
        (
            "[profiles.p.portal]\nurl = \"http://x.example\"\ntokn = \"v\"\n",
            "c.toml:3:1: profiles.p.portal: unknown field `tokn`, expected one of `url`, `token`, `token_env`, `token_file`",
        ),
        (
            "[profiles.p]\nportal = \"pt_in_the_wrong_place\"\n",
            "c.toml:2:10: profiles.p.portal: invalid type: a string, expected a table",
        ),
        (
            "[profiles.p.portal]\nurl = \"http://x.example\"\ntoken = 123456\n",
            "c.toml:3:9: profiles.p.portal.token: invalid type: an integer, expected a string",
        ),
        (
            "timeout_secs = -1\n",
            "c.toml:1:16: timeout_secs: invalid value: integer `-1`, expected a whole number",
        ),
        (
            "read_only = \"yes\"\n",
            "c.toml:1:13: read_only: invalid type: a string, expected a boolean",
        ),
        (
            "[keys]\nquit = 1\n",
            "c.toml:2:8: keys.quit: invalid type: an integer, expected a key (\"q\") or a list of keys ([\"a\", \"insert\"])",
        ),
        (
            "[keys]\nquit = [\"q\", 2]\n",
            "c.toml:2:14: keys.quit[1]: invalid type: an integer, expected a string",
        ),
        (
            "[profiles.p.portal]\ntoken_env = \"X\"\n",
            "c.toml:1:1: profiles.p.portal: missing field `url`",
        ),
        (
            "[profiles.\"a.b\".portal]\nurl = 5\n",
            "c.toml:2:7: profiles.\"a.b\".portal.url: invalid type: an integer, expected a string",
        ),
        (
            "[profiles.p.portal]\ntoken = \"a\"\ntoken = \"b\"\n",
            "c.toml:3:1: invalid TOML: duplicate key token",
        ),
    ];
    for (text, expected) in cases {
        let error = ConfigFile::parse("c.toml", text).unwrap_err().to_string();
        assert_eq!(error, expected, "{text}");
        assert!(!error.contains("pt_in_the_wrong_place"));
        assert!(!error.contains("123456"));
    }
}
