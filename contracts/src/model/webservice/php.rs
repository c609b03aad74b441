//! Readers tolerant of how PHP encodes what the seed describes: an empty map as `[]`, a flag
//! as `"1"`/`"0"`, `"true"`/`"false"` or `1`/`0`.

use std::fmt;
use std::marker::PhantomData;

use indexmap::IndexMap;
use serde::Deserializer;
use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};

/// Reads a map, or an empty JSON array (PHP's encoding of an empty map) as an empty map.
pub(super) fn map_or_empty_list<'de, D, V>(deserializer: D) -> Result<IndexMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: DeserializeOwned,
{
    struct MapOrList<V>(PhantomData<V>);

    impl<'de, V: DeserializeOwned> Visitor<'de> for MapOrList<V> {
        type Value = IndexMap<String, V>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object keyed by id, or an empty array")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = IndexMap::with_capacity(map.size_hint().unwrap_or(0));
            while let Some((key, value)) = map.next_entry::<String, V>()? {
                out.insert(key, value);
            }
            Ok(out)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            match seq.next_element::<de::IgnoredAny>()? {
                None => Ok(IndexMap::new()),
                Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
            }
        }
    }

    deserializer.deserialize_any(MapOrList(PhantomData))
}

/// Reads a flag written as `true`/`false`, `"true"`/`"false"`, `"1"`/`"0"` or `1`/`0`.
/// Writes a flag the way WHMCS writes `Taxed`: the string `"1"` or `"0"`.
pub(super) fn flag_string<S: serde::Serializer>(
    value: &bool,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(if *value { "1" } else { "0" })
}

pub(super) fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct Flag;

    impl Visitor<'_> for Flag {
        type Value = bool;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("true or false (or \"true\", \"false\", \"1\", \"0\", 1, 0)")
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
            match v {
                0 => Ok(false),
                1 => Ok(true),
                _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
            }
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
            match v {
                0 => Ok(false),
                1 => Ok(true),
                _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
            }
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
            match v {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
            }
        }
    }

    deserializer.deserialize_any(Flag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::{Value, json};

    #[derive(Debug, Deserialize)]
    struct Flag(#[serde(deserialize_with = "flag")] bool);

    #[derive(Debug, Deserialize)]
    struct Map(#[serde(deserialize_with = "map_or_empty_list")] IndexMap<String, u32>);

    #[test]
    fn flags() {
        let cases: &[(Value, Option<bool>)] = &[
            (json!(true), Some(true)),
            (json!(false), Some(false)),
            (json!("true"), Some(true)),
            (json!("false"), Some(false)),
            (json!("1"), Some(true)),
            (json!("0"), Some(false)),
            (json!(1), Some(true)),
            (json!(0), Some(false)),
            (json!(-1), None),
            (json!(2), None),
            (json!("yes"), None),
            (json!("TRUE"), None),
            (json!(""), None),
            (json!(null), None),
        ];
        for (input, expected) in cases {
            let got = serde_json::from_value::<Flag>(input.clone())
                .ok()
                .map(|f| f.0);
            assert_eq!(got, *expected, "{input}");
        }
    }

    #[test]
    fn maps() {
        /// Input, and the entries read in order (`None`: refused).
        type Case = (Value, Option<Vec<(&'static str, u32)>>);
        let cases: &[Case] = &[
            (json!({}), Some(vec![])),
            (json!([]), Some(vec![])),
            (
                json!({"9": 1, "10": 2, "2": 3}),
                Some(vec![("9", 1), ("10", 2), ("2", 3)]),
            ),
            (json!([1]), None),
            (json!("x"), None),
            (json!(null), None),
        ];
        for (input, expected) in cases {
            let got = serde_json::from_value::<Map>(input.clone())
                .ok()
                .map(|m| m.0);
            let expected: Option<IndexMap<String, u32>> = expected
                .as_ref()
                .map(|v| v.iter().map(|(k, n)| (k.to_string(), *n)).collect());
            assert_eq!(got, expected, "{input}");
        }
    }
}
