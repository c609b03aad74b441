//! Reading a JSON body field by field, so that every mistake is one precise catalogue error
//! naming the field (`document.elementiContabili[2].quantita`).
//!
//! The rule throughout: a value of the wrong JSON type is `DcFieldInvalid`; a value of the
//! right type that is not acceptable gets the error of its kind (`DcAmountInvalid`,
//! `DcQuantityInvalid`, …). `null` counts as missing. Unknown fields are ignored.

use dckit_contracts::errors::{CatalogueError, ErrorCode};
use dckit_contracts::model::money::{decimal_from_f64, parse_decimal};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

/// The largest amount accepted in any field, in euros.
pub(crate) const MAX_AMOUNT: Decimal = Decimal::from_parts(99_999_999, 0, 0, false, 2);

/// The largest quantity accepted on a line.
pub(crate) const MAX_QUANTITY: Decimal = Decimal::from_parts(99_999_999, 0, 0, false, 3);

/// `DcFieldMissing` for `field`.
pub(crate) fn missing(field: &str) -> CatalogueError {
    ErrorCode::DcFieldMissing.with(&[("field", field)])
}

/// `DcFieldInvalid` for `field`, saying what was `expected`.
pub(crate) fn invalid(field: &str, expected: &str) -> CatalogueError {
    ErrorCode::DcFieldInvalid.with(&[("field", field), ("expected", expected)])
}

/// `parent.name`, or `name` at the top level.
pub(crate) fn path(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// The value of `name`, `None` when absent or `null`.
pub(crate) fn optional<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).filter(|v| !v.is_null())
}

/// The value of `name`, or `DcFieldMissing`.
pub(crate) fn required<'a>(
    object: &'a Map<String, Value>,
    parent: &str,
    name: &str,
) -> Result<&'a Value, CatalogueError> {
    optional(object, name).ok_or_else(|| missing(&path(parent, name)))
}

/// The value as an object.
pub(crate) fn object<'a>(
    value: &'a Value,
    field: &str,
) -> Result<&'a Map<String, Value>, CatalogueError> {
    value
        .as_object()
        .ok_or_else(|| invalid(field, "un oggetto JSON"))
}

/// The value as an array.
pub(crate) fn array<'a>(value: &'a Value, field: &str) -> Result<&'a [Value], CatalogueError> {
    value
        .as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| invalid(field, "un elenco JSON"))
}

/// The value as a string.
pub(crate) fn string<'a>(value: &'a Value, field: &str) -> Result<&'a str, CatalogueError> {
    value.as_str().ok_or_else(|| invalid(field, "una stringa"))
}

/// The value as a boolean.
pub(crate) fn boolean(value: &Value, field: &str) -> Result<bool, CatalogueError> {
    value
        .as_bool()
        .ok_or_else(|| invalid(field, "true oppure false"))
}

/// An optional boolean, `false` when absent.
pub(crate) fn flag(
    object: &Map<String, Value>,
    parent: &str,
    name: &str,
) -> Result<bool, CatalogueError> {
    optional(object, name).map_or(Ok(false), |v| boolean(v, &path(parent, name)))
}

/// A JSON number or a decimal string, exactly; `Err(text)` when it is a string that is not a
/// decimal, `DcFieldInvalid` for any other type.
fn decimal(value: &Value, field: &str) -> Result<Result<Decimal, String>, CatalogueError> {
    match value {
        Value::Number(n) => Ok(if let Some(i) = n.as_i64() {
            Ok(Decimal::from(i))
        } else if let Some(u) = n.as_u64() {
            Ok(Decimal::from(u))
        } else {
            n.as_f64()
                .ok_or_else(|| n.to_string())
                .and_then(|f| decimal_from_f64(f).map_err(|_| n.to_string()))
        }),
        Value::String(s) => Ok(parse_decimal(s.trim()).map_err(|_| s.clone())),
        _ => Err(invalid(field, "un numero")),
    }
}

/// An amount in euros: a number ≥ 0 with at most 2 decimals, at most [`MAX_AMOUNT`].
pub(crate) fn amount(value: &Value, field: &str) -> Result<Decimal, CatalogueError> {
    let bad =
        |shown: String| ErrorCode::DcAmountInvalid.with(&[("value", &shown), ("field", field)]);
    let number = decimal(value, field)?.map_err(bad)?;
    if number.is_sign_negative() && !number.is_zero() || number.normalize().scale() > 2 {
        return Err(bad(number.to_string()));
    }
    if number > MAX_AMOUNT {
        return Err(invalid(field, "un importo non superiore a 999999.99"));
    }
    Ok(number.abs())
}

