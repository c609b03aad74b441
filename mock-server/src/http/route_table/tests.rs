//! The route table against the OpenAPI documents, and against a live server.

use super::*;
use crate::{Config, JournalFilter, MockServer};
use dckit_contracts::openapi;
use serde_json::Value;
use std::collections::BTreeSet;

/// The methods an OpenAPI path item may hold.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `(METHOD, shape of the path)` of every operation of an OpenAPI document.
fn documented(document: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let paths = document["paths"]
        .as_object()
        .expect("the document has paths");
    for (path, item) in paths {
        for method in METHODS {
            if item.get(*method).is_some() {
                out.insert((method.to_ascii_uppercase(), shape(path)));
            }
        }
    }
    out
}

/// `(METHOD, shape of the path)` of every route of the table in `document`.
fn tabled(document: Document) -> BTreeSet<(String, String)> {
    ROUTES
        .iter()
        .filter(|r| r.document == document)
        .map(|r| (r.method.to_string(), shape(r.path)))
        .collect()
}

fn show(routes: &BTreeSet<(String, String)>) -> String {
    routes
        .iter()
        .map(|(method, path)| format!("  {method} {path}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_table_holds_exactly_the_operations_of_the_openapi_documents() {
    let cases = [
        (Document::DataCash, openapi::datacash_json().unwrap()),
        (Document::WebService, openapi::webservice_json().unwrap()),
    ];
    let mut problems = Vec::new();
    for (method, path, _) in UNDOCUMENTED {
        let route = (method.to_string(), shape(path));
        if cases
            .iter()
            .any(|(_, json)| documented(json).contains(&route))
        {
            problems.push(format!(
                "{method} {path} is documented now: move it from routes::UNDOCUMENTED to ROUTES"
            ));
        }
    }
    for (document, json) in cases {
        let in_document = documented(&json);
        let in_table = tabled(document);
        let missing: BTreeSet<_> = in_table.difference(&in_document).cloned().collect();
        let extra: BTreeSet<_> = in_document.difference(&in_table).cloned().collect();
        if !missing.is_empty() {
            problems.push(format!(
                "served (routes::ROUTES) but not in the {document:?} OpenAPI document:\n{}",
                show(&missing)
            ));
        }
        if !extra.is_empty() {
            problems.push(format!(
                "in the {document:?} OpenAPI document but not in routes::ROUTES:\n{}",
                show(&extra)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn shapes_ignore_parameter_names() {
    assert_eq!(
        shape("/portal/v1/counters/{key_id}/{instance}/documents.csv"),
        shape("/portal/v1/counters/{keyId}/{instance}/documents.csv")
    );
    assert_eq!(shape("/a/{x}/b"), "/a/{}/b");
    assert_ne!(shape("/a/{x}/b"), shape("/a/{x}/c"));
}

/// `path` with sample values for its parameters.
fn concrete(path: &str) -> String {
    path.replace("{idtrx}", "1000000001")
        .replace("{keyId}", "1")
        .replace("{instance}", "dco")
        .replace("{id}", "1")
}

/// Sends one request of `method` to `path` with every credential an API may want, and
/// returns the route the journal says answered it.
async fn probe(server: &MockServer, method: &Method, path: &str) -> Option<String> {
    let since = server
        .journal(&JournalFilter::default().limit(1))
        .last()
        .map_or(0, |e| e.id);
    let url = format!("{}{path}", server.base_url());
    let mut request = reqwest::Client::new()
        .request(method.clone(), &url)
        .header("Datacash-Key", server.datacash_key())
        .bearer_auth(server.portal_token());
    if *method == Method::POST {
        request = if path == WEBSERVICE_PATH {
            request.form(&[
                ("token", server.webservice_token().as_str()),
                ("ws", "einvoice"),
            ])
        } else {
            request.json(&serde_json::json!({}))
        };
    }
    // The answer does not matter (an event stream never ends): only its route does.
    drop(request.send().await.expect("the server answers"));
    let entries = server.journal(&JournalFilter::default().since(since));
    assert_eq!(entries.len(), 1, "{method} {path}: {entries:?}");
    entries[0].route.clone()
}

#[tokio::test]
async fn a_handler_answers_every_route_of_the_table() {
    let server = MockServer::start(Config::ephemeral()).await.unwrap();
    let mut unserved = Vec::new();
    let mut wrong = Vec::new();
    let undocumented = UNDOCUMENTED
        .iter()
        .map(|(method, path, _)| (method.clone(), *path));
    let all = ROUTES
        .iter()
        .map(|r| (r.method.clone(), r.path))
        .chain(undocumented);
    for (method, path) in all {
        match probe(&server, &method, &concrete(path)).await {
            None => unserved.push(format!("  {method} {path}")),
            Some(route) if shape(&route) != shape(path) => {
                wrong.push(format!("  {method} {path} was answered by {route}"));
            }
            Some(_) => {}
        }
    }
    let mut problems = Vec::new();
    if !unserved.is_empty() {
        problems.push(format!(
            "no handler answers these routes (the fallback's 404 did); routes under \
             /portal/v1 may simply not be written yet:\n{}",
            unserved.join("\n")
        ));
    }
    if !wrong.is_empty() {
        problems.push(format!("answered by another route:\n{}", wrong.join("\n")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn the_documents_are_served_as_json() {
    let server = MockServer::start(Config::ephemeral()).await.unwrap();
    let cases = [
        ("/openapi/datacash.json", openapi::datacash_json().unwrap()),
        (
            "/openapi/webservice.json",
            openapi::webservice_json().unwrap(),
        ),
    ];
    for (path, expected) in cases {
        let response = reqwest::get(format!("{}{path}", server.base_url()))
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{path}"
        );
        let served: Value = response.json().await.unwrap();
        assert_eq!(served, expected, "{path}");
    }
    let index: Value = reqwest::get(format!("{}/", server.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(index["routes"].as_array().unwrap().len(), ROUTES.len());
    assert_eq!(index["health"], "/__health");
}
