//! Reading a WebService request: its body as a form, then each parameter checked in turn,
//! every mistake answered with its catalogue error.
//!
//! Checks, in order: the method is POST; the body is at most [`MAX_BODY`] bytes, and a form (not JSON,
//! not multipart); `token`; `ws`; `action`; `invoicenum` with `invoiceid`; `invoiceid` a
//! whole number; `doctype`; `start`/`end`.
//!
//! Leniency, as PHP and WHMCS would show it: a body without a content type is read as a form
//! unless it is JSON; surrounding whitespace of every value is ignored; an empty value is a
//! missing one; when a field is repeated the last value wins; fields the WebService does not
//! know are ignored; `ws`, `action` and `doctype` are case-insensitive.

use crate::secrets::Tokens;
use crate::webservice::{Filter, Query, echo};
use axum::body::Body;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use chrono::NaiveDate;
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use dckit_contracts::keywords::resolve;
use dckit_contracts::model::webservice::{WsDocType, WsForm};
use futures::StreamExt;

/// The largest body read: far more than any request of this API needs.
pub(crate) const MAX_BODY: usize = 1024 * 1024;

/// How much of a larger body is still read (and dropped) before answering, so the client
/// finishes sending and reads the error instead of a reset connection.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// Reads the body, up to [`MAX_BODY`] bytes; a larger one is [`ErrorCode::WsBodyTooLarge`].
pub(super) async fn read_body(body: Body) -> Result<Vec<u8>, CatalogueError> {
    let mut stream = body.into_data_stream();
    let mut out = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return Err(not_form());
        };
        total = total.saturating_add(chunk.len());
        if total <= MAX_BODY {
            out.extend_from_slice(&chunk);
        } else if total > DRAIN_LIMIT {
            break;
        }
    }
    if total > MAX_BODY {
        return Err(ErrorCode::WsBodyTooLarge.with(&[]));
    }
    Ok(out)
}

fn not_form() -> CatalogueError {
    ErrorCode::WsBodyNotForm.with(&[])
}

/// The form fields of `body`, or [`ErrorCode::WsBodyNotForm`] when it is something else:
/// JSON, multipart, or a content type other than `application/x-www-form-urlencoded`.
pub(crate) fn parse_form(headers: &HeaderMap, body: &[u8]) -> Result<WsForm, CatalogueError> {
    if let Some(value) = headers.get(CONTENT_TYPE) {
        let essence = value
            .to_str()
            .ok()
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase());
        if essence.as_deref() != Some("application/x-www-form-urlencoded") {
            return Err(not_form());
        }
    }
    if matches!(
        body.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[')
    ) {
        return Err(not_form());
    }
    let mut form = WsForm::default();
    for (name, value) in form_urlencoded::parse(body) {
        let slot = match name.as_ref() {
            "token" => &mut form.token,
            "ws" => &mut form.ws,
            "action" => &mut form.action,
            "start" => &mut form.start,
            "end" => &mut form.end,
            "invoicenum" => &mut form.invoicenum,
            "invoiceid" => &mut form.invoiceid,
            "doctype" => &mut form.doctype,
            _ => continue,
        };
        *slot = Some(value.into_owned());
    }
    Ok(form)
}

/// A value trimmed, `None` when missing or blank.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Checks the parameters in order and resolves them into a [`Query`] as of `today`.
pub(crate) fn validate(
    form: &WsForm,
    tokens: &Tokens,
    today: NaiveDate,
) -> Result<Query, CatalogueError> {
    let token = given(&form.token).ok_or_else(|| ErrorCode::WsTokenMissing.with(&[]))?;
    if !tokens.is_webservice(token) {
        return Err(ErrorCode::WsTokenInvalid.with(&[]));
    }
    let ws = given(&form.ws).unwrap_or_default();
    if !ws.eq_ignore_ascii_case("einvoice") {
        return Err(ErrorCode::WsServiceInvalid.with(&[("value", &echo(ws))]));
    }
    let action = given(&form.action).ok_or_else(|| ErrorCode::WsActionMissing.with(&[]))?;
    if !action.eq_ignore_ascii_case("get") {
        return Err(ErrorCode::WsActionUnknown.with(&[("value", &echo(action))]));
    }
    let invoicenum = given(&form.invoicenum);
    let invoiceid = given(&form.invoiceid);
    let lookup = match (invoicenum, invoiceid) {
        (Some(_), Some(_)) => return Err(ErrorCode::WsInvoicenumWithInvoiceid.with(&[])),
        (Some(num), None) => Some(Filter::Num(num.to_owned())),
        (None, Some(id)) => Some(invoice_id(id)?),
        (None, None) => None,
    };
    let doctype = doctype(given(&form.doctype))?;
    // invoicenum and invoiceid override start and end, which are then not even checked.
    let filter = match lookup {
        Some(filter) => filter,
        None => {
            let start = form.start.as_deref().map(shorten);
            let end = form.end.as_deref().map(shorten);
            let selection = resolve(start.as_deref(), end.as_deref(), today)
                .map_err(|error| error.catalogue())?;
            Filter::Dates(selection)
        }
    };
    Ok(Query { filter, doctype })
}