/// An optional amount, 0 when absent.
pub(crate) fn optional_amount(
    object: &Map<String, Value>,
    parent: &str,
    name: &str,
) -> Result<Decimal, CatalogueError> {
    optional(object, name).map_or(Ok(Decimal::ZERO), |v| amount(v, &path(parent, name)))
}

/// A quantity: a number > 0 with at most 3 decimals, at most [`MAX_QUANTITY`]. `line` names
/// the element in the message (1-based).
pub(crate) fn quantity(value: &Value, field: &str, line: usize) -> Result<Decimal, CatalogueError> {
    let line = line.to_string();
    let bad =
        |shown: String| ErrorCode::DcQuantityInvalid.with(&[("value", &shown), ("line", &line)]);
    let number = decimal(value, field)?.map_err(bad)?;
    if number <= Decimal::ZERO || number.normalize().scale() > 3 {
        return Err(bad(number.to_string()));
    }
    if number > MAX_QUANTITY {
        return Err(invalid(field, "una quantità non superiore a 99999.999"));
    }
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use serde_json::json;

    #[test]
    fn amounts() {
        let cases: &[(Value, Result<Decimal, &str>)] = &[
            (json!(12.5), Ok(dec!(12.5))),
            (json!(120.0), Ok(dec!(120.0))),
            (json!(0), Ok(dec!(0))),
            (json!("7.20"), Ok(dec!(7.20))),
            (json!(-0.0), Ok(dec!(0))),
            (json!(12.345), Err("33")),
            (json!(-1), Err("33")),
            (json!("1,50"), Err("33")),
            (json!(0.30000000000000004), Err("33")),
            (json!(1000000), Err("23")),
            (json!(true), Err("23")),
            (json!([1]), Err("23")),
        ];
        for (value, expected) in cases {
            let got = amount(value, "x.prezzoLordo");
            match (got, expected) {
                (Ok(got), Ok(want)) => assert_eq!(got, *want, "{value}"),
                (Err(e), Err(code)) => {
                    assert_eq!(e.code.code(), *code, "{value}: {}", e.message);
                    assert!(e.message.contains("x.prezzoLordo"), "{}", e.message);
                }
                (got, _) => panic!("{value}: {got:?}"),
            }
        }
    }

    #[test]
    fn quantities() {
        let cases: &[(Value, Result<Decimal, &str>)] = &[
            (json!(1), Ok(dec!(1))),
            (json!(0.755), Ok(dec!(0.755))),
            (json!("2"), Ok(dec!(2))),
            (json!(0), Err("32")),
            (json!(-2), Err("32")),
            (json!(1.2345), Err("32")),
            (json!("due"), Err("32")),
            (json!(100000), Err("23")),
            (json!(null), Err("23")),
            (json!({}), Err("23")),
        ];
        for (value, expected) in cases {
            match (quantity(value, "q", 3), expected) {
                (Ok(got), Ok(want)) => assert_eq!(got, *want, "{value}"),
                (Err(e), Err(code)) => assert_eq!(e.code.code(), *code, "{value}: {}", e.message),
                (got, _) => panic!("{value}: {got:?}"),
            }
        }
        let e = quantity(&json!(0), "q", 3).unwrap_err();
        assert!(e.message.contains("elemento 3"), "{}", e.message);
    }

    #[test]
    fn presence_and_types() {
        let body = json!({"a": null, "b": "x", "c": 1});
        let body = body.as_object().unwrap();
        assert_eq!(
            required(body, "doc", "a").unwrap_err().message,
            "Campo obbligatorio mancante: doc.a."
        );
        assert_eq!(
            required(body, "", "z").unwrap_err().message,
            "Campo obbligatorio mancante: z."
        );
        assert_eq!(string(&body["b"], "b").unwrap(), "x");
        assert_eq!(
            string(&body["c"], "c").unwrap_err().code,
            ErrorCode::DcFieldInvalid
        );
        assert!(!flag(body, "", "a").unwrap());
        assert!(flag(body, "", "c").is_err());
    }
}
