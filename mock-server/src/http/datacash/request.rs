//! From an HTTP request to an authorised call, in the order `contracts/ERRORS.md` gives: method, body size,
//! content type, JSON, the `Datacash-Key` header (unknown, deactivated, licence), then the
//! credentials (readable, accepted, not expired, same partita IVA as the key).

use crate::datacash::Refusal;
use crate::datacash::directory::{CheckedCredentials, KeyRecord};
use crate::datacash::fields;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::fiscal::{CodiceFiscale, PartitaIva};
use dckit_contracts::model::datacash::Credentials;
use futures::StreamExt;
use serde_json::{Map, Value};
use std::sync::Arc;

/// The largest body accepted, in bytes (1 MiB).
pub(crate) const MAX_BODY: usize = 1024 * 1024;

/// The header carrying the API key.
pub(crate) const KEY_HEADER: &str = "datacash-key";

/// The operations of `/api/dco`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Operation {
    /// `infoUser/`.
    InfoUser,
    /// `sendDocument/`.
    SendDocument,
    /// `voidDocument/{idtrx}/`.
    VoidDocument,
    /// `returnDocument/{idtrx}/`.
    ReturnDocument,
    /// `findDocuments/`.
    FindDocuments,
    /// `downloadDocument/{idtrx}/`.
    DownloadDocument,
    /// `resetPassword/`.
    ResetPassword,
}

impl Operation {
    /// `infoUser` answers with an expired licence too (it reports it); every other
    /// operation needs a valid one.
    fn needs_licence(self) -> bool {
        self != Operation::InfoUser
    }

    /// `resetPassword` is how expired credentials are renewed, so it accepts them.
    fn accepts_expired_password(self) -> bool {
        self == Operation::ResetPassword
    }
}

/// An authorised call: the key, the credentials and the JSON body.
#[derive(Debug)]
pub(crate) struct Call {
    /// The API key used.
    pub(crate) key: Arc<KeyRecord>,
    /// The body, a JSON object.
    pub(crate) body: Map<String, Value>,
}

/// Checks the request for `operation` up to and including the credentials.
pub(crate) async fn authorise(
    state: &AppState,
    request: Request,
    operation: Operation,
) -> Result<Call, Refusal> {
    let (parts, body) = request.into_parts();
    if parts.method != Method::POST {
        return Err(Refusal {
            allow: Some("POST"),
            ..Refusal::new(
                ErrorCode::DcMethodNotAllowed,
                &[
                    ("method", parts.method.as_str()),
                    ("path", parts.uri.path()),
                    ("allowed", "POST"),
                ],
            )
        });
    }
    let body = read_json(&parts.headers, body).await?;
    let key = check_key(state, &parts.headers, operation)?;
    check_credentials(state, &body, &key, operation).await?;
    Ok(Call { key, body })
}

/// Reads a JSON object body of at most [`MAX_BODY`] bytes sent as `application/json`.
async fn read_json(
    headers: &axum::http::HeaderMap,
    body: Body,
) -> Result<Map<String, Value>, Refusal> {
    let limit = MAX_BODY.to_string();
    let too_large = || Refusal::new(ErrorCode::DcBodyTooLarge, &[("limit", &limit)]);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(too_large());
    }
    let content_type = headers.get(header::CONTENT_TYPE);
    let is_json = content_type.and_then(|v| v.to_str().ok()).is_some_and(|v| {
        v.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    });
    if !is_json {
        let shown = content_type.map_or_else(
            || "assente".to_owned(),
            |v| String::from_utf8_lossy(v.as_bytes()).into_owned(),
        );
        return Err(Refusal::new(ErrorCode::DcContentType, &[("value", &shown)]));
    }
    // Usually the body comes in one chunk, parsed where it is; more are joined.
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| {
            Refusal::new(
                ErrorCode::DcBodyMalformed,
                &[("detail", "il corpo della richiesta si è interrotto")],
            )
        })?;
        let so_far = first.as_ref().map_or(0, Bytes::len) + joined.len();
        if so_far + chunk.len() > MAX_BODY {
            return Err(too_large());
        }
        match first.take() {
            None if joined.is_empty() => first = Some(chunk),
            earlier => {
                if let Some(earlier) = earlier {
                    joined.reserve(
                        declared
                            .map_or(0, |n| n as usize)
                            .max(earlier.len() + chunk.len()),
                    );
                    joined.extend_from_slice(&earlier);
                }
                joined.extend_from_slice(&chunk);
            }
        }
    }
    match first {
        Some(only) => json_object(&only),
        None => json_object(&joined),
    }
}

/// The body `bytes` as a JSON object, or the refusal of a malformed or non-object body.
pub(crate) fn json_object(bytes: &[u8]) -> Result<Map<String, Value>, Refusal> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        Refusal::new(
            ErrorCode::DcBodyMalformed,
            &[("detail", &describe(&e, bytes))],
        )
    })?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(fields::invalid("(corpo della richiesta)", "un oggetto JSON").into()),
    }
}

/// A JSON syntax error, in Italian.
fn describe(e: &serde_json::Error, bytes: &[u8]) -> String {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return "il corpo è vuoto".to_owned();
    }
    let place = format!("riga {}, colonna {}", e.line(), e.column());
    match e.classify() {
        serde_json::error::Category::Eof => {
            format!("il testo finisce prima del previsto ({place})")
        }
        _ => format!("errore di sintassi alla {place}"),
    }
}

