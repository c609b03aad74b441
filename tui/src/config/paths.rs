//! Where the config file is by default, and how a `*_file` path is read: `~/` is the home
//! directory, a relative path is relative to the config file's folder.

use std::path::{Path, PathBuf};

/// `$XDG_CONFIG_HOME/dckit/config.toml`, or `~/.config/dckit/config.toml` when
/// `XDG_CONFIG_HOME` is unset, empty or relative (as the XDG spec says), with the variables
/// read through `env`.
pub(super) fn default_path_from(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let config_home = env("XDG_CONFIG_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| Some(home_from(env)?.join(".config")))?;
    Some(config_home.join("dckit").join("config.toml"))
}

/// The home directory: `$HOME` when set and not empty, else the platform's idea of it.
pub(super) fn home_from(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf()))
}

/// The home directory was needed (`~/…`) and is unknown.
#[derive(Debug)]
pub(super) struct NoHome;

/// `written` as a path: `~/x` under `home`, a relative path under `config_dir`, an absolute
/// path as is.
pub(super) fn expand(
    written: &str,
    config_dir: &Path,
    home: impl FnOnce() -> Option<PathBuf>,
) -> Result<PathBuf, NoHome> {
    if let Some(rest) = written
        .strip_prefix("~/")
        .or_else(|| written.strip_prefix("~\\").filter(|_| cfg!(windows)))
    {
        return Ok(home().ok_or(NoHome)?.join(rest));
    }
    let path = Path::new(written);
    Ok(if path.is_absolute() {
        path.to_path_buf()
    } else {
        config_dir.join(path)
    })
}

#[cfg(test)]
mod tests {
    use super::{default_path_from, expand};
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|&(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    #[cfg(unix)]
    fn default_path_follows_xdg_then_home() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (
                &[("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/u")],
                "/xdg/dckit/config.toml",
            ),
            (
                &[("XDG_CONFIG_HOME", ""), ("HOME", "/home/u")],
                "/home/u/.config/dckit/config.toml",
            ),
            (
                &[("XDG_CONFIG_HOME", "relative"), ("HOME", "/home/u")],
                "/home/u/.config/dckit/config.toml",
            ),
            (&[("HOME", "/home/u")], "/home/u/.config/dckit/config.toml"),
        ];
        for (env, expected) in cases {
            assert_eq!(
                default_path_from(&env_of(env)),
                Some(PathBuf::from(expected)),
                "{env:?}"
            );
        }
    }

    #[test]
    #[cfg(unix)]
    fn file_paths_expand_home_and_follow_the_config_folder() {
        let dir = Path::new("/etc/dckit");
        let home = || Some(PathBuf::from("/home/u"));
        let cases = [
            ("~/.config/dckit/prod.key", "/home/u/.config/dckit/prod.key"),
            ("prod.key", "/etc/dckit/prod.key"),
            ("keys/prod.key", "/etc/dckit/keys/prod.key"),
            ("../prod.key", "/etc/dckit/../prod.key"),
            ("/srv/prod.key", "/srv/prod.key"),
            ("~user/prod.key", "/etc/dckit/~user/prod.key"),
        ];
        for (written, expected) in cases {
            assert_eq!(
                expand(written, dir, home).unwrap(),
                PathBuf::from(expected),
                "{written}"
            );
        }
        assert!(expand("~/x", dir, || None).is_err());
        assert_eq!(
            expand("x", Path::new(""), || None).unwrap(),
            PathBuf::from("x")
        );
    }
}
