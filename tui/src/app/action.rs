//! [`Action`]: everything that can happen to the console — a key, a resize, the time, and the
//! results of effects coming back from the network and the disk.

use super::ApiError;
use super::effect::{Change, Resource};
use crate::secret::Secret;
use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::KeyEvent;
use dckit_contracts::model::datacash::InfoUser;
use dckit_contracts::model::portal::{
    Account, ApiKey, CatalogueEntry, Contract, Counter, CounterEvent, Licence, Purchase,
};
use rust_decimal::Decimal;

/// Something that happened.
#[derive(Debug)]
pub enum Action {
    /// A key was pressed.
    Key(KeyEvent),
    /// Text was pasted (bracketed paste).
    Paste(String),
    /// The terminal changed size.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// The current time; the runtime sends it before each batch of other actions.
    Time(DateTime<Utc>),
    /// A step of the animations (spinner, fading highlights); sent only while
    /// [`App::wants_ticks`](super::App::wants_ticks).
    Tick,
    /// A profile is open.
    Connected(Connected),
    /// A profile could not be opened.
    ConnectFailed {
        /// The connection's number.
        generation: u64,
        /// Why, in plain words.
        message: String,
    },
    /// A read ended.
    Loaded {
        /// The connection it belongs to.
        generation: u64,
        /// What was read.
        resource: Resource,
        /// The value, or why not.
        result: Result<Payload, ApiError>,
    },
    /// A change ended.
    Changed {
        /// The connection it belongs to.
        generation: u64,
        /// What was asked.
        change: Change,
        /// What the server answered.
        result: Result<Outcome, ApiError>,
    },
    /// Something happened on the live counter stream.
    Stream {
        /// The connection it belongs to.
        generation: u64,
        /// What.
        event: StreamMessage,
    },
    /// Time to reopen the counter stream (after a backoff).
    Reconnect {
        /// The connection it belongs to.
        generation: u64,
    },
    /// Time to read the takings again after documents were counted.
    TakingsDue {
        /// The connection it belongs to.
        generation: u64,
    },
    /// Where an export would go, checked.
    ExportPathChecked {
        /// The export's number.
        id: u64,
        /// Whether a file is already there.
        exists: bool,
        /// Why the path cannot be used (no such folder, a folder itself…), if it cannot.
        problem: Option<String>,
    },
    /// An export wrote more bytes.
    ExportProgress {
        /// The export's number.
        id: u64,
        /// Bytes written so far.
        bytes: u64,
    },
    /// An export ended.
    ExportDone {
        /// The export's number.
        id: u64,
        /// The bytes written, or why it failed.
        result: Result<u64, ApiError>,
    },
    /// The clipboard escape was written (or could not be).
    Copied(Result<(), String>),
    /// A screen's job sent something back.
    Screen {
        /// The connection it belongs to.
        generation: u64,
        /// What.
        msg: crate::screens::Msg,
    },
    /// A screen's job could not run, or broke (a panic in the task).
    JobFailed {
        /// The connection it belongs to.
        generation: u64,
        /// Why, in plain words.
        message: String,
    },
}

/// A profile as the console shows it once open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connected {
    /// The connection's number.
    pub generation: u64,
    /// The profile's name.
    pub profile: String,
    /// Whether the profile is read-only.
    pub read_only: bool,
    /// Whether it is the embedded mock.
    pub embedded: bool,
    /// Its endpoints, as `host:port` for display.
    pub endpoints: Endpoints,
}

/// The endpoints a profile has, each as the host it talks to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// The account area (`/portal/v1`).
    pub portal: Option<String>,
    /// The DataCash document API (`/api/dco`).
    pub datacash: Option<String>,
    /// The WHMCS WebService.
    pub webservice: Option<String>,
    /// The mock's harness (`/__admin`).
    pub harness: Option<String>,
}

impl Endpoints {
    /// The host of `endpoint`, when the profile has it.
    pub fn host(&self, endpoint: crate::screens::Endpoint) -> Option<&str> {
        use crate::screens::Endpoint;
        match endpoint {
            Endpoint::Portal => self.portal.as_deref(),
            Endpoint::DataCash => self.datacash.as_deref(),
            Endpoint::WebService => self.webservice.as_deref(),
            Endpoint::Harness => self.harness.as_deref(),
        }
    }
}

/// A value read from a server.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// The account.
    Account(Account),
    /// The licences.
    Licences(Vec<Licence>),
    /// The keys.
    Keys(Vec<ApiKey>),
    /// The add-on catalogue.
    Catalogue(Vec<CatalogueEntry>),
    /// The purchases.
    Purchases(Vec<Purchase>),
    /// The counters.
    Counters(Vec<Counter>),
    /// Takings per day, every day of the range.
    Takings(Vec<DayTakings>),
    /// DataCash `infoUser`.
    InfoUser(InfoUser),
    /// The server's clock.
    ServerClock(ServerClock),
    /// How many WebService documents today.
    WebServiceToday(usize),
}

/// One day's net takings over all stores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayTakings {
    /// The day.
    pub date: NaiveDate,
    /// Net takings (sales − voids − returns).
    pub total: Decimal,
}

/// The server's clock, from the harness.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerClock {
    /// The server's today (Europe/Rome).
    pub today: NaiveDate,
    /// Whether its clock is frozen.
    pub frozen: bool,
}

/// What a change gave back.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A new key, with its clear value (shown once).
    KeyCreated(NewKey),
    /// A renamed key.
    KeyRenamed(ApiKey),
    /// A deactivated key.
    KeyDeactivated(ApiKey),
    /// The signed contract.
    ContractSigned(Contract),
    /// The renewed licence.
    LicenceRenewed(Licence),
    /// The purchase.
    AddonBought(Purchase),
}

/// A key just created: its listing and its clear value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewKey {
    /// The key as listed.
    pub key: ApiKey,
    /// The clear key, shown this once.
    pub secret: Secret,
}

/// An event of the live counter stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamMessage {
    /// The stream is open: from now on no change is missed.
    Connected,
    /// A counter changed.
    Counter(CounterEvent),
    /// Changes were missed: the counters must be read again.
    Lagged {
        /// How many.
        missed: u64,
    },
    /// The stream ended (the server closed it, or it broke).
    Ended {
        /// Why, in plain words, when it broke.
        reason: Option<String>,
    },
}
