//! Ids on the wire: the row id behind a prefix that says what it names (`key-3`, `dev-1`), so
//! an id of one kind is never taken for another.

/// The prefixes, one per kind of row.
pub(crate) const ACCOUNT: &str = "acc-";
/// Licences.
pub(crate) const LICENCE: &str = "lic-";
/// API keys (the same form as `CounterEvent::key_id`).
pub(crate) const KEY: &str = "key-";
/// Add-on purchases.
pub(crate) const PURCHASE: &str = "pur-";
/// Stores.
pub(crate) const STORE: &str = "store-";
/// Devices.
pub(crate) const DEVICE: &str = "dev-";

/// The wire id of row `id`.
pub(crate) fn wire(prefix: &str, id: i64) -> String {
    format!("{prefix}{id}")
}

/// The row id behind `text`, when it is `prefix` followed by a positive decimal number
/// without leading zeros; anything else names no row.
pub(crate) fn parse(prefix: &str, text: &str) -> Option<i64> {
    let digits = text.strip_prefix(prefix)?;
    if digits.is_empty()
        || digits.len() > 18
        || digits.starts_with('0')
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_strangers_name_nothing() {
        assert_eq!(wire(KEY, 3), "key-3");
        let cases = [
            (KEY, "key-3", Some(3)),
            (KEY, "key-1234567", Some(1_234_567)),
            (KEY, "dev-3", None),
            (KEY, "key-", None),
            (KEY, "key-03", None),
            (KEY, "key-0", None),
            (KEY, "key--3", None),
            (KEY, "key-3a", None),
            (KEY, "3", None),
            (STORE, "store-2", Some(2)),
            (DEVICE, "dev-99999999999999999999", None),
        ];
        for (prefix, text, expected) in cases {
            assert_eq!(parse(prefix, text), expected, "{text:?}");
        }
    }
}
