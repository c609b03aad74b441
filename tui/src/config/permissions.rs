//! Who may read a file, as ssh judges its keys: a file holding a secret must not be readable,
//! writable or executable by its group or by others (`mode & 0o077 == 0`). Unix only; on other
//! systems nothing is checked.

use std::fs::Metadata;

/// The file's permission bits (`0o644`) when its group or others have any right on it, `None`
/// when only its owner has (or on systems without unix modes).
#[cfg(unix)]
pub(super) fn open_to_others(metadata: &Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = metadata.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

/// The file's permission bits when its group or others have any right on it: never, on
/// systems without unix modes.
#[cfg(not(unix))]
pub(super) fn open_to_others(_metadata: &Metadata) -> Option<u32> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::open_to_others;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn only_owner_modes_pass() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, "x").unwrap();
        for (mode, expected) in [
            (0o600, None),
            (0o400, None),
            (0o700, None),
            (0o644, Some(0o644)),
            (0o640, Some(0o640)),
            (0o604, Some(0o604)),
            (0o610, Some(0o610)),
            (0o601, Some(0o601)),
        ] {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            let metadata = fs::metadata(&path).unwrap();
            assert_eq!(open_to_others(&metadata), expected, "{mode:o}");
        }
    }
}
