//! The OpenAPI documents agree with the routes the mock serves (listed here), with the Rust models and with the error
//! catalogue.

use std::collections::BTreeSet;

use dckit_contracts::errors::{Api, CATALOGUE, ErrorSpec};
use dckit_contracts::model::datacash::{
    Credentials, CredentialsRequest, DcError, DcLicenceState, DeferredState, DeferredWebhook,
    Document, DocumentLine, DownloadDocumentRequest, Envelope, FindDocumentsRequest,
    FindDocumentsResponse, FoundDocument, InfoUser, OperationType, Payment, PaymentType,
    ReturnDocumentRequest, ReturnLine, SendDocumentRequest, TicketRestaurant, VatCode,
};
use dckit_contracts::model::money::{Amount, Money2};
use dckit_contracts::model::portal::{
    Account, AddonType, ApiKey, BuyAddonRequest, CatalogueEntry, Contract, Counter,
    CounterDocumentRow, CounterEvent, CreateKeyRequest, CreatedKey, DailyTotal, Device, DeviceKind,
    DocumentKind, Instance, ItemTotal, KeySlots, KeyState, LabelRequest, Licence, LicenceState,
    MoveDeviceRequest, PaymentTotal, Purchase, PurchaseState, RenewRequest, Stats, Store,
    Timestamp, VatTotal,
};
use dckit_contracts::model::problem::Problem;
use dckit_contracts::model::webservice::{
    WsClientData, WsCustomField, WsDocData, WsDocType, WsDocument, WsDocuments, WsError, WsEurope,
    WsForm, WsItem, WsResponse, WsResult,
};
use dckit_contracts::openapi::{datacash_json, webservice_json};
use regex::Regex;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Deserializes a value into a Rust type and serializes it back.
type Check = fn(&Value) -> Result<Value, String>;

fn check<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

/// Every component schema of datacash.yaml, with the Rust type of the same name.
const DATACASH_SCHEMAS: &[(&str, Check)] = &[
    ("Amount", check::<Amount>),
    ("Money2", check::<Money2>),
    ("Timestamp", check::<Timestamp>),
    ("VatCode", check::<VatCode>),
    ("PaymentType", check::<PaymentType>),
    ("OperationType", check::<OperationType>),
    ("Credentials", check::<Credentials>),
    ("CredentialsRequest", check::<CredentialsRequest>),
    ("SendDocumentRequest", check::<SendDocumentRequest>),
    ("Document", check::<Document>),
    ("DocumentLine", check::<DocumentLine>),
    ("Payment", check::<Payment>),
    ("TicketRestaurant", check::<TicketRestaurant>),
    ("DcError", check::<DcError>),
    ("DeferredState", check::<DeferredState>),
    ("Envelope", check::<Envelope>),
    ("DcLicenceState", check::<DcLicenceState>),
    ("InfoUser", check::<InfoUser>),
    ("ReturnDocumentRequest", check::<ReturnDocumentRequest>),
    ("ReturnLine", check::<ReturnLine>),
    ("FindDocumentsRequest", check::<FindDocumentsRequest>),
    ("FindDocumentsResponse", check::<FindDocumentsResponse>),
    ("FoundDocument", check::<FoundDocument>),
    ("DownloadDocumentRequest", check::<DownloadDocumentRequest>),
    ("DeferredWebhook", check::<DeferredWebhook>),
    ("Problem", check::<Problem>),
    ("Account", check::<Account>),
    ("Contract", check::<Contract>),
    ("KeySlots", check::<KeySlots>),
    ("LicenceState", check::<LicenceState>),
    ("Licence", check::<Licence>),
    ("RenewRequest", check::<RenewRequest>),
    ("KeyState", check::<KeyState>),
    ("ApiKey", check::<ApiKey>),
    ("CreateKeyRequest", check::<CreateKeyRequest>),
    ("CreatedKey", check::<CreatedKey>),
    ("LabelRequest", check::<LabelRequest>),
    ("AddonType", check::<AddonType>),
    ("CatalogueEntry", check::<CatalogueEntry>),
    ("PurchaseState", check::<PurchaseState>),
    ("Purchase", check::<Purchase>),
    ("BuyAddonRequest", check::<BuyAddonRequest>),
    ("Instance", check::<Instance>),
    ("DocumentKind", check::<DocumentKind>),
    ("Counter", check::<Counter>),
    ("CounterEvent", check::<CounterEvent>),
    ("CounterDocumentRow", check::<CounterDocumentRow>),
    ("Store", check::<Store>),
    ("DeviceKind", check::<DeviceKind>),
    ("Device", check::<Device>),
    ("MoveDeviceRequest", check::<MoveDeviceRequest>),
    ("Stats", check::<Stats>),
    ("DailyTotal", check::<DailyTotal>),
    ("PaymentTotal", check::<PaymentTotal>),
    ("VatTotal", check::<VatTotal>),
    ("ItemTotal", check::<ItemTotal>),
];

