//! Many clients at once: 5,000 documents from 64 concurrent clients across the account's 3
//! active keys. Every document must be acknowledged once, with an `idtrx` no other document
//! has and a `progressivo` no other document of its key has; afterwards every view of the
//! counts (`GET /portal/v1/counters`, `infoUser`, `findDocuments`, the counter export) must
//! agree with what was acknowledged. Run on a file store (WAL, `synchronous=FULL`, group
//! commit) and on the ephemeral store.

mod support;

use dckit_contracts::fiscal::PartitaIva;
use dckit_contracts::model::portal::{ApiKey, Counter, CreatedKey, Instance, mask_key};
use dckit_mock::{Config, MockServer};
use std::collections::{BTreeMap, HashMap, HashSet};
use support::{Acked, BearerClient, DcoClient, PORTAL_CLOCK, TempDir, amount};

/// Documents sent in all.
const DOCUMENTS: usize = 5000;

/// Clients sending at once, each on its own connection pool.
const CLIENTS: usize = 64;

/// One of the three keys: its id in the account area, and a client of `/api/dco` with it.
struct Key {
    id: String,
    client: DcoClient,
}

/// The account's three active keys: the demo key, the other seeded active key, and a third
/// created through `POST /portal/v1/keys` for a partita IVA of its own (the seed leaves
/// exactly one free slot). Each gets credentials with its own partita IVA.
async fn three_keys(server: &MockServer, portal: &BearerClient) -> Vec<Key> {
    let listed: Vec<ApiKey> = portal.get_json("/portal/v1/keys").await;
    let taken: HashSet<&str> = listed.iter().map(|k| k.partita_iva.as_str()).collect();
    let third_piva = (1..100)
        .map(|n| PartitaIva::with_check_digit(&format!("07{n:08}")).unwrap())
        .find(|p| !taken.contains(p.as_str()))
        .unwrap();
    let (status, body) = portal
        .post(
            "/portal/v1/keys",
            serde_json::json!({"partitaIva": third_piva.as_str(), "label": "Cassa 3"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let created: CreatedKey = serde_json::from_value(body).unwrap();
    let [other, _deactivated] = server.other_datacash_keys();
    let seeded = |clear: &str| -> ApiKey {
        let masked = mask_key(clear);
        listed
            .iter()
            .find(|k| k.masked_key == masked)
            .unwrap_or_else(|| panic!("no listed key masks as {masked}"))
            .clone()
    };
    let keys = [
        (
            seeded(server.datacash_key()),
            server.datacash_key().to_owned(),
        ),
        (seeded(&other), other.clone()),
        (created.api_key.clone(), created.key.clone()),
    ];
    let pivas: HashSet<&str> = keys.iter().map(|(k, _)| k.partita_iva.as_str()).collect();
    assert_eq!(pivas.len(), 3, "each key has its own partita IVA");
    keys.into_iter()
        .map(|(listed, clear)| {
            let credentials = server
                .credentials_for(&support::credentials(&listed.partita_iva))
                .unwrap();
            Key {
                id: listed.id,
                client: DcoClient::new(server.base_url(), &clear, &credentials),
            }
        })
        .collect()
}

/// `(total, today)` of every key's `/api/dco` counter.
async fn counters(portal: &BearerClient) -> HashMap<String, (u64, u64)> {
    let all: Vec<Counter> = portal.get_json("/portal/v1/counters").await;
    all.into_iter()
        .filter(|c| c.instance == Instance::Dco)
        .map(|c| (c.key_id, (c.total, c.today)))
        .collect()
}

/// Sends [`DOCUMENTS`] documents from [`CLIENTS`] clients; document `n` goes with key
/// `n % 3` and has a total of `100 + n` cents. Returns what each key got
/// acknowledged. Every send must be acknowledged.
async fn send_all(keys: &[Key]) -> Vec<Vec<Acked>> {
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|c| {
            // Each client has its own connections (a fresh reqwest client per key).
            let clients: Vec<DcoClient> = keys
                .iter()
                .map(|k| DcoClient::new(&k.client.base, &k.client.key, &k.client.credentials))
                .collect();
            tokio::spawn(async move {
                let mut acked = Vec::new();
                for n in (c..DOCUMENTS).step_by(CLIENTS) {
                    let key = n % clients.len();
                    let cents = 100 + i64::try_from(n).unwrap();
                    let doc = clients[key]
                        .send(cents)
                        .await
                        .unwrap_or_else(|| panic!("document {n} failed in transport"));
                    acked.push((key, doc));
                }
                acked
            })
        })
        .collect();
    let mut by_key: Vec<Vec<Acked>> = keys.iter().map(|_| Vec::new()).collect();
    for task in tasks {
        for (key, doc) in task.await.unwrap() {
            by_key[key].push(doc);
        }
    }
    by_key
}

/// Runs the test on a server started from `config`; `dir` is its data directory, if any, whose
/// file is checked after the shutdown.
async fn run(config: Config, dir: Option<&std::path::Path>) {
    let server = support::start(config).await;
    let portal = BearerClient::portal(&server);
    let keys = three_keys(&server, &portal).await;
    let today = server.clock().today();
    let counters_before = counters(&portal).await;
    let mut found_before = Vec::new();
    for key in &keys {
        let (total, on_day) = counters_before[&key.id];
        assert_eq!(key.client.counts().await, (total, on_day), "{}", key.id);
        found_before.push(key.client.find(today).await.len());
    }

    let acked = send_all(&keys).await;
    assert_eq!(acked.iter().map(Vec::len).sum::<usize>(), DOCUMENTS);

    // No idtrx twice anywhere, no progressivo twice within a key.
    let mut ids = HashSet::new();
    for (key, docs) in keys.iter().zip(&acked) {
        let mut numbers = HashSet::new();
        for doc in docs {
            assert!(ids.insert(doc.idtrx.clone()), "idtrx {} twice", doc.idtrx);
            assert!(
                numbers.insert(doc.progressivo.clone()),
                "{}: progressivo {} twice",
                key.id,
                doc.progressivo
            );
        }
    }

    let counters_after = counters(&portal).await;
    for ((key, docs), found_before) in keys.iter().zip(&acked).zip(found_before) {
        let sent = u64::try_from(docs.len()).unwrap();
        let (total, on_day) = counters_before[&key.id];
        let expected = (total + sent, on_day + sent);
        assert_eq!(counters_after[&key.id], expected, "{}: counters", key.id);
        assert_eq!(key.client.counts().await, expected, "{}: infoUser", key.id);

        // findDocuments lists each acknowledged document once, as acknowledged.
        let found = key.client.find(today).await;
        assert_eq!(found.len(), found_before + docs.len(), "{}: found", key.id);
        let found: BTreeMap<&str, _> = found.iter().map(|d| (d.idtrx.as_str(), d)).collect();
        for doc in docs {
            let listed = found
                .get(doc.idtrx.as_str())
                .unwrap_or_else(|| panic!("{}: {} not found", key.id, doc.idtrx));
            assert_eq!(listed.numero_progressivo, doc.progressivo);
            assert_eq!(listed.ammontare_complessivo.0, amount(doc.cents));
        }

        // The counter's export holds exactly as many documents as the counter says.
        let rows = portal.export(&key.id).await;
        assert_eq!(
            u64::try_from(rows.len()).unwrap(),
            total + sent,
            "{}: export",
            key.id
        );
        let exported: HashMap<&str, &str> = rows
            .iter()
            .map(|r| (r.idtrx.as_str(), r.progressivo.as_str()))
            .collect();
        assert_eq!(
            exported.len(),
            rows.len(),
            "{}: an idtrx exported twice",
            key.id
        );
        for doc in docs {
            assert_eq!(
                exported.get(doc.idtrx.as_str()),
                Some(&doc.progressivo.as_str()),
                "{}: {} in the export",
                key.id,
                doc.idtrx
            );
        }
    }
    server.shutdown().await;
    if let Some(dir) = dir {
        support::check_database(dir, &acked.concat());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_thousand_documents_from_64_clients_on_a_file_store() {
    let dir = TempDir::new("concurrency-file");
    let config = Config::ephemeral()
        .with_clock(support::at(PORTAL_CLOCK))
        .with_data_dir(dir.path());
    run(config, Some(dir.path())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_thousand_documents_from_64_clients_in_memory() {
    run(
        Config::ephemeral().with_clock(support::at(PORTAL_CLOCK)),
        None,
    )
    .await;
}
