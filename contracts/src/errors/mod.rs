//! The error catalogue: every error either API returns, with its wire code, HTTP status and
//! exact message.
//!
//! Messages are templates with `{name}` placeholders, filled by [`ErrorCode::message`]. The
//! catalogue is the only place a message is written: the mock answers with it, the console
//! recognises it, and `contracts/ERRORS.md` is generated from it (a test keeps the two equal).
//!
//! * **DataCash** (`/api/dco`): Italian messages in the `{esito:false, errori:[{codice,
//!   descrizione}]}` envelope; `codice` is [`ErrorSpec::code`].
//! * **WebService** (Billing Extension for WHMCS): English, WHMCS style
//!   `{"result":"error","message":…}` with HTTP 200; the code never reaches the wire.
//! * **Portal** (`/portal/v1`) and **Admin** (`/__admin`): `application/problem+json` with the
//!   message as `detail` and the code as `code`.

mod catalogue;
mod markdown;
mod recognise;

pub use catalogue::CATALOGUE;
pub use markdown::markdown_table;
pub use recognise::{Recognised, recognise};

use std::fmt;

/// The API an error belongs to, which fixes its language and its envelope on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Api {
    /// The DataCash document API under `/api/dco` (Italian, `errori` envelope).
    DataCash,
    /// The Billing Extension WebService (English, `{"result":"error"}` with HTTP 200).
    WebService,
    /// The account area under `/portal/v1` (problem+json).
    Portal,
    /// The mock's harness under `/__admin` (problem+json).
    Admin,
}

impl Api {
    /// A short human name, as used in `ERRORS.md`.
    pub fn name(self) -> &'static str {
        match self {
            Api::DataCash => "DataCash",
            Api::WebService => "WebService",
            Api::Portal => "Portal",
            Api::Admin => "Admin",
        }
    }
}

/// Where what we know of an error comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provenance {
    /// Seen in the real service's responses or in client code handling them.
    Observed,
    /// Stated by the vendor's documentation (the seeds).
    Documented,
    /// Our own design where the real behaviour is unknown.
    Inferred,
}

impl Provenance {
    /// The lowercase name used in case files and `ERRORS.md`.
    pub fn name(self) -> &'static str {
        match self {
            Provenance::Observed => "observed",
            Provenance::Documented => "documented",
            Provenance::Inferred => "inferred",
        }
    }
}

/// One entry of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorSpec {
    /// The typed name of the error.
    pub id: ErrorCode,
    /// The API that returns it.
    pub api: Api,
    /// The wire code: DataCash `codice`, problem+json `code`; WebService codes are ours only.
    pub code: &'static str,
    /// The HTTP status the error is answered with.
    pub status: u16,
    /// The message template, with `{name}` placeholders.
    pub template: &'static str,
    /// Where the error comes from.
    pub provenance: Provenance,
}

impl ErrorSpec {
    /// The names of the placeholders in the template, in order of appearance.
    pub fn placeholders(&self) -> Vec<&'static str> {
        placeholders(self.template)
    }
}

/// Finds `{name}` placeholders in a template.
fn placeholders(template: &'static str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    out.push(name);
                }
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

macro_rules! error_codes {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        /// The typed name of every error in the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$doc])* $name,)*
        }

        impl ErrorCode {
            /// Every error code, in catalogue order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$name,)*];

            /// The Rust name of the code, e.g. `"DcKeyMissing"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => stringify!($name),)*
                }
            }
        }
    };
}