/// Every component schema of webservice.yaml, with the Rust type of the same name.
const WEBSERVICE_SCHEMAS: &[(&str, Check)] = &[
    ("Money2", check::<Money2>),
    ("WsForm", check::<WsForm>),
    ("WsResponse", check::<WsResponse>),
    ("WsDocuments", check::<WsDocuments>),
    ("WsDocument", check::<WsDocument>),
    ("WsClientData", check::<WsClientData>),
    ("WsCustomField", check::<WsCustomField>),
    ("WsEurope", check::<WsEurope>),
    ("WsDocType", check::<WsDocType>),
    ("WsDocData", check::<WsDocData>),
    ("WsItem", check::<WsItem>),
    ("WsResult", check::<WsResult>),
    ("WsError", check::<WsError>),
];

/// Every route of datacash.yaml (DataCash and the account area), with its method.
const DATACASH_ROUTES: &[(&str, &str)] = &[
    ("get", "/api/dco/pgp-key"),
    ("post", "/api/dco/infoUser/"),
    ("post", "/api/dco/sendDocument/"),
    ("post", "/api/dco/voidDocument/{idtrx}/"),
    ("post", "/api/dco/returnDocument/{idtrx}/"),
    ("post", "/api/dco/findDocuments/"),
    ("post", "/api/dco/downloadDocument/{idtrx}/"),
    ("post", "/api/dco/resetPassword/"),
    ("get", "/portal/v1/account"),
    ("post", "/portal/v1/contract/sign"),
    ("get", "/portal/v1/licences"),
    ("post", "/portal/v1/licences/{id}/renew"),
    ("get", "/portal/v1/keys"),
    ("post", "/portal/v1/keys"),
    ("post", "/portal/v1/keys/{id}/deactivate"),
    ("post", "/portal/v1/keys/{id}/label"),
    ("get", "/portal/v1/addons/catalogue"),
    ("get", "/portal/v1/addons"),
    ("post", "/portal/v1/addons"),
    ("get", "/portal/v1/counters"),
    (
        "get",
        "/portal/v1/counters/{keyId}/{instance}/documents.csv",
    ),
    (
        "get",
        "/portal/v1/counters/{keyId}/{instance}/documents.xlsx",
    ),
    ("get", "/portal/v1/events"),
    ("get", "/portal/v1/stores"),
    ("get", "/portal/v1/devices"),
    ("post", "/portal/v1/devices/{id}/store"),
    ("get", "/portal/v1/stats"),
    ("get", "/portal/v1/stats/export.csv"),
    ("get", "/portal/v1/stats/daily.csv"),
];

/// The one route of webservice.yaml.
const WEBSERVICE_ROUTES: &[(&str, &str)] = &[(
    "post",
    "/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php",
)];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A document under test with its schema table.
struct Doc {
    name: &'static str,
    json: Value,
    schemas: &'static [(&'static str, Check)],
}

fn docs() -> [Doc; 2] {
    [
        Doc {
            name: "datacash",
            json: datacash_json().unwrap(),
            schemas: DATACASH_SCHEMAS,
        },
        Doc {
            name: "webservice",
            json: webservice_json().unwrap(),
            schemas: WEBSERVICE_SCHEMAS,
        },
    ]
}

/// One example found in a document: where, the schema it claims, whether it is an array of
/// that schema, and the value.
struct Example {
    at: String,
    schema: String,
    array: bool,
    value: Value,
}

/// The schema name a `$ref` points to.
fn ref_name(reference: &Value) -> Option<&str> {
    reference.as_str()?.strip_prefix("#/components/schemas/")
}

/// Follows a `$ref` to `#/components/<kind>/<name>`, or returns the value itself.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            doc.pointer(pointer)
                .unwrap_or_else(|| panic!("dangling $ref {reference}"))
        }
        None => value,
    }
}

