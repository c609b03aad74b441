//! The OpenAPI 3.1 documents of both APIs, compiled into the crate.
//!
//! * [`DATACASH_YAML`]: the DataCash API (`/api/dco`) and the account area (`/portal/v1`);
//! * [`WEBSERVICE_YAML`]: the Billing Extension WebService.
//!
//! Their component schemas are named as the types of [`crate::model`], and every example in
//! them deserializes into its type (`contracts/tests/openapi.rs` checks both). The mock serves
//! them as JSON at `/openapi/datacash.json` and `/openapi/webservice.json`.

use serde_json::Value;

/// `contracts/openapi/datacash.yaml`: the DataCash API and the account area.
pub const DATACASH_YAML: &str = include_str!("../openapi/datacash.yaml");

/// `contracts/openapi/webservice.yaml`: the Billing Extension WebService.
pub const WEBSERVICE_YAML: &str = include_str!("../openapi/webservice.yaml");

/// An OpenAPI document that does not parse (cannot happen in a build whose tests pass).
#[derive(Debug, thiserror::Error)]
#[error("the {document} OpenAPI document is not valid YAML: {source}")]
pub struct OpenApiError {
    /// Which document: `"datacash"` or `"webservice"`.
    pub document: &'static str,
    /// What the YAML parser said.
    #[source]
    pub source: serde_yaml_ng::Error,
}

/// The DataCash and account-area document as JSON.
pub fn datacash_json() -> Result<Value, OpenApiError> {
    to_json("datacash", DATACASH_YAML)
}

/// The WebService document as JSON.
pub fn webservice_json() -> Result<Value, OpenApiError> {
    to_json("webservice", WEBSERVICE_YAML)
}

fn to_json(document: &'static str, yaml: &str) -> Result<Value, OpenApiError> {
    serde_yaml_ng::from_str(yaml).map_err(|source| OpenApiError { document, source })
}