/// A `start` or `end` trimmed and, if longer than any valid value could be, cut short (so
/// that its error message quotes a readable part of it).
fn shorten(value: &str) -> String {
    echo(value.trim())
}

/// `invoiceid`: ASCII digits only. A whole number too large for an ID matches nothing.
fn invoice_id(text: &str) -> Result<Filter, CatalogueError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::WsInvoiceidInvalid.with(&[("value", &echo(text))]));
    }
    Ok(Filter::Id(text.parse::<i64>().ok(), text.to_owned()))
}

/// `doctype`: `Invoice` or `CreditNote`, either in the plural, any case.
fn doctype(text: Option<&str>) -> Result<Option<WsDocType>, CatalogueError> {
    let Some(text) = text else {
        return Ok(None);
    };
    let singular = text
        .strip_suffix(['s', 'S'])
        .filter(|s| !s.is_empty())
        .unwrap_or(text);
    WsDocType::ALL
        .iter()
        .find(|t| t.as_str().eq_ignore_ascii_case(singular))
        .map(|t| Some(*t))
        .ok_or_else(|| ErrorCode::WsDoctypeUnknown.with(&[("value", &echo(text))]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use dckit_contracts::keywords::{DateRange, Selection};

    const TOKEN: &str = "right-token";

    fn tokens() -> Tokens {
        Tokens::new(TOKEN.into(), "p".into(), "a".into())
    }

    fn today() -> NaiveDate {
        "2019-06-15".parse().unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn form(body: &str) -> WsForm {
        parse_form(&HeaderMap::new(), body.as_bytes()).unwrap()
    }

    fn check(body: &str) -> Result<Query, String> {
        validate(&form(body), &tokens(), today()).map_err(|e| e.message)
    }

    fn msg(code: ErrorCode, args: &[(&str, &str)]) -> Result<Query, String> {
        Err(code.message(args))
    }

    fn ok(filter: Filter, doctype: Option<WsDocType>) -> Result<Query, String> {
        Ok(Query { filter, doctype })
    }

    fn range(start: &str, end: &str) -> Filter {
        Filter::Dates(Selection::Range(DateRange {
            start: day(start),
            end: day(end),
        }))
    }

    #[test]
    fn parameters_are_checked_in_order() {
        let base = "token=right-token&ws=einvoice&action=Get";
        let long = "x".repeat(100);
        let long_echo = format!("{}…", "x".repeat(64));
        let cases: Vec<(String, Result<Query, String>)> = vec![
            ("".into(), msg(ErrorCode::WsTokenMissing, &[])),
            ("token=+&ws=x".into(), msg(ErrorCode::WsTokenMissing, &[])),
            (
                "token=wrong&ws=x".into(),
                msg(ErrorCode::WsTokenInvalid, &[]),
            ),
            (
                "token=right-token".into(),
                msg(ErrorCode::WsServiceInvalid, &[("value", "")]),
            ),
            (
                "token=right-token&ws=einvoices&action=x".into(),
                msg(ErrorCode::WsServiceInvalid, &[("value", "einvoices")]),
            ),
            (
                "token=right-token&ws=EInvoice".into(),
                msg(ErrorCode::WsActionMissing, &[]),
            ),
            (
                format!("token=right-token&ws=einvoice&action={long}"),
                msg(ErrorCode::WsActionUnknown, &[("value", &long_echo)]),
            ),
            (
                format!("{base}&invoicenum=2019/1&invoiceid=x&doctype=y&start=z"),
                msg(ErrorCode::WsInvoicenumWithInvoiceid, &[]),
            ),
            (
                format!("{base}&invoiceid=12a&doctype=y"),
                msg(ErrorCode::WsInvoiceidInvalid, &[("value", "12a")]),
            ),
            (
                format!("{base}&invoiceid=-3"),
                msg(ErrorCode::WsInvoiceidInvalid, &[("value", "-3")]),
            ),
            (
                format!("{base}&invoiceid=1.0"),
                msg(ErrorCode::WsInvoiceidInvalid, &[("value", "1.0")]),
            ),
            (
                format!("{base}&doctype=Invoicez&start=nope"),
                msg(ErrorCode::WsDoctypeUnknown, &[("value", "Invoicez")]),
            ),
            (
                format!("{base}&doctype=s"),
                msg(ErrorCode::WsDoctypeUnknown, &[("value", "s")]),
            ),
            // Valid requests.
            (base.into(), ok(Filter::Dates(Selection::All), None)),
            (
                format!("{base}&start=+Today+&doctype=invoices"),
                ok(range("2019-06-15", "2019-06-15"), Some(WsDocType::Invoice)),
            ),
            (
                format!("{base}&start=2019-06-01&end=2019-06-15&doctype=CREDITNOTE"),
                ok(
                    range("2019-06-01", "2019-06-15"),
                    Some(WsDocType::CreditNote),
                ),
            ),
            (
                format!("{base}&start=5&doctype=CreditNotes&end="),
                ok(
                    range("2019-06-10", "2019-06-15"),
                    Some(WsDocType::CreditNote),
                ),
            ),
            // invoiceid and invoicenum override start and end, even invalid ones.
            (
                format!("{base}&invoiceid=+0042+&start=bogus&end=2019-13-01"),
                ok(Filter::Id(Some(42), "0042".into()), None),
            ),
            (
                format!("{base}&invoicenum=2019%2F133&start=bogus"),
                ok(Filter::Num("2019/133".into()), None),
            ),
            (
                format!("{base}&invoiceid=99999999999999999999"),
                ok(Filter::Id(None, "99999999999999999999".into()), None),
            ),
            // An empty value is a missing one; the last of a repeated field wins; unknown
            // fields are ignored.
            (
                format!("{base}&invoicenum=&invoiceid=7&action=get&foo=bar"),
                ok(Filter::Id(Some(7), "7".into()), None),
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(check(&body), expected, "{body}");
        }
    }

    #[test]
    fn dates_are_the_keyword_resolvers() {
        let base = "token=right-token&ws=einvoice&action=Get";
        assert_eq!(
            check(&format!("{base}&start=2019-13-01")),
            Err(
                dckit_contracts::keywords::resolve(Some("2019-13-01"), None, today())
                    .unwrap_err()
                    .to_string()
            )
        );
        let long = format!("{base}&start={}", "9".repeat(200));
        let message = check(&long).unwrap_err();
        assert!(
            message.contains(&format!("\"{}…\"", "9".repeat(64))),
            "{message}"
        );
        assert!(message.len() < 400, "{message}");
    }

    #[test]
    fn bodies_that_are_not_forms() {
        let cases: &[(Option<&str>, &str, bool)] = &[
            (None, "token=a&ws=einvoice", true),
            (Some("application/x-www-form-urlencoded"), "token=a", true),
            (
                Some("Application/X-WWW-Form-Urlencoded; charset=UTF-8"),
                "token=a",
                true,
            ),
            (None, "", true),
            (None, "  {\"token\":\"a\"}", false),
            (Some("application/x-www-form-urlencoded"), "[1]", false),
            (Some("application/json"), "token=a", false),
            (Some("multipart/form-data; boundary=x"), "--x\r\n", false),
            (Some("text/plain"), "token=a", false),
        ];
        for (ctype, body, accepted) in cases {
            let mut headers = HeaderMap::new();
            if let Some(ctype) = ctype {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static(ctype));
            }
            let result = parse_form(&headers, body.as_bytes());
            assert_eq!(result.is_ok(), *accepted, "{ctype:?} {body:?}");
            if let Err(e) = result {
                assert_eq!(e.code, ErrorCode::WsBodyNotForm);
            }
        }
        let read = form("token=a%20b&token=c+d&start=Month+to+date&x=%ZZ&ws=%C3%A8");
        assert_eq!(read.token.as_deref(), Some("c d"));
        assert_eq!(read.start.as_deref(), Some("Month to date"));
        assert_eq!(read.ws.as_deref(), Some("è"));
    }

    #[test]
    fn echo_cuts_long_values_on_a_character_boundary() {
        assert_eq!(echo("short"), "short");
        let long = "è".repeat(70);
        assert_eq!(echo(&long), format!("{}…", "è".repeat(64)));
    }
}