/// Every example of a media type or parameter whose schema is a component (or an array of one),
/// and every `examples` list of a component schema.
fn examples(doc: &Value) -> Vec<Example> {
    fn walk(doc: &Value, value: &Value, at: &str, out: &mut Vec<Example>) {
        match value {
            Value::Object(map) => {
                if let (Some(schema), true) = (
                    map.get("schema"),
                    map.contains_key("example") || map.contains_key("examples"),
                ) {
                    let (name, array) = match (schema.get("$ref"), schema.get("items")) {
                        (Some(r), _) => (ref_name(r), false),
                        (None, Some(items)) => (items.get("$ref").and_then(|r| ref_name(r)), true),
                        (None, None) => (None, false),
                    };
                    if let Some(name) = name {
                        let mut values = Vec::new();
                        if let Some(v) = map.get("example") {
                            values.push((format!("{at}/example"), v.clone()));
                        }
                        if let Some(Value::Object(named)) = map.get("examples") {
                            for (key, ex) in named {
                                let ex = resolve(doc, ex);
                                let v = ex
                                    .get("value")
                                    .unwrap_or_else(|| panic!("{at}/examples/{key} has no value"));
                                values.push((format!("{at}/examples/{key}"), v.clone()));
                            }
                        }
                        for (at, value) in values {
                            out.push(Example {
                                at,
                                schema: name.to_owned(),
                                array,
                                value,
                            });
                        }
                    }
                }
                for (key, child) in map {
                    walk(doc, child, &format!("{at}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(doc, child, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    let mut out = Vec::new();
    walk(doc, doc, "", &mut out);
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for (name, schema) in schemas {
            if let Some(Value::Array(list)) = schema.get("examples") {
                for (i, value) in list.iter().enumerate() {
                    out.push(Example {
                        at: format!("/components/schemas/{name}/examples/{i}"),
                        schema: name.clone(),
                        array: false,
                        value: value.clone(),
                    });
                }
            }
        }
    }
    out
}

/// Every `(method, path)` of a document.
fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(move |m| (m.to_string(), path.clone()))
        })
        .collect()
}

#[test]
fn documents_are_openapi_3_1() {
    for doc in docs() {
        let version = doc.json["openapi"].as_str().unwrap_or_default();
        assert!(
            version.starts_with("3.1."),
            "{}: openapi {version:?}",
            doc.name
        );
        assert!(doc.json["info"]["title"].is_string(), "{}", doc.name);
    }
}

#[test]
fn every_route_of_the_design_is_documented_with_its_method() {
    for (doc, routes) in docs().iter().zip([DATACASH_ROUTES, WEBSERVICE_ROUTES]) {
        let expected: BTreeSet<(String, String)> = routes
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        let documented = operations(&doc.json);
        let missing: Vec<_> = expected.difference(&documented).collect();
        let extra: Vec<_> = documented.difference(&expected).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:?}, not among the routes listed here {extra:?}",
            doc.name
        );
    }
}

#[test]
fn component_schemas_are_exactly_the_model_types() {
    for doc in docs() {
        let documented: BTreeSet<&str> = doc.json["components"]["schemas"]
            .as_object()
            .expect("components.schemas")
            .keys()
            .map(String::as_str)
            .collect();
        let typed: BTreeSet<&str> = doc.schemas.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            typed.len(),
            doc.schemas.len(),
            "{}: a type is listed twice",
            doc.name
        );
        let missing: Vec<_> = typed.difference(&documented).collect();
        let untyped: Vec<_> = documented.difference(&typed).collect();
        assert!(
            missing.is_empty(),
            "{}: no component schema for {missing:?}",
            doc.name
        );
        assert!(
            untyped.is_empty(),
            "{}: component schemas without a Rust type: {untyped:?}",
            doc.name
        );
    }
}

#[test]
fn every_reference_resolves() {
    fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r);
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    for doc in docs() {
        let mut found = Vec::new();
        refs(&doc.json, &mut found);
        assert!(!found.is_empty());
        for r in found {
            let pointer = r
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{}: external $ref {r}", doc.name));
            assert!(
                doc.json.pointer(pointer).is_some(),
                "{}: dangling $ref {r}",
                doc.name
            );
        }
    }
}