/// The key named by the `Datacash-Key` header, usable for `operation` today.
fn check_key(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    operation: Operation,
) -> Result<Arc<KeyRecord>, Refusal> {
    let presented = headers.get(KEY_HEADER).map(|v| v.as_bytes().trim_ascii());
    let key = match presented {
        None | Some(b"") => return Err(Refusal::new(ErrorCode::DcKeyMissing, &[])),
        // A key is ASCII: anything else cannot be one.
        Some(bytes) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|text| state.datacash.find_key(text)),
    }
    .ok_or_else(|| Refusal::new(ErrorCode::DcKeyUnknown, &[]))?;
    if !key.active {
        return Err(Refusal::new(ErrorCode::DcKeyDeactivated, &[]));
    }
    if operation.needs_licence() && key.licence_expires < state.clock.today() {
        let expiry = key.licence_expires.format("%d/%m/%Y").to_string();
        return Err(Refusal::new(
            ErrorCode::DcLicenceExpired,
            &[("expiry", &expiry)],
        ));
    }
    Ok(key)
}

/// Decrypts (or finds in the cache) and checks `ade_credentials_encrypted`.
async fn check_credentials(
    state: &AppState,
    body: &Map<String, Value>,
    key: &KeyRecord,
    operation: Operation,
) -> Result<(), Refusal> {
    let blob = match fields::optional(body, "ade_credentials_encrypted") {
        None => return Err(Refusal::new(ErrorCode::DcCredentialsMissing, &[])),
        Some(Value::String(s)) if s.trim().is_empty() => {
            return Err(Refusal::new(ErrorCode::DcCredentialsMissing, &[]));
        }
        Some(Value::String(s)) => s,
        Some(_) => {
            return Err(unreadable("il campo deve essere una stringa"));
        }
    };
    let checked = decrypt(state, blob).await?;
    let piva = match &checked.verdict {
        Ok(piva) => piva,
        Err(reason) => {
            return Err(Refusal::new(
                ErrorCode::DcCredentialsRefused,
                &[("reason", reason)],
            ));
        }
    };
    if !operation.accepts_expired_password() && state.datacash.is_expired(piva.as_str()) {
        return Err(Refusal::new(ErrorCode::DcPasswordExpired, &[]));
    }
    if piva.as_str() != key.partita_iva {
        return Err(Refusal::new(
            ErrorCode::DcCredentialsPivaMismatch,
            &[
                ("credentials_piva", piva.as_str()),
                ("key_piva", &key.partita_iva),
            ],
        ));
    }
    Ok(())
}

fn unreadable(reason: &str) -> Refusal {
    Refusal::new(ErrorCode::DcCredentialsUnreadable, &[("reason", reason)])
}

/// The credentials in `blob` and their verdict, from the cache or decrypted (off the async
/// workers) and checked.
async fn decrypt(state: &AppState, blob: &str) -> Result<Arc<CheckedCredentials>, Refusal> {
    let digest = crate::secrets::hash(blob);
    let shared = &state.datacash;
    if let Some(found) = shared.credential_cache().get(&digest) {
        return Ok(found);
    }
    let key = shared
        .service_key()
        .ok_or_else(|| Refusal::new(ErrorCode::DcInternal, &[]))?;
    let text = blob.to_owned();
    let plaintext = tokio::task::spawn_blocking(move || key.decrypt(&text))
        .await
        .map_err(|_| Refusal::new(ErrorCode::DcInternal, &[]))?
        .map_err(|e| unreadable(&e.to_string()))?;
    let checked = Arc::new(check(&parse_plaintext(&plaintext)?));
    shared.credential_cache().put(digest, checked.clone());
    Ok(checked)
}

/// The verdict on decrypted credentials: every field present and both fiscal codes valid.
fn check(credentials: &Credentials) -> CheckedCredentials {
    let verdict = (|| {
        CodiceFiscale::parse(&credentials.codice_fiscale).map_err(|e| e.to_string())?;
        if credentials.password.trim().is_empty() {
            return Err("la password è vuota.".to_owned());
        }
        if credentials.pin.trim().is_empty() {
            return Err("il PIN è vuoto.".to_owned());
        }
        PartitaIva::parse(&credentials.partita_iva).map_err(|e| e.to_string())
    })();
    CheckedCredentials { verdict }
}

/// The decrypted JSON: four strings.
pub(crate) fn parse_plaintext(plaintext: &[u8]) -> Result<Credentials, Refusal> {
    let value: Value = serde_json::from_slice(plaintext)
        .map_err(|_| unreadable("il contenuto decifrato non è JSON"))?;
    let object = value
        .as_object()
        .ok_or_else(|| unreadable("il contenuto decifrato non è un oggetto JSON"))?;
    let field = |name: &str| -> Result<String, Refusal> {
        match object.get(name) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(unreadable(&format!(
                "il campo {name} deve essere una stringa"
            ))),
            None => Err(unreadable(&format!("manca il campo {name}"))),
        }
    };
    Ok(Credentials {
        codice_fiscale: field("codiceFiscale")?,
        password: field("password")?,
        pin: field("pin")?,
        partita_iva: field("partitaIva")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plaintexts() {
        let ok = br#"{"codiceFiscale":"RSSMRA80A01H501U","password":"p","pin":"1","partitaIva":"01234567897"}"#;
        assert_eq!(parse_plaintext(ok).unwrap().pin, "1");
        let cases: &[(&[u8], &str)] = &[
            (b"nope", "non è JSON"),
            (b"[]", "oggetto"),
            (
                br#"{"codiceFiscale":"X","password":"p","pin":1,"partitaIva":"1"}"#,
                "pin deve",
            ),
            (
                br#"{"password":"p","pin":"1","partitaIva":"1"}"#,
                "manca il campo codiceFiscale",
            ),
        ];
        for (text, needle) in cases {
            let e = parse_plaintext(text).unwrap_err();
            assert_eq!(e.error.code, ErrorCode::DcCredentialsUnreadable);
            assert!(e.error.message.contains(needle), "{}", e.error.message);
        }
    }
}
