//! The server skeleton through HTTP: the harness's auth, clock and reset, and persistence.

use dckit_mock::{Config, MockServer};
use serde_json::{Value, json};

async fn post(server: &MockServer, path: &str, token: &str, body: Value) -> (u16, Value, String) {
    let resp = reqwest::Client::new()
        .post(format!("{}{path}", server.base_url()))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let ctype = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, resp.json().await.unwrap_or(Value::Null), ctype)
}

#[tokio::test]
async fn the_clock_can_be_frozen_advanced_and_unfrozen() {
    let server = MockServer::start(Config::ephemeral()).await.unwrap();
    let admin = server.admin_token().to_owned();
    let cases = [
        (
            json!({"freeze": "2019-06-15T12:00:00+02:00"}),
            200,
            Some("2019-06-15"),
        ),
        (json!({"advance": "1d"}), 200, Some("2019-06-16")),
        (json!({"advance": "-2d"}), 200, Some("2019-06-14")),
        (json!({"freeze": "not a time"}), 422, None),
        (json!({"advance": "3 weeks"}), 422, None),
        (json!({}), 400, None),
        (
            json!({"freeze": "2019-06-15T12:00:00Z", "unfreeze": true}),
            400,
            None,
        ),
        (json!({"bogus": 1}), 400, None),
    ];
    for (body, status, today) in cases {
        let (s, v, ctype) = post(&server, "/__admin/clock", &admin, body.clone()).await;
        assert_eq!(s, status, "{body}: {v}");
        match today {
            Some(day) => assert_eq!(v["today"], day, "{body}"),
            None => {
                assert_eq!(ctype, "application/problem+json", "{body}");
                assert!(v["detail"].as_str().unwrap().len() > 10, "{body}: {v}");
            }
        }
    }
    let (s, v, _) = post(&server, "/__admin/clock", &admin, json!({"unfreeze": true})).await;
    assert_eq!(s, 200);
    assert_eq!(v["frozen"], false);
}

#[tokio::test]
async fn the_harness_refuses_a_missing_or_wrong_token() {
    let server = MockServer::start(Config::ephemeral()).await.unwrap();
    for token in ["", "adm_wrong", server.portal_token()] {
        let (s, v, ctype) = post(&server, "/__admin/reset", token, json!({})).await;
        assert_eq!(s, 401);
        assert_eq!(ctype, "application/problem+json");
        assert_eq!(v["code"], "admin-unauthorized");
        assert!(!v.to_string().contains(server.admin_token()));
    }
}

#[tokio::test]
async fn reset_reports_the_seed_and_unknown_admin_paths_are_problems() {
    let server = MockServer::start(Config::ephemeral().with_seed(7))
        .await
        .unwrap();
    let admin = server.admin_token().to_owned();
    let (s, v, _) = post(&server, "/__admin/reset", &admin, json!({})).await;
    assert_eq!((s, v["seed"].as_u64()), (200, Some(7)));
    let (s, v, _) = post(&server, "/__admin/reset", &admin, json!({"seed": 9})).await;
    assert_eq!((s, v["seed"].as_u64()), (200, Some(9)));
    assert_eq!(server.state().seed(), 9);
    let (s, v, _) = post(&server, "/__admin/nothing", &admin, json!({})).await;
    assert_eq!(s, 404);
    assert!(v["detail"].as_str().unwrap().contains("/__admin/nothing"));
}

#[tokio::test]
async fn tokens_survive_a_restart_on_the_same_data_dir() {
    let dir = std::env::temp_dir().join(format!(
        "dckit-harness-{}-{}",
        std::process::id(),
        dckit_mock::secrets::generate("", 6)
    ));
    let first = MockServer::start(Config::ephemeral().with_data_dir(&dir))
        .await
        .unwrap();
    let tokens = (
        first.webservice_token(),
        first.portal_token().to_owned(),
        first.admin_token().to_owned(),
    );
    first.shutdown().await;
    let second = MockServer::start(Config::ephemeral().with_data_dir(&dir))
        .await
        .unwrap();
    assert_eq!(
        tokens,
        (
            second.webservice_token(),
            second.portal_token().to_owned(),
            second.admin_token().to_owned()
        )
    );
    let other = MockServer::start(Config::ephemeral()).await.unwrap();
    assert_ne!(other.webservice_token(), tokens.0);
}
