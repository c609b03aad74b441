//! The resolved configuration of a mock server: what to listen on, where state lives, which
//! seed and clock to start from.

use crate::db::{DATABASE_FILE, Location};
use chrono::{DateTime, FixedOffset};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a client may take to send a request's headers, unless
/// [`Config::header_read_timeout`] says otherwise.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 42;

/// The address used when none is given.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Where the server keeps its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Storage {
    /// In memory: nothing survives the process (`--ephemeral`).
    Ephemeral,
    /// A SQLite file in this directory (`--data-dir`).
    DataDir(PathBuf),
}

impl Storage {
    /// The store location this storage means.
    pub fn location(&self) -> Location {
        match self {
            Storage::Ephemeral => Location::Memory,
            Storage::DataDir(dir) => Location::File(dir.join(DATABASE_FILE)),
        }
    }
}

/// Everything needed to start a mock server.
#[derive(Clone, Debug)]
pub struct Config {
    /// The address to listen on; port 0 picks a free port.
    pub addr: SocketAddr,
    /// An extra address serving only the admin API to any client; without it the admin API
    /// is served on `addr` to loopback clients only.
    pub admin_addr: Option<SocketAddr>,
    /// Where state lives.
    pub storage: Storage,
    /// The seed of the generated data (used when the store is new, and by a reset).
    pub seed: u64,
    /// Freeze the clock at this instant; `None` follows real time.
    pub clock: Option<DateTime<FixedOffset>>,
    /// How long a client may take to send a request's headers before it is disconnected
    /// ([`HEADER_READ_TIMEOUT`] unless a test wants it shorter).
    pub header_read_timeout: Duration,
}

impl Config {
    /// A configuration for tests: a free port on 127.0.0.1, in-memory state, the default
    /// seed and real time.
    pub fn ephemeral() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            admin_addr: None,
            storage: Storage::Ephemeral,
            seed: DEFAULT_SEED,
            clock: None,
            header_read_timeout: HEADER_READ_TIMEOUT,
        }
    }

    /// The same configuration with the clock frozen at `at`.
    pub fn with_clock(mut self, at: DateTime<FixedOffset>) -> Config {
        self.clock = Some(at);
        self
    }

    /// The same configuration with another seed.
    pub fn with_seed(mut self, seed: u64) -> Config {
        self.seed = seed;
        self
    }

    /// The same configuration with another header read timeout (see
    /// [`Config::header_read_timeout`]).
    pub fn with_header_read_timeout(mut self, timeout: Duration) -> Config {
        self.header_read_timeout = timeout;
        self
    }

    /// The same configuration keeping state in `dir`.
    pub fn with_data_dir(mut self, dir: &Path) -> Config {
        self.storage = Storage::DataDir(dir.to_path_buf());
        self
    }
}

/// The platform's data directory for the mock (e.g. `~/.local/share/dckit/mock` on Linux),
/// if the platform has one.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "dckit").map(|dirs| dirs.data_dir().join("mock"))
}