#[test]
fn every_example_is_its_rust_type_written_canonically() {
    for doc in docs() {
        let found = examples(&doc.json);
        let mut typed_schemas = BTreeSet::new();
        for ex in &found {
            let (_, check) = doc
                .schemas
                .iter()
                .find(|(name, _)| *name == ex.schema)
                .unwrap_or_else(|| {
                    panic!(
                        "{}{}: no Rust type for schema {}",
                        doc.name, ex.at, ex.schema
                    )
                });
            let values: Vec<&Value> = if ex.array {
                ex.value
                    .as_array()
                    .unwrap_or_else(|| panic!("{}{}: not an array", doc.name, ex.at))
                    .iter()
                    .collect()
            } else {
                vec![&ex.value]
            };
            for value in values {
                let back = check(value).unwrap_or_else(|e| {
                    panic!("{}{}: not a {}: {e}\n{value:#}", doc.name, ex.at, ex.schema)
                });
                assert_eq!(
                    &back, value,
                    "{}{}: {} writes it differently",
                    doc.name, ex.at, ex.schema
                );
            }
            typed_schemas.insert(ex.schema.clone());
        }
        // Not vacuous: the request and response bodies of every route are exemplified.
        let minimum = if doc.name == "datacash" { 40 } else { 4 };
        assert!(
            typed_schemas.len() >= minimum / 4 && found.len() >= minimum,
            "{}: only {} examples over {:?}",
            doc.name,
            found.len(),
            typed_schemas
        );
    }
}

#[test]
fn every_json_body_has_a_component_schema_and_an_example() {
    for doc in docs() {
        for (method, path) in operations(&doc.json) {
            let op = &doc.json["paths"][&path][&method];
            let mut media = Vec::new();
            if let Some(body) = op.get("requestBody") {
                media.push(("request".to_owned(), resolve(&doc.json, body)));
            }
            for (status, response) in op["responses"].as_object().expect("responses") {
                media.push((status.clone(), resolve(&doc.json, response)));
            }
            for (what, item) in media {
                let Some(Value::Object(content)) = item.get("content") else {
                    continue;
                };
                for (mime, body) in content {
                    if !(mime.contains("json") || mime.contains("form-urlencoded")) {
                        continue;
                    }
                    let schema = &body["schema"];
                    let named = schema.get("$ref").or_else(|| schema["items"].get("$ref"));
                    assert!(
                        named.is_some(),
                        "{method} {path} {what} {mime}: schema is not a component"
                    );
                    assert!(
                        body.get("example").is_some() || body.get("examples").is_some(),
                        "{method} {path} {what} {mime}: no example"
                    );
                }
            }
        }
    }
}

#[test]
fn refusals_use_each_api_envelope() {
    for doc in docs() {
        for (method, path) in operations(&doc.json) {
            let op = &doc.json["paths"][&path][&method];
            let (mime, schema) = if path.starts_with("/api/dco/") {
                ("application/json", "Envelope")
            } else if path.starts_with("/portal/v1/") {
                ("application/problem+json", "Problem")
            } else {
                // WebService: every answer is HTTP 200.
                let statuses: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
                assert_eq!(statuses, ["200"], "{method} {path}");
                continue;
            };
            let responses = op["responses"].as_object().unwrap();
            for (status, response) in responses {
                if !status.starts_with('4') && !status.starts_with('5') {
                    continue;
                }
                let content = resolve(&doc.json, response)["content"]
                    .as_object()
                    .unwrap_or_else(|| panic!("{method} {path} {status}: no content"));
                let keys: Vec<&String> = content.keys().collect();
                assert_eq!(keys, [mime], "{method} {path} {status}");
                assert_eq!(
                    ref_name(&content[mime]["schema"]["$ref"]),
                    Some(schema),
                    "{method} {path} {status}"
                );
            }
            if path.starts_with("/portal/v1/") {
                assert!(responses.contains_key("401"), "{method} {path}: no 401");
            }
        }
    }
}

#[test]
fn security_is_the_design_s() {
    let doc = datacash_json().unwrap();
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["DatacashKey"]["type"], "apiKey");
    assert_eq!(schemes["DatacashKey"]["in"], "header");
    assert_eq!(schemes["DatacashKey"]["name"], "Datacash-Key");
    assert_eq!(schemes["PortalToken"]["type"], "http");
    assert_eq!(schemes["PortalToken"]["scheme"], "bearer");
    for (method, path) in operations(&doc) {
        let security = &doc["paths"][&path][&method]["security"];
        let expected = match (method.as_str(), path.as_str()) {
            ("get", "/api/dco/pgp-key") => serde_json::json!([]),
            ("post", p) if p.starts_with("/api/dco/") => {
                assert!(p.ends_with('/'), "{p}: DataCash paths end with a slash");
                serde_json::json!([{"DatacashKey": []}])
            }
            (_, p) if p.starts_with("/portal/v1/") => serde_json::json!([{"PortalToken": []}]),
            _ => panic!("{method} {path}: which API?"),
        };
        assert_eq!(security, &expected, "{method} {path}");
    }
}