error_codes! {
    /// DataCash: the Fisconline credentials were refused.
    DcCredentialsRefused,
    /// DataCash: `ade_credentials_encrypted` cannot be decrypted or parsed.
    DcCredentialsUnreadable,
    /// DataCash: the Fisconline password has expired.
    DcPasswordExpired,
    /// DataCash: `ade_credentials_encrypted` is missing.
    DcCredentialsMissing,
    /// DataCash: the partita IVA in the credentials differs from the key's.
    DcCredentialsPivaMismatch,
    /// DataCash: the `Datacash-Key` header is missing.
    DcKeyMissing,
    /// DataCash: the API key is unknown.
    DcKeyUnknown,
    /// DataCash: the API key was deactivated.
    DcKeyDeactivated,
    /// DataCash: the licence behind the key has expired.
    DcLicenceExpired,
    /// DataCash: the body is not valid JSON.
    DcBodyMalformed,
    /// DataCash: the body is larger than allowed.
    DcBodyTooLarge,
    /// DataCash: a required field is missing.
    DcFieldMissing,
    /// DataCash: a field has the wrong type or an impossible value.
    DcFieldInvalid,
    /// DataCash: the request is not `application/json`.
    DcContentType,
    /// DataCash: a method other than the one the route accepts.
    DcMethodNotAllowed,
    /// DataCash: no such path under `/api/dco`.
    DcNotFound,
    /// DataCash: `elementiContabili` is empty.
    DcLinesEmpty,
    /// DataCash: a VAT code outside the allowed set.
    DcVatInvalid,
    /// DataCash: a line's quantity is zero, negative or malformed.
    DcQuantityInvalid,
    /// DataCash: a line's amount is negative or malformed.
    DcAmountInvalid,
    /// DataCash: a payment type outside the allowed set.
    DcPaymentTypeInvalid,
    /// DataCash: the payments do not add up to the total.
    DcPaymentsMismatch,
    /// DataCash: the lottery code is not 8 characters.
    DcLotteryCodeInvalid,
    /// DataCash: the `idtrx` in the path is not numeric.
    DcIdtrxInvalid,
    /// DataCash: no such document for this key.
    DcDocumentUnknown,
    /// DataCash: the sale was already voided.
    DcAlreadyVoided,
    /// DataCash: only sales can be voided or returned.
    DcNotASale,
    /// DataCash: a return names a line the sale does not have.
    DcReturnLineUnknown,
    /// DataCash: a return asks for more than was sold (and not yet returned).
    DcReturnQuantityExceeded,
    /// DataCash: a sale with returns cannot be voided.
    DcVoidAfterReturn,
    /// DataCash: a malformed date in `findDocuments`.
    DcDateInvalid,
    /// DataCash: `findDocuments` end before start.
    DcRangeInverted,
    /// DataCash: `findDocuments` over more than 31 days.
    DcRangeTooLong,
    /// DataCash: the tax agency is unavailable for this operation.
    DcAgencyUnavailable,
    /// DataCash: a fault injected by the harness, or an unexpected failure.
    DcInternal,
    /// WebService: the token is missing.
    WsTokenMissing,
    /// WebService: the token is wrong.
    WsTokenInvalid,
    /// WebService: `ws` is not `einvoice`.
    WsServiceInvalid,
    /// WebService: `action` is missing.
    WsActionMissing,
    /// WebService: `action` is not `Get`.
    WsActionUnknown,
    /// WebService: `start` is neither a date, a number nor a keyword.
    WsStartInvalid,
    /// WebService: `end` is not a valid `YYYY-MM-DD` date.
    WsEndInvalid,
    /// WebService: `end` given without a date `start`.
    WsEndWithoutDateStart,
    /// WebService: `end` before `start`.
    WsEndBeforeStart,
    /// WebService: `invoicenum` and `invoiceid` together.
    WsInvoicenumWithInvoiceid,
    /// WebService: `invoiceid` is not an integer.
    WsInvoiceidInvalid,
    /// WebService: `doctype` is not `Invoice` or `CreditNote`.
    WsDoctypeUnknown,
    /// WebService: no document with that number or ID.
    WsNoSuchDocument,
    /// WebService: a method other than `POST`.
    WsMethodNotAllowed,
    /// WebService: the body is not a form.
    WsBodyNotForm,
    /// WebService: the body is larger than the WebService reads (1 MiB).
    WsBodyTooLarge,
    /// WebService: a fault injected by the harness, or an unexpected failure.
    WsInternal,
    /// Portal: missing or wrong bearer token.
    PortalUnauthorized,
    /// Portal: the JSON body is malformed or misses a field.
    PortalBodyInvalid,
    /// Portal: no such route.
    PortalNotFound,
    /// Portal: a method the route does not accept.
    PortalMethodNotAllowed,
    /// Portal: the partita IVA for a new key is invalid.
    PortalPartitaIvaInvalid,
    /// Portal: a key label that is too long or has control characters.
    PortalLabelInvalid,
    /// Portal: every key slot is in use.
    PortalKeyLimitReached,
    /// Portal: no such API key.
    PortalKeyNotFound,
    /// Portal: the key is already deactivated.
    PortalKeyAlreadyDeactivated,
    /// Portal: no such licence.
    PortalLicenceNotFound,
    /// Portal: a renewal length outside the accepted range.
    PortalRenewMonthsInvalid,
    /// Portal: the contract must be signed first.
    PortalContractUnsigned,
    /// Portal: unknown add-on type.
    PortalAddonTypeUnknown,
    /// Portal: add-on quantity outside the accepted range.
    PortalAddonQuantityInvalid,
    /// Portal: unknown counter instance.
    PortalInstanceUnknown,
    /// Portal: no such store.
    PortalStoreNotFound,
    /// Portal: no such device.
    PortalDeviceNotFound,
    /// Portal: statistics need exactly one of `device` and `store`.
    PortalStatsTargetInvalid,
    /// Portal: a malformed `from`/`to` date.
    PortalStatsDateInvalid,
    /// Portal: `to` before `from`.
    PortalStatsRangeInverted,
    /// Portal: a statistics range over three months.
    PortalStatsRangeTooLong,
    /// Portal: daily aggregates need more than one day.
    PortalDailyRangeTooShort,
    /// Portal: a fault injected by the harness, or an unexpected failure.
    PortalInternal,
    /// Portal: a counter's workbook would exceed an Excel sheet's rows.
    PortalExportTooLarge,
    /// Admin: missing or wrong admin token.
    AdminUnauthorized,
    /// Admin: the harness is reachable from loopback only.
    AdminForbiddenRemote,
    /// Admin: the JSON body is malformed or misses a field.
    AdminBodyInvalid,
    /// Admin: an unparseable time for the clock.
    AdminClockInvalid,
    /// Admin: an unparseable duration.
    AdminDurationInvalid,
    /// Admin: a fault rule that cannot work.
    AdminFaultInvalid,
    /// Admin: no fault rule with that id.
    AdminFaultNotFound,
    /// Admin: an invalid webhook URL.
    AdminWebhookInvalid,
    /// Admin: no such route.
    AdminNotFound,
    /// Admin: an unexpected failure.
    AdminInternal,
    /// Admin: a malformed query parameter.
    AdminQueryInvalid,
}

