//! What the property tests send: arbitrary bytes, arbitrary JSON, and near-valid documents (a
//! valid one with a few of its values removed or replaced by something of another type or an
//! edge value).

use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Field names the parsers look for, so that arbitrary objects hit them.
const FIELDS: &[&str] = &[
    "ade_credentials_encrypted",
    "document",
    "elementiContabili",
    "aliquotaIVA",
    "percentualeIVA",
    "descrizioneProdotto",
    "prezzoLordo",
    "quantita",
    "scontoLordo",
    "omaggioElemento",
    "totaleScontiAPagare",
    "omaggio",
    "codiceLotteria",
    "pagamento",
    "pagamenti",
    "tipo",
    "importo",
    "ticketRestaurant",
    "documentoCommercialeCollegato",
    "multisede",
    "elementi",
    "numeroElemento",
    "start",
    "end",
    "regalo",
    "partitaIva",
    "label",
    "months",
    "type",
    "quantity",
    "storeId",
    "seed",
    "freeze",
    "advance",
    "unfreeze",
    "up",
    "url",
    "expired",
    "path",
    "status",
    "delayMs",
    "probability",
    "count",
    "drop",
    "body",
    "contentType",
    "method",
    "id",
];

/// Strings near what the parsers look for, and strings that often break parsers.
const TRICKY: &[&str] = &[
    "",
    " ",
    "\t\n",
    "0",
    "-1",
    "1.5",
    "1,50",
    "1e999",
    "-0",
    "0.001",
    "99999999999999999999999",
    "NaN",
    "22",
    " 22 ",
    "N7",
    "PE",
    "NR_EF",
    "ABCD1234",
    "abcd-123",
    "2019-06-15",
    "2019-02-29",
    "15/06/2019",
    "+2019-06-15",
    "01234560017",
    "01234567897",
    "IT01234567897",
    "RSSMRA80A01H501U",
    "key-1",
    "store-1",
    "store-0",
    "dev-1",
    "lic-1",
    "api-key-light",
    "api-key-",
    "2019-06-15T12:00:00+02:00",
    "90s",
    "-3d",
    "http://127.0.0.1:9/hook",
    "/api/dco/**",
    "{campo}",
    "x{value}",
    "\u{0}",
    "\u{7f}",
    "\u{202e}",
    "è",
    "-----BEGIN PGP MESSAGE-----\n\nwV4D\n=abcd\n-----END PGP MESSAGE-----\n",
];

/// A string: arbitrary, near a value the parsers look for, or long.
pub(crate) fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(TRICKY).prop_map(str::to_owned),
        3 => any::<String>(),
        2 => "[ 0-9A-Za-z.,:/+_-]{0,12}",
        1 => (1usize..5000).prop_map(|n| "9".repeat(n)),
    ]
}

/// A number, including the edges of JSON's and `Decimal`'s ranges.
pub(crate) fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        proptest::sample::select(vec![
            0.0,
            -0.0,
            0.001,
            0.005,
            0.1,
            0.3,
            1.5,
            12.345,
            1e-30,
            1e28,
            1e300,
            -1e300,
            99_999.999,
            999_999.99,
            1_000_000.0,
        ])
        .prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
    ]
}

/// A JSON scalar.
pub(crate) fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        string().prop_map(Value::String),
    ]
}

/// An object key: one the parsers read, or anything.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(FIELDS).prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

/// Any JSON value, nested a few levels deep.
pub(crate) fn json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Any JSON object.
pub(crate) fn json_object() -> impl Strategy<Value = Value> {
    proptest::collection::vec((key(), json()), 0..8)
        .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>()))
}

/// Arbitrary bytes: random, or JSON-ish and form-ish text.
pub(crate) fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        "[{}\\[\\]\":,0-9a-z =&%+.-]{0,64}".prop_map(String::into_bytes),
        json().prop_map(|v| {
            let mut text = v.to_string().into_bytes();
            // Cut it somewhere: a truncated document.
            let cut = text.len() / 2;
            text.truncate(cut);
            text
        }),
    ]
}

/// One change to a document.
#[derive(Clone, Debug)]
pub(crate) enum Mutation {
    /// The value is removed (from its object or array).
    Remove,
    /// The value is replaced.
    Replace(Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => Just(Mutation::Remove),
        4 => scalar().prop_map(Mutation::Replace),
        1 => json().prop_map(Mutation::Replace),
    ]
}

/// Every place in `value` below the root, as paths of keys and indexes.
fn places(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push(Step::Key(k.clone()));
                out.push(at.clone());
                places(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(Step::Index(i));
                out.push(at.clone());
                places(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// One step of a path.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// `value` with `mutation` applied at `path` (which exists).
fn apply(value: &mut Value, path: &[Step], mutation: &Mutation) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut target = value;
    for step in parents {
        target = match (step, target) {
            (Step::Key(k), Value::Object(map)) => match map.get_mut(k) {
                Some(v) => v,
                None => return,
            },
            (Step::Index(i), Value::Array(items)) => match items.get_mut(*i) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
    }
    match (last, target, mutation) {
        (Step::Key(k), Value::Object(map), Mutation::Remove) => {
            map.remove(k);
        }
        (Step::Key(k), Value::Object(map), Mutation::Replace(v)) => {
            map.insert(k.clone(), v.clone());
        }
        (Step::Index(i), Value::Array(items), Mutation::Remove) if *i < items.len() => {
            items.remove(*i);
        }
        (Step::Index(i), Value::Array(items), Mutation::Replace(v)) if *i < items.len() => {
            items[*i] = v.clone();
        }
        _ => {}
    }
}

/// `valid` with one to three of its values removed or replaced.
pub(crate) fn near(valid: Value) -> impl Strategy<Value = Value> {
    let mut all = Vec::new();
    places(&valid, &mut Vec::new(), &mut all);
    let count = all.len().max(1);
    proptest::collection::vec((0..count, mutation()), 1..=3).prop_map(move |changes| {
        let mut value = valid.clone();
        for (i, mutation) in changes {
            if let Some(path) = all.get(i) {
                apply(&mut value, path, &mutation);
            }
        }
        value
    })
}

/// A form body: `valid`'s fields with a few values replaced, removed, repeated or added, and
/// sometimes badly encoded.
pub(crate) fn near_form(valid: Vec<(&'static str, String)>) -> impl Strategy<Value = Vec<u8>> {
    let names: Vec<&'static str> = valid.iter().map(|(n, _)| *n).collect();
    let changes = proptest::collection::vec(
        (
            proptest::sample::select(names),
            prop_oneof![Just(None), string().prop_map(Some),],
        ),
        0..4,
    );
    let extra = prop_oneof![
        4 => Just(String::new()),
        1 => proptest::sample::select(vec!["&", "&&=", "%", "%zz", "=x", "start=%FF", "+"])
            .prop_map(str::to_owned),
    ];
    (changes, extra).prop_map(move |(changes, extra)| {
        let mut fields: Vec<(String, String)> = valid
            .iter()
            .map(|(n, v)| ((*n).to_owned(), v.clone()))
            .collect();
        for (name, value) in changes {
            match value {
                None => fields.retain(|(n, _)| n != name),
                Some(v) => fields.push((name.to_owned(), v)),
            }
        }
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (n, v) in &fields {
            out.append_pair(n, v);
        }
        let mut text = out.finish();
        text.push_str(&extra);
        text.into_bytes()
    })
}
