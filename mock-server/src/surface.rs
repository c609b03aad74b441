//! Which API a path belongs to: it fixes the envelope of a refusal or an injected fault, and
//! keeps the harness out of the fault rules and the journal. Public so that the console's
//! journal sorts requests by API exactly as the mock does.

/// Where the WebService of Billing Extension answers, under the WHMCS root.
pub const WEBSERVICE_PATH: &str =
    "/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php";

/// Which part of the mock a path belongs to; fixes the envelope of an injected fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    /// `/api/dco…`: the `{esito, idtrx, progressivo, errori}` envelope.
    DataCash,
    /// The WebService path: `{"result":"error","message":…}`.
    WebService,
    /// `/portal…`: problem+json.
    Portal,
    /// `/__admin…` and `/__health`: never faulted nor journaled.
    Harness,
    /// Anything else (`/`, `/openapi/…`, unknown paths): problem+json.
    Other,
}

impl Surface {
    /// The surface `path` (without the query) belongs to.
    pub fn of(path: &str) -> Surface {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        if first == "__admin" || first == "__health" {
            Surface::Harness
        } else if path == "/api/dco" || path.starts_with("/api/dco/") {
            Surface::DataCash
        } else if path == WEBSERVICE_PATH {
            Surface::WebService
        } else if first == "portal" {
            Surface::Portal
        } else {
            Surface::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surfaces() {
        let cases = [
            ("/api/dco/infoUser/", Surface::DataCash),
            ("/api/dco", Surface::DataCash),
            ("/api/dcox", Surface::Other),
            (WEBSERVICE_PATH, Surface::WebService),
            ("/portal/v1/keys", Surface::Portal),
            ("/__admin/faults", Surface::Harness),
            ("/__admin", Surface::Harness),
            ("/__health", Surface::Harness),
            ("/__healthy", Surface::Other),
            ("/openapi/datacash.json", Surface::Other),
            ("/", Surface::Other),
        ];
        for (path, surface) in cases {
            assert_eq!(Surface::of(path), surface, "{path}");
        }
    }
}
