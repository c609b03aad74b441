//! Behaviour of the store: group commit, isolation of failing jobs, persistence.

use super::*;

#[derive(Debug)]
enum TestError {
    Db(#[expect(dead_code, reason = "shown through Debug when a test fails")] DbError),
    Refused,
}

impl From<DbError> for TestError {
    fn from(e: DbError) -> Self {
        TestError::Db(e)
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dckit-store-{name}-{}-{}",
        std::process::id(),
        crate::secrets::generate("", 8)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn counter_table(store: &Db) {
    store
        .write(|c| {
            c.execute_batch(
                "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
                 INSERT OR IGNORE INTO t (id, n) VALUES (1, 0);",
            )
            .map_err(DbError::from)
        })
        .await
        .unwrap();
}

async fn count(store: &Db) -> i64 {
    store
        .read(|c| {
            c.query_row("SELECT n FROM t WHERE id = 1", [], |r| r.get(0))
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

async fn increment(store: &Db) -> Result<i64, TestError> {
    store
        .write(|c| {
            c.execute("UPDATE t SET n = n + 1 WHERE id = 1", [])
                .map_err(DbError::from)?;
            Ok(
                c.query_row("SELECT n FROM t WHERE id = 1", [], |r| r.get(0))
                    .map_err(DbError::from)?,
            )
        })
        .await
}

fn locations() -> Vec<Location> {
    vec![
        Location::Memory,
        Location::File(temp_dir("loc").join(DATABASE_FILE)),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_are_never_lost_and_never_share_a_value() {
    for location in locations() {
        let store = Db::open(&location).unwrap();
        counter_table(&store).await;
        let tasks: Vec<_> = (0..500)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move { increment(&store).await.unwrap() })
            })
            .collect();
        let mut seen = Vec::new();
        for t in tasks {
            seen.push(t.await.unwrap());
        }
        seen.sort_unstable();
        assert_eq!(seen, (1..=500).collect::<Vec<_>>(), "{location:?}");
        assert_eq!(count(&store).await, 500, "{location:?}");
    }
}

#[tokio::test]
async fn a_failing_job_rolls_back_only_itself() {
    for location in locations() {
        let store = Db::open(&location).unwrap();
        counter_table(&store).await;
        let ok1 = increment(&store);
        let bad = store.write(|c| {
            c.execute("UPDATE t SET n = n + 100 WHERE id = 1", [])
                .map_err(DbError::from)?;
            Err::<(), _>(TestError::Refused)
        });
        let ok2 = increment(&store);
        let (a, b, c) = tokio::join!(ok1, bad, ok2);
        assert!(a.is_ok() && c.is_ok());
        assert!(matches!(b, Err(TestError::Refused)));
        assert_eq!(count(&store).await, 2, "{location:?}");
    }
}

#[tokio::test]
async fn a_panicking_job_is_an_error_and_the_store_goes_on() {
    let store = Db::open(&Location::Memory).unwrap();
    counter_table(&store).await;
    let r = store
        .write(|c| -> Result<(), DbError> {
            c.execute("UPDATE t SET n = 99 WHERE id = 1", [])?;
            panic!("boom")
        })
        .await;
    assert!(matches!(r, Err(DbError::Panicked(m)) if m == "boom"));
    assert_eq!(increment(&store).await.unwrap(), 1);
}

#[tokio::test]
async fn data_and_settings_survive_a_reopen() {
    let dir = temp_dir("reopen");
    {
        let store = Db::open_dir(&dir).unwrap();
        counter_table(&store).await;
        increment(&store).await.unwrap();
        store
            .settings()
            .set("webservice_token", "tok".into())
            .await
            .unwrap();
    }
    // Dropping the last handle waited for the writer thread to commit and close the file.
    let store = Db::open_dir(&dir).unwrap();
    assert_eq!(count(&store).await, 1);
    let s = store.settings();
    assert_eq!(
        s.get("webservice_token").await.unwrap().as_deref(),
        Some("tok")
    );
    assert_eq!(
        s.get_or_init("webservice_token", || "new".into())
            .await
            .unwrap(),
        "tok"
    );
    assert_eq!(
        s.get_or_init("other", || "new".into()).await.unwrap(),
        "new"
    );
}

#[tokio::test]
async fn a_newer_schema_is_refused_with_advice() {
    let dir = temp_dir("newer");
    let path = dir.join(DATABASE_FILE);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
            .unwrap();
    }
    let err = Db::open(&Location::File(path)).err().unwrap();
    assert!(err.to_string().contains("newer than this build"), "{err}");
}

#[tokio::test]
async fn reads_see_a_consistent_snapshot() {
    let store = Db::open(&Location::File(temp_dir("snap").join(DATABASE_FILE))).unwrap();
    counter_table(&store).await;
    let rows: (i64, i64) = store
        .read(|c| {
            let a: i64 = c.query_row("SELECT n FROM t", [], |r| r.get(0))?;
            let b: i64 = c.query_row("SELECT count(*) FROM t", [], |r| r.get(0))?;
            Ok::<_, DbError>((a, b))
        })
        .await
        .unwrap();
    assert_eq!(rows, (0, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_writes_are_committed_before_a_flush_returns_and_before_a_drop_ends() {
    use futures::FutureExt;
    const QUEUED: i64 = 300;
    /// Queues `n` increments whose callers have gone away (the futures are dropped after
    /// their first poll, which queues the job). The writer thread may finish one before that
    /// poll returns; the counts below hold either way.
    fn queue(store: &Db, n: i64) {
        for _ in 0..n {
            let _ = increment(store).now_or_never();
        }
    }
    for location in locations() {
        let store = Db::open(&location).unwrap();
        counter_table(&store).await;
        queue(&store, QUEUED);
        store.flush().await.unwrap();
        assert_eq!(
            count(&store).await,
            QUEUED,
            "{location:?}: flush returned early"
        );
        let Location::File(path) = location else {
            continue;
        };
        queue(&store, QUEUED);
        drop(store);
        let store = Db::open(&Location::File(path)).unwrap();
        assert_eq!(
            count(&store).await,
            2 * QUEUED,
            "a dropped store lost writes"
        );
    }
}