/// The template as a regex: literal text, each `{name}` any non-empty text.
fn template_regex(template: &str) -> Regex {
    let placeholder = Regex::new(r"\\\{[a-z_]+\\\}").unwrap();
    let escaped = regex::escape(template);
    Regex::new(&format!(
        "^(?s){}$",
        placeholder.replace_all(&escaped, ".+")
    ))
    .unwrap()
}

fn catalogue_entry(api: Api, code: &str) -> &'static ErrorSpec {
    CATALOGUE
        .iter()
        .find(|s| s.api == api && s.code == code)
        .unwrap_or_else(|| panic!("no {api:?} error with code {code}"))
}

#[test]
fn error_examples_are_catalogue_messages() {
    let mut checked = 0;
    for doc in docs() {
        for ex in examples(&doc.json) {
            match ex.schema.as_str() {
                "Envelope" | "InfoUser" => {
                    let envelope: Envelope = serde_json::from_value(ex.value.clone()).unwrap();
                    assert_eq!(
                        envelope.esito,
                        envelope.errori.is_empty(),
                        "{}: esito and errori disagree",
                        ex.at
                    );
                    for e in &envelope.errori {
                        let spec = catalogue_entry(Api::DataCash, &e.codice);
                        assert!(
                            template_regex(spec.template).is_match(&e.descrizione),
                            "{}: {:?} is not the message of {:?}",
                            ex.at,
                            e.descrizione,
                            spec.id
                        );
                        assert!(
                            envelope.idtrx.is_none() && envelope.progressivo.is_none(),
                            "{}",
                            ex.at
                        );
                        checked += 1;
                    }
                }
                "Problem" => {
                    let problem: Problem = serde_json::from_value(ex.value.clone()).unwrap();
                    let spec = catalogue_entry(Api::Portal, &problem.code);
                    let expected = Problem::from_catalogue(&spec.id.with(&[]));
                    assert_eq!(
                        (problem.status, &problem.title, &problem.problem_type),
                        (expected.status, &expected.title, &expected.problem_type),
                        "{}",
                        ex.at
                    );
                    assert!(
                        template_regex(spec.template).is_match(&problem.detail),
                        "{}: {:?} is not the message of {:?}",
                        ex.at,
                        problem.detail,
                        spec.id
                    );
                    checked += 1;
                }
                "WsResponse" | "WsError" if ex.value.get("result").is_some() => {
                    let error: WsError = serde_json::from_value(ex.value.clone()).unwrap();
                    let matched = CATALOGUE
                        .iter()
                        .filter(|s| s.api == Api::WebService)
                        .any(|s| template_regex(s.template).is_match(&error.message));
                    assert!(
                        matched,
                        "{}: {:?} is no WebService message",
                        ex.at, error.message
                    );
                    checked += 1;
                }
                _ => {}
            }
        }
    }
    assert!(checked >= 40, "only {checked} error examples");
}

