//! The writer thread: owns the read-write connection and commits jobs in batches.

use super::DbError;
use rusqlite::{Connection, TransactionBehavior};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::thread::JoinHandle;
use tokio::sync::oneshot;

/// How many queued jobs at most share one commit.
const MAX_BATCH: usize = 256;

/// What a job hands back after running: a function that delivers its result once the
/// batch's commit outcome is known (`None` = committed).
type Completion = Box<dyn FnOnce(Option<&str>) + Send>;

/// A unit of work for the writer thread.
trait Task: Send {
    /// Runs inside the batch transaction and returns how to deliver the result.
    fn run(self: Box<Self>, conn: &Connection) -> Completion;
    /// Reports that the batch could not even start.
    fn fail(self: Box<Self>, msg: &str);
}

/// A job with the channel its result goes back on.
struct Job<F, T, E> {
    work: F,
    reply: oneshot::Sender<Result<T, E>>,
    /// Writes run in a savepoint of their own; reads do not need one.
    savepoint: bool,
}

impl<F, T, E> Task for Job<F, T, E>
where
    F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<DbError> + Send + 'static,
{
    fn run(self: Box<Self>, conn: &Connection) -> Completion {
        let Job {
            work,
            reply,
            savepoint,
        } = *self;
        let outcome = if savepoint {
            in_savepoint(conn, work)
        } else {
            guarded(|| work(conn))
        };
        deliver(reply, outcome)
    }

    fn fail(self: Box<Self>, msg: &str) {
        let _ = self.reply.send(Err(DbError::Commit(msg.to_owned()).into()));
    }
}

/// The sending side of the writer thread.
pub(super) struct Writer {
    /// `None` only while dropping.
    jobs: Option<mpsc::Sender<Box<dyn Task>>>,
    /// The thread, joined on drop.
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Starts the writer thread on `conn`. Dropping the `Writer` lets the thread commit every
    /// job already queued, then waits for it to end.
    pub(super) fn spawn(conn: Connection) -> Result<Writer, DbError> {
        let (jobs, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("dckit-store-writer".into())
            .spawn(move || run(conn, rx))
            .map_err(|e| DbError::Commit(format!("cannot start the writer thread: {e}")))?;
        Ok(Writer {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Resolves once every job queued before it is committed (or has failed).
    pub(super) async fn flush(&self) -> Result<(), DbError> {
        self.submit(|_: &Connection| Ok::<(), DbError>(()), false)
            .await
    }

    /// Queues a write job and waits for its committed result.
    pub(super) async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.submit(work, true).await
    }

    /// Queues a read job (for stores without a reader pool).
    pub(super) async fn read<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.submit(work, false).await
    }

    async fn submit<T, E, F>(&self, work: F, savepoint: bool) -> Result<T, E>
    where
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let (reply, rx) = oneshot::channel();
        let job: Box<dyn Task> = Box::new(Job {
            work,
            reply,
            savepoint,
        });
        match &self.jobs {
            Some(jobs) if jobs.send(job).is_ok() => {}
            _ => return Err(DbError::Closed.into()),
        }
        rx.await.unwrap_or_else(|_| Err(DbError::Closed.into()))
    }
}

impl Drop for Writer {
    /// Closes the queue and waits for the thread to commit what was queued: a write accepted
    /// by the store is never dropped with it. (When the last handle goes away on the writer
    /// thread itself, inside a job, the thread is left to finish on its own.)
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take()
            && thread.thread().id() != std::thread::current().id()
            && thread.join().is_err()
        {
            tracing::error!("the store's writer thread panicked");
        }
    }
}

/// Wraps a job's outcome into the completion that sends it once the commit is known.
fn deliver<T, E>(tx: oneshot::Sender<Result<T, E>>, outcome: Result<T, E>) -> Completion
where
    T: Send + 'static,
    E: From<DbError> + Send + 'static,
{
    Box::new(move |commit_error: Option<&str>| {
        let result = match (commit_error, outcome) {
            (Some(msg), Ok(_)) => Err(DbError::Commit(msg.to_owned()).into()),
            (_, outcome) => outcome,
        };
        // The requester may have gone away (e.g. a dropped connection): nothing to do.
        let _ = tx.send(result);
    })
}

/// Runs `job` in a savepoint, rolling back its changes if it fails or panics.
fn in_savepoint<T, E, F>(conn: &Connection, job: F) -> Result<T, E>
where
    F: FnOnce(&Connection) -> Result<T, E>,
    E: From<DbError>,
{
    conn.execute_batch("SAVEPOINT job")
        .map_err(|e| E::from(DbError::from(e)))?;
    let outcome = guarded(|| job(conn));
    let end = if outcome.is_ok() {
        "RELEASE job"
    } else {
        "ROLLBACK TO job; RELEASE job"
    };
    match conn.execute_batch(end) {
        Ok(()) => outcome,
        Err(e) => Err(DbError::from(e).into()),
    }
}

/// Runs `f`, turning a panic into an error.
fn guarded<T, E, F>(f: F) -> Result<T, E>
where
    F: FnOnce() -> Result<T, E>,
    E: From<DbError>,
{
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Err(DbError::Panicked(msg).into())
    })
}

/// The writer loop: take a job, add whatever else is queued, run them all in one
/// transaction, commit, then deliver every result.
fn run(mut conn: Connection, rx: mpsc::Receiver<Box<dyn Task>>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
            Ok(tx) => tx,
            Err(e) => {
                let msg = e.to_string();
                tracing::error!("cannot begin a transaction: {msg}");
                batch.into_iter().for_each(|job| job.fail(&msg));
                continue;
            }
        };
        let completions: Vec<Completion> = batch.into_iter().map(|job| job.run(&tx)).collect();
        let commit_error = tx.commit().err().map(|e| e.to_string());
        if let Some(msg) = &commit_error {
            tracing::error!("commit failed: {msg}");
        }
        for completion in completions {
            completion(commit_error.as_deref());
        }
    }
}
