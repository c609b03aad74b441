//! Wire models of both APIs, as serde types: what the mock writes and the console reads.
//!
//! * [`money`] — exact amounts: [`money::Amount`] (JSON numbers, DataCash) and
//!   [`money::Money2`] (`"12.50"` strings, portal and WebService).
//! * [`datacash`] — the DataCash document API under `/api/dco` (`contracts/openapi/datacash.yaml`).
//! * [`portal`] — the account area under `/portal/v1` (`mock-server/PORTAL.md`).
//! * [`problem`] — the `application/problem+json` refusal of the portal and the admin API.
//! * [`webservice`] — the Billing Extension WebService for WHMCS (`contracts/openapi/webservice.yaml`).
//!
//! Every type here is named as its schema in the OpenAPI documents ([`crate::openapi`]).
//! Closed sets of wire strings are enums with `ALL`, `as_str()` and `parse(&str) -> Option<_>`,
//! so a server can read a raw JSON value and answer the precise catalogue error itself; serde
//! refuses unknown values with a plain serde error.

pub mod datacash;
pub mod money;
pub mod portal;
pub mod problem;
pub mod webservice;

/// Defines a `Copy` enum whose values travel as fixed strings, with `ALL`, `as_str`, `parse`,
/// `Display` and serde in that string form.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire strings, in declaration order.
            pub const WIRE: &'static [&'static str] = &[$($wire),+];

            /// The string this value travels as.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire ),+
                }
            }

            /// The value written exactly (case-sensitive) as `text`, if any.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $( $wire => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                $name::parse(&text)
                    .ok_or_else(|| <D::Error as ::serde::de::Error>::unknown_variant(&text, $name::WIRE))
            }
        }
    };
}
pub(crate) use wire_enum;

#[cfg(test)]
pub(crate) mod testing {
    //! Round-trip checks shared by the model tests.

    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use serde_json::Value;
    use std::fmt::Debug;

    /// Deserializes `json` into `T`, serializes it back and asserts the same JSON value.
    pub(crate) fn assert_round_trip<T: DeserializeOwned + Serialize + Debug>(
        name: &str,
        json: &Value,
    ) -> T {
        let typed: T = serde_json::from_value(json.clone())
            .unwrap_or_else(|e| panic!("{name}: does not deserialize: {e}\n{json:#}"));
        let back = serde_json::to_value(&typed)
            .unwrap_or_else(|e| panic!("{name}: does not serialize: {e}"));
        assert_eq!(
            &back, json,
            "{name}: round trip changed the JSON\n{typed:#?}"
        );
        typed
    }

    /// Asserts that `json` does not deserialize into `T`.
    pub(crate) fn assert_refused<T: DeserializeOwned + Debug>(name: &str, json: &Value) {
        let result = serde_json::from_value::<T>(json.clone());
        assert!(result.is_err(), "{name}: should be refused, got {result:?}");
    }
}