#[test]
fn error_examples_sit_under_their_status() {
    let mut checked = 0;
    for doc in docs() {
        for (method, path) in operations(&doc.json) {
            let responses = doc.json["paths"][&path][&method]["responses"]
                .as_object()
                .unwrap();
            for (status, response) in responses {
                let Ok(status) = status.parse::<u16>() else {
                    continue;
                };
                if status < 400 {
                    continue;
                }
                let content = resolve(&doc.json, response)["content"].as_object().unwrap();
                for body in content.values() {
                    let named = body["examples"]
                        .as_object()
                        .unwrap_or_else(|| panic!("{method} {path} {status}: no examples"));
                    assert!(!named.is_empty(), "{method} {path} {status}: no examples");
                    for (name, example) in named {
                        let value = &resolve(&doc.json, example)["value"];
                        let statuses: Vec<u16> = if let Some(errori) = value.get("errori") {
                            let errori: Vec<DcError> =
                                serde_json::from_value(errori.clone()).unwrap();
                            errori
                                .iter()
                                .map(|e| catalogue_entry(Api::DataCash, &e.codice).status)
                                .collect()
                        } else {
                            let problem: Problem = serde_json::from_value(value.clone()).unwrap();
                            vec![
                                catalogue_entry(Api::Portal, &problem.code).status,
                                problem.status,
                            ]
                        };
                        assert!(
                            !statuses.is_empty(),
                            "{method} {path} {status} {name}: no error"
                        );
                        for s in statuses {
                            assert_eq!(
                                s, status,
                                "{method} {path}: example {name} is answered with {s}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(
        checked >= 100,
        "only {checked} error examples under operations"
    );
}

#[test]
fn template_regex_matches_only_its_message() {
    let cases = [
        (
            "Documento {idtrx} inesistente.",
            "Documento 42 inesistente.",
            true,
        ),
        // A placeholder stands for some text, never for nothing.
        (
            "Documento {idtrx} inesistente.",
            "Documento  inesistente.",
            false,
        ),
        (
            "Documento {idtrx} inesistente.",
            "Documento inesistente.",
            false,
        ),
        (
            "Campo (obbligatorio): {field}.",
            "Campo (obbligatorio): a.b.",
            true,
        ),
        (
            "Campo (obbligatorio): {field}.",
            "Campo obbligatorio: a.b.",
            false,
        ),
        ("Plain.", "Plain.", true),
        ("Plain.", "Plain. And more.", false),
    ];
    for (template, message, expected) in cases {
        assert_eq!(
            template_regex(template).is_match(message),
            expected,
            "{template} / {message}"
        );
    }
}

#[test]
fn streams_and_exports_carry_the_model() {
    let doc = datacash_json().unwrap();
    let content = |path: &str, mime: &str| {
        doc["paths"][path]["get"]["responses"]["200"]["content"][mime].clone()
    };

    let sse = content("/portal/v1/events", "text/event-stream");
    let stream = sse["example"].as_str().expect("an SSE example");
    let mut events = 0;
    for block in stream.split("\n\n").filter(|b| !b.trim().is_empty()) {
        let mut lines = block.lines();
        assert_eq!(
            lines.next(),
            Some(format!("event: {}", CounterEvent::SSE_EVENT).as_str())
        );
        let data = lines
            .next()
            .and_then(|l| l.strip_prefix("data: "))
            .expect("a data line");
        let value: Value = serde_json::from_str(data).unwrap();
        assert_eq!(check::<CounterEvent>(&value).unwrap(), value);
        events += 1;
    }
    assert!(events > 0);

    let csv = content(
        "/portal/v1/counters/{keyId}/{instance}/documents.csv",
        "text/csv",
    );
    let header = csv["example"]
        .as_str()
        .and_then(|t| t.lines().next())
        .expect("a CSV example");
    assert_eq!(header, CounterDocumentRow::COLUMNS.join(","));
    let daily = content("/portal/v1/stats/daily.csv", "text/csv");
    let header = daily["example"]
        .as_str()
        .and_then(|t| t.lines().next())
        .expect("a CSV example");
    assert_eq!(header, "date,total,sales,voids,returns");

    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    assert!(
        content(
            "/portal/v1/counters/{keyId}/{instance}/documents.xlsx",
            xlsx
        )
        .is_object()
    );
    let pdf = &doc["paths"]["/api/dco/downloadDocument/{idtrx}/"]["post"]["responses"]["200"]["content"]
        ["application/pdf"];
    assert!(pdf.is_object());
    let key = content("/api/dco/pgp-key", "application/pgp-keys");
    assert!(
        key["example"]
            .as_str()
            .unwrap_or_default()
            .starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----")
    );
}

#[test]
fn webservice_answers_are_one_of_documents_or_error() {
    let doc = webservice_json().unwrap();
    let one_of = doc["components"]["schemas"]["WsResponse"]["oneOf"]
        .as_array()
        .expect("oneOf");
    let names: Vec<_> = one_of.iter().filter_map(|s| ref_name(&s["$ref"])).collect();
    assert_eq!(names, ["WsDocuments", "WsError"]);
    let op = &doc["paths"][WEBSERVICE_ROUTES[0].1]["post"];
    assert!(op["requestBody"]["content"]["application/x-www-form-urlencoded"].is_object());
    let documents = &doc["components"]["schemas"]["WsDocuments"];
    assert_eq!(
        ref_name(&documents["additionalProperties"]["$ref"]),
        Some("WsDocument")
    );
    // The example map keeps ascending IDs through the Rust type.
    let example =
        &op["responses"]["200"]["content"]["application/json"]["examples"]["documents"]["value"];
    let typed: WsDocuments = serde_json::from_value(example.clone()).unwrap();
    let ids: Vec<u64> = typed.0.keys().map(|k| k.parse().unwrap()).collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]) && !ids.is_empty(),
        "{ids:?}"
    );
}