impl ErrorCode {
    /// The catalogue entry for this code.
    pub fn spec(self) -> &'static ErrorSpec {
        // The catalogue is in the same order as `ALL`; a test checks it.
        &CATALOGUE[self as usize]
    }

    /// The API this error belongs to.
    pub fn api(self) -> Api {
        self.spec().api
    }

    /// The wire code.
    pub fn code(self) -> &'static str {
        self.spec().code
    }

    /// The HTTP status.
    pub fn status(self) -> u16 {
        self.spec().status
    }

    /// The exact message with each `{name}` replaced by the value given for `name`.
    ///
    /// A placeholder without a value is left as it is, so a missing argument shows up in tests
    /// instead of silently vanishing.
    pub fn message(self, args: &[(&str, &str)]) -> String {
        render(self.spec().template, args)
    }

    /// A [`CatalogueError`] carrying this code and its rendered message.
    pub fn with(self, args: &[(&str, &str)]) -> CatalogueError {
        CatalogueError {
            code: self,
            message: self.message(args),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Fills a template's `{name}` placeholders.
fn render(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match args.iter().find(|(k, _)| *k == name) {
            Some((_, value)) => out.push_str(value),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// An error from the catalogue with its rendered message: what a server answers with.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CatalogueError {
    /// The catalogue entry.
    pub code: ErrorCode,
    /// The rendered message.
    pub message: String,
}

impl CatalogueError {
    /// The HTTP status of the entry.
    pub fn status(&self) -> u16 {
        self.code.status()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn catalogue_is_in_code_order_and_complete() {
        assert_eq!(CATALOGUE.len(), ErrorCode::ALL.len());
        for (i, (spec, code)) in CATALOGUE.iter().zip(ErrorCode::ALL).enumerate() {
            assert_eq!(spec.id, *code, "entry {i} is out of order");
            assert_eq!(code.spec().id, *code);
        }
    }

    #[test]
    fn wire_codes_are_unique_per_api() {
        let mut seen = HashSet::new();
        for spec in CATALOGUE {
            assert!(
                seen.insert((spec.api, spec.code)),
                "{:?} repeats code {} of {:?}",
                spec.id,
                spec.code,
                spec.api
            );
        }
    }

    #[test]
    fn codes_name_their_api() {
        for spec in CATALOGUE {
            let prefix = match spec.api {
                Api::DataCash => "Dc",
                Api::WebService => "Ws",
                Api::Portal => "Portal",
                Api::Admin => "Admin",
            };
            assert!(spec.id.name().starts_with(prefix), "{:?}", spec.id);
        }
    }

    #[test]
    fn statuses_fit_each_envelope() {
        for spec in CATALOGUE {
            match spec.api {
                // WHMCS answers its errors with HTTP 200.
                Api::WebService => assert_eq!(spec.status, 200, "{:?}", spec.id),
                _ => assert!((400..=599).contains(&spec.status), "{:?}", spec.id),
            }
        }
    }

    #[test]
    fn messages_are_sentences_without_stray_space() {
        for spec in CATALOGUE {
            let t = spec.template;
            assert_eq!(t.trim(), t, "{:?}", spec.id);
            assert!(!t.contains("  "), "{:?} has a double space", spec.id);
            assert!(
                t.ends_with('.') || t.ends_with('}'),
                "{:?} does not end a sentence",
                spec.id
            );
        }
    }

    #[test]
    fn render_fills_every_placeholder() {
        for spec in CATALOGUE {
            let names = spec.placeholders();
            let args: Vec<(&str, &str)> = names.iter().map(|n| (*n, "X")).collect();
            let out = spec.id.message(&args);
            for n in &names {
                assert!(
                    !out.contains(&format!("{{{n}}}")),
                    "{:?} kept {{{n}}}",
                    spec.id
                );
            }
        }
    }

    /// A template, its arguments, and the expected message.
    type RenderCase<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);

    #[test]
    fn render_table() {
        let cases: &[RenderCase] = &[
            ("plain", &[], "plain"),
            ("a {x} b", &[("x", "1")], "a 1 b"),
            ("{x}{y}", &[("x", "1"), ("y", "2")], "12"),
            ("missing {x}", &[], "missing {x}"),
            ("unclosed {x", &[("x", "1")], "unclosed {x"),
            ("value {x}", &[("x", "{y}")], "value {y}"),
        ];
        for (template, args, expected) in cases {
            assert_eq!(render(template, args), *expected, "{template}");
        }
    }

    #[test]
    fn known_datacash_codes_are_kept() {
        assert_eq!(ErrorCode::DcCredentialsRefused.code(), "01");
        assert_eq!(ErrorCode::DcPasswordExpired.code(), "03");
    }

    #[test]
    fn errors_md_matches_the_catalogue() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ERRORS.md");
        let generated = markdown_table();
        if std::env::var_os("DCKIT_BLESS").is_some() {
            std::fs::write(path, &generated).expect("write ERRORS.md");
        }
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "contracts/ERRORS.md is out of date: run `DCKIT_BLESS=1 cargo test -p dckit-contracts errors_md` and commit it"
        );
    }
}
