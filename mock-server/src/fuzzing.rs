//! The mock's request parsers as plain functions on bytes, for the fuzz targets of `fuzz/` and
//! the property tests. Hidden from the documentation and not part of the supported API: the
//! signatures may change with the parsers.
//!
//! Each function runs what the route runs on a body before it touches the store, and answers
//! `Ok(())` when the body is accepted or the catalogue error the route would answer. None of them
//! may panic, whatever the bytes.

use crate::datacash::{cancel, sale};
use crate::http::datacash::{find, request};
use crate::http::portal::{account, addons, body, keys, stores};
use crate::http::webservice::form;
use crate::state::Tokens;
use axum::http::{HeaderMap, HeaderValue, header};
use chrono::NaiveDate;
use dckit_contracts::errors::{CatalogueError, ErrorCode};

/// The DataCash bodies that have fields of their own to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataCashBody {
    /// `sendDocument`: `document`, the sale.
    SendDocument,
    /// `returnDocument`: `elementi`, the lines returned.
    ReturnDocument,
    /// `findDocuments`: `start` and `end`.
    FindDocuments,
}

impl DataCashBody {
    /// Every body, for targets that pick one from their input.
    pub const ALL: [DataCashBody; 3] = [
        DataCashBody::SendDocument,
        DataCashBody::ReturnDocument,
        DataCashBody::FindDocuments,
    ];
}

/// `bytes` read as the JSON body of `which`, then its fields checked.
pub fn datacash_body(which: DataCashBody, bytes: &[u8]) -> Result<(), CatalogueError> {
    let body = request::json_object(bytes).map_err(|r| r.error)?;
    match which {
        DataCashBody::SendDocument => sale::parse(&body).map(drop),
        DataCashBody::ReturnDocument => cancel::parse_return(&body).map(drop).map_err(|r| r.error),
        DataCashBody::FindDocuments => find::range(&body).map(drop).map_err(|r| r.error),
    }
}

/// The decrypted `ade_credentials_encrypted` read as the four strings of the credentials.
pub fn datacash_credentials(plaintext: &[u8]) -> Result<(), CatalogueError> {
    request::parse_plaintext(plaintext)
        .map(drop)
        .map_err(|r| r.error)
}

/// The token [`webservice_form`] accepts.
pub const WEBSERVICE_TOKEN: &str = "fuzz-token";

/// A WebService request body with `content_type` (raw header bytes; `None` for no header),
/// read as a form and checked as of Saturday 2019-06-15 with the token [`WEBSERVICE_TOKEN`].
pub fn webservice_form(content_type: Option<&[u8]>, body: &[u8]) -> Result<(), CatalogueError> {
    let mut headers = HeaderMap::new();
    if let Some(value) = content_type {
        match HeaderValue::from_bytes(value) {
            Ok(value) => {
                headers.insert(header::CONTENT_TYPE, value);
            }
            // No client can send such a header: nothing to check.
            Err(_) => return Ok(()),
        }
    }
    let tokens = Tokens::new(WEBSERVICE_TOKEN.into(), "p".into(), "a".into());
    let today = NaiveDate::from_ymd_opt(2019, 6, 15).unwrap_or_default();
    let fields = form::parse_form(&headers, body)?;
    form::validate(&fields, &tokens, today).map(drop)
}

/// The account-area bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortalBody {
    /// `POST /portal/v1/keys {partitaIva, label}`.
    CreateKey,
    /// `POST /portal/v1/keys/{id}/label {label}`.
    Label,
    /// `POST /portal/v1/licences/{id}/renew {months}`.
    Renew,
    /// `POST /portal/v1/addons {type, quantity}`.
    BuyAddon,
    /// `POST /portal/v1/devices/{id}/store {storeId}`.
    MoveDevice,
}

impl PortalBody {
    /// Every body, for targets that pick one from their input.
    pub const ALL: [PortalBody; 5] = [
        PortalBody::CreateKey,
        PortalBody::Label,
        PortalBody::Renew,
        PortalBody::BuyAddon,
        PortalBody::MoveDevice,
    ];
}

/// `bytes` read as the JSON body of `which`, then its fields checked.
pub fn portal_body(which: PortalBody, bytes: &[u8]) -> Result<(), CatalogueError> {
    let example = match which {
        PortalBody::CreateKey => keys::CREATE_EXAMPLE,
        PortalBody::Label => keys::LABEL_EXAMPLE,
        PortalBody::Renew => account::RENEW_EXAMPLE,
        PortalBody::BuyAddon => addons::BUY_EXAMPLE,
        PortalBody::MoveDevice => stores::MOVE_EXAMPLE,
    };
    let checked = body::object_from(bytes, example).and_then(|map| match which {
        PortalBody::CreateKey => keys::create_request(map).map(drop),
        PortalBody::Label => keys::label_request(map).map(drop),
        PortalBody::Renew => account::renew_request(map).map(drop),
        PortalBody::BuyAddon => addons::buy_request(map).map(drop),
        PortalBody::MoveDevice => stores::move_request(map).map(drop),
    });
    checked.map_err(|e| match e {
        crate::account::Error::Refused(e) => e,
        // These checks never reach the store.
        crate::account::Error::Db(_) => ErrorCode::PortalInternal.with(&[]),
    })
}

/// A statistics query string (`device=dev-1&from=…&to=…`), checked but for the target's
/// existence.
pub fn portal_stats_query(query: &str) -> Result<(), CatalogueError> {
    crate::account::stats::parse_query(query)
        .map(drop)
        .map_err(|e| match e {
            crate::account::Error::Refused(e) => e,
            crate::account::Error::Db(_) => ErrorCode::PortalInternal.with(&[]),
        })
}
