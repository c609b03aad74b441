//! [`Lifecycle`]: the one signal that the server is stopping. The listeners drain and close,
//! the deferred-fiscalisation worker ends and open event streams finish when it fires; it
//! fires once, on [`crate::MockServer::shutdown`] or when the handle is dropped.

use tokio_util::sync::CancellationToken;

/// A cheaply cloned handle on the server's stop signal.
#[derive(Clone, Debug, Default)]
pub struct Lifecycle(CancellationToken);

impl Lifecycle {
    /// Asks everything that runs to stop; calling it again does nothing.
    pub fn stop(&self) {
        self.0.cancel();
    }

    /// Whether [`Lifecycle::stop`] was called.
    pub fn is_stopping(&self) -> bool {
        self.0.is_cancelled()
    }

    /// Resolves once [`Lifecycle::stop`] is called (at once if it was).
    pub async fn stopped(&self) {
        self.0.cancelled().await;
    }

    /// [`Lifecycle::stopped`] as a future that owns its handle, for a spawned task.
    pub fn stopped_owned(&self) -> impl Future<Output = ()> + Send + 'static {
        self.0.clone().cancelled_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_clone_sees_the_one_stop() {
        let lifecycle = Lifecycle::default();
        let other = lifecycle.clone();
        let waiter = tokio::spawn(other.stopped_owned());
        assert!(!other.is_stopping());
        lifecycle.stop();
        lifecycle.stop();
        waiter.await.unwrap();
        assert!(other.is_stopping());
        other.stopped().await;
    }
}
